// SPDX-License-Identifier: MIT
// Circular and hyperbolic op rules and their inverses (see ops/unary.hpp for the conventions),
// and the two-operand atan2 and hypot (see ops/binary.hpp).
#pragma once
#include <string_view>
#include <utility>

#include <etgrad/ops/math.hpp>
#include <etgrad/ops/traits.hpp>

namespace etgrad::ops {

namespace detail {
// 1 - a^2 as (1 - a)(1 + a): exact factors where |a| is close to 1.
template <class A>
constexpr auto one_minus_square(const A& a) {
    return (math::lit<A>(1.0) - a) * (math::lit<A>(1.0) + a);
}
}  // namespace detail

struct sin_op {
    static constexpr std::string_view name = "sin";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::sin(a); }
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const { return adj * math::cos(a); }
    constexpr auto value_and_slope(const auto& a) const { return math::sincos(a); }
};

struct cos_op {
    static constexpr std::string_view name = "cos";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::cos(a); }
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const { return -(adj * math::sin(a)); }
    constexpr auto value_and_slope(const auto& a) const {
        const auto [s, c] = math::sincos(a);
        return std::pair{c, -s};
    }
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

struct asin_op {
    static constexpr std::string_view name = "asin";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::asin(a); }
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const {
        return adj / math::sqrt(detail::one_minus_square(a));
    }
};

struct acos_op {
    static constexpr std::string_view name = "acos";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::acos(a); }
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const {
        return -(adj / math::sqrt(detail::one_minus_square(a)));
    }
};

struct atan_op {
    static constexpr std::string_view name = "atan";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::atan(a); }
    template <class A>
    constexpr auto grad(const A& a, const auto&, const auto& adj) const {
        return adj / (math::lit<A>(1.0) + a * a);
    }
};

struct sinh_op {
    static constexpr std::string_view name = "sinh";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::sinh(a); }
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const { return adj * math::cosh(a); }
};

struct cosh_op {
    static constexpr std::string_view name = "cosh";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::cosh(a); }
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const { return adj * math::sinh(a); }
};

struct asinh_op {
    static constexpr std::string_view name = "asinh";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::asinh(a); }
    template <class A>
    constexpr auto grad(const A& a, const auto&, const auto& adj) const {
        return adj / math::sqrt(a * a + math::lit<A>(1.0));
    }
};

// 1 / sqrt((a - 1)(a + 1)): the factors are exact near 1, where a^2 - 1 would cancel.
struct acosh_op {
    static constexpr std::string_view name = "acosh";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::acosh(a); }
    template <class A>
    constexpr auto grad(const A& a, const auto&, const auto& adj) const {
        return adj / math::sqrt((a - math::lit<A>(1.0)) * (a + math::lit<A>(1.0)));
    }
};

struct atanh_op {
    static constexpr std::string_view name = "atanh";
    static constexpr reads grad_reads{.lhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a) const { return math::atanh(a); }
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const {
        return adj / detail::one_minus_square(a);
    }
};

// atan2(a, b), the angle of the point (b, a); both derivatives are NaN at the origin, as PyTorch.
struct atan2_op {
    static constexpr std::string_view name = "atan2";
    static constexpr reads grad_lhs_reads{.lhs = true, .rhs = true};
    static constexpr reads grad_rhs_reads{.lhs = true, .rhs = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a, const auto& b) const { return math::atan2(a, b); }
    constexpr auto grad_lhs(const auto& a, const auto& b, const auto&, const auto& adj) const {
        return adj * (b / (a * a + b * b));
    }
    constexpr auto grad_rhs(const auto& a, const auto& b, const auto&, const auto& adj) const {
        return -(adj * (a / (a * a + b * b)));
    }
};

// sqrt(a^2 + b^2) without overflow; both derivatives are NaN at the origin, as PyTorch.
struct hypot_op {
    static constexpr std::string_view name = "hypot";
    static constexpr reads grad_lhs_reads{.lhs = true, .out = true};
    static constexpr reads grad_rhs_reads{.rhs = true, .out = true};
    static constexpr int cost = transcendental_cost;
    constexpr auto value(const auto& a, const auto& b) const { return math::hypot(a, b); }
    constexpr auto grad_lhs(const auto& a, const auto&, const auto& out, const auto& adj) const {
        return adj * (a / out);
    }
    constexpr auto grad_rhs(const auto&, const auto& b, const auto& out, const auto& adj) const {
        return adj * (b / out);
    }
};

}  // namespace etgrad::ops
