// SPDX-License-Identifier: MIT
// The elementary functions under their public names, eg::exp and the rest: one set for both
// layers. On a number they compute; on a static expression or a tensor they record an operation
// (ops/math.hpp).
#pragma once
#include <etgrad/ops/math.hpp>
#include <etgrad/ops/selection.hpp>
#include <etgrad/ops/special.hpp>
#include <etgrad/ops/trig.hpp>
#include <etgrad/ops/unary.hpp>

namespace etgrad {

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

}  // namespace etgrad
