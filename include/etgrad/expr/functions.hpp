// SPDX-License-Identifier: MIT
// The named functions of the static layer: eg::exp(x), eg::pow(x, 2), eg::sum(x), ...
#pragma once
#include <cstddef>
#include <cstdint>

#include <etgrad/expr/node.hpp>
#include <etgrad/ops/binary.hpp>
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

}  // namespace etgrad
