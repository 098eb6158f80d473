// SPDX-License-Identifier: MIT
// The elementwise vocabulary of issue 8, each function three ways: value and derivative against
// PyTorch's literals and against exact (mpmath) values of the closed-form derivative, against
// finite differences (gradcheck), and the derivative rule as a symbolic derivative (eg::d); on
// numbers, on arrays (SIMD loops, double and float), and in constant evaluation.
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <string_view>

#include <xtensor/xadapt.hpp>
#include <xtensor/xtensor.hpp>

#include "reference/torch_reference.hpp"
#include "support.hpp"
#include "ulps.hpp"

using namespace etgrad_test;

namespace {

// Every unary function of the vocabulary, by the name its reference case uses.
template <class F>
constexpr bool with_vocabulary_function(std::string_view name, F&& f) {
    if (name == "atan") return f([](const auto& e) { return eg::atan(e); });
    if (name == "asin") return f([](const auto& e) { return eg::asin(e); });
    if (name == "acos") return f([](const auto& e) { return eg::acos(e); });
    if (name == "sinh") return f([](const auto& e) { return eg::sinh(e); });
    if (name == "cosh") return f([](const auto& e) { return eg::cosh(e); });
    if (name == "asinh") return f([](const auto& e) { return eg::asinh(e); });
    if (name == "acosh") return f([](const auto& e) { return eg::acosh(e); });
    if (name == "atanh") return f([](const auto& e) { return eg::atanh(e); });
    if (name == "cbrt") return f([](const auto& e) { return eg::cbrt(e); });
    if (name == "exp2") return f([](const auto& e) { return eg::exp2(e); });
    if (name == "log2") return f([](const auto& e) { return eg::log2(e); });
    if (name == "log10") return f([](const auto& e) { return eg::log10(e); });
    if (name == "reciprocal") return f([](const auto& e) { return eg::reciprocal(e); });
    if (name == "sigmoid") return f([](const auto& e) { return eg::sigmoid(e); });
    if (name == "softplus" || name == "softplus_extreme") return f([](const auto& e) { return eg::softplus(e); });
    if (name == "log_sigmoid" || name == "log_sigmoid_extreme")
        return f([](const auto& e) { return eg::log_sigmoid(e); });
    if (name == "lgamma") return f([](const auto& e) { return eg::lgamma(e); });
    if (name == "digamma") return f([](const auto& e) { return eg::digamma(e); });
    if (name == "normal_cdf") return f([](const auto& e) { return eg::normal_cdf(e); });
    if (name == "normal_log_cdf" || name == "normal_log_cdf_tails")
        return f([](const auto& e) { return eg::normal_log_cdf(e); });
    if (name == "clamp") return f([](const auto& e) { return eg::clamp(e, -0.4, 0.9); });
    return false;
}

template <class F>
constexpr bool with_binary_function(std::string_view name, F&& f) {
    if (name == "maximum") return f([](const auto& a, const auto& b) { return eg::maximum(a, b); });
    if (name == "minimum") return f([](const auto& a, const auto& b) { return eg::minimum(a, b); });
    if (name == "atan2") return f([](const auto& a, const auto& b) { return eg::atan2(a, b); });
    if (name == "hypot") return f([](const auto& a, const auto& b) { return eg::hypot(a, b); });
    return false;
}

constexpr const torch_ref::vocabulary_case& vocabulary_case(std::string_view op) {
    for (const auto& c : torch_ref::vocabulary_cases)
        if (c.op == op) return c;
    throw "no reference case";  // not a constant expression: a typo fails the static_assert
}

constexpr double magnitude(double v) { return v < 0 ? -v : v; }
constexpr bool near(double a, double b, double tol) {
    return magnitude(a - b) <= tol * (magnitude(b) > 1 ? magnitude(b) : 1.0);
}

constexpr double grad_tolerance(std::string_view) { return 1e-14; }
// PyTorch 1.13's trigamma (digamma's derivative) keeps about 9.5 digits (5e-10 at 1.5 against
// mpmath), and its derivative of normal_log_cdf, exp(-x^2/2 - log Phi(x)) / sqrt(2 pi), about 13 in
// the far tail, where the exponent cancels (-800 + 804.6 at -40); ours are checked against the
// exact values to 1e-14.
double torch_grad_tolerance(std::string_view op) {
    if (op == "digamma") return 1e-9;
    return op == "normal_log_cdf_tails" ? 1e-12 : grad_tolerance(op);
}

// Value and derivative by constant evaluation against the exact values.
constexpr bool constexpr_matches_exact(std::string_view op) {
    const auto& c = vocabulary_case(op);
    return with_vocabulary_function(op, [&](auto fn) {
        bool ok = true;
        for (std::size_t i = 0; i < c.x.size(); ++i) {
            const auto [value, g] = eg::value_and_grad(fn(x), x = c.x[i]);
            ok = ok && near(value, c.exact_value[i], 1e-14) && near(g[x], c.exact_grad[i], grad_tolerance(op));
        }
        return ok;
    });
}

// The derivative is not defined at the bounds of clamp, where finite differences see half a step.
bool derivative_defined(std::string_view op, double at) { return op != "clamp" || (at != -0.4 && at != 0.9); }

}  // namespace

// One per function: value and derivative of scalars in constant evaluation.
static_assert(constexpr_matches_exact("atan"));
static_assert(constexpr_matches_exact("asin"));
static_assert(constexpr_matches_exact("acos"));
static_assert(constexpr_matches_exact("sinh"));
static_assert(constexpr_matches_exact("cosh"));
static_assert(constexpr_matches_exact("asinh"));
static_assert(constexpr_matches_exact("acosh"));
static_assert(constexpr_matches_exact("atanh"));
static_assert(constexpr_matches_exact("cbrt"));
static_assert(constexpr_matches_exact("exp2"));
static_assert(constexpr_matches_exact("log2"));
static_assert(constexpr_matches_exact("log10"));
static_assert(constexpr_matches_exact("reciprocal"));
static_assert(constexpr_matches_exact("sigmoid"));
static_assert(constexpr_matches_exact("softplus"));
static_assert(constexpr_matches_exact("softplus_extreme"));
static_assert(constexpr_matches_exact("log_sigmoid"));
static_assert(constexpr_matches_exact("log_sigmoid_extreme"));
static_assert(constexpr_matches_exact("lgamma"));
static_assert(constexpr_matches_exact("digamma"));
static_assert(constexpr_matches_exact("normal_cdf"));
static_assert(constexpr_matches_exact("normal_log_cdf"));
static_assert(constexpr_matches_exact("normal_log_cdf_tails"));
static_assert(constexpr_matches_exact("clamp"));
static_assert(eg::grad(eg::maximum(x, y), x = 1.0, y = 1.0)[x] == 0.5);  // a tie splits the adjoint
static_assert(eg::grad(eg::minimum(x, y), x = 1.0, y = 2.0)[x] == 1.0);
static_assert(near(eg::eval(eg::atan2(x, y), x = 1.0, y = -1.0), 3 * std::numbers::pi / 4, 1e-15));
static_assert(eg::grad(eg::atan2(x, y), x = 1.0, y = -1.0)[y] == -0.5);
static_assert(eg::eval(eg::hypot(x, y), x = 3.0, y = 4.0) == 5.0);
static_assert(eg::grad(eg::hypot(x, y), x = 3.0, y = 4.0)[y] == 0.8);
static_assert(near(eg::eval(eg::d(eg::d(eg::lgamma(x), x), x), x = 2.0), std::numbers::pi * std::numbers::pi / 6 - 1, 1e-15));
static_assert(eg::gradcheck(eg::lgamma(x) * eg::digamma(y) + eg::softplus(x * y), x = 3.5, y = -0.3));

BOOST_AUTO_TEST_SUITE(vocabulary)

BOOST_AUTO_TEST_CASE(unary_functions_match_pytorch_and_exact_values_on_scalars) {
    for (const auto& c : torch_ref::vocabulary_cases) {
        BOOST_TEST_CONTEXT("op " << c.op) {
            BOOST_TEST(with_vocabulary_function(c.op, [&](auto fn) {
                const auto f = fn(x);
                for (std::size_t i = 0; i < c.x.size(); ++i) {
                    BOOST_TEST_CONTEXT("x = " << c.x[i]) {
                        const auto [value, g] = eg::value_and_grad(f, x = c.x[i]);
                        ETGRAD_CHECK_CLOSE(value, c.value[i], 1e-14);
                        ETGRAD_CHECK_CLOSE(g[x], c.grad[i], torch_grad_tolerance(c.op));
                        ETGRAD_CHECK_CLOSE(value, c.exact_value[i], 1e-14);
                        ETGRAD_CHECK_CLOSE(g[x], c.exact_grad[i], grad_tolerance(c.op));
                        ETGRAD_CHECK_CLOSE(eg::eval(eg::d(f, x), x = c.x[i]), c.exact_grad[i], grad_tolerance(c.op));
                        if (derivative_defined(c.op, c.x[i])) BOOST_TEST(eg::gradcheck(f, x = c.x[i]));
                    }
                }
                return true;
            }));
        }
    }
}

BOOST_AUTO_TEST_CASE(unary_functions_match_pytorch_on_arrays) {
    for (const auto& c : torch_ref::vocabulary_cases) {
        BOOST_TEST_CONTEXT("op " << c.op) {
            BOOST_TEST(with_vocabulary_function(c.op, [&](auto fn) {
                // 5 elements: a SIMD block and a scalar tail
                xt::xtensor<double, 1> xv = xt::adapt(c.x, {c.x.size()});
                const auto [value, g] = eg::value_and_grad(eg::sum(fn(x)), x = xv);
                const xt::xtensor<double, 1> values = eg::eval(fn(x), x = xv);
                double total = 0;
                for (std::size_t i = 0; i < c.x.size(); ++i) {
                    ETGRAD_CHECK_CLOSE(values(i), c.value[i], 1e-14);
                    ETGRAD_CHECK_CLOSE(g[x](i), c.grad[i], torch_grad_tolerance(c.op));
                    total += c.exact_value[i];
                }
                ETGRAD_CHECK_CLOSE(value, total, 1e-14);
                return true;
            }));
        }
    }
}

// softplus and log_sigmoid on SIMD batches too (19 elements: whole groups and a tail; the cases
// above have 5), where they run in two steps (Note [Ops in two steps] in expr/fused_loop.hpp),
// through the extremes: their derivatives (sigmoid of x and of -x) within 2 ulps of sigmoid
// computed in long double, and the values a storing loop computes within 2 ulps of the scalar
// functions'.
BOOST_AUTO_TEST_CASE(softplus_and_log_sigmoid_on_batches) {
    const std::array<double, 19> points = {-800, -40, -12.5, -3.5, -1.3, -0.4, -1e-3, 0, 1e-3, 0.25,
                                           0.9, 2.1, 5, 9.75, 17, 40, 120, 800, -7};
    const xt::xtensor<double, 1> xv = xt::adapt(points.data(), points.size(), xt::no_ownership(),
                                                std::array<std::size_t, 1>{points.size()});
    const auto softplus = eg::value_and_grad(eg::sum(eg::softplus(x)), x = xv);
    const auto log_sigmoid = eg::value_and_grad(eg::sum(eg::log_sigmoid(x)), x = xv);
    const xt::xtensor<double, 1> softplus_values = eg::eval(eg::softplus(x), x = xv);
    const xt::xtensor<double, 1> log_sigmoid_values = eg::eval(eg::log_sigmoid(x), x = xv);
    const auto sigmoid = [](double v) { return static_cast<double>(1.0L / (1.0L + std::exp(-static_cast<long double>(v)))); };
    double softplus_sum = 0, log_sigmoid_sum = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        BOOST_TEST_CONTEXT("at " << points[i]) {
            BOOST_TEST(within_ulps(softplus.grad[x](i), sigmoid(points[i]), 2));
            BOOST_TEST(within_ulps(log_sigmoid.grad[x](i), sigmoid(-points[i]), 2));
            BOOST_TEST(within_ulps(softplus_values(i), eg::eval(eg::softplus(x), x = points[i]), 2));
            BOOST_TEST(within_ulps(log_sigmoid_values(i), eg::eval(eg::log_sigmoid(x), x = points[i]), 2));
        }
        softplus_sum += eg::eval(eg::softplus(x), x = points[i]);
        log_sigmoid_sum += eg::eval(eg::log_sigmoid(x), x = points[i]);
    }
    ETGRAD_CHECK_CLOSE(softplus.value, softplus_sum, 1e-15);  // summed in another order
    ETGRAD_CHECK_CLOSE(log_sigmoid.value, log_sigmoid_sum, 1e-15);
}

BOOST_AUTO_TEST_CASE(unary_functions_on_float_arrays) {
    for (const auto& c : torch_ref::vocabulary_cases) {
        BOOST_TEST_CONTEXT("op " << c.op) {
            BOOST_TEST(with_vocabulary_function(c.op, [&](auto fn) {
                xt::xtensor<float, 1> xv = xt::zeros<float>({c.x.size()});
                for (std::size_t i = 0; i < c.x.size(); ++i) xv(i) = static_cast<float>(c.x[i]);
                const auto g = eg::grad(eg::sum(fn(x)), x = xv);
                const xt::xtensor<float, 1> values = eg::eval(fn(x), x = xv);
                for (std::size_t i = 0; i < c.x.size(); ++i) {
                    if (!derivative_defined(c.op, c.x[i])) continue;  // -0.4f is not -0.4
                    // the float argument differs from the double one by up to half an ulp
                    const double slack = 1e-6 * (1 + std::abs(c.x[i] * c.exact_grad[i]));
                    BOOST_TEST(std::abs(values(i) - c.exact_value[i]) <= slack * std::max(1.0, std::abs(c.exact_value[i])));
                    BOOST_TEST(std::abs(g[x](i) - c.exact_grad[i]) <= 1e-4 * std::max(1.0, std::abs(c.exact_grad[i])));
                }
                return true;
            }));
        }
    }
}

BOOST_AUTO_TEST_CASE(binary_functions_match_pytorch) {
    for (const auto& c : torch_ref::binary_cases) {
        BOOST_TEST_CONTEXT("op " << c.op) {
            BOOST_TEST(with_binary_function(c.op, [&](auto fn) {
                const auto f = fn(x, y);
                for (std::size_t i = 0; i < c.x.size(); ++i) {
                    BOOST_TEST_CONTEXT("x = " << c.x[i] << ", y = " << c.y[i]) {
                        const auto [value, g] = eg::value_and_grad(f, x = c.x[i], y = c.y[i]);
                        ETGRAD_CHECK_CLOSE(value, c.value[i], 1e-15);
                        ETGRAD_CHECK_CLOSE(g[x], c.grad_x[i], 1e-15);
                        ETGRAD_CHECK_CLOSE(g[y], c.grad_y[i], 1e-15);
                        ETGRAD_CHECK_CLOSE(eg::eval(eg::d(f, x), x = c.x[i], y = c.y[i]), c.grad_x[i], 1e-15);
                        ETGRAD_CHECK_CLOSE(eg::eval(eg::d(f, y), x = c.x[i], y = c.y[i]), c.grad_y[i], 1e-15);
                        // central differences see half a step on either side of a tie: PyTorch's halves;
                        // atan2 jumps by 2 pi across its branch cut (x = 0, y < 0)
                        if (c.op != "atan2" || c.x[i] != 0 || c.y[i] > 0) BOOST_TEST(eg::gradcheck(f, x = c.x[i], y = c.y[i]));
                    }
                }
                xt::xtensor<double, 1> xv = xt::adapt(c.x, {c.x.size()});
                xt::xtensor<double, 1> yv = xt::adapt(c.y, {c.y.size()});
                const auto [total, g] = eg::value_and_grad(eg::sum(f), x = xv, y = yv);
                double expected = 0;
                for (std::size_t i = 0; i < c.x.size(); ++i) {
                    ETGRAD_CHECK_CLOSE(g[x](i), c.grad_x[i], 1e-15);
                    ETGRAD_CHECK_CLOSE(g[y](i), c.grad_y[i], 1e-15);
                    expected += c.value[i];
                }
                ETGRAD_CHECK_CLOSE(total, expected, 1e-15);
                // an array against a number: the number is broadcast
                const auto gy = eg::grad(eg::sum(f), x = xv, y = c.y[0]);
                double dy = 0;
                for (std::size_t i = 0; i < c.x.size(); ++i) dy += eg::grad(f, x = c.x[i], y = c.y[0])[y];
                ETGRAD_CHECK_CLOSE(gy[y], dy, 1e-15);
                return true;
            }));
        }
    }
}

BOOST_AUTO_TEST_CASE(binary_functions_against_analytic_derivatives) {
    for (const auto& c : torch_ref::binary_cases) {
        for (std::size_t i = 0; i < c.x.size(); ++i) {
            const double a = c.x[i], b = c.y[i], r2 = a * a + b * b, r = std::sqrt(r2);
            if (c.op == "atan2") {
                const auto g = eg::grad(eg::atan2(x, y), x = a, y = b);
                ETGRAD_CHECK_CLOSE(g[x], b / r2, 1e-15);
                ETGRAD_CHECK_CLOSE(g[y], -a / r2, 1e-15);
            } else if (c.op == "hypot") {
                const auto g = eg::grad(eg::hypot(x, y), x = a, y = b);
                ETGRAD_CHECK_CLOSE(g[x], a / r, 1e-15);
                ETGRAD_CHECK_CLOSE(g[y], b / r, 1e-15);
            } else if (a != b) {  // maximum and minimum away from ties: the selected operand gets it all
                const bool x_larger = a > b;
                const bool x_selected = c.op == "maximum" ? x_larger : !x_larger;
                const double g = c.op == "maximum" ? eg::grad(eg::maximum(x, y), x = a, y = b)[x]
                                                   : eg::grad(eg::minimum(x, y), x = a, y = b)[x];
                BOOST_TEST(g == (x_selected ? 1.0 : 0.0));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(nan_and_crossed_bounds_follow_pytorch) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    const xt::xtensor<double, 1> xv = {nan, 1.0, nan};
    const xt::xtensor<double, 1> yv = {1.0, nan, nan};
    const auto gmax = eg::grad(eg::sum(eg::maximum(x, y)), x = xv, y = yv);
    const auto gmin = eg::grad(eg::sum(eg::minimum(x, y)), x = xv, y = yv);
    const xt::xtensor<double, 1> vmax = eg::eval(eg::maximum(x, y), x = xv, y = yv);
    for (std::size_t i = 0; i < 3; ++i) {
        BOOST_TEST(std::isnan(vmax(i)));
        BOOST_TEST(std::isnan(eg::eval(eg::minimum(x, y), x = xv(i), y = yv(i))));
        BOOST_TEST(gmax[x](i) == torch_ref::maximum_nan_grad_x[i]);
        BOOST_TEST(gmax[y](i) == torch_ref::maximum_nan_grad_y[i]);
        BOOST_TEST(gmin[x](i) == torch_ref::minimum_nan_grad_x[i]);
        BOOST_TEST(gmin[y](i) == torch_ref::minimum_nan_grad_y[i]);
    }
    const xt::xtensor<double, 1> cv = {nan, 0.0, 1.0};
    const auto gc = eg::grad(eg::sum(eg::clamp(x, 0.0, 1.0)), x = cv);
    for (std::size_t i = 0; i < 3; ++i) BOOST_TEST(gc[x](i) == torch_ref::clamp_nan_grad[i]);
    BOOST_TEST(std::isnan(eg::eval(eg::clamp(x, 0.0, 1.0), x = nan)));
    const xt::xtensor<double, 1> crossed = {-1.0, 0.5, 2.0};
    const auto [v, g] = eg::value_and_grad(eg::sum(eg::clamp(x, 1.0, 0.0)), x = crossed);
    BOOST_TEST(v == 0.0);
    for (std::size_t i = 0; i < 3; ++i) {
        BOOST_TEST(eg::eval(eg::clamp(x, 1.0, 0.0), x = crossed(i)) == torch_ref::clamp_crossed_value[i]);
        BOOST_TEST(g[x](i) == torch_ref::clamp_crossed_grad[i]);
    }
}

BOOST_AUTO_TEST_CASE(special_functions_at_high_precision) {
    constexpr auto& at = torch_ref::high_precision_x;
    for (std::size_t i = 0; i < at.size(); ++i) {
        BOOST_TEST_CONTEXT("x = " << at[i]) {
            ETGRAD_CHECK_CLOSE(eg::eval(eg::lgamma(x), x = at[i]), torch_ref::high_precision_lgamma[i], 1e-15);
            ETGRAD_CHECK_CLOSE(eg::grad(eg::lgamma(x), x = at[i])[x], torch_ref::high_precision_digamma[i], 1e-15);
            ETGRAD_CHECK_CLOSE(eg::grad(eg::digamma(x), x = at[i])[x], torch_ref::high_precision_trigamma[i], 1e-15);
            ETGRAD_CHECK_CLOSE(eg::eval(eg::normal_log_cdf(x), x = -40 * at[i]), torch_ref::high_precision_normal_log_cdf[i],
                               1e-15);
        }
    }
    // closed forms: lgamma(1/2) = log(pi)/2, digamma(1) = -Euler's gamma, trigamma(1) = pi^2/6
    static_assert(near(eg::eval(eg::lgamma(x), x = 0.5), 0.57236494292470008707, 1e-16));  // log(pi) / 2
    static_assert(near(eg::eval(eg::digamma(x), x = 1.0), -std::numbers::egamma, 1e-16));
    static_assert(near(eg::grad(eg::digamma(x), x = 1.0)[x], std::numbers::pi * std::numbers::pi / 6, 1e-16));
    static_assert(eg::eval(eg::normal_log_cdf(x), x = 0.0) == -std::numbers::ln2);
}

// xsimd's double erf, erfc and lgamma are far from libm's, its exp, expm1 and exp2 overflow early
// or have no subnormal results, its logarithms and cbrt are wrong for subnormal operands
// (ops/math.hpp), and so are its pow and hypot: on arrays, computed in SIMD batches, each must be as
// accurate as libm's (2 ulp of the exact value).
BOOST_AUTO_TEST_CASE(special_functions_on_arrays_at_high_precision) {
    constexpr std::uint64_t ulps = 2;
    const auto check = [&](const auto& f, const auto& at, const auto& expected) {
        const xt::xtensor<double, 1> arg = xt::adapt(at, {at.size()});
        const xt::xtensor<double, 1> values = eg::eval(f(x), x = arg);
        for (std::size_t i = 0; i < at.size(); ++i)
            BOOST_TEST(same_special(values(i), expected[i], ulps), "x = " << at[i] << ": " << values(i) << " vs " << expected[i]);
    };
    check([](const auto& e) { return eg::erf(e); }, torch_ref::special_x, torch_ref::high_precision_erf);
    check([](const auto& e) { return eg::erfc(e); }, torch_ref::special_x, torch_ref::high_precision_erfc);
    check([](const auto& e) { return eg::lgamma(e); }, torch_ref::lgamma_x, torch_ref::high_precision_lgamma_near_zeros);
    check([](const auto& e) { return eg::exp(e); }, torch_ref::exp_edge_x, torch_ref::exp_edge);
    check([](const auto& e) { return eg::expm1(e); }, torch_ref::expm1_edge_x, torch_ref::expm1_edge);
    check([](const auto& e) { return eg::exp2(e); }, torch_ref::exp2_edge_x, torch_ref::exp2_edge);
    check([](const auto& e) { return eg::log(e); }, torch_ref::log_edge_x, torch_ref::log_edge);
    check([](const auto& e) { return eg::log2(e); }, torch_ref::log_edge_x, torch_ref::log2_edge);
    check([](const auto& e) { return eg::log10(e); }, torch_ref::log_edge_x, torch_ref::log10_edge);
    check([](const auto& e) { return eg::cbrt(e); }, torch_ref::cbrt_edge_x, torch_ref::cbrt_edge);
    const auto check_binary = [&](const auto& f, const auto& at_x, const auto& at_y, const auto& expected) {
        const xt::xtensor<double, 1> xs = xt::adapt(at_x, {at_x.size()}), ys = xt::adapt(at_y, {at_y.size()});
        const xt::xtensor<double, 1> values = eg::eval(f(x, y), x = xs, y = ys);
        for (std::size_t i = 0; i < at_x.size(); ++i)
            BOOST_TEST(same_special(values(i), expected[i], ulps),
                       "(" << at_x[i] << ", " << at_y[i] << "): " << values(i) << " vs " << expected[i]);
    };
    check_binary([](const auto& a, const auto& b) { return eg::pow(a, b); }, torch_ref::pow_edge_x,
                 torch_ref::pow_edge_y, torch_ref::pow_edge);
    check_binary([](const auto& a, const auto& b) { return eg::hypot(a, b); }, torch_ref::hypot_edge_x,
                 torch_ref::hypot_edge_y, torch_ref::hypot_edge);
    // a number exponent that is not an integer (pow_scalar_op)
    const xt::xtensor<double, 1> bases = {1e-310, 2.0, 1e-310, 2.0};
    const xt::xtensor<double, 1> roots = eg::eval(eg::pow(x, 0.5), x = bases);
    BOOST_TEST(same_special(roots(0), torch_ref::pow_edge[3], ulps), roots(0) << " vs " << torch_ref::pow_edge[3]);
    const xt::xtensor<float, 1> float_arg = xt::adapt(torch_ref::expf_edge_x, {torch_ref::expf_edge_x.size()});
    const xt::xtensor<float, 1> float_values = eg::eval(eg::exp(x), x = float_arg);
    for (std::size_t i = 0; i < float_values.size(); ++i)
        BOOST_TEST(same_special(float_values(i), static_cast<float>(torch_ref::expf_edge[i]), ulps),
                   float_values(i) << " vs " << torch_ref::expf_edge[i]);
}

// pow with the exponents 0.5 and -0.5 is PyTorch's sqrt and 1 / sqrt, on numbers and on arrays
BOOST_AUTO_TEST_CASE(pow_of_one_half_follows_pytorch) {
    const xt::xtensor<double, 1> at = xt::adapt(torch_ref::pow_half_x, {torch_ref::pow_half_x.size()});
    const xt::xtensor<double, 1> half = eg::eval(eg::pow(x, 0.5), x = at);
    const xt::xtensor<double, 1> minus_half = eg::eval(eg::pow(x, -0.5), x = at);
    for (std::size_t i = 0; i < at.size(); ++i) {
        BOOST_TEST(same_special(half(i), torch_ref::pow_half[i], 0), half(i) << " vs " << torch_ref::pow_half[i]);
        BOOST_TEST(same_special(minus_half(i), torch_ref::pow_minus_half[i], 0),
                   minus_half(i) << " vs " << torch_ref::pow_minus_half[i]);
        BOOST_TEST(same_special(eg::eval(eg::pow(x, 0.5), x = at(i)), torch_ref::pow_half[i], 0));
        BOOST_TEST(same_special(eg::eval(eg::pow(x, -0.5), x = at(i)), torch_ref::pow_minus_half[i], 0));
    }
    static_assert(eg::eval(eg::pow(x, 0.5), x = 2.25) == 1.5);
}

BOOST_AUTO_TEST_CASE(poles_and_limits) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    BOOST_TEST(eg::eval(eg::lgamma(x), x = 0.0) == inf);
    BOOST_TEST(eg::eval(eg::lgamma(x), x = -3.0) == inf);
    BOOST_TEST(eg::eval(eg::digamma(x), x = 0.0) == -inf);  // torch.digamma(0) = -inf
    BOOST_TEST(std::isnan(eg::eval(eg::digamma(x), x = -2.0)));
    BOOST_TEST(eg::grad(eg::digamma(x), x = -2.0)[x] == inf);
    BOOST_TEST(eg::eval(eg::normal_log_cdf(x), x = -1e200) == -inf);
    BOOST_TEST(eg::grad(eg::reciprocal(x), x = 0.0)[x] == -inf);
    BOOST_TEST(eg::grad(eg::cbrt(x), x = 0.0)[x] == inf);
    BOOST_TEST(std::isnan(eg::grad(eg::hypot(x, y), x = 0.0, y = 0.0)[x]));
    BOOST_TEST(std::isnan(eg::grad(eg::atan2(x, y), x = 0.0, y = 0.0)[y]));
}

// Points where xsimd's batch functions or a rule's formula went wrong (found probing as a user):
// on arrays as on numbers, and as libm and PyTorch 1.13.
BOOST_AUTO_TEST_CASE(edge_values_agree_on_arrays_and_numbers) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    const auto same_bits = [](double ours, double ref) { return same_special(ours, ref, 0); };
    // atan2 at (+-0, +-0) and (+-inf, +-inf): xsimd's is NaN there
    const xt::xtensor<double, 1> ys = {0.0, 0.0, -0.0, -0.0, inf, inf, -inf, -inf, 1.0};
    const xt::xtensor<double, 1> xs = {0.0, -0.0, 0.0, -0.0, inf, -inf, inf, -inf, 1.0};
    const xt::xtensor<double, 1> angles = eg::eval(eg::atan2(x, y), x = ys, y = xs);
    for (std::size_t i = 0; i < ys.size(); ++i) {
        BOOST_TEST(same_bits(angles(i), std::atan2(ys(i), xs(i))), "atan2(" << ys(i) << ", " << xs(i) << ") = " << angles(i));
        BOOST_TEST(same_bits(eg::eval(eg::atan2(x, y), x = ys(i), y = xs(i)), std::atan2(ys(i), xs(i))));
    }
    // acosh below its domain is NaN, also below -2^28 (xsimd's: +-inf)
    const xt::xtensor<double, 1> below = {-1e10, -1e300, -3e8, 0.5};
    const xt::xtensor<double, 1> acosh_below = eg::eval(eg::acosh(x), x = below);
    for (std::size_t i = 0; i < below.size(); ++i) BOOST_TEST(std::isnan(acosh_below(i)), below(i) << ": " << acosh_below(i));
    // expm1 and log1p keep the sign of a zero (xsimd's give +0)
    const xt::xtensor<double, 1> zeros = {-0.0, 0.0};
    const xt::xtensor<double, 1> expm1_zeros = eg::eval(eg::expm1(x), x = zeros), log1p_zeros = eg::eval(eg::log1p(x), x = zeros);
    for (std::size_t i = 0; i < zeros.size(); ++i) {
        BOOST_TEST(same_bits(expm1_zeros(i), zeros(i)));
        BOOST_TEST(same_bits(log1p_zeros(i), zeros(i)));
    }
    // pow at base 0 with exponent 0: both derivatives 0 (PyTorch), not 0 * inf and -inf
    BOOST_TEST(eg::grad(eg::pow(x, 0), x = 0.0)[x] == 0.0);
    BOOST_TEST(eg::eval(eg::d(eg::pow(x, 0.0), x), x = 0.0) == 0.0);
    const auto at_origin = eg::grad(eg::pow(x, y), x = 0.0, y = 0.0);
    BOOST_TEST(at_origin[x] == 0.0);
    BOOST_TEST(at_origin[y] == 0.0);
    const auto on_arrays = eg::grad(eg::sum(eg::pow(x, y)), x = zeros, y = xt::xtensor<double, 1>{0.0, 2.0});
    BOOST_TEST(on_arrays[x](0) == 0.0);
    BOOST_TEST(on_arrays[y](0) == 0.0);
    BOOST_TEST(on_arrays[y](1) == 0.0);
    BOOST_TEST(eg::grad(eg::pow(x, y), x = 2.0, y = 0.0)[y] == std::numbers::ln2);  // log(a) where only b = 0
    // an exponent that is an operand follows torch.pow(Tensor, Tensor), libm's pow, also when bound
    // to a number: pow(-0, 0.5) is +0 and pow(-inf, 0.5) is +inf (a number exponent: -0 and NaN)
    BOOST_TEST(same_bits(eg::eval(eg::pow(x, y), x = -0.0, y = 0.5), 0.0));
    BOOST_TEST(eg::eval(eg::pow(x, y), x = -inf, y = 0.5) == inf);
    // digamma of a tiny negative number overflows to +inf (-1/x), and so does lgamma's derivative
    BOOST_TEST(eg::eval(eg::digamma(x), x = -1e-310) == inf);
    BOOST_TEST(eg::grad(eg::lgamma(x), x = -1e-310)[x] == inf);
    // d/dx log Phi(x) = phi(x) / Phi(x), about -x far in the left tail (mpmath, 50 digits), where
    // PyTorch's formula cancels (7.1e7 at -1e8); continuous across -1, where the formula changes
    constexpr std::array<double, 8> tail_x = {-1e10, -1e8, -1e5, -38.5, -5.0, -1.0000000001, -1.0, -0.9999999999};
    constexpr std::array<double, 8> tail_slope = {1e10, 100000000.00000001, 100000.00001, 38.525939096854493696,
                                                  5.1865039671258421156, 1.5251352762410714492, 1.5251352761609812091,
                                                  1.525135276080890969};
    const xt::xtensor<double, 1> tail = xt::adapt(tail_x, {tail_x.size()});
    const auto tail_grad = eg::grad(eg::sum(eg::normal_log_cdf(x)), x = tail)[x];
    for (std::size_t i = 0; i < tail_x.size(); ++i) {
        ETGRAD_CHECK_CLOSE(eg::grad(eg::normal_log_cdf(x), x = tail_x[i])[x], tail_slope[i], 1e-15);
        ETGRAD_CHECK_CLOSE(tail_grad(i), tail_slope[i], 1e-15);
    }
}

BOOST_AUTO_TEST_SUITE_END()
