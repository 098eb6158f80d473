// SPDX-License-Identifier: MIT
// Op rules of the special functions: erf, erfc, lgamma, the polygamma family (digamma,
// trigamma, ...), and the standard normal CDF and its logarithm. Conventions as ops/unary.hpp.
#pragma once
#include <numbers>
#include <string_view>

#include <etgrad/ops/math.hpp>
#include <etgrad/ops/traits.hpp>

namespace etgrad::ops {

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

// The derivative is digamma: -inf at 0 and NaN at the negative integers (as PyTorch).
struct lgamma_op {
    static constexpr std::string_view name = "lgamma";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::lgamma(a); }
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const { return adj * math::digamma(a); }
};

// digamma = psi^(0); its derivative is trigamma, polygamma of order 1. Poles: see
// ops/constexpr_special.hpp.
struct digamma_op {
    static constexpr std::string_view name = "digamma";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = 2 * transcendental_cost;
    constexpr auto value(const auto& a) const { return math::digamma(a); }
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const { return adj * math::polygamma(1, a); }
};

// psi^(n), the n-th derivative of digamma (torch.polygamma(n, x), n >= 1 here); its own derivative
// is psi^(n+1), so every order of derivative of lgamma and digamma exists.
struct polygamma_op {
    static constexpr std::string_view name = "polygamma";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = 2 * transcendental_cost;
    int n;
    constexpr auto value(const auto& a) const { return math::polygamma(n, a); }
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const {
        return adj * math::polygamma(n + 1, a);
    }
    friend constexpr bool operator==(const polygamma_op&, const polygamma_op&) = default;
};

// Phi(a), the standard normal CDF; d/da Phi(a) = exp(-a^2/2) / sqrt(2 pi).
struct normal_cdf_op {
    static constexpr std::string_view name = "normal_cdf";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::normal_cdf(a); }
    template <class A>
    constexpr auto grad(const A& a, const auto&, const auto& adj) const {
        return adj * (math::lit<A>(std::numbers::inv_sqrtpi / std::numbers::sqrt2) *
                      math::exp(-(a * a) * math::lit<A>(0.5)));
    }
};

// log Phi(a); d/da is phi(a) / Phi(a), below.
struct normal_log_cdf_op {
    static constexpr std::string_view name = "normal_log_cdf";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = 2 * transcendental_cost;
    constexpr auto value(const auto& a) const { return math::normal_log_cdf(a); }
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const {
        return adj * math::normal_log_cdf_slope(a);
    }
};

// r(a) = phi(a) / Phi(a), the derivative of log Phi, accurate in the far left tail (where PyTorch's
// exp(-a^2/2 - log Phi(a)) / sqrt(2 pi) cancels: 7.1e7 at a = -1e8, not 1e8); r' = -r (a + r).
struct normal_log_cdf_slope_op {
    static constexpr std::string_view name = "normal_log_cdf_slope";
    static constexpr reads grad_reads{.lhs = true, .out = true};
    static constexpr int cost = 2 * transcendental_cost;
    constexpr auto value(const auto& a) const { return math::normal_log_cdf_slope(a); }
    constexpr auto grad(const auto& a, const auto& out, const auto& adj) const { return adj * (-out * (a + out)); }
};

}  // namespace etgrad::ops
