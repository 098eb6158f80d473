// SPDX-License-Identifier: MIT
// gradcheck accepts correct gradients and rejects wrong ones.
#include <vector>

#include <xtensor/xtensor.hpp>

#include "support.hpp"

using namespace etgrad_test;

namespace {

// A deliberately wrong rule: the value of sin with the derivative of -cos... negated.
struct wrong_sin {
    constexpr auto value(const auto& a) const { return eg::math::sin(a); }
    constexpr auto grad(const auto& a, const auto&, const auto& adj) const { return -(adj * eg::math::cos(a)); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(gradcheck)

BOOST_AUTO_TEST_CASE(accepts_correct_gradients_on_arrays) {
    const xt::xtensor<double, 2> xv = {{0.1, 0.2}, {-0.3, 0.4}};
    BOOST_TEST(eg::gradcheck(eg::sum(eg::sigmoid(x) * eg::log1p(eg::square(x))), x = xv));
}

// Integer bindings compute in double; their finite differences step in double too (a step cast
// back to the integer would not move, and every check would fail).
BOOST_AUTO_TEST_CASE(steps_integer_bindings_in_double) {
    static_assert(eg::gradcheck(x * x * x, x = 2));
    const std::vector<int> xv = {1, -2, 3};
    BOOST_TEST(eg::gradcheck(eg::sum(x * x), x = xv));
    BOOST_TEST(!eg::gradcheck(eg::make_unary(wrong_sin{}, x), x = 1));
}

BOOST_AUTO_TEST_CASE(rejects_a_wrong_derivative) {
    const auto f = eg::make_unary(wrong_sin{}, x);
    BOOST_TEST(!eg::gradcheck(f, x = 0.5));
    const xt::xtensor<double, 1> xv = {0.1, 0.2};
    BOOST_TEST(!eg::gradcheck(eg::sum(f), x = xv));
    static_assert(!eg::gradcheck(f, x = 0.5));
}

BOOST_AUTO_TEST_SUITE_END()
