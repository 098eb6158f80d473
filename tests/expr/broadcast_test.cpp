// SPDX-License-Identifier: MIT
// NumPy broadcasting between operands, gradients summed back over broadcast dimensions (as
// PyTorch), axis reductions, and the errors for shapes that cannot broadcast.
#include <stdexcept>

#include <xtensor/xarray.hpp>
#include <xtensor/xtensor.hpp>

#include "reference/torch_reference.hpp"
#include "support.hpp"

using namespace etgrad_test;

BOOST_AUTO_TEST_SUITE(broadcast)

BOOST_AUTO_TEST_CASE(column_times_row_matches_pytorch) {
    const xt::xtensor<double, 2> a = {{0.5}, {-1.0}, {2.0}};
    const xt::xtensor<double, 2> b = {{1.0, 2.0, -0.5, 0.25}};
    const auto [value, g] = eg::value_and_grad(eg::sum(x * y + eg::sin(x)), x = a, y = b);
    ETGRAD_CHECK_CLOSE(value, torch_ref::broadcast_value, 1e-15);
    BOOST_TEST(g[x].shape() == a.shape(), boost::test_tools::per_element());
    BOOST_TEST(g[y].shape() == b.shape(), boost::test_tools::per_element());
    for (std::size_t i = 0; i < 3; ++i) ETGRAD_CHECK_CLOSE(g[x](i, 0), torch_ref::broadcast_grad_a[i], 1e-15);
    for (std::size_t j = 0; j < 4; ++j) ETGRAD_CHECK_CLOSE(g[y](0, j), torch_ref::broadcast_grad_b[j], 1e-15);
    BOOST_TEST(eg::gradcheck(eg::sum(x * y + eg::sin(x)), x = a, y = b));
}

BOOST_AUTO_TEST_CASE(lower_rank_operands_align_on_the_right) {
    const xt::xtensor<double, 2> m = {{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}};
    const xt::xtensor<double, 1> v = {10.0, 100.0};
    const auto r = eg::eval(x + y, x = m, y = v);
    BOOST_TEST(r(2, 1) == 106.0);
    const auto g = eg::grad(eg::sum(x * y), x = m, y = v);
    BOOST_TEST(g[y](0) == 9.0);
    BOOST_TEST(g[y](1) == 12.0);
}

// A loop of rank 1 broadcasts only operands of one element: one row, in which they have stride 0
// (fused_loop::one_strided_row).
BOOST_AUTO_TEST_CASE(one_element_operands_broadcast_along_a_vector) {
    constexpr auto z = eg::var<"z">;
    const xt::xtensor<double, 1> v = {1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0};
    const xt::xtensor<double, 1> one = {2.0};
    const xt::xtensor<double, 0> scalar = 3.0;
    const auto r = eg::eval(x * y + z, x = v, y = one, z = scalar);
    for (std::size_t k = 0; k < v.size(); ++k) BOOST_TEST(r(k) == v(k) * 2.0 + 3.0);
    const auto [value, g] = eg::value_and_grad(eg::sum(x * y * z), x = v, y = one, z = scalar);
    BOOST_TEST(value == 270.0);
    for (std::size_t k = 0; k < v.size(); ++k) BOOST_TEST(g[x](k) == 6.0);
    BOOST_TEST(g[y].shape() == one.shape(), boost::test_tools::per_element());
    BOOST_TEST(g[y](0) == 135.0);
    BOOST_TEST(g[z]() == 90.0);
    BOOST_TEST(eg::gradcheck(eg::sum(eg::exp(x * y) * z), x = v, y = one, z = scalar));
    BOOST_TEST(eg::eval(x * z, x = one, z = scalar)(0) == 6.0);
}

BOOST_AUTO_TEST_CASE(matrix_vector_product_by_axis_sum_matches_pytorch) {
    constexpr auto A = eg::var<"A">;
    const xt::xtensor<double, 2> av = {{1.0, 2.0, -1.0}, {0.5, -0.25, 3.0}};
    const xt::xtensor<double, 1> xv = {0.3, -0.7, 1.1};
    const auto f = 0.5 * eg::sum(eg::square(eg::sum(A * x, 1)));
    const auto [value, g] = eg::value_and_grad(f, A = av, x = xv);
    ETGRAD_CHECK_CLOSE(value, torch_ref::matvec_value, 1e-15);
    for (std::size_t k = 0; k < 6; ++k) ETGRAD_CHECK_CLOSE(g[A].flat(k), torch_ref::matvec_grad_A[k], 1e-14);
    for (std::size_t k = 0; k < 3; ++k) ETGRAD_CHECK_CLOSE(g[x](k), torch_ref::matvec_grad_x[k], 1e-14);
    BOOST_TEST(eg::gradcheck(f, A = av, x = xv));
}

BOOST_AUTO_TEST_CASE(mean_along_axis_0_matches_pytorch) {
    constexpr auto A = eg::var<"A">;
    const xt::xtensor<double, 2> av = {{1.0, 2.0, -1.0}, {0.5, -0.25, 3.0}};
    const xt::xtensor<double, 1> w = {1.0, 2.0, 3.0};
    const auto m = eg::eval(eg::mean(eg::exp(A), 0), A = av);
    for (std::size_t k = 0; k < 3; ++k) ETGRAD_CHECK_CLOSE(m(k), torch_ref::mean_axis0_value[k], 1e-15);
    const auto g = eg::grad(eg::sum(eg::mean(eg::exp(A), 0) * y), A = av, y = w, eg::wrt(A));
    for (std::size_t k = 0; k < 6; ++k) ETGRAD_CHECK_CLOSE(g[A].flat(k), torch_ref::mean_axis0_grad_A[k], 1e-14);
}

BOOST_AUTO_TEST_CASE(shapes_that_cannot_broadcast_throw_naming_both) {
    const xt::xtensor<double, 1> a = {1.0, 2.0, 3.0};
    const xt::xtensor<double, 1> b = {1.0, 2.0, 3.0, 4.0};
    BOOST_CHECK_EXCEPTION(eg::eval(eg::sum(x * y), x = a, y = b), std::invalid_argument, [](const auto& e) {
        const std::string what = e.what();
        return what.find("[3]") != std::string::npos && what.find("[4]") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(reducing_a_missing_axis_throws_like_pytorch) {
    const xt::xtensor<double, 1> a = {1.0, 2.0};
    BOOST_CHECK_EXCEPTION(eg::eval(eg::sum(eg::sum(x, 1)), x = a), std::out_of_range, [](const auto& e) {
        return std::string(e.what()) == "Dimension out of range (expected to be in range of [-1, 0], but got 1)";
    });
}

// A negative axis counts from the end, as in PyTorch: -1 is the last, -2 the one before.
BOOST_AUTO_TEST_CASE(negative_axes_count_from_the_end) {
    constexpr auto A = eg::var<"A">;
    const xt::xtensor<double, 2> av = {{1.0, 2.0, -1.0}, {0.5, -0.25, 3.0}};
    const xt::xtensor<double, 1> xv = {0.3, -0.7, 1.1};
    const auto [value, g] = eg::value_and_grad(0.5 * eg::sum(eg::square(eg::sum(A * x, -1))), A = av, x = xv);
    ETGRAD_CHECK_CLOSE(value, torch_ref::matvec_value, 1e-15);
    for (std::size_t k = 0; k < 6; ++k) ETGRAD_CHECK_CLOSE(g[A].flat(k), torch_ref::matvec_grad_A[k], 1e-14);
    const auto m = eg::eval(eg::mean(eg::exp(A), -2), A = av);
    for (std::size_t k = 0; k < 3; ++k) ETGRAD_CHECK_CLOSE(m(k), torch_ref::mean_axis0_value[k], 1e-15);
    BOOST_CHECK_EXCEPTION(eg::eval(eg::sum(eg::sum(A, -3)), A = av), std::out_of_range, [](const auto& e) {
        return std::string(e.what()) == "Dimension out of range (expected to be in range of [-2, 1], but got -3)";
    });
}

BOOST_AUTO_TEST_SUITE_END()
