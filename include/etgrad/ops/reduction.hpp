// SPDX-License-Identifier: MIT
// Reduction rules. A reduction's value is the sum of its n inputs divided by divisor(n), and every
// input's adjoint is adj / divisor(n): one divisor serves both directions. (Dividing, as PyTorch
// does: multiplying by 1/n can differ from it in the last bit.) A reduction is linear, so its
// derivative reads nothing and the tangent of a reduction is the same reduction of the tangent.
#pragma once
#include <cstddef>
#include <string_view>
#include <type_traits>

#include <etgrad/ops/comparison.hpp>
#include <etgrad/ops/math.hpp>
#include <etgrad/ops/symbolic.hpp>
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

// The 2-norm from the sum of squares s: sqrt(s), whose derivative is taken as 0 where s is 0 (the
// norm has none at the origin; PyTorch's NormBackward gives 0 there too). The share is replaced
// there, not multiplied by 0 (inf * 0 is NaN), and nothing divides by 0, so that it also runs in a
// constant expression.
struct norm_root_op {
    static constexpr std::string_view name = "norm_root";
    static constexpr reads grad_reads{.out = true};
    constexpr auto value(const auto& s) const { return math::sqrt(s); }
    constexpr auto grad(const auto&, const auto& out, const auto& adj) const {
        using X = std::remove_cvref_t<decltype(out)>;
        if constexpr (math::symbolic<X>) {
            const auto positive = make_binary(greater_op{}, out, 0.0);
            const auto divisor = make_binary(where_branch_op<true, unselected::one>{}, positive, out + out);
            return make_binary(where_branch_op<true, unselected::zero>{}, positive, adj / divisor);
        } else {
            const X positive = greater_op{}.value(out, X(math::lit<X>(0)));
            const X divisor = math::select_branch<true>(positive, X(out + out), 1.0);
            return math::select_branch<true>(positive, adj / divisor, 0.0);
        }
    }
};

}  // namespace etgrad::ops
