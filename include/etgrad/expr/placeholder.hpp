// SPDX-License-Identifier: MIT
// eg::var<"x">: a named placeholder, and `x = value`, which binds a value to it.
#pragma once
#include <cstdint>
#include <string_view>
#include <utility>

#include <etgrad/expr/binding.hpp>
#include <etgrad/expr/call_errors.hpp>
#include <etgrad/expr/fixed_string.hpp>

namespace etgrad {

/// @cond INTERNAL
template <class>
inline constexpr bool always_false = false;
template <fixed_string Name>
struct placeholder_element;  // x[i], defined in expr/slice.hpp
/// @endcond

/// A named input of an expression. Its name is its type: `var<"x">` anywhere is the same variable.
template <fixed_string Name>
struct placeholder {
    /// The name, as a compile-time string.
    static constexpr fixed_string name = Name;
    /// The name, as a string_view.
    static constexpr std::string_view name_view() { return Name.view(); }

    /// `x = value` binds a value for one evaluation; it does not modify the (constant) placeholder.
    /// The value is a number, a `std::array`, `std::vector` or `std::span` of numbers (any
    /// contiguous range), or an xtensor container or expression; an lvalue array is referenced,
    /// not copied. Any other value is a compile error naming the placeholder
    /// (etgrad::error::value_not_bindable).
    template <class V>
    constexpr auto operator=(V&& value) const {
        using bare = std::remove_cvref_t<V>;
        if constexpr (!bindable<bare>) {
            static_cast<void>(&detail::report<error::value_not_bindable<detail::spelled<Name>, bare>>);
            return binding<Name, detail::rejected_value>{};  // which the call accepts without another error
        } else {
            return binding<Name, stored_binding_t<V&&>>{std::forward<V>(value)};
        }
    }

    /// `x[i]`: the element `i` of the 1-D array bound to x (a negative `i` counts from the end), a
    /// number inside an expression; its adjoint is added to the element `i` of x's gradient.
    /// Out of range, evaluation throws std::out_of_range with PyTorch's message.
    constexpr placeholder_element<Name> operator[](std::int64_t index) const { return {index}; }
};

/// The placeholder named `Name`: `constexpr auto x = eg::var<"x">;`.
template <fixed_string Name>
inline constexpr placeholder<Name> var{};

}  // namespace etgrad
