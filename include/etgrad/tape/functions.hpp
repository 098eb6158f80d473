// SPDX-License-Identifier: MIT
// Operators and named functions on tensors (`x + 2`, `eg::exp(x)`, `x.pow(2)`), each one op
// rule from ops/ recorded by tape/elementwise.hpp.
#pragma once
#include <type_traits>

#include <etgrad/ops/math.hpp>
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

// The elementary functions: math::exp(t) and friends record through make_unary (ops/math.hpp),
// so the named functions are the rules' own entry points.
#define ETGRAD_TENSOR_FUNCTION(name) \
    inline tensor name(const tensor& a) { return math::name(a); }
ETGRAD_TENSOR_FUNCTION(exp)
ETGRAD_TENSOR_FUNCTION(log)
ETGRAD_TENSOR_FUNCTION(log1p)
ETGRAD_TENSOR_FUNCTION(expm1)
ETGRAD_TENSOR_FUNCTION(sqrt)
ETGRAD_TENSOR_FUNCTION(sin)
ETGRAD_TENSOR_FUNCTION(cos)
ETGRAD_TENSOR_FUNCTION(tan)
ETGRAD_TENSOR_FUNCTION(tanh)
ETGRAD_TENSOR_FUNCTION(erf)
ETGRAD_TENSOR_FUNCTION(erfc)
ETGRAD_TENSOR_FUNCTION(abs)
ETGRAD_TENSOR_FUNCTION(relu)
#undef ETGRAD_TENSOR_FUNCTION

inline tensor sigmoid(const tensor& a) { return make_unary(ops::sigmoid_op{}, a); }
inline tensor square(const tensor& a) { return make_unary(ops::square_op{}, a); }
inline tensor pow(const tensor& a, double exponent) { return make_unary(ops::pow_scalar_op{exponent}, a); }
inline tensor pow(const tensor& a, const tensor& exponent) { return record_binary(ops::pow_op{}, a, exponent); }
template <number N>
tensor pow(N base, const tensor& exponent) {
    return record_binary(ops::pow_op{}, base, exponent);
}

inline tensor tensor::pow(double exponent) const { return tape::pow(*this, exponent); }
inline tensor tensor::pow(const tensor& exponent) const { return tape::pow(*this, exponent); }
inline tensor tensor::exp() const { return tape::exp(*this); }
inline tensor tensor::log() const { return tape::log(*this); }
inline tensor tensor::sqrt() const { return tape::sqrt(*this); }
inline tensor tensor::abs() const { return tape::abs(*this); }
inline tensor tensor::neg() const { return -*this; }
inline tensor tensor::sigmoid() const { return tape::sigmoid(*this); }
inline tensor tensor::tanh() const { return tape::tanh(*this); }
inline tensor tensor::relu() const { return tape::relu(*this); }

}  // namespace etgrad::tape
