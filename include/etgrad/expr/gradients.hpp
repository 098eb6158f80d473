// SPDX-License-Identifier: MIT
// The result of grad: one gradient per placeholder, looked up as g[x].
#pragma once
#include <type_traits>

#include <etgrad/expr/fixed_string.hpp>
#include <etgrad/expr/placeholder.hpp>

namespace etgrad {

template <fixed_string Name, class G>
struct gradient_entry {
    G value;
};

namespace detail {
template <fixed_string Name, class G>
constexpr G& entry_value(gradient_entry<Name, G>& e) {
    return e.value;
}
template <fixed_string Name, class G>
constexpr const G& entry_value(const gradient_entry<Name, G>& e) {
    return e.value;
}
template <class Entry>
struct entry_name;
template <fixed_string Name, class G>
struct entry_name<gradient_entry<Name, G>> {
    static constexpr fixed_string value = Name;
};
}  // namespace detail

template <class... Entries>
struct gradients : Entries... {
    template <fixed_string Name>
    static constexpr bool has = ((detail::entry_name<Entries>::value == Name) || ...);

    template <fixed_string Name>
    constexpr auto& operator[](placeholder<Name>) {
        static_assert(has<Name>, "etgrad: g[x]: this result holds no gradient for placeholder x (it is not bound, "
                                 "not used by the expression, or not listed in eg::wrt(...))");
        return detail::entry_value<Name>(*this);
    }
    template <fixed_string Name>
    constexpr const auto& operator[](placeholder<Name>) const {
        static_assert(has<Name>, "etgrad: g[x]: this result holds no gradient for placeholder x (it is not bound, "
                                 "not used by the expression, or not listed in eg::wrt(...))");
        return detail::entry_value<Name>(*this);
    }

    // Calls f(placeholder, gradient) for every entry.
    template <class F>
    constexpr void for_each(F&& f) const {
        (f(placeholder<detail::entry_name<Entries>::value>{}, static_cast<const Entries&>(*this).value), ...);
    }
    static constexpr std::size_t size() { return sizeof...(Entries); }
};

// value_and_grad's result; `auto [value, grad] = eg::value_and_grad(...)` works.
template <class T, class Grads>
struct value_and_gradients {
    T value;
    Grads grad;
};

}  // namespace etgrad
