// SPDX-License-Identifier: MIT
// Every op rule, three ways: against PyTorch's values, against finite differences, and the
// derivative rule reused as a symbolic derivative; on scalars and on arrays (fused SIMD loops).
#include <algorithm>
#include <array>

#include <xtensor/xtensor.hpp>

#include "reference/torch_reference.hpp"
#include "support.hpp"

using namespace etgrad_test;

BOOST_AUTO_TEST_SUITE(op_rules)

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
                    ETGRAD_CHECK_CLOSE(eg::eval(eg::d(f, x), x = c.x[i]), c.grad[i], 1e-14);
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
