// SPDX-License-Identifier: MIT
// Binary op rules: value, and the adjoint contributions to each operand
// (`grad_lhs`/`grad_rhs` return adj * d(out)/d(a) and adj * d(out)/d(b)).
#pragma once
#include <limits>
#include <string_view>

#include <etgrad/ops/math.hpp>
#include <etgrad/ops/traits.hpp>

namespace etgrad::ops {

struct add_op {
    static constexpr std::string_view name = "add";
    static constexpr reads grad_lhs_reads{};
    static constexpr reads grad_rhs_reads{};
    constexpr auto value(const auto& a, const auto& b) const { return a + b; }
    constexpr auto grad_lhs(const auto&, const auto&, const auto&, const auto& adj) const { return adj; }
    constexpr auto grad_rhs(const auto&, const auto&, const auto&, const auto& adj) const { return adj; }
};

struct sub_op {
    static constexpr std::string_view name = "sub";
    static constexpr reads grad_lhs_reads{};
    static constexpr reads grad_rhs_reads{};
    constexpr auto value(const auto& a, const auto& b) const { return a - b; }
    constexpr auto grad_lhs(const auto&, const auto&, const auto&, const auto& adj) const { return adj; }
    constexpr auto grad_rhs(const auto&, const auto&, const auto&, const auto& adj) const { return -adj; }
};

struct mul_op {
    static constexpr std::string_view name = "mul";
    static constexpr bool factors_out_of_sums = true;
    static constexpr reads grad_lhs_reads{.rhs = true};
    static constexpr reads grad_rhs_reads{.lhs = true};
    constexpr auto value(const auto& a, const auto& b) const { return a * b; }
    constexpr auto grad_lhs(const auto&, const auto& b, const auto&, const auto& adj) const { return adj * b; }
    constexpr auto grad_rhs(const auto& a, const auto&, const auto&, const auto& adj) const { return adj * a; }
};

struct div_op {
    static constexpr std::string_view name = "div";
    static constexpr reads grad_lhs_reads{.rhs = true};
    static constexpr reads grad_rhs_reads{.rhs = true, .out = true};
    static constexpr int cost = 4;
    constexpr auto value(const auto& a, const auto& b) const { return a / b; }
    // Note [Dividing by a number] in expr/loop_invariants.hpp: a * (1/b) is within two ulps of a / b
    // where 1/b is a normal number, and the same for b = +-0, +-inf and NaN.
    template <class B>
    static constexpr B lhs_multiplier(const B& b) {
        return math::reciprocal(b);
    }
    template <class B>
    static constexpr bool multiplier_is_close(const B& b) {
        constexpr B smallest_normal = std::numeric_limits<B>::min();
        const B size = b < B(0) ? -b : b;
        const B inverse = B(1) / size;
        const bool special = size == B(0) || !(size <= std::numeric_limits<B>::max());  // 0, inf, NaN
        return special || (size >= smallest_normal && inverse >= smallest_normal);
    }
    // Multiplying by 1/b (within an ulp of dividing) lets a loop compute 1/b once for a scalar b.
    constexpr auto grad_lhs(const auto&, const auto& b, const auto&, const auto& adj) const {
        return adj * math::reciprocal(b);
    }
    // -(adj out) / b, as the rest adj out times the factor -1/b, which a loop computes once for a
    // scalar b (ops/traits.hpp `grad_rhs_factor`).
    static constexpr reads grad_rhs_factor_reads{.rhs = true};
    constexpr auto grad_rhs_factor(const auto&, const auto& b) const { return -math::reciprocal(b); }
    constexpr auto grad_rhs_rest(const auto&, const auto&, const auto& out, const auto& adj) const { return adj * out; }
    // Divided, not multiplied by the factor, where b is not a loop's number: one division either
    // way, and -1/b overflows for a subnormal b (0 * inf at out = 0).
    constexpr auto grad_rhs(const auto& a, const auto& b, const auto& out, const auto& adj) const {
        return -grad_rhs_rest(a, b, out, adj) / b;
    }
};

// a^b with an expression exponent.
// At a = 0 as PyTorch's pow_backward_self and pow_backward_exponent: d/da is 0 where b = 0 (b * a^(b
// - 1) would be 0 * inf: the exponent is raised to 0 there), and d/db is 0 where b >= 0 (xlogy
// gives 0 where out = 0, that is b > 0; out = 1 at b = 0 is taken to 0).
struct pow_op {
    static constexpr std::string_view name = "pow";
    static constexpr reads grad_lhs_reads{.lhs = true, .rhs = true};
    static constexpr reads grad_rhs_reads{.lhs = true, .rhs = true, .out = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a, const auto& b) const { return math::pow_of_operands(a, b); }
    template <class A, class B>
    constexpr auto grad_lhs(const A& a, const B& b, const auto&, const auto& adj) const {
        return adj * (b * math::pow_of_operands(a, b - math::lit<B>(1.0) + math::is_zero(b)));
    }
    constexpr auto grad_rhs(const auto& a, const auto& b, const auto& out, const auto& adj) const {
        return adj * math::xlogy(out - math::is_zero(a) * math::is_zero(b), a);
    }
};

// a * log(b), 0 where a == 0 (the exponent gradient of pow).
struct xlogy_op {
    static constexpr std::string_view name = "xlogy";
    static constexpr reads grad_lhs_reads{.rhs = true};
    static constexpr reads grad_rhs_reads{.lhs = true, .rhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a, const auto& b) const { return math::xlogy(a, b); }
    constexpr auto grad_lhs(const auto&, const auto& b, const auto&, const auto& adj) const {
        return adj * math::log(b);
    }
    constexpr auto grad_rhs(const auto& a, const auto& b, const auto&, const auto& adj) const {
        return adj * (a / b);
    }
};

}  // namespace etgrad::ops
