// SPDX-License-Identifier: MIT
// The result of grad: one gradient per placeholder, looked up as g[x].
#pragma once
#include <type_traits>

#include <etgrad/expr/call_errors.hpp>
#include <etgrad/expr/fixed_string.hpp>
#include <etgrad/expr/placeholder.hpp>

namespace etgrad {

/// One gradient of a gradients result, for the placeholder `Name`.
template <fixed_string Name, class G>
struct gradient_entry {
    G value;  ///< the gradient
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
// What g[x] refers to when g holds no gradient for x (after reporting it).
inline constexpr failed_call failed_gradient{};
template <class Entry>
struct entry_name;
template <fixed_string Name, class G>
struct entry_name<gradient_entry<Name, G>> {
    static constexpr fixed_string value = Name;
};
}  // namespace detail

/// The result of grad(): one gradient per placeholder, looked up as `g[x]`.
template <class... Entries>
struct gradients : Entries... {
    /// Whether this result holds a gradient for the placeholder named `Name`.
    template <fixed_string Name>
    static constexpr bool has = ((detail::entry_name<Entries>::value == Name) || ...);

    /// The gradient for placeholder `x` (a compile error if there is none).
    template <fixed_string Name>
    constexpr auto& operator[](placeholder<Name>) {
        if constexpr (has<Name>) {
            return detail::entry_value<Name>(*this);
        } else {
            static_cast<void>(&detail::report<error::no_gradient_for<detail::spelled<Name>>>);
            return detail::failed_gradient;
        }
    }
    /// The gradient for placeholder `x` (a compile error if there is none).
    template <fixed_string Name>
    constexpr const auto& operator[](placeholder<Name>) const {
        if constexpr (has<Name>) {
            return detail::entry_value<Name>(*this);
        } else {
            static_cast<void>(&detail::report<error::no_gradient_for<detail::spelled<Name>>>);
            return detail::failed_gradient;
        }
    }

    /// Calls `f(placeholder, gradient)` for every entry.
    template <class F>
    constexpr void for_each(F&& f) const {
        (f(placeholder<detail::entry_name<Entries>::value>{}, static_cast<const Entries&>(*this).value), ...);
    }
    /// The number of gradients.
    static constexpr std::size_t size() { return sizeof...(Entries); }
};

/// value_and_grad()'s result; `auto [value, grad] = eg::value_and_grad(...)` works.
template <class T, class Grads>
struct value_and_gradients {
    T value;     ///< the value of the expression
    Grads grad;  ///< its gradients, a gradients
};

}  // namespace etgrad
