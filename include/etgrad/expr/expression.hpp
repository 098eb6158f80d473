// SPDX-License-Identifier: MIT
// The concept every node type of the static layer satisfies.
#pragma once
#include <type_traits>

#include <etgrad/ops/symbolic.hpp>

namespace etgrad {

// Every node type of the static layer specialises this trait (see expr/node.hpp).
template <class T>
struct is_expression : std::false_type {};

template <class T>
concept expression = is_expression<std::remove_cvref_t<T>>::value;

// The op rules' elementary functions build nodes when applied to expressions.
template <class T>
    requires is_expression<std::remove_cvref_t<T>>::value
struct math::records_operations<T> : std::true_type {};

// Builders the op rules call when they are applied to expressions (symbolic derivatives);
// defined in expr/node.hpp.
template <class Op, class A>
constexpr auto make_unary(Op op, const A& arg);
template <class Op, class L, class R>
constexpr auto make_binary(Op op, const L& lhs, const R& rhs);

}  // namespace etgrad
