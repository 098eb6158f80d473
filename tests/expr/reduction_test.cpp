// SPDX-License-Identifier: MIT
// max, min, prod, logsumexp, softmax and log_softmax in the static layer (materialised lane nodes):
// values and gradients against PyTorch, finite differences and analytic formulas; ties, zeros,
// infinities and large values; negative axes, 3-D lanes, compositions with loops and products;
// PyTorch's errors for axes that do not exist and lanes of no element.
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <xtensor/xarray.hpp>
#include <xtensor/xtensor.hpp>

#include "reference/reduction_reference.hpp"
#include "support.hpp"

using namespace etgrad_test;
namespace ref = etgrad_test::reduction_ref;

namespace {

constexpr auto X = eg::var<"X">;
constexpr auto W = eg::var<"W">;
constexpr double inf = std::numeric_limits<double>::infinity();

const xt::xtensor<double, 2> x23 = {{0.5, -1.2, 2.0}, {1.5, 0.3, -0.7}};
const xt::xtensor<double, 2> ties23 = {{1.0, 3.0, 3.0}, {3.0, -2.0, 3.0}};
const xt::xtensor<double, 2> one_zero23 = {{0.5, 0.0, 2.0}, {1.5, -2.0, 0.5}};
const xt::xtensor<double, 2> two_zeros23 = {{0.0, 2.0, 0.0}, {1.5, -0.5, 3.0}};
const xt::xtensor<double, 3> x232 = {{{0.2, -0.4}, {1.1, 0.6}, {-0.9, 1.3}}, {{0.7, 0.1}, {-0.3, 2.2}, {0.4, -1.5}}};
const xt::xtensor<double, 1> w2 = {2.0, -1.0};
const xt::xtensor<double, 1> w3 = {0.5, -1.5, 1.0};
const xt::xtensor<double, 2> w23 = {{1.0, -2.0, 0.5}, {0.25, 3.0, -1.0}};
const xt::xtensor<double, 2> w22 = {{1.0, -0.5}, {2.0, 0.75}};
const xt::xtensor<double, 3> w232 = {{{1.0, -2.0}, {0.5, 0.25}, {3.0, -1.0}}, {{-0.5, 1.5}, {2.0, -0.75}, {0.1, 1.0}}};

template <class G, std::size_t N>
void check_elements(const G& g, const double (&expected)[N], double tol) {
    BOOST_TEST_REQUIRE(g.size() == N);
    for (std::size_t k = 0; k < N; ++k) ETGRAD_CHECK_CLOSE(g.flat(k), expected[k], tol);
}

// value_and_grad of f at X = value (and W = weights when f reads W) against PyTorch's.
template <class F, class V, std::size_t N>
void check_against(const F& f, const V& value, double expected, const double (&grad)[N], double tol = 1e-14) {
    const auto r = eg::value_and_grad(f, X = value);
    ETGRAD_CHECK_CLOSE(r.value, expected, tol);
    check_elements(r.grad[X], grad, tol);
}
template <class F, class V, class Wt, std::size_t N>
void check_weighted(const F& f, const V& value, const Wt& weights, double expected, const double (&grad)[N],
                    double tol = 1e-14) {
    const auto r = eg::value_and_grad(f, X = value, W = weights, eg::wrt(X));
    ETGRAD_CHECK_CLOSE(r.value, expected, tol);
    check_elements(r.grad[X], grad, tol);
}

// The exception of evaluating f has type E and exactly the text `expected`.
template <class E, class F>
void check_throws(const F& f, const std::string& expected) {
    BOOST_CHECK_EXCEPTION(f(), E, [&](const E& e) {
        BOOST_TEST_INFO("what(): " << e.what());
        return std::string(e.what()) == expected;
    });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reductions)

BOOST_AUTO_TEST_CASE(max_min_over_all_match_pytorch) {
    BOOST_TEST(eg::eval(eg::max(X), X = x23) == 2.0);
    BOOST_TEST(eg::eval(eg::min(X), X = x23) == -1.2);
    // max inside an elementwise chain: X reaches f through the loop and through the max
    const auto chain = eg::sum(eg::sin(X) * eg::max(X));
    check_against(chain, x23, ref::max_chain_value, ref::max_chain_grad_0);
    BOOST_TEST(eg::gradcheck(chain, X = x23));
    const auto smallest = eg::pow(eg::min(X * 2.0), 2);
    check_against(smallest, x23, ref::min_all_value, ref::min_all_grad_0);
    BOOST_TEST(eg::gradcheck(smallest, X = x23));
}

// MaxBackward1: four elements equal the maximum, each gets a quarter of the adjoint.
BOOST_AUTO_TEST_CASE(ties_over_all_share_the_adjoint_evenly) {
    check_against(eg::max(X) * 3.0, ties23, ref::max_ties_value, ref::max_ties_grad_0);
    const auto g = eg::grad(eg::min(X), X = xt::xtensor<double, 1>{-1.0, 2.0, -1.0});
    BOOST_TEST(g[X](0) == 0.5);
    BOOST_TEST(g[X](1) == 0.0);
    BOOST_TEST(g[X](2) == 0.5);
}

// Along an axis the adjoint goes to the first of equal maxima (torch.max(t, dim)'s index).
BOOST_AUTO_TEST_CASE(max_min_along_an_axis_match_pytorch) {
    const auto rows = eg::eval(eg::max(X, 1), X = ties23);
    BOOST_TEST((rows.shape() == std::vector<std::size_t>{2}));
    BOOST_TEST(rows(0) == 3.0);
    BOOST_TEST(rows(1) == 3.0);
    check_weighted(eg::sum(W * eg::max(X, 1)), ties23, w2, ref::max_axis_ties_value, ref::max_axis_ties_grad_0);
    check_weighted(eg::sum(W * eg::max(X, 0)), x23, w3, ref::max_axis0_value, ref::max_axis0_grad_0);
    check_weighted(eg::sum(W * eg::min(X, -1)), x23, w2, ref::min_axis_neg_value, ref::min_axis_neg_grad_0);
    BOOST_TEST(eg::gradcheck(eg::sum(W * eg::min(X, -1)), X = x23, W = w2));
    // analytic: the gradient of sum(max(X, 1)) is one per row, at the first maximum
    const auto g = eg::grad(eg::sum(eg::max(X, 1)), X = ties23);
    const xt::xtensor<double, 2> first = {{0.0, 1.0, 0.0}, {1.0, 0.0, 0.0}};
    BOOST_TEST(g[X] == first);
}

BOOST_AUTO_TEST_CASE(prod_matches_pytorch_with_zeros) {
    check_against(eg::prod(X), x23, ref::prod_all_value, ref::prod_all_grad_0);
    check_against(eg::prod(X), one_zero23, ref::prod_one_zero_value, ref::prod_one_zero_grad_0);
    check_against(eg::exp(eg::prod(X + 0.0)), two_zeros23, ref::prod_two_zeros_value, ref::prod_two_zeros_grad_0);
    check_weighted(eg::sum(W * eg::prod(X, 0)), one_zero23, w3, ref::prod_axis0_value, ref::prod_axis0_grad_0);
    check_weighted(eg::sum(W * eg::prod(X, 1)), two_zeros23, w2, ref::prod_axis1_value, ref::prod_axis1_grad_0);
    // analytic: the product of the other elements, also at the one zero
    const auto g = eg::grad(eg::prod(X), X = one_zero23);
    BOOST_TEST(g[X](0, 1) == 0.5 * 2.0 * 1.5 * -2.0 * 0.5);
    BOOST_TEST(eg::gradcheck(eg::prod(X), X = one_zero23));
    BOOST_TEST(eg::gradcheck(eg::sum(W * eg::prod(X, 1)), X = two_zeros23, W = w2));
}

BOOST_AUTO_TEST_CASE(logsumexp_matches_pytorch) {
    check_against(eg::logsumexp(eg::cos(X)), x23, ref::logsumexp_all_value, ref::logsumexp_all_grad_0);
    check_weighted(eg::sum(W * eg::logsumexp(X, 1)), x23, w2, ref::logsumexp_axis_value, ref::logsumexp_axis_grad_0);
    BOOST_TEST(eg::gradcheck(eg::logsumexp(eg::cos(X)), X = x23));
    BOOST_TEST(eg::gradcheck(eg::sum(W * eg::logsumexp(X, 1)), X = x23, W = w2));
    // analytic: the value is log(sum(exp)); its gradient is the softmax
    double total = 0.0;
    for (const double v : x23) total += std::exp(v);
    const auto [value, g] = eg::value_and_grad(eg::logsumexp(X), X = x23);
    ETGRAD_CHECK_CLOSE(value, std::log(total), 1e-15);
    for (std::size_t k = 0; k < x23.size(); ++k) ETGRAD_CHECK_CLOSE(g[X].flat(k), std::exp(x23.flat(k)) / total, 1e-15);
    // exp(X - logsumexp(X)) sums to 1 whatever X: its gradient is 0
    const auto one = eg::sum(eg::exp(X - eg::logsumexp(X)));
    const auto r = eg::value_and_grad(one, X = x23);
    ETGRAD_CHECK_CLOSE(r.value, 1.0, 1e-15);
    for (const double d : r.grad[X]) BOOST_TEST(std::abs(d) < 1e-15);
}

BOOST_AUTO_TEST_CASE(softmax_and_log_softmax_match_pytorch) {
    check_weighted(eg::sum(W * eg::softmax(X, 1)), x23, w23, ref::softmax_axis1_value, ref::softmax_axis1_grad_0);
    check_weighted(eg::sum(W * eg::softmax(X * 2.0, -2)), x23, w23, ref::softmax_axis0_value, ref::softmax_axis0_grad_0);
    check_weighted(eg::sum(W * eg::log_softmax(X, -1)), x23, w23, ref::log_softmax_axis1_value,
                   ref::log_softmax_axis1_grad_0);
    check_against(eg::mean(eg::log_softmax(X, 1)), x23, ref::mean_log_softmax_value, ref::mean_log_softmax_grad_0);
    BOOST_TEST(eg::gradcheck(eg::sum(W * eg::softmax(X, 1)), X = x23, W = w23));
    BOOST_TEST(eg::gradcheck(eg::sum(W * eg::log_softmax(X, 0)), X = x23, W = w23));
    // analytic: rows sum to 1, and log_softmax is log of softmax
    const auto s = eg::eval(eg::softmax(X, 1), X = x23);
    const auto l = eg::eval(eg::log_softmax(X, 1), X = x23);
    BOOST_TEST((s.shape() == std::vector<std::size_t>{2, 3}));
    for (std::size_t i = 0; i < 2; ++i) {
        ETGRAD_CHECK_CLOSE(s(i, 0) + s(i, 1) + s(i, 2), 1.0, 1e-15);
        for (std::size_t j = 0; j < 3; ++j) ETGRAD_CHECK_CLOSE(l(i, j), std::log(s(i, j)), 1e-14);
    }
}

// Lanes along the middle axis of a 3-D array: elements two apart, two lanes per block.
BOOST_AUTO_TEST_CASE(lanes_of_a_3d_array_match_pytorch) {
    check_weighted(eg::sum(W * eg::softmax(X, 1)), x232, w232, ref::softmax_3d_value, ref::softmax_3d_grad_0);
    check_weighted(eg::sum(W * eg::log_softmax(X, 1)), x232, w232, ref::log_softmax_3d_value, ref::log_softmax_3d_grad_0);
    check_weighted(eg::sum(W * eg::max(X, 1)), x232, w22, ref::max_3d_value, ref::max_3d_grad_0);
    check_weighted(eg::sum(W * eg::prod(X, -2)), x232, w22, ref::prod_3d_value, ref::prod_3d_grad_0);
    check_weighted(eg::sum(W * eg::logsumexp(X, 1)), x232, w22, ref::logsumexp_3d_value, ref::logsumexp_3d_grad_0);
    BOOST_TEST((eg::eval(eg::max(X, 1), X = x232).shape() == std::vector<std::size_t>{2, 2}));
    BOOST_TEST(eg::gradcheck(eg::sum(W * eg::softmax(X, 1)), X = x232, W = w232));
}

// An elementwise operand is stored first; X also reaches the loop that reads the softmax.
BOOST_AUTO_TEST_CASE(compositions_with_loops_and_other_materialised_nodes) {
    const auto f = eg::sum(eg::softmax(eg::exp(X) - X, 1) * X);
    check_against(f, x23, ref::softmax_of_chain_value, ref::softmax_of_chain_grad_0);
    BOOST_TEST(eg::gradcheck(f, X = x23));
    // a materialised node of materialised nodes, and a product after a softmax
    BOOST_TEST(eg::gradcheck(eg::logsumexp(eg::softmax(eg::log_softmax(X, 1), 0) * 3.0), X = x23));
    const xt::xtensor<double, 1> v3 = {0.3, -0.7, 1.1};
    BOOST_TEST(eg::gradcheck(eg::max(eg::matmul(eg::softmax(X, 1), W)) + eg::prod(W), X = x23, W = v3));
    // the same stateless reduction written twice is one node: max counted twice, gradient doubled
    const auto twice = eg::value_and_grad(eg::max(X) + eg::max(X), X = x23);
    BOOST_TEST(twice.value == 4.0);
    BOOST_TEST(twice.grad[X](0, 2) == 2.0);
}

BOOST_AUTO_TEST_CASE(large_and_infinite_values_are_stable) {
    const xt::xtensor<double, 1> big = {1000.0, 1000.0};
    const auto [value, g] = eg::value_and_grad(eg::logsumexp(X), X = big);
    ETGRAD_CHECK_CLOSE(value, 1000.0 + std::log(2.0), 1e-15);
    // exp(x - out) with out = 1000 + log 2 rounded to 1000's ulp: PyTorch's 0.5000000000000275
    ETGRAD_CHECK_CLOSE(g[X](0), 0.5000000000000275, 1e-15);
    ETGRAD_CHECK_CLOSE(g[X](1), 0.5000000000000275, 1e-15);
    // a lane of -inf gives -inf (PyTorch's), and -inf elements get no gradient
    BOOST_TEST(eg::eval(eg::logsumexp(X), X = xt::xtensor<double, 1>{-inf, -inf}) == -inf);
    const auto h = eg::grad(eg::logsumexp(X), X = xt::xtensor<double, 1>{-inf, 0.0});
    BOOST_TEST(h[X](0) == 0.0);
    BOOST_TEST(h[X](1) == 1.0);
    const auto s = eg::eval(eg::softmax(X, 0), X = xt::xtensor<double, 1>{1000.0, 0.0, -1000.0});
    BOOST_TEST(s(0) == 1.0);
    BOOST_TEST(s(2) == 0.0);
    const auto l = eg::eval(eg::log_softmax(X, -1), X = xt::xtensor<double, 1>{1000.0, 0.0});
    BOOST_TEST(l(0) == 0.0);
    BOOST_TEST(l(1) == -1000.0);
    // NaN wins max, as in PyTorch
    BOOST_TEST(std::isnan(eg::eval(eg::max(X), X = xt::xtensor<double, 1>{1.0, std::nan(""), 2.0})));
}

BOOST_AUTO_TEST_CASE(float_arrays_and_fixed_shapes) {
    const xt::xtensor<float, 2> xf = {{0.5f, -1.2f, 2.0f}, {1.5f, 0.3f, -0.7f}};
    const auto [value, g] = eg::value_and_grad(eg::sum(eg::log_softmax(X, 1)) + eg::max(X), X = xf);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(value)>, float>);
    // d/dx of the row's sum of log_softmax is 1 - 3 softmax(x); the max adds 1
    const double softmax02 = std::exp(2.0) / (std::exp(0.5) + std::exp(-1.2) + std::exp(2.0));
    ETGRAD_CHECK_CLOSE(static_cast<double>(g[X](0, 2)), 2.0 - 3.0 * softmax02, 1e-6);
    const std::array<double, 3> a = {0.25, -0.5, 4.0};
    BOOST_TEST(eg::eval(eg::prod(X), X = a) == -0.5);
    BOOST_TEST(eg::eval(eg::min(X, 0), X = a)() == -0.5);
}

BOOST_AUTO_TEST_CASE(errors_have_pytorchs_text) {
    check_throws<std::out_of_range>([] { return eg::eval(eg::max(X, 2), X = x23); },
                                    "Dimension out of range (expected to be in range of [-2, 1], but got 2)");
    check_throws<std::out_of_range>([] { return eg::eval(eg::softmax(X, -3), X = x23); },
                                    "Dimension out of range (expected to be in range of [-2, 1], but got -3)");
    check_throws<std::out_of_range>([] { return eg::grad(eg::sum(eg::logsumexp(X, 2)), X = x23); },
                                    "Dimension out of range (expected to be in range of [-2, 1], but got 2)");
    const xt::xarray<double> empty = xt::xarray<double>::from_shape({2, 0});
    check_throws<std::invalid_argument>([&] { return eg::eval(eg::max(X), X = empty); },
                                        "max(): Expected reduction dim to be specified for input.numel() == 0. "
                                        "Specify the reduction dim with the 'dim' argument.");
    check_throws<std::invalid_argument>([&] { return eg::eval(eg::min(X, 1), X = empty); },
                                        "min(): Expected reduction dim 1 to have non-zero size.");
    // empty lanes that PyTorch reduces: prod 1, logsumexp -inf
    const auto p = eg::eval(eg::prod(X, 1), X = empty);
    BOOST_TEST(p(0) == 1.0);
    BOOST_TEST(eg::eval(eg::logsumexp(X), X = empty) == -inf);
}

BOOST_AUTO_TEST_SUITE_END()
