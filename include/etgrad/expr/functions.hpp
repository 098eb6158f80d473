// SPDX-License-Identifier: MIT
// The named functions of the static layer: eg::exp(x), eg::pow(x, 2), eg::sum(x), ...
#pragma once
#include <cstddef>

#include <etgrad/expr/node.hpp>
#include <etgrad/ops/binary.hpp>
#include <etgrad/ops/math.hpp>
#include <etgrad/ops/reduction.hpp>
#include <etgrad/ops/selection.hpp>
#include <etgrad/ops/special.hpp>
#include <etgrad/ops/trig.hpp>
#include <etgrad/ops/unary.hpp>

namespace etgrad {

// Elementary functions: on an expression they build a node, on a number they compute.
using math::abs;
using math::acos;
using math::acosh;
using math::asin;
using math::asinh;
using math::atan;
using math::atan2;
using math::atanh;
using math::cbrt;
using math::clamp;
using math::cos;
using math::cosh;
using math::digamma;
using math::erf;
using math::erfc;
using math::exp;
using math::exp2;
using math::expm1;
using math::hypot;
using math::lgamma;
using math::log;
using math::log10;
using math::log1p;
using math::log2;
using math::log_sigmoid;
using math::maximum;
using math::minimum;
using math::normal_cdf;
using math::normal_log_cdf;
using math::pow;
using math::reciprocal;
using math::relu;
using math::sigmoid;
using math::sin;
using math::sinh;
using math::softplus;
using math::sqrt;
using math::tan;
using math::tanh;

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
