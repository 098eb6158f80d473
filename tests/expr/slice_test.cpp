// SPDX-License-Identifier: MIT
// eg::slice(x, begin, end) and x[i] inside static expressions: values and gradients against
// PyTorch, finite differences and the derivatives worked out by hand; overlapping slices, Python's
// bounds, slices beside whole uses of x, broadcasting, fixed-size and float bindings, and errors.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <xtensor/xarray.hpp>
#include <xtensor/xtensor.hpp>
#include <xtensor/xview.hpp>

#include "reference/slice_reference.hpp"
#include "support.hpp"

using namespace etgrad_test;

namespace {

constexpr auto A = eg::var<"A">;
const xt::xtensor<double, 1> xs = {0.3, -1.2, 0.7, 1.5, -0.4, 0.9};
constexpr std::size_t n = 6;

// The benchmark's P5 as one expression on one binding.
constexpr auto p5 = eg::sum(eg::sin(eg::slice(x, 0, -1)) * eg::cos(eg::slice(x, 1)) +
                            eg::exp(eg::slice(x, 0, -1) * eg::slice(x, 1)));

template <class G>
void check_against(const G& g, const std::array<double, 6>& expected, double tol) {
    for (std::size_t i = 0; i < expected.size(); ++i) ETGRAD_CHECK_CLOSE(static_cast<double>(g.flat(i)), expected[i], tol);
}

template <class F>
void check_message(F&& f, const std::string& expected) {
    try {
        f();
        BOOST_ERROR("no exception; expected: " << expected);
    } catch (const std::exception& e) {
        BOOST_TEST(std::string(e.what()) == expected);
    }
}

// sum(sin(a) * cos(b) + exp(c * d)) for slices a, b, c, d of x starting at o[0..3], each `length`
// long: its value and gradient on v, against the derivatives worked out by hand, and gradcheck; the
// gradient is written into a buffer holding NaN first (what a caller's buffer may hold).
template <class F>
void check_p5_form(const F& f, const xt::xtensor<double, 1>& v, const std::array<std::size_t, 4>& o,
                   std::size_t length) {
    auto r = eg::value_and_grad(f, x = v);
    std::fill(r.grad[x].begin(), r.grad[x].end(), std::nan(""));
    const double value = eg::value_and_grad_into(r.grad, f, x = v);
    double expected_value = 0.0;
    std::vector<double> expected(v.size(), 0.0);
    for (std::size_t i = 0; i < length; ++i) {
        const double a = v(o[0] + i), b = v(o[1] + i), c = v(o[2] + i), d = v(o[3] + i), e = std::exp(c * d);
        expected_value += std::sin(a) * std::cos(b) + e;
        expected[o[0] + i] += std::cos(a) * std::cos(b);
        expected[o[1] + i] -= std::sin(a) * std::sin(b);
        expected[o[2] + i] += e * d;
        expected[o[3] + i] += e * c;
    }
    BOOST_TEST_CONTEXT(v.size() << " elements, slices starting at " << o[0] << ' ' << o[1] << ' ' << o[2] << ' '
                                << o[3]) {
        ETGRAD_CHECK_CLOSE(value, expected_value, 1e-13);
        for (std::size_t i = 0; i < v.size(); ++i) ETGRAD_CHECK_CLOSE(r.grad[x](i), expected[i], 1e-13);
        BOOST_TEST(eg::gradcheck(f, x = v));
    }
}

xt::xtensor<double, 1> wave(std::size_t size) {
    xt::xtensor<double, 1> v = xt::xtensor<double, 1>::from_shape({size});
    for (std::size_t i = 0; i < size; ++i) v(i) = 0.5 * std::sin(0.7 * static_cast<double>(i)) + 0.1;
    return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(slice)

BOOST_AUTO_TEST_CASE(p5_matches_pytorch_finite_differences_and_the_analytic_gradient) {
    const auto [value, g] = eg::value_and_grad(p5, x = xs);
    ETGRAD_CHECK_CLOSE(value, slice_ref::p5.value, 1e-14);
    check_against(g[x], slice_ref::p5.grad_x, 1e-14);
    for (std::size_t i = 0; i < n; ++i) {
        double expected = 0.0;
        if (i + 1 < n) expected += std::cos(xs(i)) * std::cos(xs(i + 1)) + xs(i + 1) * std::exp(xs(i) * xs(i + 1));
        if (i > 0) expected += -std::sin(xs(i - 1)) * std::sin(xs(i)) + xs(i - 1) * std::exp(xs(i - 1) * xs(i));
        ETGRAD_CHECK_CLOSE(g[x](i), expected, 1e-14);
    }
    BOOST_TEST(eg::gradcheck(p5, x = xs));
}

BOOST_AUTO_TEST_CASE(p5_agrees_with_the_two_view_form) {
    constexpr auto a = eg::var<"a">;
    constexpr auto b = eg::var<"b">;
    constexpr auto two_views = eg::sum(eg::sin(a) * eg::cos(b) + eg::exp(a * b));
    const auto [value, g] = eg::value_and_grad(two_views, a = xt::view(xs, xt::range(0, n - 1)),
                                               b = xt::view(xs, xt::range(1, n)));
    const auto [one_value, one_g] = eg::value_and_grad(p5, x = xs);
    ETGRAD_CHECK_CLOSE(one_value, value, 1e-15);
    for (std::size_t i = 0; i < n; ++i) {
        const double combined = (i + 1 < n ? g[a](i) : 0.0) + (i > 0 ? g[b](i - 1) : 0.0);
        ETGRAD_CHECK_CLOSE(one_g[x](i), combined, 1e-15);
    }
}

BOOST_AUTO_TEST_CASE(p5_on_many_elements_runs_the_simd_loop_and_agrees_with_the_two_view_form) {
    xt::xtensor<double, 1> big = xt::xtensor<double, 1>::from_shape({1003});
    for (std::size_t i = 0; i < big.size(); ++i) big(i) = std::sin(0.37 * static_cast<double>(i));
    const auto [value, g] = eg::value_and_grad(p5, x = big);
    double expected_value = 0.0;
    for (std::size_t i = 0; i + 1 < big.size(); ++i)
        expected_value += std::sin(big(i)) * std::cos(big(i + 1)) + std::exp(big(i) * big(i + 1));
    ETGRAD_CHECK_CLOSE(value, expected_value, 1e-13);
    for (std::size_t i = 0; i < big.size(); ++i) {
        double expected = 0.0;
        if (i + 1 < big.size())
            expected += std::cos(big(i)) * std::cos(big(i + 1)) + big(i + 1) * std::exp(big(i) * big(i + 1));
        if (i > 0) expected += -std::sin(big(i - 1)) * std::sin(big(i)) + big(i - 1) * std::exp(big(i - 1) * big(i));
        ETGRAD_CHECK_CLOSE(g[x](i), expected, 1e-13);
    }
}

BOOST_AUTO_TEST_CASE(overlapping_slices_add_their_gradients) {
    constexpr auto f = eg::sum(eg::slice(x, 1, -1) * eg::slice(x, 0, -2) + eg::square(eg::slice(x, 2)));
    const auto [value, g] = eg::value_and_grad(f, x = xs);
    ETGRAD_CHECK_CLOSE(value, slice_ref::overlap.value, 1e-15);
    check_against(g[x], slice_ref::overlap.grad_x, 1e-15);
    for (std::size_t j = 0; j < n; ++j) {  // d/dx_j of sum_{i=1}^{n-2} x_i x_{i-1} + sum_{i>=2} x_i^2
        const double expected = (j >= 1 && j + 2 <= n ? xs(j - 1) : 0.0) + (j + 3 <= n ? xs(j + 1) : 0.0) +
                                (j >= 2 ? 2 * xs(j) : 0.0);
        ETGRAD_CHECK_CLOSE(g[x](j), expected, 1e-15);
    }
    BOOST_TEST(eg::gradcheck(f, x = xs));
}

BOOST_AUTO_TEST_CASE(slices_with_one_start_and_different_lengths_are_not_merged) {
    // Both start at 0; the one-element slice broadcasts (Note [Equal slices] compares shapes too).
    constexpr auto f = eg::sum(eg::slice(x, 0, 1) * eg::slice(x, 0));
    const auto [value, g] = eg::value_and_grad(f, x = xs);
    const double total = xs(0) + xs(1) + xs(2) + xs(3) + xs(4) + xs(5);
    ETGRAD_CHECK_CLOSE(value, xs(0) * total, 1e-15);
    ETGRAD_CHECK_CLOSE(g[x](0), total + xs(0), 1e-15);
    for (std::size_t i = 1; i < n; ++i) ETGRAD_CHECK_CLOSE(g[x](i), xs(0), 1e-15);
    BOOST_TEST(eg::gradcheck(f, x = xs));
}

BOOST_AUTO_TEST_CASE(equal_slices_in_different_loops_share_their_part_of_the_gradient) {
    // The slices (1:) are two nodes in two loops, both written apart from x's gradient (Note
    // [Slices written apart]) into one working memory.
    constexpr auto f = eg::sum(eg::slice(x, 0, 2)) + eg::sum(eg::sin(eg::slice(x, 1))) + eg::sum(eg::cos(eg::slice(x, 1)));
    const auto [value, g] = eg::value_and_grad(f, x = xs);
    double expected_value = xs(0) + xs(1);
    for (std::size_t i = 1; i < n; ++i) expected_value += std::sin(xs(i)) + std::cos(xs(i));
    ETGRAD_CHECK_CLOSE(value, expected_value, 1e-15);
    ETGRAD_CHECK_CLOSE(g[x](0), 1.0, 1e-15);
    for (std::size_t i = 1; i < n; ++i)
        ETGRAD_CHECK_CLOSE(g[x](i), (i == 1 ? 1.0 : 0.0) + std::cos(xs(i)) - std::sin(xs(i)), 1e-15);
    BOOST_TEST(eg::gradcheck(f, x = xs));
}

BOOST_AUTO_TEST_CASE(slices_of_a_float_array_in_a_double_computation) {
    // x's gradient holds floats, the computation doubles: its slices write into it directly.
    const xt::xtensor<float, 1> single = {0.3f, -1.2f, 0.7f, 1.5f, -0.4f, 0.9f};
    constexpr auto f = eg::sum(eg::slice(x, 0, -1) * eg::slice(x, 1) * y);
    const auto [value, g] = eg::value_and_grad(f, x = single, y = 2.0);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(value)>, double>);
    for (std::size_t i = 0; i < n; ++i) {
        const double expected = 2.0 * ((i + 1 < n ? single(i + 1) : 0.0f) + (i > 0 ? single(i - 1) : 0.0f));
        BOOST_TEST(g[x](i) == static_cast<float>(expected), boost::test_tools::tolerance(1e-6f));
    }
}

BOOST_AUTO_TEST_CASE(a_placeholder_used_whole_sliced_and_indexed) {
    constexpr auto f = eg::sum(x * y) + eg::sum(eg::exp(eg::slice(x, -2))) + x[0] * x[-1] * y;
    const auto [value, g] = eg::value_and_grad(f, x = xs, y = 0.5);
    ETGRAD_CHECK_CLOSE(value, slice_ref::mixed.value, 1e-15);
    check_against(g[x], slice_ref::mixed.grad_x, 1e-15);
    ETGRAD_CHECK_CLOSE(g[y], slice_ref::mixed.grad_y, 1e-15);
    ETGRAD_CHECK_CLOSE(g[x](0), 0.5 + xs(5) * 0.5, 1e-15);
    ETGRAD_CHECK_CLOSE(g[x](4), 0.5 + std::exp(xs(4)), 1e-15);
    ETGRAD_CHECK_CLOSE(g[x](5), 0.5 + std::exp(xs(5)) + xs(0) * 0.5, 1e-15);
    BOOST_TEST(eg::gradcheck(f, x = xs, y = 0.5));
}

BOOST_AUTO_TEST_CASE(bounds_follow_python) {
    constexpr auto f = eg::sum(eg::slice(x, -100, 2)) + eg::sum(eg::sin(eg::slice(x, 4, 100))) + eg::sum(eg::slice(x, 3, 1));
    const auto [value, g] = eg::value_and_grad(f, x = xs);
    ETGRAD_CHECK_CLOSE(value, slice_ref::clamped.value, 1e-15);
    check_against(g[x], slice_ref::clamped.grad_x, 1e-15);
    BOOST_TEST(eg::gradcheck(f, x = xs));

    const xt::xarray<double> tail = eg::eval(2 * eg::slice(x, -3, -1), x = xs);
    BOOST_TEST(tail.shape().size() == 1u);
    BOOST_TEST(tail.size() == 2u);
    BOOST_TEST(tail(0) == 2 * xs(3));
    BOOST_TEST(tail(1) == 2 * xs(4));
    BOOST_TEST(eg::eval(eg::slice(x, 5, 2) * 3, x = xs).size() == 0u);
    BOOST_TEST(eg::eval(x[-6] + x[5], x = xs) == xs(0) + xs(5));
}

BOOST_AUTO_TEST_CASE(mean_of_slices_times_an_element) {
    constexpr auto f = eg::mean(eg::slice(x, 1, 4) * eg::slice(x, -4, -1)) * x[2];
    const auto [value, g] = eg::value_and_grad(f, x = xs);
    ETGRAD_CHECK_CLOSE(value, slice_ref::mean_times_element.value, 1e-15);
    check_against(g[x], slice_ref::mean_times_element.grad_x, 1e-15);
    BOOST_TEST(eg::gradcheck(f, x = xs));
}

BOOST_AUTO_TEST_CASE(a_slice_broadcasts_against_a_matrix) {
    const xt::xtensor<double, 2> av = {{0.2, -0.7, 1.1}, {1.4, 0.6, -0.3}};
    constexpr auto f = eg::sum(A * eg::square(eg::slice(x, 1, 4)));
    const auto [value, g] = eg::value_and_grad(f, A = av, x = xs);
    ETGRAD_CHECK_CLOSE(value, slice_ref::broadcast.value, 1e-15);
    check_against(g[x], slice_ref::broadcast.grad_x, 1e-15);
    check_against(g[A], slice_ref::broadcast.grad_a, 1e-15);
    BOOST_TEST(eg::gradcheck(f, A = av, x = xs));
}

BOOST_AUTO_TEST_CASE(fixed_size_and_float_bindings) {
    const std::array<double, 6> fixed = {0.3, -1.2, 0.7, 1.5, -0.4, 0.9};
    const auto [value, g] = eg::value_and_grad(p5, x = fixed);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(g[x])>, std::array<double, 6>>);
    ETGRAD_CHECK_CLOSE(value, slice_ref::p5.value, 1e-14);
    for (std::size_t i = 0; i < n; ++i) ETGRAD_CHECK_CLOSE(g[x][i], slice_ref::p5.grad_x[i], 1e-14);
    BOOST_TEST(eg::eval(fixed.size() * x[1], x = fixed) == 6 * fixed[1]);

    const xt::xtensor<float, 1> single = {0.3f, -1.2f, 0.7f, 1.5f, -0.4f, 0.9f};
    const auto [fvalue, fg] = eg::value_and_grad(p5, x = single);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(fvalue)>, float>);
    BOOST_TEST(fvalue == static_cast<float>(slice_ref::p5_f32.value), boost::test_tools::tolerance(1e-6f));
    for (std::size_t i = 0; i < n; ++i)
        BOOST_TEST(fg[x](i) == static_cast<float>(slice_ref::p5_f32.grad_x[i]), boost::test_tools::tolerance(1e-5f));
}

BOOST_AUTO_TEST_CASE(reused_gradients_are_cleared_not_accumulated) {
    auto r = eg::value_and_grad(p5, x = xs);
    for (int k = 0; k < 3; ++k) eg::value_and_grad_into(r.grad, p5, x = xs);
    check_against(r.grad[x], slice_ref::p5.grad_x, 1e-14);

    constexpr auto only_elements = x[1] * x[-2];
    auto e = eg::value_and_grad(only_elements, x = xs);
    eg::value_and_grad_into(e.grad, only_elements, x = xs);
    check_against(e.grad[x], {0.0, xs(4), 0.0, 0.0, xs(1), 0.0}, 0.0);
}

// Note [Slice parts stored]: one loop writes all of x's gradient, storing each part.
BOOST_AUTO_TEST_CASE(a_gradient_stored_by_slices_is_zero_outside_them) {
    constexpr auto f = eg::sum(eg::slice(x, 2, 4) * eg::slice(x, 1, 3));
    auto r = eg::value_and_grad(f, x = xs);
    std::fill(r.grad[x].begin(), r.grad[x].end(), std::nan(""));  // what a caller's buffer may hold
    const double value = eg::value_and_grad_into(r.grad, f, x = xs);
    ETGRAD_CHECK_CLOSE(value, xs(2) * xs(1) + xs(3) * xs(2), 1e-15);
    check_against(r.grad[x], {0.0, xs(2), xs(1) + xs(3), xs(2), 0.0, 0.0}, 1e-15);
}

BOOST_AUTO_TEST_CASE(slice_parts_are_accumulated_from_zero_when_the_slices_broadcast) {
    // The first evaluation leaves its slice's part in the thread's working memory; the second's
    // slices broadcast against a matrix, so their parts are accumulated, not stored.
    xt::xtensor<double, 1> big = xt::xtensor<double, 1>::from_shape({1003});
    for (std::size_t i = 0; i < big.size(); ++i) big(i) = 1.0 + std::sin(0.37 * static_cast<double>(i));
    (void)eg::value_and_grad(p5, x = big);
    const xt::xtensor<double, 2> av = {{0.2, -0.7, 1.1}, {1.4, 0.6, -0.3}};
    constexpr auto f = eg::sum(A * (eg::slice(x, 1, 4) * eg::slice(x, 0, 3)));
    const auto [value, g] = eg::value_and_grad(f, A = av, x = xs, eg::wrt(x));
    std::array<double, 3> column{};
    double expected_value = 0.0;
    for (std::size_t c = 0; c < 3; ++c) {
        column[c] = av(0, c) + av(1, c);
        expected_value += column[c] * xs(c + 1) * xs(c);
    }
    ETGRAD_CHECK_CLOSE(value, expected_value, 1e-15);
    for (std::size_t j = 0; j < n; ++j) {
        const double expected = (j >= 1 && j <= 3 ? column[j - 1] * xs(j - 1) : 0.0) + (j <= 2 ? column[j] * xs(j + 1) : 0.0);
        ETGRAD_CHECK_CLOSE(g[x](j), expected, 1e-15);
    }
    BOOST_TEST(eg::gradcheck(f, A = av, x = xs));
}

// Note [Equal slices]: a loop presumes slices written alike equal and others not, and a run checks
// it. P5's expression with its slices in all 256 ways of four windows (x, s, s + 34) written alike
// (every way four slices can be equal: 15 patterns), then in P5's form, (x, s, s + 34) for its
// (x, 0, -1) and (x, 3) for its (x, 1), in 16 ways (equal to (x, 3) for s = 3), on enough elements
// for SIMD batches and a tail; then five slices written alike, in 32 ways.
BOOST_AUTO_TEST_CASE(every_way_slices_can_be_equal) {
    constexpr std::size_t size = 37, length = 34, to_end = size - length;
    xt::xtensor<double, 1> v = xt::xtensor<double, 1>::from_shape({size});
    for (std::size_t i = 0; i < size; ++i) v(i) = 0.5 * std::sin(0.7 * static_cast<double>(i)) + 0.1;
    const auto window = [&](std::size_t start) {
        const auto begin = static_cast<std::int64_t>(start);
        return eg::slice(x, begin, begin + static_cast<std::int64_t>(length));
    };
    const auto check = [&](const auto& f, const std::array<std::size_t, 5>& o, const auto& value_of, const auto& add_grad) {
        const auto [value, g] = eg::value_and_grad(f, x = v);
        double expected_value = 0.0;
        std::array<double, size> expected{};
        for (std::size_t i = 0; i < length; ++i) {
            expected_value += value_of(i);
            add_grad(i, expected);
        }
        BOOST_TEST_CONTEXT("slices starting at " << o[0] << ' ' << o[1] << ' ' << o[2] << ' ' << o[3] << ' ' << o[4]) {
            ETGRAD_CHECK_CLOSE(value, expected_value, 1e-13);
            for (std::size_t i = 0; i < size; ++i) ETGRAD_CHECK_CLOSE(g[x](i), expected[i], 1e-13);
        }
    };
    const auto check_p5 = [&](const auto& f, const std::array<std::size_t, 5>& o) {
        const auto at = [&](std::size_t k, std::size_t i) { return v(o[k] + i); };
        check(
            f, o, [&](std::size_t i) { return std::sin(at(0, i)) * std::cos(at(1, i)) + std::exp(at(2, i) * at(3, i)); },
            [&](std::size_t i, auto& g) {
                g[o[0] + i] += std::cos(at(0, i)) * std::cos(at(1, i));
                g[o[1] + i] -= std::sin(at(0, i)) * std::sin(at(1, i));
                g[o[2] + i] += std::exp(at(2, i) * at(3, i)) * at(3, i);
                g[o[3] + i] += std::exp(at(2, i) * at(3, i)) * at(2, i);
            });
    };
    for (std::size_t code = 0; code < 256; ++code) {
        const std::array<std::size_t, 5> o{code % 4, code / 4 % 4, code / 16 % 4, code / 64, 0};
        check_p5(eg::sum(eg::sin(window(o[0])) * eg::cos(window(o[1])) + eg::exp(window(o[2]) * window(o[3]))), o);
    }
    for (std::size_t code = 0; code < 16; ++code) {
        const std::array<std::size_t, 5> o{code % 4, to_end, code / 4, to_end, 0};
        const auto tail = eg::slice(x, static_cast<std::int64_t>(to_end));
        const auto f = eg::sum(eg::sin(window(o[0])) * eg::cos(tail) + eg::exp(window(o[2]) * tail));
        static_assert(std::is_same_v<decltype(f), decltype(p5)>);  // bound as above: no new instantiation
        check_p5(f, o);
    }
    for (std::size_t code = 0; code < 32; ++code) {
        const std::array<std::size_t, 5> o{code & 1, code >> 1 & 1, code >> 2 & 1, code >> 3 & 1, code >> 4 & 1};
        const auto f = eg::sum(window(o[0]) + window(o[1]) + window(o[2]) + window(o[3]) + 2.0 * window(o[4]));
        check(
            f, o,
            [&](std::size_t i) {
                return v(o[0] + i) + v(o[1] + i) + v(o[2] + i) + v(o[3] + i) + 2.0 * v(o[4] + i);
            },
            [&](std::size_t i, auto& g) {
                for (std::size_t k = 0; k < 5; ++k) g[o[k] + i] += k == 4 ? 2.0 : 1.0;
            });
    }
}

// Note [Equal slices] on P5's six elements, against the derivatives worked out by hand and finite
// differences: (x, 1, 6) is (x, 1) written differently, and (x, 0, 5) and (x, 1, 6) are written alike.
BOOST_AUTO_TEST_CASE(slices_written_alike_may_differ_and_slices_written_differently_may_be_equal) {
    for (const std::int64_t a : {0, 1})
        for (const std::int64_t b : {0, 1}) {
            const auto f = eg::sum(eg::sin(eg::slice(x, a, a + 5)) * eg::cos(eg::slice(x, 1)) +
                                   eg::exp(eg::slice(x, b, b + 5) * eg::slice(x, 1)));
            const auto [value, g] = eg::value_and_grad(f, x = xs);
            const auto ua = static_cast<std::size_t>(a), ub = static_cast<std::size_t>(b);
            double expected_value = 0.0;
            std::array<double, n> expected{};
            for (std::size_t i = 0; i + 1 < n; ++i) {
                const double p = xs(ua + i), q = xs(i + 1), r = xs(ub + i), e = std::exp(r * q);
                expected_value += std::sin(p) * std::cos(q) + e;
                expected[ua + i] += std::cos(p) * std::cos(q);
                expected[i + 1] += -std::sin(p) * std::sin(q) + r * e;
                expected[ub + i] += q * e;
            }
            BOOST_TEST_CONTEXT("slices starting at " << a << " and " << b) {
                ETGRAD_CHECK_CLOSE(value, expected_value, 1e-14);
                check_against(g[x], expected, 1e-14);
                BOOST_TEST(eg::gradcheck(f, x = xs));
            }
        }
}

// Note [Slice pairs written directly]: P5's two slices of x write its gradient themselves, the
// higher storing and the lower adding a group of SIMD batches later (after the loop for the last
// group; at once in the tail), which must work whichever is written first in the expression, at
// every offset between them (less than a batch, one, more than one, more than a group of two),
// on tails alone (1 to 5 elements) and on groups and tails together (37).
BOOST_AUTO_TEST_CASE(a_pair_of_slices_writes_the_gradient_directly_in_either_order_at_any_distance) {
    for (const std::size_t size : {1, 2, 3, 4, 5, 6, 37}) {
        const auto v = wave(size);
        const std::size_t length = size - 1;
        check_p5_form(p5, v, {0, 1, 0, 1}, length);
        constexpr auto reversed = eg::sum(eg::sin(eg::slice(x, 1)) * eg::cos(eg::slice(x, 0, -1)) +
                                          eg::exp(eg::slice(x, 1) * eg::slice(x, 0, -1)));
        check_p5_form(reversed, v, {1, 0, 1, 0}, length);
    }
    const auto v = wave(37);
    for (const std::int64_t d : {2, 3, 4, 5, 8, 9, 17, 30}) {
        const auto ud = static_cast<std::size_t>(d);
        check_p5_form(eg::sum(eg::sin(eg::slice(x, 0, -d)) * eg::cos(eg::slice(x, d)) +
                              eg::exp(eg::slice(x, 0, -d) * eg::slice(x, d))),
                      v, {0, ud, 0, ud}, 37 - ud);
        check_p5_form(eg::sum(eg::sin(eg::slice(x, d)) * eg::cos(eg::slice(x, 0, -d)) +
                              eg::exp(eg::slice(x, d) * eg::slice(x, 0, -d))),
                      v, {ud, 0, ud, 0}, 37 - ud);
    }
    // Disjoint slices: the entries between them and those of the lower one are zeroed first.
    check_p5_form(eg::sum(eg::sin(eg::slice(x, 20, 30)) * eg::cos(eg::slice(x, 3, 13)) +
                          eg::exp(eg::slice(x, 20, 30) * eg::slice(x, 3, 13))),
                  v, {20, 3, 20, 3}, 10);
}

// A cheap element runs four streams in lockstep (a group of 16 elements); a second placeholder's
// pair writes apart (Note [Slices written apart]), as do three different slices of one (a stencil).
BOOST_AUTO_TEST_CASE(pairs_of_cheap_slices_of_two_placeholders_and_a_stencil) {
    for (const std::size_t size : {2, 3, 17, 40, 101}) {
        const xt::xtensor<double, 1> v = wave(size), w = 1.0 + wave(size);
        constexpr auto f = eg::sum(eg::slice(x, 0, -1) * eg::slice(x, 1) + eg::slice(y, 1) * eg::slice(y, 0, -1) * 2.0);
        auto r = eg::value_and_grad(f, x = v, y = w);
        std::fill(r.grad[x].begin(), r.grad[x].end(), std::nan(""));
        std::fill(r.grad[y].begin(), r.grad[y].end(), std::nan(""));
        const double value = eg::value_and_grad_into(r.grad, f, x = v, y = w);
        double expected_value = 0.0;
        for (std::size_t i = 0; i + 1 < size; ++i) expected_value += v(i) * v(i + 1) + 2.0 * w(i + 1) * w(i);
        BOOST_TEST_CONTEXT(size << " elements") {
            ETGRAD_CHECK_CLOSE(value, expected_value, 1e-14);
            for (std::size_t i = 0; i < size; ++i) {
                ETGRAD_CHECK_CLOSE(r.grad[x](i), (i + 1 < size ? v(i + 1) : 0.0) + (i > 0 ? v(i - 1) : 0.0), 1e-14);
                const double neighbours = (i + 1 < size ? w(i + 1) : 0.0) + (i > 0 ? w(i - 1) : 0.0);
                ETGRAD_CHECK_CLOSE(r.grad[y](i), 2.0 * neighbours, 1e-14);
            }
            BOOST_TEST(eg::gradcheck(f, x = v, y = w));
        }
        if (size < 3) continue;
        constexpr auto stencil =
            eg::sum(eg::sin(eg::slice(x, 0, -2)) * eg::slice(x, 1, -1) + eg::square(eg::slice(x, 2)));
        const auto [svalue, sg] = eg::value_and_grad(stencil, x = v);
        double expected_svalue = 0.0;
        std::vector<double> expected(size, 0.0);
        for (std::size_t i = 0; i + 2 < size; ++i) {
            expected_svalue += std::sin(v(i)) * v(i + 1) + v(i + 2) * v(i + 2);
            expected[i] += std::cos(v(i)) * v(i + 1);
            expected[i + 1] += std::sin(v(i));
            expected[i + 2] += 2.0 * v(i + 2);
        }
        BOOST_TEST_CONTEXT(size << " elements, a stencil") {
            ETGRAD_CHECK_CLOSE(svalue, expected_svalue, 1e-14);
            for (std::size_t i = 0; i < size; ++i) ETGRAD_CHECK_CLOSE(sg[x](i), expected[i], 1e-14);
        }
    }
}

BOOST_AUTO_TEST_CASE(only_wanted_gradients_are_computed) {
    constexpr auto f = eg::sum(eg::slice(x, 1) * y) + x[0] * y;
    const auto g = eg::grad(f, x = xs, y = 2.0, eg::wrt(y));
    static_assert(decltype(g)::size() == 1);
    ETGRAD_CHECK_CLOSE(g[y], xs(0) + xs(1) + xs(2) + xs(3) + xs(4) + xs(5), 1e-15);
}

BOOST_AUTO_TEST_CASE(a_slice_can_be_named_with_let) {
    const auto f = eg::let<"s">(eg::slice(x, 0, -1), [](auto s) { return eg::sum(s * s + s * eg::slice(x, 1)); });
    const auto [value, g] = eg::value_and_grad(f, x = xs);
    double expected = 0.0;
    for (std::size_t i = 0; i + 1 < n; ++i) expected += xs(i) * xs(i) + xs(i) * xs(i + 1);
    ETGRAD_CHECK_CLOSE(value, expected, 1e-15);
    BOOST_TEST(eg::gradcheck(f, x = xs));
}

BOOST_AUTO_TEST_CASE(slices_are_operands_of_products) {
    // (A @ x[0:3]).square().sum() + torch.dot(x[:-1], x[1:]) in PyTorch 1.13
    const xt::xtensor<double, 1> xv = {0.5, -1.0, 2.0, 1.5, -0.25};
    const xt::xtensor<double, 2> av = {{1.0, 2.0, 3.0}, {-1.0, 0.5, 2.0}};
    const auto f = eg::sum(eg::square(eg::matmul(A, eg::slice(x, 0, 3)))) + eg::dot(eg::slice(x, 0, -1), eg::slice(x, 1));
    const auto [value, g] = eg::value_and_grad(f, A = av, x = xv, eg::wrt(x));
    BOOST_TEST(value == 29.375);
    const double torch[] = {2.0, 23.5, 39.5, 1.75, 1.5};
    for (std::size_t i = 0; i < 5; ++i) ETGRAD_CHECK_CLOSE(g[x](i), torch[i], 1e-15);
    BOOST_TEST(eg::gradcheck(f, A = av, x = xv));
}

BOOST_AUTO_TEST_CASE(errors_name_the_index_and_the_shapes) {
    const xt::xtensor<double, 1> three = {1.0, 2.0, 3.0};
    check_message([&] { (void)eg::eval(x[5], x = three); }, "index 5 is out of bounds for dimension 0 with size 3");
    check_message([&] { (void)eg::grad(x[-4] * x[0], x = three); },
                  "index -4 is out of bounds for dimension 0 with size 3");
    BOOST_CHECK_THROW((void)eg::eval(x[3], x = three), std::out_of_range);

    const xt::xarray<double> matrix = {{1.0, 2.0}, {3.0, 4.0}};
    check_message([&] { (void)eg::eval(eg::sum(eg::slice(x, 1)), x = matrix); },
                  "etgrad::slice(x, begin, end) / x[i]: x must be bound to a 1-D array, but x is bound to one of "
                  "shape [2, 2]");
    BOOST_CHECK_THROW((void)eg::eval(x[0], x = matrix), std::invalid_argument);

    // Slices of different lengths do not broadcast.
    BOOST_CHECK_THROW((void)eg::eval(eg::sum(eg::slice(x, 1) * x), x = three), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
