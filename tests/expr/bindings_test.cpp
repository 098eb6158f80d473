// SPDX-License-Identifier: MIT
// std::vector and std::span bound as 1-D arrays (read in place, gradients as std::vector), and
// eg::allow_unused.
#include <span>
#include <type_traits>
#include <vector>

#include <xtensor/xarray.hpp>
#include <xtensor/xtensor.hpp>

#include "support.hpp"

using namespace etgrad_test;

namespace {

constexpr auto w = eg::var<"w">;
// f = sum(w * sin(x)) + mean(x * x); df/dx = w cos(x) + 2x/n, df/dw = sin(x)
constexpr auto f = eg::sum(w * eg::sin(x)) + eg::mean(x * x);
// torch: x = [0.5, -1.2, 2.0], w = [1.5, 0.25, -0.75] (float64)
constexpr double torch_value = 1.7008221329619033;
constexpr double torch_grad_x[] = {1.6497071761688924, -0.7094105613808315, 1.64544346074369};
constexpr double torch_grad_w[] = {0.479425538604203, -0.9320390859672263, 0.9092974268256817};

}  // namespace

BOOST_AUTO_TEST_SUITE(bindings)

BOOST_AUTO_TEST_CASE(a_vector_lvalue_is_read_in_place) {
    const std::vector<double> xv = {0.5, -1.2, 2.0};
    const auto b = (x = xv);
    static_assert(std::is_same_v<decltype(b.value), const std::vector<double>&>);
    BOOST_TEST(&b.value == &xv);
    const eg::detail::array_source<std::vector<double>> source(xv);
    BOOST_TEST(source.data == xv.data());
    static_assert(!decltype(source)::may_copy);
    const std::span<const double> s(xv);
    const eg::detail::array_source<std::span<const double>> span_source(s);
    BOOST_TEST(span_source.data == xv.data());
    eg::shape_t span_shape{2, {7, 7}};  // what an earlier shape left: overwritten, not kept
    eg::detail::assign_bound_shape(span_shape, s);
    BOOST_TEST(span_shape.rank == 1u);
    BOOST_TEST(span_shape.dims[0] == 3u);
    BOOST_TEST(span_shape.dims[1] == 0u);
    const xt::xarray<double> xa = {0.5, -1.2, 2.0};  // a run-time rank: written element by element
    eg::shape_t xarray_shape{2, {7, 7}};
    eg::detail::assign_bound_shape(xarray_shape, xa);
    BOOST_TEST(xarray_shape.rank == 1u);
    BOOST_TEST(xarray_shape.dims[0] == 3u);
    BOOST_TEST(xarray_shape.dims[1] == 0u);
}

BOOST_AUTO_TEST_CASE(vector_and_span_gradients_match_pytorch_and_finite_differences) {
    const std::vector<double> xv = {0.5, -1.2, 2.0};
    const std::vector<double> wv = {1.5, 0.25, -0.75};
    const auto [value, g] = eg::value_and_grad(f, x = xv, w = std::span<const double>(wv));
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(g[x])>, std::vector<double>>);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(g[w])>, std::vector<double>>);  // a span owns nothing
    ETGRAD_CHECK_CLOSE(value, torch_value, 1e-15);
    BOOST_TEST_REQUIRE(g[x].size() == 3u);
    BOOST_TEST_REQUIRE(g[w].size() == 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        ETGRAD_CHECK_CLOSE(g[x][i], torch_grad_x[i], 1e-15);
        ETGRAD_CHECK_CLOSE(g[w][i], torch_grad_w[i], 1e-15);
        ETGRAD_CHECK_CLOSE(g[x][i], wv[i] * std::cos(xv[i]) + 2 * xv[i] / 3, 1e-15);  // analytic
        ETGRAD_CHECK_CLOSE(g[w][i], std::sin(xv[i]), 1e-15);
    }
    BOOST_TEST(eg::gradcheck(f, x = xv, w = std::span<const double>(wv)));
    // the same numbers as with xtensor containers
    const xt::xtensor<double, 1> xt_x = {0.5, -1.2, 2.0}, xt_w = {1.5, 0.25, -0.75};
    BOOST_TEST(eg::eval(f, x = xv, w = wv) == eg::eval(f, x = xt_x, w = xt_w));
}

BOOST_AUTO_TEST_CASE(element_types_of_range_gradients) {
    const std::vector<float> xf = {0.5f, -1.25f};
    const std::span<const float> sf(xf);
    const auto gf = eg::grad(eg::sum(x * x), x = sf);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(gf[x])>, std::vector<float>>);
    BOOST_TEST(gf[x] == (std::vector<float>{1.0f, -2.5f}));
    const std::vector<int> xi = {1, -2, 3};
    const auto gi = eg::grad(eg::sum(x * x), x = xi);  // integers count as double
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(gi[x])>, std::vector<double>>);
    BOOST_TEST(gi[x] == (std::vector<double>{2.0, -4.0, 6.0}));
    std::vector<double> mutable_x = {1.0, 2.0};
    BOOST_TEST(eg::grad(eg::sum(x * x), x = std::span<double>(mutable_x))[x] == (std::vector<double>{2.0, 4.0}));
}

BOOST_AUTO_TEST_CASE(array_valued_eval_and_broadcasting_with_a_vector) {
    const std::vector<double> xv = {1.0, 2.0, 3.0};
    const auto out = eg::eval(x * y + 1, x = xv, y = 2.0);
    BOOST_TEST_REQUIRE(out.size() == 3u);
    for (std::size_t i = 0; i < 3; ++i) BOOST_TEST(out(i) == xv[i] * 2 + 1);
}

BOOST_AUTO_TEST_CASE(value_and_grad_into_resizes_a_vector_gradient) {
    std::vector<double> xv = {1.0, 2.0};
    const auto h = eg::sum(x * x * y);
    auto r = eg::value_and_grad(h, x = xv, y = 0.5);
    xv = {1.0, 2.0, 3.0};
    BOOST_TEST(eg::value_and_grad_into(r.grad, h, x = xv, y = 0.5) == 7.0);
    BOOST_TEST(r.grad[x] == (std::vector<double>{1.0, 2.0, 3.0}));
    BOOST_TEST(r.grad[y] == 14.0);
}

BOOST_AUTO_TEST_CASE(allow_unused_admits_unused_bindings) {
    constexpr auto z = eg::var<"z">;
    // one binding
    static_assert(eg::eval(x * x, x = 3.0, eg::allow_unused(z = 1.0)) == 9.0);
    // every binding of the call, as torch.autograd.grad(allow_unused=True)
    static_assert(eg::eval(eg::d(x * y, x), x = 3.0, y = 2.0, eg::allow_unused) == 2.0);
    const auto g = eg::grad(x * x, x = 3.0, eg::allow_unused(z = 1.0));
    static_assert(!std::remove_cvref_t<decltype(g)>::has<"z">);  // no gradient for what f does not use
    BOOST_TEST(g[x] == 6.0);
    static_assert(eg::gradcheck(eg::sin(x), x = 0.5, eg::allow_unused(z = 1.0)));
    BOOST_TEST(eg::gradcheck(eg::sum(x * x), x = std::vector<double>{1.0, 2.0}, z = 1.0, eg::allow_unused));
}

BOOST_AUTO_TEST_SUITE_END()
