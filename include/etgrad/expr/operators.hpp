// SPDX-License-Identifier: MIT
// Arithmetic operators. They take part only when one side is an etgrad expression and the other
// an expression or a number, so they never hijack unrelated types.
#pragma once
#include <etgrad/expr/binding.hpp>
#include <etgrad/expr/node.hpp>
#include <etgrad/ops/binary.hpp>
#include <etgrad/ops/comparison.hpp>
#include <etgrad/ops/unary.hpp>

namespace etgrad {

template <class L, class R>
concept operand_pair = (expression<L> || expression<R>) && (expression<L> || bindable_number<L>) &&
                       (expression<R> || bindable_number<R>);

template <class L, class R>
    requires operand_pair<L, R>
constexpr auto operator+(const L& lhs, const R& rhs) {
    return make_binary(ops::add_op{}, lhs, rhs);
}
template <class L, class R>
    requires operand_pair<L, R>
constexpr auto operator-(const L& lhs, const R& rhs) {
    return make_binary(ops::sub_op{}, lhs, rhs);
}
template <class L, class R>
    requires operand_pair<L, R>
constexpr auto operator*(const L& lhs, const R& rhs) {
    return make_binary(ops::mul_op{}, lhs, rhs);
}
template <class L, class R>
    requires operand_pair<L, R>
constexpr auto operator/(const L& lhs, const R& rhs) {
    return make_binary(ops::div_op{}, lhs, rhs);
}

// Comparisons make a condition for eg::where: an expression that is 1 where it holds, 0 elsewhere.
#define ETGRAD_COMPARISON_OPERATOR(symbol, op_name)           \
    template <class L, class R>                               \
        requires operand_pair<L, R>                           \
    constexpr auto operator symbol(const L& lhs, const R& rhs) { \
        return make_binary(ops::op_name##_op{}, lhs, rhs);     \
    }
ETGRAD_COMPARISON_OPERATOR(<, less)
ETGRAD_COMPARISON_OPERATOR(<=, less_equal)
ETGRAD_COMPARISON_OPERATOR(>, greater)
ETGRAD_COMPARISON_OPERATOR(>=, greater_equal)
ETGRAD_COMPARISON_OPERATOR(==, equal)
ETGRAD_COMPARISON_OPERATOR(!=, not_equal)
#undef ETGRAD_COMPARISON_OPERATOR

template <expression E>
constexpr auto operator-(const E& e) {
    return make_unary(ops::neg_op{}, e);
}

}  // namespace etgrad
