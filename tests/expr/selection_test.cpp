// SPDX-License-Identifier: MIT
// Comparisons, eg::where and eg::norm in the static layer: values and gradients against PyTorch
// 1.13 (the literals below, from torch.where, Tensor.norm and the comparison operators in
// float64), finite differences and the analytic derivative, at run time and in constant
// expressions, and the points where a derivative is chosen (the unselected branch, the origin).
#include <array>
#include <cmath>
#include <cstddef>

#include <xtensor/xtensor.hpp>

#include "support.hpp"

using namespace etgrad_test;

BOOST_AUTO_TEST_SUITE(selection)

BOOST_AUTO_TEST_CASE(comparisons_are_one_where_they_hold) {
    const xt::xtensor<double, 1> a = {1.0, 2.0, 3.0};
    const xt::xtensor<double, 1> b = {2.0, 2.0, 2.0};
    const auto expect = [&](const auto& condition, std::array<double, 3> torch) {
        const xt::xtensor<double, 1> r = eg::eval(condition, x = a, y = b, eg::allow_unused);  // x > 2 has no y
        for (std::size_t i = 0; i < 3; ++i) BOOST_TEST(r(i) == torch[i]);
    };
    expect(x < y, {1, 0, 0});
    expect(x <= y, {1, 1, 0});
    expect(x > y, {0, 0, 1});
    expect(x >= y, {0, 1, 1});
    expect(x == y, {0, 1, 0});
    expect(x != y, {1, 0, 1});
    expect(x > 2, {0, 0, 1});
    expect(2.5 > x, {1, 1, 0});
}

BOOST_AUTO_TEST_CASE(where_broadcasts_and_routes_each_gradient_to_its_branch) {
    // torch.where(x > y, x * y, torch.exp(y) - x).sum(), y broadcast along the rows of x (no ties:
    // finite differences across the switch would not be a derivative)
    const xt::xtensor<double, 2> xv = {{1.5, -0.5, 2.5}, {0.25, -3.0, 1.0}};
    const xt::xtensor<double, 1> yv = {0.5, -1.0, 2.0};
    const auto f = eg::sum(eg::where(x > y, x * y, eg::exp(y) - x));
    const auto [value, g] = eg::value_and_grad(f, x = xv, y = yv);
    ETGRAD_CHECK_CLOSE(value, 17.40565681080222, 1e-15);
    const double torch_x[] = {0.5, -1.0, 2.0, -1.0, -1.0, -1.0};
    const double torch_y[] = {3.148721270700128, -0.13212055882855767, 9.88905609893065};
    for (std::size_t i = 0; i < 6; ++i) ETGRAD_CHECK_CLOSE(g[x](i / 3, i % 3), torch_x[i], 1e-15);
    for (std::size_t j = 0; j < 3; ++j) ETGRAD_CHECK_CLOSE(g[y](j), torch_y[j], 1e-15);
    BOOST_TEST(eg::gradcheck(f, x = xv, y = yv));
}

BOOST_AUTO_TEST_CASE(where_gives_the_selected_value_bit_for_bit) {
    // -0.0 and -inf pass through unchanged, and sqrt(-inf), NaN, stays in its unselected branch
    const xt::xtensor<double, 1> xv = {-0.0, -INFINITY, 9.0};
    const xt::xtensor<double, 1> r = eg::eval(eg::where(x < 1, x, eg::sqrt(x)), x = xv);
    BOOST_TEST(r(0) == 0.0);
    BOOST_TEST(std::signbit(r(0)));
    BOOST_TEST(r(1) == -INFINITY);
    BOOST_TEST(r(2) == 3.0);
}

BOOST_AUTO_TEST_CASE(a_nan_in_the_unselected_branch_reaches_the_gradient_as_in_pytorch) {
    // torch.where(a > 0, sqrt(a), b * b).sum(): sqrt's rule gives 0 / (2 sqrt(-2)) = NaN at -2
    const xt::xtensor<double, 1> a = {1.0, -2.0, 3.0};
    const xt::xtensor<double, 1> b = {0.5, 0.5, 0.5};
    const auto [value, g] = eg::value_and_grad(eg::sum(eg::where(x > 0, eg::sqrt(x), y * y)), x = a, y = b);
    ETGRAD_CHECK_CLOSE(value, 1.0 + 0.25 + std::sqrt(3.0), 1e-15);
    ETGRAD_CHECK_CLOSE(g[x](0), 0.5, 1e-15);
    BOOST_TEST(std::isnan(g[x](1)));
    ETGRAD_CHECK_CLOSE(g[x](2), 0.28867513459481287, 1e-15);
    BOOST_TEST(g[y](0) == 0.0);
    BOOST_TEST(!std::signbit(g[y](0)));  // PyTorch's 0., not -0.
    BOOST_TEST(g[y](1) == 1.0);
    BOOST_TEST(g[y](2) == 0.0);
}

BOOST_AUTO_TEST_CASE(any_expression_is_a_condition_nonzero_meaning_true) {
    const xt::xtensor<double, 1> xv = {0.0, 2.0, -1.0};
    const xt::xtensor<double, 1> r = eg::eval(eg::where(x, 10.0, 20.0), x = xv);
    BOOST_TEST(r(0) == 20.0);
    BOOST_TEST(r(1) == 10.0);
    BOOST_TEST(r(2) == 10.0);
    // both conditions at once, as a product of comparisons
    const xt::xtensor<double, 1> both = eg::eval(eg::where((x > -0.5) * (x < 1.0), x, 7.0), x = xv);
    BOOST_TEST(both(0) == 0.0);
    BOOST_TEST(both(1) == 7.0);
    BOOST_TEST(both(2) == 7.0);
}

// A piecewise function: its value and derivative on each side of the break, at compile time.
constexpr auto piecewise = eg::where(x < 1.0, x * x, 3 * x - 2);
static_assert(eg::eval(piecewise, x = 0.5) == 0.25);
static_assert(eg::eval(piecewise, x = 2.0) == 4.0);
static_assert(eg::eval(eg::d(piecewise, x), x = 0.5) == 1.0);
static_assert(eg::eval(eg::d(piecewise, x), x = 2.0) == 3.0);
static_assert(eg::eval(eg::d(eg::d(piecewise, x), x), x = 0.5) == 2.0);
static_assert(eg::eval(eg::d(eg::d(piecewise, x), x), x = 2.0) == 0.0);
static_assert(eg::grad(piecewise, x = 0.5)[x] == 1.0);
static_assert(eg::gradcheck(piecewise, x = 0.5));
static_assert(eg::gradcheck(piecewise, x = 1.5));
// A comparison has no derivative: the second derivative of maximum is 0, not a compile error.
static_assert(eg::eval(eg::d(eg::d(eg::maximum(x * x, y), x), x), x = 2.0, y = 1.0) == 2.0);

BOOST_AUTO_TEST_CASE(norm_of_everything_matches_pytorch_with_zeros_in_it) {
    const xt::xtensor<double, 2> m = {{3.0, -4.0, 0.0}, {0.0, 0.0, 0.0}, {1.0, 2.0, -2.0}};
    const auto [value, g] = eg::value_and_grad(eg::norm(x), x = m);
    ETGRAD_CHECK_CLOSE(value, 5.830951894845301, 1e-15);
    const double torch[] = {0.5144957554275265,  -0.6859943405700353, 0.0, 0.0, 0.0, 0.0,
                            0.17149858514250882, 0.34299717028501764, -0.34299717028501764};
    for (std::size_t i = 0; i < 9; ++i) ETGRAD_CHECK_CLOSE(g[x](i / 3, i % 3), torch[i], 1e-15);
    BOOST_TEST(eg::gradcheck(eg::norm(x), x = m));
}

BOOST_AUTO_TEST_CASE(norm_along_an_axis_has_gradient_zero_for_a_zero_row) {
    // (x.norm(dim=1) * [1, 2, 3]).sum(): the second row is all zeros
    const xt::xtensor<double, 2> m = {{3.0, -4.0, 0.0}, {0.0, 0.0, 0.0}, {1.0, 2.0, -2.0}};
    const xt::xtensor<double, 1> weights = {1.0, 2.0, 3.0};
    const xt::xtensor<double, 1> norms = eg::eval(eg::norm(x, 1), x = m);
    BOOST_TEST(norms(0) == 5.0);
    BOOST_TEST(norms(1) == 0.0);
    BOOST_TEST(norms(2) == 3.0);
    const auto g = eg::grad(eg::sum(eg::norm(x, -1) * y), x = m, y = weights, eg::wrt(x));
    const double torch[] = {0.6, -0.8, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0, -2.0};
    for (std::size_t i = 0; i < 9; ++i) {
        ETGRAD_CHECK_CLOSE(g[x](i / 3, i % 3), torch[i], 1e-15);
        BOOST_TEST(!std::isnan(g[x](i / 3, i % 3)));
    }
}

// |x| as a norm: its derivative is the sign, and 0 at the origin (PyTorch's choice).
static_assert(eg::eval(eg::d(eg::norm(x), x), x = -2.0) == -1.0);
static_assert(eg::eval(eg::d(eg::norm(x), x), x = 0.0) == 0.0);
static_assert(eg::grad(eg::norm(x), x = 0.0)[x] == 0.0);
static_assert(eg::gradcheck(eg::norm(x * y), x = 0.75, y = -2.0));

BOOST_AUTO_TEST_SUITE_END()
