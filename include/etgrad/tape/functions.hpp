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
inline tensor tensor::neg() const { return -*this; }
#define ETGRAD_DEFINE_METHOD(function) \
    inline tensor tensor::function() const { return math::function(*this); }
ETGRAD_TENSOR_ELEMENTWISE_METHODS(ETGRAD_DEFINE_METHOD)
#undef ETGRAD_DEFINE_METHOD
inline tensor tensor::clamp(double lo, double hi) const { return math::clamp(*this, lo, hi); }

}  // namespace etgrad::tape
