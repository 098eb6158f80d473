// SPDX-License-Identifier: MIT
// The rule of the mean squared error, written with unqualified calls (mean) that a layer provides
// for its operands. grad_lhs/grad_rhs return adj * d(out)/d(a) and adj * d(out)/d(b) for a loss
// averaged over n elements of the operands' broadcast shape.
#pragma once
#include <string_view>

namespace etgrad::ops {

// mean((a - b)^2).
struct mse_loss_op {
    static constexpr std::string_view name = "mse_loss";
    auto value(const auto& a, const auto& b) const {
        const auto d = a - b;
        return mean(d * d);
    }
    auto grad_lhs(const auto& a, const auto& b, const auto& adj, double n) const { return adj * (2.0 / n) * (a - b); }
    auto grad_rhs(const auto& a, const auto& b, const auto& adj, double n) const { return adj * (2.0 / n) * (b - a); }
};

}  // namespace etgrad::ops
