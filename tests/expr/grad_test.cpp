// SPDX-License-Identifier: MIT
// grad and value_and_grad against PyTorch, the shapes and types of gradients, and eg::wrt.
#include <array>

#include <xtensor/xarray.hpp>
#include <xtensor/xfixed.hpp>
#include <xtensor/xtensor.hpp>

#include "reference/torch_reference.hpp"
#include "support.hpp"

using namespace etgrad_test;

BOOST_AUTO_TEST_SUITE(grad)

BOOST_AUTO_TEST_CASE(seed_expression_matches_pytorch) {
    constexpr auto f = eg::mean(2 * eg::pow(x + 2, 2));
    const xt::xtensor<double, 1> xv = {0.0220, 0.2922, 0.1679};
    const auto [value, g] = eg::value_and_grad(f, x = xv);
    ETGRAD_CHECK_CLOSE(value, torch_ref::seed_value, 1e-15);
    for (std::size_t i = 0; i < 3; ++i) {
        ETGRAD_CHECK_CLOSE(g[x](i), torch_ref::seed_grad[i], 1e-15);
        ETGRAD_CHECK_CLOSE(g[x](i), 4 * (xv(i) + 2) / 3, 1e-15);  // analytic
    }
    BOOST_TEST(eg::gradcheck(f, x = xv));
}

BOOST_AUTO_TEST_CASE(float_seed_matches_pytorch_float32) {
    const xt::xtensor<float, 1> xv = {0.0220f, 0.2922f, 0.1679f};
    const auto g = eg::grad(eg::mean(2 * eg::pow(x + 2, 2)), x = xv);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(g[x])>, xt::xtensor<float, 1>>);
    for (std::size_t i = 0; i < 3; ++i)
        BOOST_TEST(g[x](i) == torch_ref::seed_grad_f32[i], boost::test_tools::tolerance(1e-6f));
}

BOOST_AUTO_TEST_CASE(log_sum_exp_matches_pytorch) {
    const xt::xtensor<double, 1> xv = {0.5, -1.25, 2.0, 0.125};
    const auto [value, g] = eg::value_and_grad(eg::log(eg::sum(eg::exp(x))), x = xv);
    ETGRAD_CHECK_CLOSE(value, torch_ref::logsumexp_value, 1e-15);
    for (std::size_t i = 0; i < 4; ++i) ETGRAD_CHECK_CLOSE(g[x](i), torch_ref::logsumexp_grad[i], 1e-15);
}

BOOST_AUTO_TEST_CASE(normal_log_density_matches_pytorch) {
    constexpr auto data = eg::var<"y">;
    constexpr auto mu = eg::var<"mu">;
    constexpr auto sigma = eg::var<"sigma">;
    const xt::xtensor<double, 1> yv = {0.3, -1.1, 2.4, 0.9, 1.6};
    const auto f = eg::sum(-0.5 * eg::square((data - mu) / sigma)) - 5 * eg::log(sigma);
    const auto r = eg::value_and_grad(f, data = yv, mu = 0.7, sigma = 1.3, eg::wrt(mu, sigma));
    static_assert(decltype(r.grad)::size() == 2);
    ETGRAD_CHECK_CLOSE(r.value, torch_ref::normal_value, 1e-14);
    ETGRAD_CHECK_CLOSE(r.grad[mu], torch_ref::normal_grad_mu, 1e-14);
    ETGRAD_CHECK_CLOSE(r.grad[sigma], torch_ref::normal_grad_sigma, 1e-14);
    BOOST_TEST(eg::gradcheck(f, data = yv, mu = 0.7, sigma = 1.3));
}

BOOST_AUTO_TEST_CASE(gradients_have_the_bound_type_and_shape) {
    const std::array<double, 3> s = {1.0, 2.0, 3.0};
    const xt::xtensor_fixed<double, xt::xshape<2, 2>> fixed = {{1.0, 2.0}, {3.0, 4.0}};
    const xt::xarray<double> dyn = xt::ones<double>({2, 1});
    const auto g = eg::grad(eg::sum(x * x) + eg::sum(y) + eg::sum(eg::var<"z">), x = s, y = fixed,
                            eg::var<"z"> = dyn);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(g[x])>, std::array<double, 3>>);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(g[y])>, xt::xtensor_fixed<double, xt::xshape<2, 2>>>);
    BOOST_TEST(g[x][2] == 6.0);
    BOOST_TEST(g[y](1, 1) == 1.0);
    BOOST_TEST(g[eg::var<"z">].shape() == dyn.shape(), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(scalar_and_array_placeholders_mix) {
    const xt::xtensor<double, 1> xv = {0.0220, 0.2922, 0.1679};
    const auto [value, g] = eg::value_and_grad(eg::sum(x * y) + eg::exp(y), x = xv, y = 0.5);
    ETGRAD_CHECK_CLOSE(value, 0.5 * (0.0220 + 0.2922 + 0.1679) + std::exp(0.5), 1e-15);
    for (std::size_t i = 0; i < 3; ++i) BOOST_TEST(g[x](i) == 0.5);
    ETGRAD_CHECK_CLOSE(g[y], 0.0220 + 0.2922 + 0.1679 + std::exp(0.5), 1e-15);
}

BOOST_AUTO_TEST_CASE(wrt_selects_gradients) {
    const auto g = eg::grad(x * y, x = 2.0, y = 3.0, eg::wrt(y));
    static_assert(decltype(g)::size() == 1);
    BOOST_TEST(g[y] == 2.0);
}

// An element whose reverse sweep keeps many values live: a loop whose only differentiated leaf is
// one array runs it in forward mode.
constexpr auto deep = [](const auto& e) { return eg::sin(e) * eg::cos(e) * eg::exp(e) * e * eg::tanh(e) * (e + 1); };
double deep_value(double v) { return std::sin(v) * std::cos(v) * std::exp(v) * v * std::tanh(v) * (v + 1); }
double deep_derivative(double v) {  // logarithmic derivative times the value
    const double s = std::sin(v), c = std::cos(v), t = std::tanh(v);
    return deep_value(v) * (c / s - s / c + 1 + 1 / v + (1 - t * t) / t + 1 / (v + 1));
}

// Lengths that end after whole groups of batches, inside a group, or before the first: what the
// groups leave is taken element by element (Note [Two copies of a fused element]). sin's loop runs
// one or two streams, the cheap one four (eight to sixteen elements a group).
BOOST_AUTO_TEST_CASE(large_arrays_use_simd_blocks_and_tails) {
    for (std::size_t n : {1u, 2u, 3u, 4u, 5u, 7u, 8u, 9u, 12u, 15u, 16u, 17u, 31u, 33u, 1001u}) {
        xt::xtensor<double, 1> xv = xt::linspace(-1.0, 1.0, n);
        const auto [value, g] = eg::value_and_grad(eg::sum(eg::sin(x) * x), x = xv);
        const auto [cheap, g_cheap] = eg::value_and_grad(eg::sum(x * x - 3 * x), x = xv);
        double expect = 0, expect_cheap = 0;
        for (std::size_t i = 0; i < n; ++i) {
            expect += std::sin(xv(i)) * xv(i);
            expect_cheap += xv(i) * xv(i) - 3 * xv(i);
            ETGRAD_CHECK_CLOSE(g[x](i), std::cos(xv(i)) * xv(i) + std::sin(xv(i)), 1e-14);
            ETGRAD_CHECK_CLOSE(g_cheap[x](i), 2 * xv(i) - 3, 1e-14);
        }
        ETGRAD_CHECK_CLOSE(value, expect, 1e-13);
        ETGRAD_CHECK_CLOSE(cheap, expect_cheap, 1e-13);
    }
}

// What an expensive element's groups leave is taken element by element (Note [Two copies of a fused
// element]) in whatever the loop does with it: sums it, stores its values (exp(x), which the dot
// reads), reads a stored adjoint (the dot's, back through exp), or carries a tangent (forward
// mode). Lengths before the first group of eight, at its end, and inside later ones.
BOOST_AUTO_TEST_CASE(what_an_expensive_elements_groups_leave_is_right_in_every_pass) {
    constexpr auto z = eg::var<"z">;
    for (std::size_t n : {1u, 3u, 7u, 8u, 9u, 13u, 16u, 23u}) {
        const xt::xtensor<double, 1> xv = xt::linspace(-1.05, 0.95, n), yv = xt::linspace(0.5, -0.75, n);
        const auto [stored, g] = eg::value_and_grad(eg::dot(eg::exp(x), y) + eg::sum(eg::sin(x)), x = xv, y = yv);
        const auto forward = eg::grad(eg::sum(deep(x) * z), x = xv, z = 1.5, eg::wrt(x));
        double expect = 0;
        for (std::size_t i = 0; i < n; ++i) {
            expect += std::exp(xv(i)) * yv(i) + std::sin(xv(i));
            ETGRAD_CHECK_CLOSE(g[x](i), std::exp(xv(i)) * yv(i) + std::cos(xv(i)), 1e-14);
            ETGRAD_CHECK_CLOSE(g[y](i), std::exp(xv(i)), 1e-15);
            ETGRAD_CHECK_CLOSE(forward[x](i), 1.5 * deep_derivative(xv(i)), 1e-12);
        }
        ETGRAD_CHECK_CLOSE(stored, expect, 1e-14);
        BOOST_TEST(eg::gradcheck(eg::dot(eg::exp(x), y) + eg::sum(eg::sin(x)), x = xv, y = yv));
    }
}

// Note [Factors out of sums]: sum(c * e) adds up e and multiplies by c once. The values and
// gradients (of x, and of the factor when it is a placeholder) are those of the products summed
// one by one, for lengths that take the streams in lockstep and the elements they leave,
// with the factor on either side, and when the loop keeps its expensive operand for a second pass.
BOOST_AUTO_TEST_CASE(a_numbers_factor_comes_out_of_a_sum) {
    for (std::size_t n : {1u, 3u, 4u, 17u, 1001u}) {
        const xt::xtensor<double, 1> xv = xt::linspace(-1.0, 2.0, n);
        const double dn = static_cast<double>(n);
        const auto [v1, g1] = eg::value_and_grad(eg::mean(2 * eg::pow(x + 2, 2)), x = xv);
        const auto [v2, g2] = eg::value_and_grad(eg::sum(eg::square(x) * y), x = xv, y = -1.5);
        const auto [v3, g3] = eg::value_and_grad(eg::log(eg::sum(y * eg::exp(x))), x = xv, y = 0.75);
        double sum1 = 0, sum2 = 0, sum_exp = 0;
        for (std::size_t i = 0; i < n; ++i) {
            sum1 += 2 * (xv(i) + 2) * (xv(i) + 2);
            sum2 += xv(i) * xv(i);
            sum_exp += std::exp(xv(i));
        }
        ETGRAD_CHECK_CLOSE(v1, sum1 / dn, 1e-14);
        ETGRAD_CHECK_CLOSE(v2, -1.5 * sum2, 1e-14);
        ETGRAD_CHECK_CLOSE(v3, std::log(0.75 * sum_exp), 1e-14);
        ETGRAD_CHECK_CLOSE(g2[y], sum2, 1e-14);
        ETGRAD_CHECK_CLOSE(g3[y], 1 / 0.75, 1e-14);
        // a product that a matrix product also reads is stored, and the sum reads it whole
        constexpr auto stored = 3.0 * x;
        const auto [v4, g4] = eg::value_and_grad(eg::sum(stored) + eg::dot(stored, stored), x = xv);
        ETGRAD_CHECK_CLOSE(v4, 3 * eg::eval(eg::sum(x), x = xv) + 9 * sum2, 1e-13);
        for (std::size_t i = 0; i < n; ++i) {
            ETGRAD_CHECK_CLOSE(g4[x](i), 3 + 18 * xv(i), 1e-13);
            ETGRAD_CHECK_CLOSE(g1[x](i), 4 * (xv(i) + 2) / dn, 1e-14);
            ETGRAD_CHECK_CLOSE(g2[x](i), -3 * xv(i), 1e-14);
            ETGRAD_CHECK_CLOSE(g3[x](i), std::exp(xv(i)) / sum_exp, 1e-14);
        }
    }
}

// The evaluator picks forward mode for one scalar input, and for a loop whose only differentiated
// leaf is one array and whose reverse sweep would keep many values live; reverse mode otherwise.
// Wanting a second input (y) forces reverse mode, so each pair below runs both modes.
BOOST_AUTO_TEST_CASE(forward_and_reverse_mode_agree) {
    // scalar: d/dx of deep(x) * y, with y bound but not wanted (forward), and wanted (reverse)
    constexpr auto f = deep(x) * y;
    constexpr auto forward = eg::grad(f, x = 0.7, y = 1.5, eg::wrt(x));
    constexpr auto reverse = eg::grad(f, x = 0.7, y = 1.5);
    static_assert(forward[x] == reverse[x] || (forward[x] - reverse[x]) * (forward[x] - reverse[x]) < 1e-26);
    ETGRAD_CHECK_CLOSE(forward[x], 1.5 * deep_derivative(0.7), 1e-13);
    BOOST_TEST(eg::gradcheck(f, x = 0.7, y = 1.5));

    // a vector loop (flat)
    const xt::xtensor<double, 1> xv = {0.3, 0.7, -0.4, 1.1, 0.9, -1.3, 0.2};
    const auto g_forward = eg::grad(eg::sum(deep(x) * y), x = xv, y = 1.5, eg::wrt(x));
    const auto g_reverse = eg::grad(eg::sum(deep(x) * y), x = xv, y = 1.5);
    for (std::size_t i = 0; i < xv.size(); ++i) {
        ETGRAD_CHECK_CLOSE(g_forward[x](i), 1.5 * deep_derivative(xv(i)), 1e-13);
        ETGRAD_CHECK_CLOSE(g_reverse[x](i), g_forward[x](i), 1e-14);
    }

    // x broadcast along the rows of A, through an axis reduction: forward mode accumulates
    constexpr auto A = eg::var<"A">;
    const xt::xtensor<double, 2> av = {{1.0, -2.0, 0.5, 0.25, 3.0, -1.0, 2.0}, {0.5, 1.5, -0.75, 2.0, -1.0, 0.125, 1.0}};
    constexpr auto h = eg::sum(eg::square(eg::sum(A * deep(x) * y, 1)));
    const auto h_forward = eg::grad(h, A = av, x = xv, y = 1.5, eg::wrt(x));
    const auto h_reverse = eg::grad(h, A = av, x = xv, y = 1.5, eg::wrt(x, y));
    for (std::size_t i = 0; i < xv.size(); ++i) {
        double expect = 0;
        for (std::size_t r = 0; r < 2; ++r) {
            double row = 0;
            for (std::size_t j = 0; j < xv.size(); ++j) row += av(r, j) * deep_value(xv(j)) * 1.5;
            expect += 2 * row * av(r, i) * 1.5 * deep_derivative(xv(i));
        }
        ETGRAD_CHECK_CLOSE(h_forward[x](i), expect, 1e-12);
        ETGRAD_CHECK_CLOSE(h_reverse[x](i), h_forward[x](i), 1e-13);
    }
    BOOST_TEST(eg::gradcheck(h, A = av, x = xv, y = 1.5));
}

BOOST_AUTO_TEST_CASE(gradients_at_compile_time) {
    static_assert(eg::grad(x * x * x, x = 2.0)[x] == 12.0);
    static_assert(eg::grad(x * y + y, x = 2.0, y = 5.0)[y] == 3.0);
    constexpr auto r = eg::value_and_grad(eg::sum(x * x), x = 3.0);
    static_assert(r.value == 9.0 && r.grad[x] == 6.0);
}

BOOST_AUTO_TEST_SUITE_END()
