// SPDX-License-Identifier: MIT
// Unary op rules: each op's value and derivative, written once. `grad(a, out, adj)` returns
// adj * d(out)/d(a); `out` is the op's own value, passed so rules can reuse it (exp, tanh).
// The arguments may be numbers, SIMD batches or expressions (see ops/math.hpp).
#pragma once
#include <numbers>
#include <string_view>

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
    constexpr auto value(const auto& a) const { return math::exp(a); }
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

struct sqrt_op {
    static constexpr std::string_view name = "sqrt";
    static constexpr reads grad_reads{.out = true};
    constexpr auto value(const auto& a) const { return math::sqrt(a); }
    constexpr auto grad(const auto&, const auto& out, const auto& adj) const { return adj / (out + out); }
};

struct sin_op {
    static constexpr std::string_view name = "sin";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::sin(a); }
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const { return adj * math::cos(a); }
};

struct cos_op {
    static constexpr std::string_view name = "cos";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::cos(a); }
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const { return -(adj * math::sin(a)); }
};

struct tan_op {
    static constexpr std::string_view name = "tan";
    static constexpr reads grad_reads{.out = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::tan(a); }
    template <class A, class Out>
    constexpr auto grad(const A&, const Out& out, const auto& adj) const {
        return adj * (math::lit<Out>(1.0) + out * out);
    }
};

struct tanh_op {
    static constexpr std::string_view name = "tanh";
    static constexpr reads grad_reads{.out = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::tanh(a); }
    template <class A, class Out>
    constexpr auto grad(const A&, const Out& out, const auto& adj) const {
        return adj * (math::lit<Out>(1.0) - out * out);
    }
};

struct sigmoid_op {
    static constexpr std::string_view name = "sigmoid";
    static constexpr reads grad_reads{.out = true};
    static constexpr int cost = transcendental_cost;
    template <class A>
    constexpr auto value(const A& a) const {
        return math::lit<A>(1.0) / (math::lit<A>(1.0) + math::exp(-a));
    }
    template <class A, class Out>
    constexpr auto grad(const A&, const Out& out, const auto& adj) const {
        return adj * (out * (math::lit<Out>(1.0) - out));
    }
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
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const { return adj * (a + a); }
};

// d/da erf(a) = 2/sqrt(pi) * exp(-a^2)
struct erf_op {
    static constexpr std::string_view name = "erf";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::erf(a); }
    template <class A>
    constexpr auto grad(const A& a, const auto&, const auto& adj) const {
        return adj * (math::lit<A>(std::numbers::inv_sqrtpi * 2.0) * math::exp(-(a * a)));
    }
};

struct erfc_op {
    static constexpr std::string_view name = "erfc";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::erfc(a); }
    template <class A>
    constexpr auto grad(const A& a, const auto&, const auto& adj) const {
        return adj * (math::lit<A>(-std::numbers::inv_sqrtpi * 2.0) * math::exp(-(a * a)));
    }
};

// a^N for an integer N known at compile time: N - 1 multiplies at most, no libm.
template <int N>
struct pow_int_op {
    static constexpr std::string_view name = "pow";
    static constexpr reads grad_reads{.lhs = true};
    constexpr auto value(const auto& a) const { return math::ipow<N>(a); }
    template <class A>
    constexpr auto grad(const A& a, const auto&, const auto& adj) const {
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
    template <class A>
    constexpr auto grad(const A& a, const auto&, const auto& adj) const {
        return adj * (math::lit<A>(p) * math::pow(a, p - 1.0));
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

}  // namespace etgrad::ops
