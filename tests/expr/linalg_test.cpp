// SPDX-License-Identifier: MIT
// Matrix products in the static layer (eg::matmul, eg::dot, eg::transpose): values and gradients
// against PyTorch, finite differences and the analytic formulas; PyTorch's errors for shapes that
// do not fit; and the stored-node paths (elementwise operands, operands shared with loops,
// products of products, axis reductions of products).
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>

#include <xtensor/xarray.hpp>
#include <xtensor/xfixed.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xtensor.hpp>

#include "reference/linalg_reference.hpp"
#include "support.hpp"

using namespace etgrad_test;
namespace ref = etgrad_test::linalg_ref;

namespace {

constexpr auto A = eg::var<"A">;
constexpr auto B = eg::var<"B">;

const xt::xtensor<double, 2> a23 = {{1.0, 2.0, -1.0}, {0.5, -0.25, 3.0}};
const xt::xtensor<double, 2> b34 = {{0.3, -0.7, 1.1, 0.2}, {-1.2, 0.4, 0.9, -0.5}, {0.6, 0.8, -0.3, 1.5}};
const xt::xtensor<double, 1> v2 = {0.7, -1.3};
const xt::xtensor<double, 1> v3 = {0.3, -0.7, 1.1};
const xt::xtensor<double, 1> w3 = {1.5, 0.25, -2.0};

template <class G, std::size_t N>
void check_against(const G& g, const double (&expected)[N], double tol) {
    BOOST_TEST_REQUIRE(g.size() == N);
    for (std::size_t k = 0; k < N; ++k) ETGRAD_CHECK_CLOSE(g.flat(k), expected[k], tol);
}

// A value_and_grad result against PyTorch's: the value and the gradients of placeholders p and q.
template <class R, class P, class Q, std::size_t M, std::size_t N>
void check_against(const R& r, P p, Q q, double value, const double (&grad_p)[M], const double (&grad_q)[N],
                   double tol) {
    ETGRAD_CHECK_CLOSE(r.value, value, tol);
    check_against(r.grad[p], grad_p, tol);
    check_against(r.grad[q], grad_q, tol);
}

// The std::invalid_argument of evaluating f has exactly the text `expected`.
template <class F>
void check_throws(const F& f, const std::string& expected) {
    BOOST_CHECK_EXCEPTION(f(), std::invalid_argument, [&](const std::invalid_argument& e) {
        BOOST_TEST_INFO("what(): " << e.what());
        return std::string(e.what()) == expected;
    });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(linalg)

BOOST_AUTO_TEST_CASE(matrix_times_matrix_is_the_product) {
    const auto p = eg::eval(eg::matmul(A, B), A = a23, B = b34);
    BOOST_TEST((p.shape() == std::vector<std::size_t>{2, 4}));
    check_against(p, ref::product_value, 1e-15);
    // the transposes: (A B)ᵀ = Bᵀ Aᵀ
    const auto q = eg::eval(eg::matmul(eg::transpose(B), eg::transpose(A)), A = a23, B = b34);
    BOOST_TEST((q.shape() == std::vector<std::size_t>{4, 2}));
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 4; ++j) ETGRAD_CHECK_CLOSE(q(j, i), p(i, j), 1e-15);
}

BOOST_AUTO_TEST_CASE(matrix_times_vector_matches_pytorch_and_the_analytic_gradient) {
    const auto f = 0.5 * eg::sum(eg::square(eg::matmul(A, x)));
    const auto [value, g] = eg::value_and_grad(f, A = a23, x = v3);
    ETGRAD_CHECK_CLOSE(value, ref::mv_value, 1e-15);
    check_against(g[A], ref::mv_grad_0, 1e-15);
    check_against(g[x], ref::mv_grad_1, 1e-15);
    // analytic: with y = A x, d/dA = y xᵀ and d/dx = Aᵀ y
    const xt::xtensor<double, 1> y_ = {1.0 * 0.3 - 2.0 * 0.7 - 1.1, 0.5 * 0.3 + 0.25 * 0.7 + 3.0 * 1.1};
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 3; ++j) ETGRAD_CHECK_CLOSE(g[A](i, j), y_(i) * v3(j), 1e-14);
    for (std::size_t j = 0; j < 3; ++j) ETGRAD_CHECK_CLOSE(g[x](j), a23(0, j) * y_(0) + a23(1, j) * y_(1), 1e-14);
    BOOST_TEST(eg::gradcheck(f, A = a23, x = v3));
    // only x's gradient: the product's backward skips A's
    const auto gx = eg::grad(f, A = a23, x = v3, eg::wrt(x));
    check_against(gx[x], ref::mv_grad_1, 1e-15);
    // ranks that the types do not fix: the general product (kernel::matmul), not kernel::matvec
    const xt::xarray<double> a_any = a23, v_any = v3;
    const auto [value_any, g_any] = eg::value_and_grad(f, A = a_any, x = v_any);
    ETGRAD_CHECK_CLOSE(value_any, ref::mv_value, 1e-15);
    check_against(g_any[A], ref::mv_grad_0, 1e-15);
    check_against(g_any[x], ref::mv_grad_1, 1e-15);
}

BOOST_AUTO_TEST_CASE(products_of_elementwise_operands_match_pytorch) {
    const auto f = eg::sum(eg::tanh(eg::matmul(A * 0.5, B + 0.1)));
    check_against(eg::value_and_grad(f, A = a23, B = b34), A, B, ref::mm_value, ref::mm_grad_0, ref::mm_grad_1, 1e-14);
    BOOST_TEST(eg::gradcheck(f, A = a23, B = b34));
}

BOOST_AUTO_TEST_CASE(vector_times_matrix_matches_pytorch) {
    const auto f = eg::sum(eg::square(eg::matmul(x, A)));
    BOOST_TEST((eg::eval(eg::matmul(x, A), x = v2, A = a23).shape() == std::vector<std::size_t>{3}));
    check_against(eg::value_and_grad(f, x = v2, A = a23), x, A, ref::vm_value, ref::vm_grad_0, ref::vm_grad_1, 1e-14);
    BOOST_TEST(eg::gradcheck(f, x = v2, A = a23));
}

BOOST_AUTO_TEST_CASE(vector_times_vector_is_a_0d_array) {
    const auto p = eg::eval(eg::matmul(x, y), x = v3, y = w3);
    BOOST_TEST(p.dimension() == 0u);
    ETGRAD_CHECK_CLOSE(p(), 0.3 * 1.5 - 0.7 * 0.25 - 1.1 * 2.0, 1e-15);
    const auto f = eg::sum(eg::matmul(x, eg::sin(y))) * 3.0;
    check_against(eg::value_and_grad(f, x = v3, y = w3), x, y, ref::vv_value, ref::vv_grad_0, ref::vv_grad_1, 1e-15);
}

BOOST_AUTO_TEST_CASE(dot_matches_pytorch_and_the_analytic_gradient) {
    ETGRAD_CHECK_CLOSE(eg::eval(eg::dot(x, y), x = v3, y = w3), 0.3 * 1.5 - 0.7 * 0.25 - 1.1 * 2.0, 1e-15);
    const auto plain = eg::grad(eg::dot(x, y), x = v3, y = w3);  // d/dx = y, d/dy = x
    for (std::size_t k = 0; k < 3; ++k) {
        BOOST_TEST(plain[x](k) == w3(k));
        BOOST_TEST(plain[y](k) == v3(k));
    }
    const auto f = eg::exp(eg::dot(x, eg::sin(y)));
    check_against(eg::value_and_grad(f, x = v3, y = w3), x, y, ref::dot_value, ref::dot_grad_0, ref::dot_grad_1, 1e-15);
    BOOST_TEST(eg::gradcheck(f, x = v3, y = w3));
}

// The report: dot of a matrix and a vector gave a number (8793.17 for 203.833). Now it is
// PyTorch's error, and matmul is the product.
BOOST_AUTO_TEST_CASE(dot_of_a_matrix_throws_instead_of_a_wrong_number) {
    const xt::xarray<double> m = a23;
    const xt::xarray<double> v = v3;
    check_throws([&] { return eg::eval(eg::dot(A, x), A = m, x = v); },
                 "1D tensors expected, but got 2D and 1D tensors");
    check_throws([&] { return eg::eval(eg::dot(x, A), A = m, x = v); },
                 "1D tensors expected, but got 1D and 2D tensors");
    const xt::xarray<double> four = {1.0, 2.0, 3.0, 4.0};
    check_throws([&] { return eg::grad(eg::dot(x, y), x = v, y = four); },
                 "inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but "
                 "got 3 and 4 elements respectively");
    const auto p = eg::eval(eg::matmul(A, x), A = m, x = v);
    ETGRAD_CHECK_CLOSE(p(0), 0.3 - 1.4 - 1.1, 1e-15);
}

BOOST_AUTO_TEST_CASE(shapes_that_do_not_fit_throw_pytorchs_errors) {
    check_throws([] { return eg::eval(eg::matmul(A, B), A = a23, B = a23); },
                 "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)");
    check_throws([] { return eg::eval(eg::matmul(x, A), x = v3, A = a23); },
                 "mat1 and mat2 shapes cannot be multiplied (1x3 and 2x3)");
    check_throws([] { return eg::eval(eg::matmul(A, x), A = a23, x = v2); }, "size mismatch, got 2, 2x3,2");
    check_throws([] { return eg::eval(eg::matmul(x, y), x = v3, y = v2); },
                 "inconsistent tensor size, expected tensor [3] and src [2] to have the same number of elements, but "
                 "got 3 and 2 elements respectively");
    const xt::xarray<double> scalar = 2.0, cube = xt::xarray<double>::from_shape({2, 2, 2});
    check_throws([&] { return eg::eval(eg::matmul(A, x), A = scalar, x = v3); },
                 "both arguments to matmul need to be at least 1D, but they are 0D and 1D");
    check_throws([&] { return eg::eval(eg::matmul(A, x), A = cube, x = v2); },
                 "etgrad::matmul(a, b): stacks of matrices (rank above 2) are not supported, got 3D and 1D");
    check_throws([&] { return eg::eval(eg::transpose(A), A = cube); },
                 "t() expects a tensor with <= 2 dimensions, but self is 3D");
}

BOOST_AUTO_TEST_CASE(transpose_matches_pytorch) {
    const auto f = eg::sum(eg::square(eg::matmul(eg::transpose(A), A * x)));
    check_against(eg::value_and_grad(f, A = a23, x = w3), A, x, ref::transpose_value, ref::transpose_grad_0,
                  ref::transpose_grad_1, 1e-14);
    BOOST_TEST(eg::gradcheck(f, A = a23, x = w3));
    // a vector is its own transpose
    const auto t = eg::eval(eg::transpose(x), x = v3);
    BOOST_TEST(t == v3);
}

// x's gradient has two writers, the product and a fused loop: both shares are added.
BOOST_AUTO_TEST_CASE(an_operand_shared_with_a_loop_gets_both_shares) {
    const auto f = eg::sum(eg::square(eg::matmul(A, x))) + eg::sum(x * eg::cos(x));
    check_against(eg::value_and_grad(f, A = a23, x = v3), A, x, ref::shared_value, ref::shared_grad_0,
                  ref::shared_grad_1, 1e-14);
    // the same operand on both sides
    const auto [v, gx] = eg::value_and_grad(eg::dot(x, x) + eg::sum(eg::matmul(x * 2.0, x)), x = v3);
    ETGRAD_CHECK_CLOSE(v, 3.0 * (0.09 + 0.49 + 1.21), 1e-15);
    for (std::size_t k = 0; k < 3; ++k) ETGRAD_CHECK_CLOSE(gx[x](k), 6.0 * v3(k), 1e-15);
}

BOOST_AUTO_TEST_CASE(products_of_products_match_pytorch) {
    constexpr auto z = eg::var<"z">;
    const xt::xtensor<double, 1> v4 = {0.5, -0.1, 0.2, 0.9};
    const auto f = eg::sum(eg::pow(eg::matmul(A, eg::matmul(B, z)), 3));
    const auto [value, g] = eg::value_and_grad(f, A = a23, B = b34, z = v4);
    ETGRAD_CHECK_CLOSE(value, ref::chain_value, 1e-14);
    check_against(g[A], ref::chain_grad_0, 1e-14);
    check_against(g[B], ref::chain_grad_1, 1e-14);
    check_against(g[z], ref::chain_grad_2, 1e-14);
}

BOOST_AUTO_TEST_CASE(axis_reductions_of_products_match_pytorch) {
    const xt::xtensor<double, 1> c = {0.0, 1.0, 2.0, 3.0};
    const auto f = eg::sum(eg::exp(eg::sum(eg::matmul(A, B), 0)) * x);
    check_against(eg::value_and_grad(f, A = a23, B = b34, x = c, eg::wrt(A, B)), A, B, ref::axis_value,
                  ref::axis_grad_0, ref::axis_grad_1, 1e-14);
}

BOOST_AUTO_TEST_CASE(fixed_size_operands_of_the_right_rank_work) {
    const xt::xtensor_fixed<double, xt::xshape<2, 3>> m = a23;
    const xt::xtensor_fixed<double, xt::xshape<3>> v = v3;
    const auto f = 0.5 * eg::sum(eg::square(eg::matmul(A, x))) + eg::dot(x, x);
    const auto [value, g] = eg::value_and_grad(f, A = m, x = v);
    ETGRAD_CHECK_CLOSE(value, ref::mv_value + 0.09 + 0.49 + 1.21, 1e-15);
    for (std::size_t k = 0; k < 3; ++k) ETGRAD_CHECK_CLOSE(g[x](k), ref::mv_grad_1[k] + 2.0 * v3(k), 1e-14);
}

// Sizes past the kernels' blocks (four rows or columns, SIMD batches, panels), with tails:
// f = sum(W * (A B)) has the gradients W Bᵀ and Aᵀ W, written here as loops.
BOOST_AUTO_TEST_CASE(larger_products_agree_with_the_analytic_gradients) {
    constexpr auto W = eg::var<"W">;
    const auto filled = [](std::size_t rows, std::size_t cols, double phase) {
        xt::xtensor<double, 2> m = xt::xtensor<double, 2>::from_shape({rows, cols});
        for (std::size_t k = 0; k < m.size(); ++k) m.flat(k) = std::sin(1.7 * static_cast<double>(k) + phase);
        return m;
    };
    const auto product = [](const auto& p, const auto& q, bool p_transposed, bool q_transposed) {
        const std::size_t rows = p.shape()[p_transposed ? 1 : 0], inner = p.shape()[p_transposed ? 0 : 1];
        const std::size_t cols = q.shape()[q_transposed ? 0 : 1];
        xt::xtensor<double, 2> r = xt::zeros<double>({rows, cols});
        for (std::size_t i = 0; i < rows; ++i)
            for (std::size_t j = 0; j < cols; ++j)
                for (std::size_t k = 0; k < inner; ++k)
                    r(i, j) += (p_transposed ? p(k, i) : p(i, k)) * (q_transposed ? q(j, k) : q(k, j));
        return r;
    };
    const auto check = [&](std::size_t inner, std::size_t n) {
        const auto a = filled(9, inner, 0.1), b = filled(inner, n, 0.2), w = filled(9, n, 0.3);
        const auto r = eg::value_and_grad(eg::sum(W * eg::matmul(A, B)), A = a, B = b, W = w, eg::wrt(A, B));
        const auto ab = product(a, b, false, false);
        double expected = 0.0;
        for (std::size_t k = 0; k < ab.size(); ++k) expected += ab.flat(k) * w.flat(k);
        ETGRAD_CHECK_CLOSE(r.value, expected, 1e-13);
        const auto ga = product(w, b, false, true), gb = product(a, w, true, false);
        for (std::size_t k = 0; k < ga.size(); ++k) ETGRAD_CHECK_CLOSE(r.grad[A].flat(k), ga.flat(k), 1e-13);
        for (std::size_t k = 0; k < gb.size(); ++k) ETGRAD_CHECK_CLOSE(r.grad[B].flat(k), gb.flat(k), 1e-13);
    };
    for (const std::size_t inner : {13u, 300u})  // 300: past the kernel's 256 rows of b per panel
        for (const std::size_t n : {1u, 6u, 11u}) check(inner, n);
    // a vector on the left: the same with one row
    const auto u = filled(1, 9, 0.4), a = filled(9, 13, 0.1), w = filled(1, 13, 0.5);
    const xt::xtensor<double, 1> uv = xt::flatten(u), wv = xt::flatten(w);
    const auto g = eg::grad(eg::sum(W * eg::matmul(x, A)), x = uv, A = a, W = wv, eg::wrt(x, A));
    const auto gx = product(w, a, false, true), ga = product(u, w, true, false);
    for (std::size_t k = 0; k < gx.size(); ++k) ETGRAD_CHECK_CLOSE(g[x].flat(k), gx.flat(k), 1e-13);
    for (std::size_t k = 0; k < ga.size(); ++k) ETGRAD_CHECK_CLOSE(g[A].flat(k), ga.flat(k), 1e-13);
}

// A stored operand is reused across calls with other shapes (kernel::scratch).
BOOST_AUTO_TEST_CASE(repeated_evaluations_with_new_shapes_agree) {
    const auto f = eg::sum(eg::square(eg::matmul(A, x + 1.0)));
    auto r = eg::value_and_grad(f, A = a23, x = v3);
    const xt::xtensor<double, 2> a22 = {{1.0, 2.0}, {3.0, 4.0}};
    const double second = eg::value_and_grad_into(r.grad, f, A = a22, x = v2);
    ETGRAD_CHECK_CLOSE(second, std::pow(1.7 + 2 * -0.3, 2) + std::pow(3 * 1.7 + 4 * -0.3, 2), 1e-15);
    BOOST_TEST(eg::gradcheck(f, A = a22, x = v2));
}

BOOST_AUTO_TEST_SUITE_END()
