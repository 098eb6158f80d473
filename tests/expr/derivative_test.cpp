// SPDX-License-Identifier: MIT
// eg::d: symbolic derivatives as expressions, higher orders, and folding of zeros and ones.
#include <type_traits>

#include "support.hpp"

using namespace etgrad_test;

BOOST_AUTO_TEST_SUITE(derivative)

BOOST_AUTO_TEST_CASE(second_and_third_derivatives_at_compile_time) {
    constexpr auto d1 = eg::d(x * x * x, x);
    constexpr auto d2 = eg::d(d1, x);
    constexpr auto d3 = eg::d(d2, x);
    static_assert(eg::eval(d1, x = 2.0) == 12.0);
    static_assert(eg::eval(d2, x = 2.0) == 12.0);
    static_assert(eg::eval(d3) == 6.0);  // a constant: binding x would be an unused binding
}

BOOST_AUTO_TEST_CASE(ones_and_zeros_are_folded) {
    // d(x + 2)/dx is the constant 1; d(x * y)/dx is y itself, not 1 * y + 0
    static_assert(std::is_same_v<decltype(eg::d(x + 2, x)), eg::constant<double>>);
    static_assert(std::is_same_v<decltype(eg::d(x * y, x)), std::remove_cvref_t<decltype(y)>>);
}

BOOST_AUTO_TEST_CASE(matches_grad_for_every_op) {
    const auto f = eg::exp(eg::sin(x) * y) / (1 + eg::square(x)) + eg::pow(x, y) - eg::tanh(x * 3);
    const double xv = 0.7, yv = 1.3;
    const auto g = eg::grad(f, x = xv, y = yv);
    ETGRAD_CHECK_CLOSE(eg::eval(eg::d(f, x), x = xv, y = yv), g[x], 1e-14);
    ETGRAD_CHECK_CLOSE(eg::eval(eg::d(f, y), x = xv, y = yv), g[y], 1e-14);
    // mixed second derivative is symmetric
    ETGRAD_CHECK_CLOSE(eg::eval(eg::d(eg::d(f, x), y), x = xv, y = yv),
                       eg::eval(eg::d(eg::d(f, y), x), x = xv, y = yv), 1e-13);
}

BOOST_AUTO_TEST_CASE(derivative_of_a_reduction_is_a_reduction) {
    const xt::xtensor<double, 1> xv = {1.0, 2.0, 3.0};
    // d/dy sum(x * y) = sum(x)
    BOOST_TEST(eg::eval(eg::d(eg::sum(x * y), y), x = xv, eg::allow_unused(y = 0.5)) == 6.0);
}

BOOST_AUTO_TEST_CASE(gradcheck_at_compile_time) {
    static_assert(eg::gradcheck(eg::exp(x) * eg::sin(x), x = 0.5));
    static_assert(eg::gradcheck(eg::log(x) * eg::sqrt(x) + eg::tanh(x), x = 1.5));
    static_assert(eg::gradcheck(eg::erf(x * y) + eg::cos(y), x = 0.3, y = -0.8));
}

BOOST_AUTO_TEST_SUITE_END()
