// SPDX-License-Identifier: MIT
// The named functions of the static layer: eg::exp(x), eg::pow(x, 2), eg::sum(x), ...
#pragma once
#include <cstddef>
#include <cstdint>

#include <etgrad/expr/binding.hpp>
#include <etgrad/expr/node.hpp>
#include <etgrad/expr/operators.hpp>
#include <etgrad/ops/binary.hpp>
#include <etgrad/ops/comparison.hpp>
#include <etgrad/ops/elementary_functions.hpp>
#include <etgrad/ops/math.hpp>
#include <etgrad/ops/reduction.hpp>
#include <etgrad/ops/selection.hpp>
#include <etgrad/ops/special.hpp>
#include <etgrad/ops/trig.hpp>
#include <etgrad/ops/unary.hpp>

namespace etgrad {

/// `e * e`, elementwise.
template <expression E>
constexpr auto square(const E& e) {
    return make_unary(ops::square_op{}, e);
}

/// The sum of every element of `e` (a scalar expression). Reductions over every element give a
/// scalar; along an axis, an array of one rank less.
template <expression E>
constexpr auto sum(const E& e) {
    return reduce_all<ops::sum_op, E>{{}, e};
}
/// The mean of every element of `e` (a scalar expression): the sum divided by the count.
template <expression E>
constexpr auto mean(const E& e) {
    return reduce_all<ops::mean_op, E>{{}, e};
}
/// The sums of `e` along `axis`: an array of one rank less (`eg::sum(X, 1)`: row sums of a matrix).
/// A negative axis counts from the end, as in PyTorch (`eg::sum(X, -1)` is `eg::sum(X, 1)` here).
template <expression E>
constexpr auto sum(const E& e, std::int64_t axis) {
    return reduce_axis<ops::sum_op, E>{{}, e, axis};
}
/// The means of `e` along `axis`: an array of one rank less.
template <expression E>
constexpr auto mean(const E& e, std::int64_t axis) {
    return reduce_axis<ops::mean_op, E>{{}, e, axis};
}

/// The 2-norm of every element of `e`, sqrt(sum(e²)), a scalar; its gradient is 0 where `e` is all
/// zeros, as in PyTorch.
template <expression E>
constexpr auto norm(const E& e) {
    return make_unary(ops::norm_root_op{}, sum(square(e)));
}
/// The 2-norms of `e` along `axis`: an array of one rank less.
template <expression E>
constexpr auto norm(const E& e, std::int64_t axis) {
    return make_unary(ops::norm_root_op{}, sum(square(e), axis));
}

namespace detail {
template <class C>
concept comparison_node = op_node<C> && requires { requires C::op_type::is_comparison; };
}  // namespace detail

/// `a` where `condition` holds and `b` elsewhere, elementwise with broadcasting (torch.where).
/// The condition is a comparison (`x > 0`, `x <= y`) or any expression, nonzero meaning true.
/// The gradient goes to `a` where the condition holds and to `b` elsewhere; the condition has none.
template <expression C, class A, class B>
    requires(expression<A> || bindable_number<A>) && (expression<B> || bindable_number<B>)
constexpr auto where(const C& condition, const A& a, const B& b) {
    if constexpr (detail::comparison_node<C>)
        return make_binary(ops::where_true_op{}, condition, a) + make_binary(ops::where_false_op{}, condition, b);
    else
        return where(make_binary(ops::not_equal_op{}, condition, 0.0), a, b);
}

}  // namespace etgrad
