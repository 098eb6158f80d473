// SPDX-License-Identifier: MIT
// Every op rule, three ways: against PyTorch's values, against finite differences, and the
// derivative rule reused as a symbolic derivative; on scalars and on arrays (fused SIMD loops).
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <xtensor/xtensor.hpp>

#include "reference/torch_reference.hpp"
#include "support.hpp"
#include "ulps.hpp"

using namespace etgrad_test;

// Every rule's declared reads (ops/traits.hpp) against its body: the derivative applied to
// placeholders named after what it may read is an expression that uses exactly the declared ones.
namespace declared_reads {

namespace ops = eg::ops;
constexpr auto a = eg::var<"a">;
constexpr auto b = eg::var<"b">;
constexpr auto out = eg::var<"out">;
constexpr auto adj = eg::var<"adj">;

template <class E>
constexpr ops::reads used_by(const E&) {
    return {eg::detail::depends_on<"a", E>::value, eg::detail::depends_on<"b", E>::value,
            eg::detail::depends_on<"out", E>::value};
}

template <class... Op>
constexpr bool unary_rules_hold(Op... op) {
    return ((used_by(op.grad(a, out, adj)) == ops::grad_reads_of<Op, 0>()) && ...);
}

template <class... Op>
constexpr bool binary_rules_hold(Op... op) {
    return ((used_by(op.grad_lhs(a, b, out, adj)) == ops::grad_reads_of<Op, 0>() &&
             used_by(op.grad_rhs(a, b, out, adj)) == ops::grad_reads_of<Op, 1>()) &&
            ...);
}

static_assert(unary_rules_hold(ops::neg_op{}, ops::exp_op{}, ops::exp2_op{}, ops::log_op{}, ops::log2_op{},
                               ops::log10_op{}, ops::log1p_op{}, ops::expm1_op{}, ops::sqrt_op{}, ops::cbrt_op{},
                               ops::reciprocal_op{}, ops::square_op{}, ops::pow_int_op<3>{}, ops::pow_scalar_op{2.5},
                               ops::relu_op{}, ops::abs_op{}, ops::sigmoid_op{}, ops::softplus_op{},
                               ops::log_sigmoid_op{}, ops::clamp_op{-1.0, 1.0}, ops::norm_root_op{}));
static_assert(unary_rules_hold(ops::sin_op{}, ops::cos_op{}, ops::tan_op{}, ops::tanh_op{}, ops::asin_op{},
                               ops::acos_op{}, ops::atan_op{}, ops::sinh_op{}, ops::cosh_op{}, ops::asinh_op{},
                               ops::acosh_op{}, ops::atanh_op{}));
static_assert(unary_rules_hold(ops::erf_op{}, ops::erfc_op{}, ops::lgamma_op{}, ops::digamma_op{},
                               ops::polygamma_op{1}, ops::normal_cdf_op{}, ops::normal_log_cdf_op{}));
static_assert(binary_rules_hold(ops::add_op{}, ops::sub_op{}, ops::mul_op{}, ops::div_op{}, ops::pow_op{},
                                ops::xlogy_op{}, ops::atan2_op{}, ops::hypot_op{}, ops::maximum_op{},
                                ops::minimum_op{}));
// A declared factor of a share reads what its declaration says (ops/traits.hpp `grad_rhs_factor`).
static_assert(ops::has_grad_rhs_factor<ops::div_op> && !ops::has_grad_rhs_factor<ops::mul_op>);
static_assert(used_by(ops::div_op{}.grad_rhs_factor(a, b)) == ops::div_op::grad_rhs_factor_reads);
// where's branches pass an adjoint to the branch only (the condition is a comparison).
static_assert(used_by(ops::where_true_op{}.grad_rhs(a, b, out, adj)) == ops::grad_reads_of<ops::where_true_op, 1>());
static_assert(used_by(ops::where_false_op{}.grad_rhs(a, b, out, adj)) == ops::grad_reads_of<ops::where_false_op, 1>());

// The check itself notices a rule that reads more than it declares.
struct undeclared_read {
    static constexpr ops::reads grad_reads{};
    constexpr auto grad(const auto& x_, const auto&, const auto& adjoint) const { return adjoint * x_; }
};
static_assert(!unary_rules_hold(undeclared_read{}));

}  // namespace declared_reads

BOOST_AUTO_TEST_SUITE(op_rules)

// ops/traits.hpp `value_and_slope`: the value and the derivative computed together equal the rule's
// value and grad(a, value, 1), on numbers (also at compile time) and on SIMD batches.
template <class Op>
constexpr bool slope_agrees(Op op, double a) {
    const auto [value, slope] = op.value_and_slope(a);
    return value == op.value(a) && slope == op.grad(a, op.value(a), 1.0);
}
static_assert(slope_agrees(eg::ops::sin_op{}, 0.7) && slope_agrees(eg::ops::cos_op{}, -2.3));

// ops/traits.hpp `factors_out_of_sums`: a number's factor comes out of a sum of the op's values,
// on either side (values whose sums are exact); the check tells an op that does not (add).
template <class Op>
constexpr bool factor_comes_out(Op op, double c, double a, double b) {
    return op.value(c, a) + op.value(c, b) == op.value(c, a + b) &&
           op.value(a, c) + op.value(b, c) == op.value(a + b, c);
}
static_assert(eg::ops::factors_out_of_sums<eg::ops::mul_op> && factor_comes_out(eg::ops::mul_op{}, 1.5, -2.0, 0.25));
static_assert(!eg::ops::factors_out_of_sums<eg::ops::add_op> && !factor_comes_out(eg::ops::add_op{}, 1.5, -2.0, 0.25));

// ops/traits.hpp `lhs_multiplier`: where the multiplier is close, the value is the first operand
// times it to within two ulps (or exactly, for the special divisors); elsewhere it is not close.
BOOST_AUTO_TEST_CASE(division_multiplier_is_close_where_it_says) {
    constexpr eg::ops::div_op op{};
    static_assert(eg::ops::has_lhs_multiplier<eg::ops::div_op> && !eg::ops::has_lhs_multiplier<eg::ops::mul_op>);
    constexpr double inf = std::numeric_limits<double>::infinity();
    for (const double b : {3.0, -0.1, 1e-300, 2.2250738585072014e-308, 4.4e307, 0.0, -0.0, inf, -inf}) {
        BOOST_TEST_CONTEXT("b = " << b) {
            BOOST_TEST(op.multiplier_is_close(b));
            for (const double a : {0.7, -5.0, 1e300, 3e-310, 0.0, inf})
                BOOST_TEST(same_special(a * op.lhs_multiplier(b), op.value(a, b), 2));
        }
    }
    for (const double b : {1e-310, -4e-320, 4.5e307, -1.7e308}) BOOST_TEST(!op.multiplier_is_close(b), b);
    BOOST_TEST(op.multiplier_is_close(std::nan("")));
}

BOOST_AUTO_TEST_CASE(value_and_slope_agrees_with_value_and_grad) {
    using batch = xsimd::batch<double>;
    const auto check = [](auto op) {
        for (double a : {-7.5, -1.3, 0.0, 0.25, 2.1, 40.0}) {
            BOOST_TEST(slope_agrees(op, a));
            const auto [value, slope] = op.value_and_slope(batch(a));
            ETGRAD_CHECK_CLOSE(value.get(0), op.value(a), 1e-15);
            ETGRAD_CHECK_CLOSE(slope.get(0), op.grad(a, op.value(a), 1.0), 1e-15);
        }
    };
    check(eg::ops::sin_op{});
    check(eg::ops::cos_op{});
}

// ops/traits.hpp `first_step`: the value, and the value with its slope, taken in two steps are the
// op's own bit for bit, on numbers (also at compile time) and on SIMD batches.
constexpr bool all_lanes(bool b) { return b; }
template <class T, class A>
bool all_lanes(const xsimd::batch_bool<T, A>& b) {
    return xsimd::all(b);
}
template <class Op, class A>
constexpr bool steps_agree(Op op, A a) {
    const A first = op.first_step(a);
    const auto [value, slope] = op.value_and_slope_after(a, first);
    const auto [whole_value, whole_slope] = op.value_and_slope(a);
    return all_lanes(op.value_after(a, first) == op.value(a)) && all_lanes(value == whole_value) &&
           all_lanes(slope == whole_slope);
}
static_assert(eg::ops::has_two_steps<eg::ops::softplus_op> && eg::ops::has_two_steps<eg::ops::log_sigmoid_op> &&
              !eg::ops::has_two_steps<eg::ops::sin_op>);
static_assert(steps_agree(eg::ops::softplus_op{}, -2.5) && steps_agree(eg::ops::log_sigmoid_op{}, 0.75));

BOOST_AUTO_TEST_CASE(two_steps_agree_with_the_whole_op) {
    using batch = xsimd::batch<double>;
    const auto check = [](auto op) {
        for (double a : {-800.0, -7.5, -1.3, -0.0, 0.0, 0.25, 2.1, 40.0, 800.0}) {
            BOOST_TEST_CONTEXT("at " << a) {
                BOOST_TEST(steps_agree(op, a));
                BOOST_TEST(steps_agree(op, batch(a)));
            }
        }
    };
    check(eg::ops::softplus_op{});
    check(eg::ops::log_sigmoid_op{});
}

BOOST_AUTO_TEST_CASE(unary_ops_match_pytorch_on_scalars) {
    for (const auto& c : torch_ref::unary_cases) {
        BOOST_TEST_CONTEXT("op " << c.op) {
            with_unary_function(c.op, [&](auto fn) {
                const auto f = fn(x);
                for (std::size_t i = 0; i < c.x.size(); ++i) {
                    const auto [value, g] = eg::value_and_grad(f, x = c.x[i]);
                    ETGRAD_CHECK_CLOSE(value, c.value[i], 1e-14);
                    ETGRAD_CHECK_CLOSE(g[x], c.grad[i], 1e-14);
                    BOOST_TEST(eg::gradcheck(f, x = c.x[i]));
                    ETGRAD_CHECK_CLOSE(eg::eval(eg::d(f, x), eg::allow_unused(x = c.x[i])), c.grad[i], 1e-14);
                }
            });
        }
    }
}

BOOST_AUTO_TEST_CASE(unary_ops_match_pytorch_on_arrays) {
    for (const auto& c : torch_ref::unary_cases) {
        BOOST_TEST_CONTEXT("op " << c.op) {
            with_unary_function(c.op, [&](auto fn) {
                // 5 elements: a SIMD block and a scalar tail
                xt::xtensor<double, 1> xv = xt::zeros<double>({c.x.size()});
                std::copy(c.x.begin(), c.x.end(), xv.begin());
                const auto values = eg::eval(fn(x), x = xv);
                const auto g = eg::grad(eg::sum(fn(x)), x = xv);
                for (std::size_t i = 0; i < c.x.size(); ++i) {
                    ETGRAD_CHECK_CLOSE(values(i), c.value[i], 1e-14);
                    ETGRAD_CHECK_CLOSE(g[x](i), c.grad[i], 1e-14);
                }
                BOOST_TEST(eg::gradcheck(eg::sum(fn(x)), x = xv));
            });
        }
    }
}

BOOST_AUTO_TEST_CASE(binary_ops_against_analytic_derivatives) {
    const double a = 1.7, b = -0.6;
    {
        const auto g = eg::grad(x + y, x = a, y = b);
        BOOST_TEST(g[x] == 1.0);
        BOOST_TEST(g[y] == 1.0);
    }
    {
        const auto g = eg::grad(x - y, x = a, y = b);
        BOOST_TEST(g[x] == 1.0);
        BOOST_TEST(g[y] == -1.0);
    }
    {
        const auto g = eg::grad(x * y, x = a, y = b);
        BOOST_TEST(g[x] == b);
        BOOST_TEST(g[y] == a);
    }
    {
        const auto g = eg::grad(x / y, x = a, y = b);
        ETGRAD_CHECK_CLOSE(g[x], 1 / b, 1e-15);
        ETGRAD_CHECK_CLOSE(g[y], -a / (b * b), 1e-15);
    }
    {
        const auto g = eg::grad(eg::pow(x, y), x = a, y = b);
        ETGRAD_CHECK_CLOSE(g[x], b * std::pow(a, b - 1), 1e-15);
        ETGRAD_CHECK_CLOSE(g[y], std::pow(a, b) * std::log(a), 1e-15);
    }
    BOOST_TEST(eg::gradcheck(x * y + x / y - eg::pow(x, y), x = a, y = b));
}

BOOST_AUTO_TEST_CASE(numbers_on_either_side) {
    BOOST_TEST(eg::eval(2 - x, x = 0.5) == 1.5);
    BOOST_TEST(eg::eval(x - 2, x = 0.5) == -1.5);
    BOOST_TEST(eg::eval(3 / x, x = 0.5) == 6.0);
    BOOST_TEST(eg::eval(x / 4, x = 0.5) == 0.125);
    BOOST_TEST(eg::grad(3 / x, x = 0.5)[x] == -12.0);
    BOOST_TEST(eg::grad(2.5 * x + 1, x = 0.5)[x] == 2.5);
}

BOOST_AUTO_TEST_CASE(pow_of_expression_exponent_matches_pytorch_including_zero_base) {
    const xt::xtensor<double, 1> xv = {0.0, 0.5, 2.0, 3.0};
    const xt::xtensor<double, 1> yv = {2.0, 1.5, -0.5, 0.0};
    const auto [value, g] = eg::value_and_grad(eg::sum(eg::pow(x, y)), x = xv, y = yv);
    ETGRAD_CHECK_CLOSE(value, torch_ref::pow_value, 1e-14);
    for (std::size_t i = 0; i < 4; ++i) {
        ETGRAD_CHECK_CLOSE(g[x](i), torch_ref::pow_grad_x[i], 1e-14);
        ETGRAD_CHECK_CLOSE(g[y](i), torch_ref::pow_grad_y[i], 1e-14);
    }
}

BOOST_AUTO_TEST_CASE(non_finite_values_propagate) {
    BOOST_TEST(std::isinf(eg::eval(eg::log(x), x = 0.0)));
    BOOST_TEST(std::isnan(eg::eval(eg::sqrt(x), x = -1.0)));
    BOOST_TEST(std::isinf(eg::grad(eg::sqrt(x), x = 0.0)[x]));
    BOOST_TEST(std::isnan(eg::eval(eg::relu(x), x = std::nan(""))));
}

BOOST_AUTO_TEST_SUITE_END()
