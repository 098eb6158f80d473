// SPDX-License-Identifier: MIT
// Binary op rules: value, and the adjoint contributions to each operand
// (`grad_lhs`/`grad_rhs` return adj * d(out)/d(a) and adj * d(out)/d(b)).
#pragma once
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
    // Multiplying by 1/b (within an ulp of dividing) lets a loop compute 1/b once for a scalar b.
    constexpr auto grad_lhs(const auto&, const auto& b, const auto&, const auto& adj) const {
        return adj * math::reciprocal(b);
    }
    constexpr auto grad_rhs(const auto&, const auto& b, const auto& out, const auto& adj) const {
        return -(adj * out) * math::reciprocal(b);
    }
};

// a^b with an expression exponent.
struct pow_op {
    static constexpr std::string_view name = "pow";
    static constexpr reads grad_lhs_reads{.lhs = true, .rhs = true};
    static constexpr reads grad_rhs_reads{.lhs = true, .out = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a, const auto& b) const { return math::pow(a, b); }
    template <class A, class B>
    constexpr auto grad_lhs(const A& a, const B& b, const auto&, const auto& adj) const {
        return adj * (b * math::pow(a, b - math::lit<B>(1.0)));
    }
    constexpr auto grad_rhs(const auto& a, const auto&, const auto& out, const auto& adj) const {
        return adj * math::xlogy(out, a);
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
