// SPDX-License-Identifier: MIT
// Which of an evaluation's bindings holds a placeholder's value, and the compile error that
// names the placeholder when none does.
#pragma once
#include <cstddef>
#include <tuple>

#include <etgrad/expr/fixed_string.hpp>

namespace etgrad::detail {

// "No such index".
inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

// Index of the binding for placeholder `Name` in a tuple of bindings, or npos.
template <fixed_string Name, class Bindings>
struct binding_index;
template <fixed_string Name, class... B>
struct binding_index<Name, std::tuple<B...>> {
    static constexpr std::size_t value = []() consteval {
        constexpr bool match[] = {(B::name == Name)..., false};
        for (std::size_t i = 0; i < sizeof...(B); ++i)
            if (match[i]) return i;
        return npos;
    }();
};

// Fails to compile, naming the placeholder in the instantiation, when it has no value.
template <fixed_string Name, bool Bound>
struct require_binding_for_placeholder {
    static_assert(Bound,
                  "etgrad::eval/grad/value_and_grad/gradcheck/apply(f, bindings...): no value is bound for a "
                  "placeholder that f uses; the placeholder is named in 'require_binding_for_placeholder<\"name\", ...>' above");
    static constexpr bool value = Bound;
};

}  // namespace etgrad::detail
