// SPDX-License-Identifier: MIT
// Reduction rules. A reduction's value is the sum of its n inputs divided by divisor(n), and every
// input's adjoint is adj / divisor(n): one divisor serves both directions. (Dividing, as PyTorch
// does: multiplying by 1/n can differ from it in the last bit.) A reduction is linear, so its
// derivative reads nothing and the tangent of a reduction is the same reduction of the tangent.
#pragma once
#include <cstddef>
#include <string_view>

#include <etgrad/ops/math.hpp>
#include <etgrad/ops/traits.hpp>

namespace etgrad::ops {

// The value from the sum of the n inputs, and each input's adjoint from the result's.
// (The divisor is a number of the operand's element type: a float for SIMD batches of floats.)
template <class Op, class T>
constexpr T reduction_value(const T& sum, std::size_t n) {
    if constexpr (Op::averages) return T(sum / static_cast<typename math::scalar_of<T>::type>(n));
    else return sum;
}
template <class Op, class T>
constexpr T reduction_input_adjoint(const T& adj, std::size_t n) {
    return reduction_value<Op>(adj, n);
}

struct sum_op {
    static constexpr std::string_view name = "sum";
    static constexpr bool linear = true;
    static constexpr reads grad_reads{};
    static constexpr bool averages = false;
};

struct mean_op {
    static constexpr std::string_view name = "mean";
    static constexpr bool linear = true;
    static constexpr reads grad_reads{};
    static constexpr bool averages = true;  // divides the sum by n
};

}  // namespace etgrad::ops
