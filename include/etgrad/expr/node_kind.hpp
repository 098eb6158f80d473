// SPDX-License-Identifier: MIT
// What the evaluator needs to know of a node's type: its kind (leaf, part of a placeholder,
// elementwise op, reduction) and whether adjoints pass through it.
#pragma once
#include <etgrad/expr/fixed_string.hpp>
#include <etgrad/expr/node.hpp>
#include <etgrad/expr/placeholder.hpp>
#include <etgrad/expr/slice.hpp>

namespace etgrad::detail {

// slice: eg::slice(x, begin, end), an array read in place from x's data; element: x[i], a number.
// materialised: a product or transpose, computed from whole operands (expr/materialised.hpp).
enum class node_kind { placeholder, constant, slice, element, elementwise, reduce_all, reduce_axis, materialised };

template <class Node>
struct kind_of {
    static constexpr node_kind value = node_kind::elementwise;
};
template <fixed_string Name>
struct kind_of<placeholder<Name>> {
    static constexpr node_kind value = node_kind::placeholder;
};
template <class T>
struct kind_of<constant<T>> {
    static constexpr node_kind value = node_kind::constant;
};
template <fixed_string Name, bool ToEnd>
struct kind_of<placeholder_slice<Name, ToEnd>> {
    static constexpr node_kind value = node_kind::slice;
};
template <fixed_string Name>
struct kind_of<placeholder_element<Name>> {
    static constexpr node_kind value = node_kind::element;
};
template <op_node N>
struct kind_of<N> {
    static constexpr node_kind value = N::form == node_form::reduce_all    ? node_kind::reduce_all
                                       : N::form == node_form::reduce_axis ? node_kind::reduce_axis
                                       : is_materialised(N::form)          ? node_kind::materialised
                                                                           : node_kind::elementwise;
};

// Ops such as step, sign and the comparisons have no derivative of their own: adjoints stop there.
template <class Op>
concept piecewise_constant_op = requires { requires Op::piecewise_constant; };
template <class Node>
inline constexpr bool has_derivative = true;
template <op_node N>
inline constexpr bool has_derivative<N> = !piecewise_constant_op<typename N::op_type>;

}  // namespace etgrad::detail
