// SPDX-License-Identifier: MIT
// `x = value` makes a binding: the value a placeholder takes in one evaluation.
#pragma once
#include <array>
#include <concepts>
#include <cstddef>
#include <iterator>
#include <type_traits>

#include <xtensor/xexpression.hpp>

#include <etgrad/expr/fixed_string.hpp>

namespace etgrad {

template <class V>
struct is_std_array : std::false_type {};
template <class T, std::size_t N>
struct is_std_array<std::array<T, N>> : std::true_type {};

template <class T>
inline constexpr bool is_character = std::is_same_v<T, char> || std::is_same_v<T, signed char> ||
                                     std::is_same_v<T, unsigned char> || std::is_same_v<T, wchar_t> ||
                                     std::is_same_v<T, char8_t> || std::is_same_v<T, char16_t> ||
                                     std::is_same_v<T, char32_t>;

// What a placeholder can be bound to: a number, a std::array of numbers, an xtensor expression,
// or a contiguous range of numbers (std::vector, std::span), read in place as a 1-D array.
template <class V>
concept bindable_number = std::is_arithmetic_v<V> && !std::is_same_v<V, bool>;
template <class V>
concept bindable_range = !is_std_array<V>::value && !xt::is_xexpression<V>::value && requires(const V& v) {
    { std::data(v) } -> std::convertible_to<const typename V::value_type*>;
    { std::size(v) } -> std::convertible_to<std::size_t>;
} && bindable_number<typename V::value_type> && !is_character<typename V::value_type>;  // text is no array
template <class V>
concept bindable_array = (is_std_array<V>::value && bindable_number<typename V::value_type>) ||
                         (xt::is_xexpression<V>::value && bindable_number<typename V::value_type>) ||
                         bindable_range<V>;
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

namespace detail {
// What `x = value` stores for a value it cannot bind, after reporting it (error::value_not_bindable).
struct rejected_value {};
}  // namespace detail

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
