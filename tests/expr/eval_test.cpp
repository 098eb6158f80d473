// SPDX-License-Identifier: MIT
// eval: values of scalar and array expressions, for every kind of bound value.
#include <array>

#include <xtensor/xarray.hpp>
#include <xtensor/xfixed.hpp>
#include <xtensor/xtensor.hpp>
#include <xtensor/xview.hpp>

#include "reference/torch_reference.hpp"
#include "support.hpp"

using namespace etgrad_test;

BOOST_AUTO_TEST_SUITE(eval)

BOOST_AUTO_TEST_CASE(seed_expression_on_every_container) {
    constexpr auto f = eg::mean(2 * eg::pow(x + 2, 2));
    const xt::xtensor<double, 1> t = {0.0220, 0.2922, 0.1679};
    const xt::xarray<double> a = {0.0220, 0.2922, 0.1679};
    const xt::xtensor_fixed<double, xt::xshape<3>> fixed = {0.0220, 0.2922, 0.1679};
    const std::array<double, 3> s = {0.0220, 0.2922, 0.1679};
    const xt::xtensor<double, 1> wider = {9.0, 0.0220, 0.2922, 0.1679};
    ETGRAD_CHECK_CLOSE(eg::eval(f, x = t), torch_ref::seed_value, 1e-15);
    ETGRAD_CHECK_CLOSE(eg::eval(f, x = a), torch_ref::seed_value, 1e-15);
    ETGRAD_CHECK_CLOSE(eg::eval(f, x = fixed), torch_ref::seed_value, 1e-15);
    ETGRAD_CHECK_CLOSE(eg::eval(f, x = s), torch_ref::seed_value, 1e-15);
    ETGRAD_CHECK_CLOSE(eg::eval(f, x = xt::view(wider, xt::range(1, 4))), torch_ref::seed_value, 1e-15);
    ETGRAD_CHECK_CLOSE(eg::eval(f, x = t * 1.0), torch_ref::seed_value, 1e-15);  // a lazy xtensor expression
}

BOOST_AUTO_TEST_CASE(strided_views_are_read_correctly) {
    const xt::xtensor<double, 2> m = {{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
    BOOST_TEST(eg::eval(eg::sum(x), x = xt::view(m, xt::all(), 1)) == 7.0);
    BOOST_TEST(eg::eval(eg::sum(x * x), x = xt::view(m, 1, xt::all())) == 77.0);
}

BOOST_AUTO_TEST_CASE(array_valued_expressions_evaluate_elementwise) {
    const xt::xtensor<double, 1> xv = {1.0, 2.0, 3.0, 4.0, 5.0};
    const auto r = eg::eval(x * x + 1, x = xv);
    BOOST_TEST(r.dimension() == 1u);
    for (std::size_t i = 0; i < 5; ++i) BOOST_TEST(r(i) == xv(i) * xv(i) + 1);
}

BOOST_AUTO_TEST_CASE(float_values_compute_in_float) {
    const xt::xtensor<float, 1> xv = {0.0220f, 0.2922f, 0.1679f};
    const auto v = eg::eval(eg::mean(2 * eg::pow(x + 2, 2)), x = xv);
    static_assert(std::is_same_v<decltype(v), const float>);
    BOOST_TEST(v == torch_ref::seed_value_f32, boost::test_tools::tolerance(2e-7f));
}

BOOST_AUTO_TEST_CASE(empty_arrays) {
    const xt::xtensor<double, 1> empty = xt::zeros<double>({0});
    BOOST_TEST(eg::eval(eg::sum(x), x = empty) == 0.0);
    BOOST_TEST(std::isnan(eg::eval(eg::mean(x), x = empty)));  // as torch.mean of an empty tensor
}

BOOST_AUTO_TEST_CASE(scalars_evaluate_at_compile_time) {
    static_assert(eg::eval(x * x + 2 * x, x = 3.0) == 15.0);
    static_assert(eg::eval(eg::sum(x) / y, x = 3.0, y = 2.0) == 1.5);
    constexpr double e = eg::eval(eg::exp(x), x = 1.0);
    static_assert(e > 2.718281828459045 - 1e-15 && e < 2.718281828459045 + 1e-15);
}

BOOST_AUTO_TEST_SUITE_END()
