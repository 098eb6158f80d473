// SPDX-License-Identifier: MIT
// Reduction rules. A reduction's value is scale(n) * sum of its n inputs, and every input's
// adjoint is scale(n) * adj: one factor serves both directions. A reduction is linear, so its
// derivative reads nothing and the tangent of a reduction is the same reduction of the tangent.
#pragma once
#include <cstddef>
#include <string_view>

#include <etgrad/ops/math.hpp>
#include <etgrad/ops/traits.hpp>

namespace etgrad::ops {

// The value from the sum of the n inputs, and each input's adjoint from the result's.
// (The scale is a number of the operand's element type: a float for SIMD batches of floats.)
template <class Op, class T>
constexpr T reduction_value(const T& sum, std::size_t n) {
    return T(sum * Op::template scale<typename math::scalar_of<T>::type>(n));
}
template <class Op, class T>
constexpr T reduction_input_adjoint(const T& adj, std::size_t n) {
    return T(adj * Op::template scale<typename math::scalar_of<T>::type>(n));
}

struct sum_op {
    static constexpr std::string_view name = "sum";
    static constexpr bool linear = true;
    static constexpr reads grad_reads{};
    template <class T>
    static constexpr T scale(std::size_t) { return T(1); }
};

struct mean_op {
    static constexpr std::string_view name = "mean";
    static constexpr bool linear = true;
    static constexpr reads grad_reads{};
    template <class T>
    static constexpr T scale(std::size_t n) { return T(1) / static_cast<T>(n); }
};

}  // namespace etgrad::ops
