// SPDX-License-Identifier: MIT
// Op rules that select an operand: maximum, minimum and clamp, with their derivatives where they
// are not defined (ties, the bounds) chosen as PyTorch 1.13's autograd does, and the piecewise
// constant weights those derivatives are written in.
#pragma once
#include <string_view>

#include <etgrad/ops/math.hpp>
#include <etgrad/ops/traits.hpp>

namespace etgrad::ops {

// Ties split the adjoint in halves between a and b (torch.maximum); where either is NaN both
// receive all of it. math::max_weight spells this out.
struct maximum_op {
    static constexpr std::string_view name = "maximum";
    static constexpr reads grad_lhs_reads{.lhs = true, .rhs = true};
    static constexpr reads grad_rhs_reads{.lhs = true, .rhs = true};
    constexpr auto value(const auto& a, const auto& b) const { return math::maximum(a, b); }
    constexpr auto grad_lhs(const auto& a, const auto& b, const auto&, const auto& adj) const {
        return adj * math::max_weight(a, b);
    }
    constexpr auto grad_rhs(const auto& a, const auto& b, const auto&, const auto& adj) const {
        return adj * math::max_weight(b, a);
    }
};

// As maximum: halves at ties, everything to both where either is NaN (torch.minimum).
struct minimum_op {
    static constexpr std::string_view name = "minimum";
    static constexpr reads grad_lhs_reads{.lhs = true, .rhs = true};
    static constexpr reads grad_rhs_reads{.lhs = true, .rhs = true};
    constexpr auto value(const auto& a, const auto& b) const { return math::minimum(a, b); }
    constexpr auto grad_lhs(const auto& a, const auto& b, const auto&, const auto& adj) const {
        return adj * math::max_weight(b, a);
    }
    constexpr auto grad_rhs(const auto& a, const auto& b, const auto&, const auto& adj) const {
        return adj * math::max_weight(a, b);
    }
};

// clamp(a, lo, hi) with number bounds. The adjoint passes where lo <= a <= hi, bounds included,
// and is 0 outside, where a is NaN, and everywhere when lo > hi (torch.clamp: ClampBackward1).
struct clamp_op {
    static constexpr std::string_view name = "clamp";
    static constexpr reads grad_reads{.lhs = true};
    double lo;
    double hi;
    constexpr auto value(const auto& a) const { return math::clamp(a, lo, hi); }
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const {
        return adj * math::clamp_weight(a, lo, hi);
    }
    friend constexpr bool operator==(const clamp_op&, const clamp_op&) = default;
};

// Piecewise-constant weights: they appear in the derivatives above and have none of their own.
struct max_weight_op {
    static constexpr std::string_view name = "max_weight";
    static constexpr bool piecewise_constant = true;
    constexpr auto value(const auto& a, const auto& b) const { return math::max_weight(a, b); }
};

struct clamp_weight_op {
    static constexpr std::string_view name = "clamp_weight";
    static constexpr bool piecewise_constant = true;
    double lo;
    double hi;
    constexpr auto value(const auto& a) const { return math::clamp_weight(a, lo, hi); }
    friend constexpr bool operator==(const clamp_weight_op&, const clamp_weight_op&) = default;
};

}  // namespace etgrad::ops
