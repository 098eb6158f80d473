// SPDX-License-Identifier: MIT
// Operators and named functions on tensors (`x + 2`, `eg::exp(x)`, `x.pow(2)`), each one op
// rule from ops/ recorded by tape/elementwise.hpp.
#pragma once
#include <type_traits>

#include <etgrad/ops/elementary_functions.hpp>
#include <etgrad/tape/elementwise.hpp>

namespace etgrad::tape {

template <class N>
concept number = std::is_arithmetic_v<N>;

#define ETGRAD_TENSOR_OPERATOR(symbol, op)                                                                     \
    inline tensor operator symbol(const tensor& a, const tensor& b) { return record_binary(op{}, a, b); } \
    template <number N>                                                                                    \
    tensor operator symbol(const tensor& a, N b) {                                                         \
        return record_binary(op{}, a, b);                                                                  \
    }                                                                                                      \
    template <number N>                                                                                    \
    tensor operator symbol(N a, const tensor& b) {                                                         \
        return record_binary(op{}, a, b);                                                                  \
    }
ETGRAD_TENSOR_OPERATOR(+, ops::add_op)
ETGRAD_TENSOR_OPERATOR(-, ops::sub_op)
ETGRAD_TENSOR_OPERATOR(*, ops::mul_op)
ETGRAD_TENSOR_OPERATOR(/, ops::div_op)
#undef ETGRAD_TENSOR_OPERATOR

inline tensor operator-(const tensor& a) { return make_unary(ops::neg_op{}, a); }

// The elementary functions (eg::exp and the rest) are ops/elementary_functions.hpp's: on
// tensors they record through make_unary and make_binary.

inline tensor square(const tensor& a) { return make_unary(ops::square_op{}, a); }

inline tensor tensor::pow(double exponent) const { return math::pow(*this, exponent); }
inline tensor tensor::pow(const tensor& exponent) const { return math::pow(*this, exponent); }
inline tensor tensor::exp() const { return math::exp(*this); }
inline tensor tensor::log() const { return math::log(*this); }
inline tensor tensor::sqrt() const { return math::sqrt(*this); }
inline tensor tensor::abs() const { return math::abs(*this); }
inline tensor tensor::neg() const { return -*this; }
inline tensor tensor::sigmoid() const { return math::sigmoid(*this); }
inline tensor tensor::tanh() const { return math::tanh(*this); }
inline tensor tensor::relu() const { return math::relu(*this); }
inline tensor tensor::reciprocal() const { return math::reciprocal(*this); }
inline tensor tensor::clamp(double lo, double hi) const { return math::clamp(*this, lo, hi); }

}  // namespace etgrad::tape
