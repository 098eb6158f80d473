// SPDX-License-Identifier: MIT
// The named functions of the static layer: eg::exp(x), eg::pow(x, 2), eg::sum(x), ...
#pragma once
#include <cstddef>

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

template <expression E>
constexpr auto square(const E& e) {
    return make_unary(ops::square_op{}, e);
}

// Reductions over every element give a scalar; along an axis, an array of one rank less.
template <expression E>
constexpr auto sum(const E& e) {
    return reduce_all<ops::sum_op, E>{{}, e};
}
template <expression E>
constexpr auto mean(const E& e) {
    return reduce_all<ops::mean_op, E>{{}, e};
}
template <expression E>
constexpr auto sum(const E& e, std::size_t axis) {
    return reduce_axis<ops::sum_op, E>{{}, e, axis};
}
template <expression E>
constexpr auto mean(const E& e, std::size_t axis) {
    return reduce_axis<ops::mean_op, E>{{}, e, axis};
}

// Inner product of two 1-D arrays.
template <expression A, expression B>
constexpr auto dot(const A& a, const B& b) {
    return sum(make_binary(ops::mul_op{}, a, b));
}

}  // namespace etgrad
