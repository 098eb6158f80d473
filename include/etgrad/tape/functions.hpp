// SPDX-License-Identifier: MIT
// Operators and named functions on tensors (`x + 2`, `eg::exp(x)`, `x.pow(2)`), each one op
// rule from ops/ recorded by tape/elementwise.hpp.
#pragma once
#include <concepts>
#include <type_traits>

#include <etgrad/ops/elementary_functions.hpp>
#include <etgrad/tape/comparison.hpp>
#include <etgrad/tape/elementwise.hpp>

namespace etgrad::tape {

// `a + b`, `x < 2`, `2 * x`: tensors with tensors or numbers on either side, with NumPy
// broadcasting. Comparisons give bool tensors (tape/comparison.hpp).
#define ETGRAD_TENSOR_OPERATOR(symbol, op)                                                                   \
    template <std::same_as<tensor> T>                                                                    \
    tensor operator symbol(const T& a, const T& b) {                                                     \
        return make_binary(op{}, a, b);                                                                  \
    }                                                                                                    \
    template <number N>                                                                                  \
    tensor operator symbol(const tensor& a, N b) {                                                       \
        return make_binary(op{}, a, b);                                                                  \
    }                                                                                                    \
    template <number N>                                                                                  \
    tensor operator symbol(N a, const tensor& b) {                                                       \
        return make_binary(op{}, a, b);                                                                  \
    }
ETGRAD_TENSOR_OPERATOR(+, ops::add_op)
ETGRAD_TENSOR_OPERATOR(-, ops::sub_op)
ETGRAD_TENSOR_OPERATOR(*, ops::mul_op)
ETGRAD_TENSOR_OPERATOR(/, ops::div_op)
ETGRAD_TENSOR_OPERATOR(<, ops::less_op)
ETGRAD_TENSOR_OPERATOR(<=, ops::less_equal_op)
ETGRAD_TENSOR_OPERATOR(>, ops::greater_op)
ETGRAD_TENSOR_OPERATOR(>=, ops::greater_equal_op)
ETGRAD_TENSOR_OPERATOR(==, ops::equal_op)
ETGRAD_TENSOR_OPERATOR(!=, ops::not_equal_op)
#undef ETGRAD_TENSOR_OPERATOR

// Arithmetic on a temporary tensor (`e.sin() * 1.1`, `-(x + 1)`) takes the temporary's history
// instead of sharing it (tape/record.hpp's take_gradient_edge).
#define ETGRAD_TEMPORARY_OPERATOR(symbol, op)                                                            \
    template <number N>                                                                                  \
    tensor operator symbol(tensor&& a, N b) {                                                            \
        return record_binary(op{}, std::move(a), b);                                                     \
    }                                                                                                    \
    template <number N>                                                                                  \
    tensor operator symbol(N a, tensor&& b) {                                                            \
        return record_binary(op{}, a, std::move(b));                                                     \
    }
ETGRAD_TEMPORARY_OPERATOR(+, ops::add_op)
ETGRAD_TEMPORARY_OPERATOR(-, ops::sub_op)
ETGRAD_TEMPORARY_OPERATOR(*, ops::mul_op)
ETGRAD_TEMPORARY_OPERATOR(/, ops::div_op)
#undef ETGRAD_TEMPORARY_OPERATOR

template <std::same_as<tensor> T>
tensor operator-(const T& a) {
    return make_unary(ops::neg_op{}, a);
}
inline tensor operator-(tensor&& a) { return make_unary(ops::neg_op{}, a, true); }

// The elementary functions (eg::exp and the rest) are ops/elementary_functions.hpp's: on
// tensors they record through make_unary and make_binary.

template <std::same_as<tensor> T>
tensor square(const T& a) {
    return make_unary(ops::square_op{}, a);
}

// Note [Ops instantiated where used] in tape/tensor.hpp: ETGRAD_SELF is *this as a dependent type.
#define ETGRAD_SELF static_cast<const Self&>(*this)
template <class Self>
tensor tensor::pow(double exponent) const {
    return math::pow(ETGRAD_SELF, exponent);
}
template <class Self>
tensor tensor::pow(const tensor& exponent) const {
    return math::pow(ETGRAD_SELF, exponent);
}
template <class Self>
tensor tensor::neg() const {
    return -ETGRAD_SELF;
}
template <class Self>
tensor tensor::clamp(double lo, double hi) const {
    return math::clamp(ETGRAD_SELF, lo, hi);
}
#define ETGRAD_DEFINE_METHOD(function) \
    template <class Self>              \
    tensor tensor::function() const {  \
        return math::function(ETGRAD_SELF); \
    }
ETGRAD_TENSOR_ELEMENTWISE_METHODS(ETGRAD_DEFINE_METHOD)
#undef ETGRAD_DEFINE_METHOD
#undef ETGRAD_SELF

}  // namespace etgrad::tape
