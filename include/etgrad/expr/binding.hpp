// SPDX-License-Identifier: MIT
// `x = value` makes a binding: the value a placeholder takes in one evaluation.
#pragma once
#include <array>
#include <cstddef>
#include <type_traits>

#include <xtensor/xexpression.hpp>

#include <etgrad/expr/fixed_string.hpp>

namespace etgrad {

template <class V>
struct is_std_array : std::false_type {};
template <class T, std::size_t N>
struct is_std_array<std::array<T, N>> : std::true_type {};

// What a placeholder can be bound to: a number, a std::array of numbers, an xtensor expression.
template <class V>
concept bindable_number = std::is_arithmetic_v<V> && !std::is_same_v<V, bool>;
template <class V>
concept bindable_array = (is_std_array<V>::value && bindable_number<typename V::value_type>) ||
                         (xt::is_xexpression<V>::value && bindable_number<typename V::value_type>);
// Values of another layer that it converts before evaluating (the dynamic layer's tensors, bound
// for eg::apply in tape/static_expression.hpp); eval and grad do not take them.
template <class V>
struct is_foreign_value : std::false_type {};
template <class V>
concept bindable = bindable_number<V> || bindable_array<V> || is_foreign_value<V>::value;

template <fixed_string Name, class Stored>
struct binding {
    static constexpr fixed_string name = Name;
    // a number or an rvalue is kept by value; an lvalue array by reference (no copy)
    Stored value;
};

template <class T>
struct is_binding : std::false_type {};
template <fixed_string Name, class Stored>
struct is_binding<binding<Name, Stored>> : std::true_type {};

template <class V>
using stored_binding_t = std::conditional_t<std::is_arithmetic_v<std::remove_cvref_t<V>> || !std::is_lvalue_reference_v<V>,
                                            std::remove_cvref_t<V>, const std::remove_cvref_t<V>&>;

// The type a bound value has once it is stored (a number or an array type, without references).
template <class B>
using bound_type_t = std::remove_cvref_t<decltype(std::declval<B>().value)>;

}  // namespace etgrad
