// SPDX-License-Identifier: MIT
// eg::hessian, eg::jacobian and eg::hvp: against analytic derivatives, against central
// differences of eg::grad, against PyTorch 1.13's torch.autograd.functional (literals from
// tests/reference/make_higher_order_reference.py), at compile time, and their run-time errors.
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <vector>

#include <xtensor/xarray.hpp>

#include "reference/higher_order_reference.hpp"
#include "support.hpp"

using namespace etgrad_test;
namespace ref = etgrad_test::higher_order_ref;

namespace {

constexpr auto w = eg::var<"w">;
constexpr auto a = eg::var<"a">;
constexpr auto t = eg::var<"t">;

const xt::xtensor<double, 1> x3 = {0.5, -1.0, 2.0};
const xt::xtensor<double, 1> v3 = {0.3, -0.7, 1.1};

// Every element of `actual` (row-major) against `expected`, to a relative tolerance.
template <class A, std::size_t N>
void check_elements(const A& actual, const double (&expected)[N], double tol) {
    BOOST_TEST_REQUIRE(actual.size() == N);
    for (std::size_t i = 0; i < N; ++i) ETGRAD_CHECK_CLOSE(actual.flat(i), expected[i], tol);
}

template <class A, class B>
void check_same(const A& actual, const B& expected, double tol) {
    BOOST_TEST_REQUIRE(actual.shape() == expected.shape(), boost::test_tools::per_element());
    for (std::size_t i = 0; i < actual.size(); ++i) ETGRAD_CHECK_CLOSE(actual.flat(i), expected.flat(i), tol);
}

// The Hessian by central differences of eg::grad (step 1e-5: errors about 1e-10 relative).
template <class E>
xt::xtensor<double, 2> hessian_by_differences(const E& f, const xt::xtensor<double, 1>& at) {
    const std::size_t n = at.size();
    const double h = 1e-5;
    xt::xtensor<double, 2> out = xt::zeros<double>({n, n});
    for (std::size_t j = 0; j < n; ++j) {
        xt::xtensor<double, 1> up = at, down = at;
        up(j) += h;
        down(j) -= h;
        const auto g_up = eg::grad(f, x = up)[x];
        const auto g_down = eg::grad(f, x = down)[x];
        for (std::size_t i = 0; i < n; ++i) out(i, j) = (g_up(i) - g_down(i)) / (2 * h);
    }
    return out;
}

// The logistic loss of weights w on three samples (rows of `features`) with labels +-1, and an
// L2 penalty; the scores are an axis reduction, which eg::d differentiates.
const xt::xtensor<double, 2> features = {{1.0, 0.5, -0.3, 2.0}, {-0.7, 1.2, 0.4, 0.1}, {0.3, -0.8, 1.5, -1.1}};
const xt::xtensor<double, 1> labels = {1.0, -1.0, 1.0};
const xt::xtensor<double, 1> w4 = {0.2, -0.4, 0.7, 0.1};
constexpr auto logistic_loss = eg::mean(eg::softplus(-y * eg::sum(a * w, 1))) + 0.05 * eg::sum(w * w);

}  // namespace

BOOST_AUTO_TEST_SUITE(higher_order)

BOOST_AUTO_TEST_CASE(numbers_at_compile_time) {
    static_assert(eg::hessian(x * x * x, x = 2.0) == 12.0);
    static_assert(eg::hvp(x * x * x, 0.5, x = 2.0) == 6.0);
    static_assert(eg::jacobian(x * x * x, x = 2.0) == 12.0);
    // (e^x sin x)'' = 2 e^x cos x, with etgrad's constexpr exp and cos
    constexpr double h = eg::hessian(eg::exp(x) * eg::sin(x), x = 0.5);
    constexpr double expected = 2 * eg::exp(0.5) * eg::cos(0.5);
    static_assert(h - expected < 1e-14 && expected - h < 1e-14);
    // other bindings are parameters: d2/dx2 (x^2 y^3) = 2 y^3
    static_assert(eg::hessian(x * x * y * y * y, x = 1.5, y = 2.0) == 16.0);
    // a float variable gives a float
    static_assert(std::is_same_v<decltype(eg::hessian(x * x, x = 1.0f)), float>);
}

BOOST_AUTO_TEST_CASE(hessian_of_sum_of_cubes_is_diagonal) {
    const auto h = eg::hessian(eg::sum(x * x * x), x = x3);
    static_assert(std::is_same_v<decltype(h), const xt::xtensor<double, 2>>);
    const xt::xtensor<double, 2> expected = {{3.0, 0.0, 0.0}, {0.0, -6.0, 0.0}, {0.0, 0.0, 12.0}};
    check_same(h, expected, 1e-15);
    check_elements(h, ref::cubes_hessian, 1e-15);
}

BOOST_AUTO_TEST_CASE(hessian_of_exp_sum_times_sum) {
    const auto f = eg::sum(eg::exp(x)) * eg::sum(x);
    const auto h = eg::hessian(f, x = x3);
    // H_ij = e^x_i s δ_ij + e^x_i + e^x_j with s = sum(x)
    const double s = x3(0) + x3(1) + x3(2);
    xt::xtensor<double, 2> expected = xt::zeros<double>({3, 3});
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j)
            expected(i, j) = (i == j ? std::exp(x3(i)) * s : 0.0) + std::exp(x3(i)) + std::exp(x3(j));
    check_same(h, expected, 1e-14);
    check_elements(h, ref::exp_times_sum_hessian, 1e-14);
    check_same(h, hessian_by_differences(f, x3), 1e-8);
}

BOOST_AUTO_TEST_CASE(hessian_of_norm) {
    const auto f = eg::norm(x);
    const auto h = eg::hessian(f, x = x3);
    // (I - x xᵀ / |x|²) / |x|
    const double r = std::sqrt(x3(0) * x3(0) + x3(1) * x3(1) + x3(2) * x3(2));
    xt::xtensor<double, 2> expected = xt::zeros<double>({3, 3});
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j) expected(i, j) = ((i == j ? 1.0 : 0.0) - x3(i) * x3(j) / (r * r)) / r;
    check_same(h, expected, 1e-14);
    check_elements(h, ref::norm_hessian, 1e-14);
    check_same(h, hessian_by_differences(f, x3), 1e-8);
}

BOOST_AUTO_TEST_CASE(hessian_of_elementwise_chain_against_pytorch) {
    const auto f = eg::sum(eg::tanh(x) * eg::log(x * x + 1));
    const auto h = eg::hessian(f, x = x3);
    check_elements(h, ref::tanh_log_hessian, 1e-14);
    check_same(h, hessian_by_differences(f, x3), 1e-8);
}

BOOST_AUTO_TEST_CASE(hessian_of_logistic_loss_with_parameters) {
    const auto h = eg::hessian(logistic_loss, w = w4, a = features, y = labels);
    check_elements(h, ref::logistic_hessian, 1e-14);
    // analytic: mean over samples of s(1 - s) a aᵀ (s the sigmoid of the margin) plus 0.1 I
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = 0; j < 4; ++j) {
            double expected = i == j ? 0.1 : 0.0;
            for (std::size_t k = 0; k < 3; ++k) {
                double margin = 0;
                for (std::size_t c = 0; c < 4; ++c) margin += features(k, c) * w4(c);
                const double s = 1 / (1 + std::exp(-labels(k) * margin));
                expected += s * (1 - s) * features(k, i) * features(k, j) / 3;
            }
            ETGRAD_CHECK_CLOSE(h(i, j), expected, 1e-13);
        }
    const xt::xtensor<double, 1> v = {1.0, 0.5, -0.25, 2.0};
    check_elements(eg::hvp(logistic_loss, v, w = w4, a = features, y = labels), ref::logistic_hvp, 1e-14);
}

BOOST_AUTO_TEST_CASE(hvp_is_the_hessian_times_v) {
    const auto f = eg::sum(eg::exp(x)) * eg::sum(x);
    const auto hv = eg::hvp(f, v3, x = x3);
    static_assert(std::is_same_v<decltype(hv), const xt::xtensor<double, 1>>);
    check_elements(hv, ref::exp_times_sum_hvp, 1e-14);
    const auto h = eg::hessian(f, x = x3);
    for (std::size_t i = 0; i < 3; ++i)
        ETGRAD_CHECK_CLOSE(hv(i), h(i, 0) * v3(0) + h(i, 1) * v3(1) + h(i, 2) * v3(2), 1e-14);
    // any bindable direction: a std::vector, and float elements
    check_same(eg::hvp(f, std::vector<double>{0.3, -0.7, 1.1}, x = x3), hv, 1e-15);
    const auto from_floats = eg::hvp(f, std::vector<float>{0.3f, -0.7f, 1.1f}, x = x3);
    check_same(from_floats, hv, 1e-7);
}

BOOST_AUTO_TEST_CASE(jacobian_of_array_valued_f) {
    const auto f = eg::exp(x) * eg::sum(x);
    const auto j = eg::jacobian(f, x = x3);
    static_assert(std::is_same_v<decltype(j), const xt::xtensor<double, 2>>);
    // J_ij = e^x_i (s δ_ij + 1)
    const double s = x3(0) + x3(1) + x3(2);
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t k = 0; k < 3; ++k) ETGRAD_CHECK_CLOSE(j(i, k), std::exp(x3(i)) * ((i == k ? s : 0.0) + 1), 1e-15);
    check_elements(j, ref::exp_times_sum_jacobian, 1e-15);
    check_elements(eg::jacobian(eg::sigmoid(x) * eg::sin(x), x = x3), ref::sigmoid_sin_jacobian, 1e-15);
}

BOOST_AUTO_TEST_CASE(jacobian_rectangular_through_an_axis_reduction) {
    // sin(A x), the product written as an axis sum: shape (2, 3), columns from directional derivatives
    const xt::xtensor<double, 2> matrix = {{1.0, 2.0, -1.0}, {0.5, -0.25, 3.0}};
    const auto j = eg::jacobian(eg::sin(eg::sum(a * x, 1)), x = x3, a = matrix);
    BOOST_TEST((j.shape() == std::array<std::size_t, 2>{2, 3}));
    check_elements(j, ref::axis_jacobian, 1e-15);
    // against central differences of eval, row by row
    for (std::size_t k = 0; k < 3; ++k) {
        xt::xtensor<double, 1> up = x3, down = x3;
        up(k) += 1e-6;
        down(k) -= 1e-6;
        const xt::xarray<double> diff = (eg::eval(eg::sin(eg::sum(a * x, 1)), x = up, a = matrix) -
                                         eg::eval(eg::sin(eg::sum(a * x, 1)), x = down, a = matrix)) / 2e-6;
        for (std::size_t i = 0; i < 2; ++i) ETGRAD_CHECK_CLOSE(j(i, k), diff(i), 1e-8);
    }
}

BOOST_AUTO_TEST_CASE(jacobian_shapes_follow_pytorch) {
    // f scalar, x a vector: the gradient, shape (n)
    const auto g = eg::jacobian(eg::sum(x * x), x = x3);
    static_assert(std::is_same_v<decltype(g), const xt::xtensor<double, 1>>);
    check_same(g, xt::xtensor<double, 1>{1.0, -2.0, 4.0}, 1e-15);
    // which grad computes, through products too (eg::d is not needed)
    check_same(eg::jacobian(eg::dot(x, x), x = x3), g, 1e-15);
    // f a vector, x a number: shape (m); the bound vector is a parameter
    const auto by_number = eg::jacobian(eg::exp(a * t) / (1 + t * t), t = 0.7, a = x3);
    static_assert(std::is_same_v<decltype(by_number), const xt::xtensor<double, 1>>);
    check_elements(by_number, ref::scalar_x_jacobian, 1e-15);
    // a vector f whose directional derivative is a number broadcast to f's shape
    check_same(eg::jacobian(a + t, t = 2.0, a = x3), xt::xtensor<double, 1>{1.0, 1.0, 1.0}, 0.0);
    // x bound to a std::vector or an xarray
    const std::vector<double> as_vector(x3.begin(), x3.end());
    check_same(eg::jacobian(eg::exp(x) * eg::sum(x), x = as_vector), eg::jacobian(eg::exp(x) * eg::sum(x), x = x3), 0.0);
    const xt::xarray<double> as_xarray = x3;
    check_same(eg::hessian(eg::sum(x * x * x), x = as_xarray), eg::hessian(eg::sum(x * x * x), x = x3), 0.0);
}

BOOST_AUTO_TEST_CASE(piecewise_and_named_expressions) {
    // where: the derivative of the branch in force; a product inside a condition is not differentiated
    const auto h = eg::hessian(eg::sum(eg::where(x > 0, x * x * x, -(x * x))), x = x3);
    check_same(h, xt::xtensor<double, 2>{{3.0, 0.0, 0.0}, {0.0, -2.0, 0.0}, {0.0, 0.0, 12.0}}, 1e-15);
    const auto gated = eg::sum(x * x) * (eg::dot(x, x) > 1.0);
    check_same(eg::hessian(gated, x = x3), xt::xtensor<double, 2>{{2.0, 0.0, 0.0}, {0.0, 2.0, 0.0}, {0.0, 0.0, 2.0}}, 0.0);
    // an eg::let: its tangent is named after the direction, apart from eg::d's
    const auto named = eg::let<"q">(x * x, [](auto q) { return eg::sum(q * q + eg::sin(q)); });
    const auto written_out = eg::sum((x * x) * (x * x) + eg::sin(x * x));
    check_same(eg::hessian(named, x = x3), eg::hessian(written_out, x = x3), 1e-15);
    check_same(eg::hessian(named, x = x3), hessian_by_differences(written_out, x3), 1e-8);
}

BOOST_AUTO_TEST_CASE(a_linear_f_has_a_zero_hessian) {
    const auto h = eg::hessian(eg::sum(x * 3.0) + y, x = x3, y = 1.0);
    check_same(h, xt::xtensor<double, 2>(xt::zeros<double>({3, 3})), 0.0);
    check_same(eg::hvp(eg::sum(x * 3.0), v3, x = x3), xt::xtensor<double, 1>(xt::zeros<double>({3})), 0.0);
    // a variable f does not use, allowed: zeros
    check_same(eg::hessian(eg::sum(y * y), eg::allow_unused(x = x3), y = x3), xt::xtensor<double, 2>(xt::zeros<double>({3, 3})), 0.0);
    check_same(eg::jacobian(y * y, eg::allow_unused(x = x3), y = x3), xt::xtensor<double, 2>(xt::zeros<double>({3, 3})), 0.0);
}

BOOST_AUTO_TEST_CASE(run_time_errors) {
    const xt::xarray<double> matrix = {{1.0, 2.0}, {3.0, 4.0}};
    BOOST_CHECK_EXCEPTION(eg::hessian(eg::sum(x * x), x = matrix), std::invalid_argument, [](const auto& e) {
        return std::string(e.what()) ==
               "etgrad::hessian(f, x = value): x must be bound to a number or a 1-D array, but its value has 2 dimensions";
    });
    BOOST_CHECK_EXCEPTION(eg::hvp(eg::sum(x * x), std::vector<double>{1.0, 2.0}, x = x3), std::invalid_argument,
                          [](const auto& e) {
                              return std::string(e.what()) ==
                                     "etgrad::hvp(f, v, x = value): v has invalid size: should be [3] but got [2]";
                          });
    const xt::xarray<double> rows = {{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
    BOOST_CHECK_EXCEPTION(eg::jacobian(x * a, x = x3, a = rows), std::invalid_argument, [](const auto& e) {
        return std::string(e.what()) ==
               "etgrad::jacobian(f, x = value): f must be a number or a 1-D array, but its value has 2 dimensions";
    });
}

BOOST_AUTO_TEST_SUITE_END()
