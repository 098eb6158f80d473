// SPDX-License-Identifier: MIT
// Unary op rules: each op's value and derivative, written once. `grad(a, out, adj)` returns
// adj * d(out)/d(a); `out` is the op's own value, passed so rules can reuse it (exp, tanh).
// The arguments may be numbers, SIMD batches or expressions (see ops/math.hpp).
#pragma once
#include <numbers>
#include <string_view>
#include <utility>

#include <etgrad/ops/math.hpp>
#include <etgrad/ops/traits.hpp>

namespace etgrad::ops {

struct neg_op {
    static constexpr std::string_view name = "neg";
    static constexpr reads grad_reads{};
    constexpr auto value(const auto& a) const { return -a; }
    constexpr auto grad(const auto&, const auto&, const auto& adj) const { return -adj; }
};

struct exp_op {
    static constexpr std::string_view name = "exp";
    static constexpr reads grad_reads{.out = true};
    static constexpr int cost = transcendental_cost;
    // Inlined by force as math::exp is: on batches its body is xsimd's polynomial, which g++ may
    // otherwise leave out of line in a small translation unit (static P5: 26% of its instructions
    // in that call, 13% slower, with <etgrad/expr.hpp> alone; inlined with <etgrad/etgrad.hpp>).
    [[gnu::always_inline]] constexpr auto value(const auto& a) const { return math::exp(a); }
    constexpr auto grad(const auto&, const auto& out, const auto& adj) const { return adj * out; }
};

struct log_op {
    static constexpr std::string_view name = "log";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::log(a); }
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const { return adj / a; }
};

struct log1p_op {
    static constexpr std::string_view name = "log1p";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::log1p(a); }
    template <class A>
    constexpr auto grad(const A& a, const auto&, const auto& adj) const {
        return adj / (math::lit<A>(1.0) + a);
    }
};

struct expm1_op {
    static constexpr std::string_view name = "expm1";
    static constexpr reads grad_reads{.out = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::expm1(a); }
    template <class A, class Out>
    constexpr auto grad(const A&, const Out& out, const auto& adj) const {
        return adj * (out + math::lit<Out>(1.0));
    }
};

struct exp2_op {
    static constexpr std::string_view name = "exp2";
    static constexpr reads grad_reads{.out = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::exp2(a); }
    template <class A, class Out>
    constexpr auto grad(const A&, const Out& out, const auto& adj) const {
        return adj * (out * math::lit<Out>(std::numbers::ln2));
    }
};

struct log2_op {
    static constexpr std::string_view name = "log2";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::log2(a); }
    template <class A>
    constexpr auto grad(const A& a, const auto&, const auto& adj) const {
        return adj / (a * math::lit<A>(std::numbers::ln2));
    }
};

struct log10_op {
    static constexpr std::string_view name = "log10";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::log10(a); }
    template <class A>
    constexpr auto grad(const A& a, const auto&, const auto& adj) const {
        return adj / (a * math::lit<A>(std::numbers::ln10));
    }
};

struct sqrt_op {
    static constexpr std::string_view name = "sqrt";
    static constexpr reads grad_reads{.out = true};
    constexpr auto value(const auto& a) const { return math::sqrt(a); }
    constexpr auto grad(const auto&, const auto& out, const auto& adj) const { return adj / (out + out); }
};

struct sigmoid_op {
    static constexpr std::string_view name = "sigmoid";
    static constexpr reads grad_reads{.out = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::sigmoid(a); }
    template <class A, class Out>
    constexpr auto grad(const A&, const Out& out, const auto& adj) const {
        return adj * (out * (math::lit<Out>(1.0) - out));
    }
};

// The derivative is sigmoid(a), from a rather than from 1 - e^-out, which cancels for large a.
// With the value, both come from one exp(-|a|) (math::softplus_and_sigmoid_of), as a stable
// hand-written log-loss computes them.
struct softplus_op {
    static constexpr std::string_view name = "softplus";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = 2 * transcendental_cost;
    constexpr auto value(const auto& a) const { return math::softplus(a); }
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const { return adj * math::sigmoid(a); }
    constexpr auto value_and_slope(const auto& a) const { return value_and_slope_after(a, first_step(a)); }
    // In two steps (ops/traits.hpp): e = exp(-|a|), then the rest from it.
    constexpr auto first_step(const auto& a) const { return math::exp_of_minus_abs(a); }
    template <class A>
    constexpr A value_after(const A& a, const A& e) const {
        return math::softplus_of(a, e);
    }
    template <class A>
    constexpr std::pair<A, A> value_and_slope_after(const A& a, const A& e) const {
        return math::softplus_and_sigmoid_of(a, e);
    }
};

// The derivative is sigmoid(-a), from a rather than from 1 - e^out, which cancels for large a;
// with the value, from one exp(-|a|) as softplus's.
struct log_sigmoid_op {
    static constexpr std::string_view name = "log_sigmoid";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = 2 * transcendental_cost;
    constexpr auto value(const auto& a) const { return math::log_sigmoid(a); }
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const { return adj * math::sigmoid(-a); }
    constexpr auto value_and_slope(const auto& a) const { return value_and_slope_after(a, first_step(a)); }
    // In two steps as softplus's: exp(-|-a|) is exp(-|a|).
    constexpr auto first_step(const auto& a) const { return math::exp_of_minus_abs(a); }
    template <class A>
    constexpr A value_after(const A& a, const A& e) const {
        return A(-math::softplus_of(A(-a), e));
    }
    template <class A>
    constexpr std::pair<A, A> value_and_slope_after(const A& a, const A& e) const {
        const auto [softplus, sigmoid] = math::softplus_and_sigmoid_of(A(-a), e);
        return {A(-softplus), sigmoid};
    }
};

// d/da cbrt(a) = 1 / (3 cbrt(a)^2): infinite at 0.
struct cbrt_op {
    static constexpr std::string_view name = "cbrt";
    static constexpr reads grad_reads{.out = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::cbrt(a); }
    template <class A, class Out>
    constexpr auto grad(const A&, const Out& out, const auto& adj) const {
        return adj / (math::lit<Out>(3.0) * (out * out));
    }
};

// d/da (1/a) = -(1/a)^2 (-inf at 0, as PyTorch).
struct reciprocal_op {
    static constexpr std::string_view name = "reciprocal";
    static constexpr reads grad_reads{.out = true};
    static constexpr int cost = 4;
    constexpr auto value(const auto& a) const { return math::reciprocal(a); }
    constexpr auto grad(const auto&, const auto& out, const auto& adj) const { return -(adj * (out * out)); }
};

struct relu_op {
    static constexpr std::string_view name = "relu";
    static constexpr reads grad_reads{.lhs = true};
    constexpr auto value(const auto& a) const { return math::relu(a); }
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const { return adj * math::step(a); }
};

struct abs_op {
    static constexpr std::string_view name = "abs";
    static constexpr reads grad_reads{.lhs = true};
    constexpr auto value(const auto& a) const { return math::abs(a); }
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const { return adj * math::sign(a); }
};

struct square_op {
    static constexpr std::string_view name = "square";
    static constexpr reads grad_reads{.lhs = true};
    constexpr auto value(const auto& a) const { return a * a; }
    // On numbers, 2 a adj as (adj + adj) a, exactly the same number: in a loop adj is often the
    // same for every element, and its double is then computed once, one addition less per element.
    template <class Adj>
    constexpr auto grad(const auto& a, const auto&, const Adj& adj) const {
        if constexpr (math::numeric<Adj>)
            return (adj + adj) * a;
        else
            return adj * (a + a);
    }
};

// a^N for an integer N known at compile time: N - 1 multiplies at most, no libm.
template <int N>
struct pow_int_op {
    static constexpr std::string_view name = "pow";
    static constexpr reads grad_reads{.lhs = true};
    constexpr auto value(const auto& a) const { return math::ipow<N>(a); }
    template <class A>
    constexpr auto grad(const A& a, const auto& out, const auto& adj) const {
        if constexpr (N == 2)
            return square_op{}.grad(a, out, adj);
        else
            return adj * (math::lit<A>(N) * math::ipow<N - 1>(a));
    }
};

// a^p for a number p (PyTorch's pow(Tensor, Scalar)).
struct pow_scalar_op {
    static constexpr std::string_view name = "pow";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    double p;
    constexpr auto value(const auto& a) const { return math::pow(a, p); }
    // 0 for p = 0 also at a = 0 (PyTorch's pow_backward), where p * a^(p - 1) would be 0 * inf.
    template <class A>
    constexpr auto grad(const A& a, const auto&, const auto& adj) const {
        return adj * (math::lit<A>(p) * math::pow(a, p == 0.0 ? 0.0 : p - 1.0));
    }
    // The common exponent 2 gets its own loop, so the exponent is tested once per evaluation.
    template <class F>
    constexpr decltype(auto) with_fixed_form(F&& f) const {
        if (p == 2.0) return f(pow_int_op<2>{});
        return f(*this);
    }
    friend constexpr bool operator==(const pow_scalar_op&, const pow_scalar_op&) = default;
};

// Piecewise-constant ops: they appear in derivatives (of relu, abs) and have none of their own.
struct step_op {
    static constexpr std::string_view name = "step";
    static constexpr bool piecewise_constant = true;
    constexpr auto value(const auto& a) const { return math::step(a); }
};

struct sign_op {
    static constexpr std::string_view name = "sign";
    static constexpr bool piecewise_constant = true;
    constexpr auto value(const auto& a) const { return math::sign(a); }
};

struct is_zero_op {
    static constexpr std::string_view name = "is_zero";
    static constexpr bool piecewise_constant = true;
    constexpr auto value(const auto& a) const { return math::is_zero(a); }
};

}  // namespace etgrad::ops
