// SPDX-License-Identifier: MIT
// What a fused loop computes once instead of per element (expr/loop_invariants.hpp): division by a
// number as multiplication by its reciprocal, within two ulps, and division where the reciprocal
// would not be a normal number; adjoints passed through numbers as base times scale, against
// PyTorch, the analytic gradient and finite differences.
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "reference/loop_invariants_reference.hpp"
#include "support.hpp"
#include "ulps.hpp"

using namespace etgrad_test;
namespace iref = etgrad_test::invariants_ref;

namespace {

constexpr auto divisor = eg::var<"s">;
constexpr auto shift = eg::var<"m">;
constexpr auto factor = eg::var<"c">;
constexpr auto rows_of = eg::var<"A">;
constexpr auto row_weights = eg::var<"w">;

// Nine elements: two SIMD batches of four and one more, so that both the batch and the element
// forms of the loop run.
const xt::xtensor<double, 1> nine = {0.3, -1.2, 0.7, 1.5, -0.4, 0.9, 2.2, -0.8, 0.05};
const xt::xtensor<double, 2> two_rows = {{0.3, -1.2, 0.7, 1.5, -0.4, 0.9, 2.2, -0.8, 0.05},
                                         {-0.15, -0.9, 0.05, 0.45, -0.5, 0.15, 0.8, -0.7, -0.275}};
const xt::xtensor<double, 1> two_weights = {2.0, -0.75};
constexpr double s0 = 1.7, m0 = 0.4, c0 = -2.5;

template <class E, std::size_t N>
void check_elements(const E& actual, const std::array<double, N>& expected) {
    BOOST_TEST_REQUIRE(actual.size() == N);
    std::size_t i = 0;
    for (const double v : actual) {
        ETGRAD_CHECK_CLOSE(v, expected[i], 1e-13);
        ++i;
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(loop_invariants)

BOOST_AUTO_TEST_CASE(dividing_by_a_number_is_within_two_ulps_of_the_quotient) {
    for (const double s : {1.7, -0.1, 3.0, 1e-300, 2.5e307}) {
        BOOST_TEST_CONTEXT("divisor " << s) {
            const xt::xtensor<double, 1> q = eg::eval(x / divisor, x = nine, divisor = s);
            for (std::size_t i = 0; i < nine.size(); ++i) BOOST_TEST(within_ulps(q(i), nine(i) / s, 2), q(i));
        }
    }
}

// A subnormal divisor's reciprocal overflows and a huge one's is subnormal: the loop divides.
BOOST_AUTO_TEST_CASE(divisors_without_a_normal_reciprocal_are_divided_by) {
    const xt::xtensor<double, 1> tiny = {1e-300, -3e-301, 2e-305, 7e-310, 1e-320, -1e-300, 4e-302, 1e-299, 5e-303};
    const double subnormal = 1e-310;
    const xt::xtensor<double, 1> q = eg::eval(x / divisor, x = tiny, divisor = subnormal);
    for (std::size_t i = 0; i < tiny.size(); ++i) BOOST_TEST(q(i) == tiny(i) / subnormal);

    const xt::xtensor<double, 1> large = nine * 1e300;
    const double huge = 1.5e308;
    const xt::xtensor<double, 1> r = eg::eval(x / divisor, x = large, divisor = huge);
    for (std::size_t i = 0; i < large.size(); ++i) BOOST_TEST(r(i) == large(i) / huge);
}

BOOST_AUTO_TEST_CASE(special_divisors_give_the_quotients_special_values) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    for (const double s : {0.0, -0.0, inf, -inf, std::nan("")}) {
        BOOST_TEST_CONTEXT("divisor " << s) {
            const xt::xtensor<double, 1> q = eg::eval(x / divisor, x = nine, divisor = s);
            for (std::size_t i = 0; i < nine.size(); ++i) BOOST_TEST(same_special(q(i), nine(i) / s, 0), q(i));
        }
    }
}

BOOST_AUTO_TEST_CASE(normal_log_density_matches_pytorch_and_the_analytic_gradient) {
    const auto f = eg::sum(-0.5 * eg::square((x - shift) / divisor)) - 9.0 * eg::log(divisor);
    const auto [value, g] = eg::value_and_grad(f, x = nine, shift = m0, divisor = s0);
    const iref::invariants_case& ref = iref::normal_log_density;
    ETGRAD_CHECK_CLOSE(value, ref.value, 1e-13);
    check_elements(g[x], ref.grad_x);
    ETGRAD_CHECK_CLOSE(g[divisor], ref.grad_s, 1e-13);
    ETGRAD_CHECK_CLOSE(g[shift], ref.grad_m, 1e-13);

    double s1 = 0, s2 = 0;  // the sums of d and d^2, d = x - m
    for (const double v : nine) {
        s1 += v - m0;
        s2 += (v - m0) * (v - m0);
    }
    ETGRAD_CHECK_CLOSE(g[shift], s1 / (s0 * s0), 1e-13);
    ETGRAD_CHECK_CLOSE(g[divisor], s2 / (s0 * s0 * s0) - 9.0 / s0, 1e-13);
    BOOST_TEST(eg::gradcheck(f, x = nine, shift = m0, divisor = s0));
}

// Three sums per element: four streams, one after the other (kernel::sequential_stream_count),
// then single elements; each count of elements ends in a different place.
BOOST_AUTO_TEST_CASE(three_sums_per_element_over_every_kind_of_tail) {
    const auto f = eg::sum(-0.5 * eg::square((x - shift) / divisor)) - 9.0 * eg::log(divisor);
    for (const std::size_t n : {1u, 3u, 4u, 15u, 16u, 17u, 37u, 64u, 101u}) {
        BOOST_TEST_CONTEXT("n = " << n) {
            xt::xtensor<double, 1> values = xt::zeros<double>({n});
            for (std::size_t i = 0; i < n; ++i) values(i) = std::sin(0.7 * static_cast<double>(i)) * 2.0 + 0.1;
            const auto [value, g] = eg::value_and_grad(f, x = values, shift = m0, divisor = s0);
            double s1 = 0, s2 = 0;
            for (const double v : values) {
                s1 += v - m0;
                s2 += (v - m0) * (v - m0);
            }
            ETGRAD_CHECK_CLOSE(value, -0.5 * s2 / (s0 * s0) - 9.0 * std::log(s0), 1e-13);
            ETGRAD_CHECK_CLOSE(g[shift], s1 / (s0 * s0), 1e-13);
            ETGRAD_CHECK_CLOSE(g[divisor], s2 / (s0 * s0 * s0) - 9.0 / s0, 1e-13);
            for (std::size_t i = 0; i < n; ++i) ETGRAD_CHECK_CLOSE(g[x](i), -(values(i) - m0) / (s0 * s0), 1e-13);
            // the benchmark's P4: no gradient array, so the scales go on to the sums
            const auto [value4, g4] = eg::value_and_grad(f, x = values, shift = m0, divisor = s0, eg::wrt(shift, divisor));
            ETGRAD_CHECK_CLOSE(value4, value, 1e-13);
            ETGRAD_CHECK_CLOSE(g4[shift], s1 / (s0 * s0), 1e-13);
            ETGRAD_CHECK_CLOSE(g4[divisor], s2 / (s0 * s0 * s0) - 9.0 / s0, 1e-13);
        }
    }
}

BOOST_AUTO_TEST_CASE(adjoints_with_several_shares_match_pytorch_and_the_analytic_gradient) {
    const auto u = x / divisor;
    const auto f = eg::sum(u * factor - (shift - x) * u);
    const auto [value, g] = eg::value_and_grad(f, x = nine, divisor = s0, shift = m0, factor = c0);
    const iref::invariants_case& ref = iref::several_shares;
    ETGRAD_CHECK_CLOSE(value, ref.value, 1e-13);
    check_elements(g[x], ref.grad_x);
    ETGRAD_CHECK_CLOSE(g[divisor], ref.grad_s, 1e-13);
    ETGRAD_CHECK_CLOSE(g[shift], ref.grad_m, 1e-13);
    ETGRAD_CHECK_CLOSE(g[factor], ref.grad_c, 1e-13);

    // f_i = c u - (m - x) u with u = x / s
    double ds = 0, dm = 0, dc = 0;
    for (std::size_t i = 0; i < nine.size(); ++i) {
        const double v = nine(i), ui = v / s0;
        ETGRAD_CHECK_CLOSE(g[x](i), c0 / s0 + ui - (m0 - v) / s0, 1e-13);
        ds += -(c0 - (m0 - v)) * ui / s0;
        dm += -ui;
        dc += ui;
    }
    ETGRAD_CHECK_CLOSE(g[divisor], ds, 1e-13);
    ETGRAD_CHECK_CLOSE(g[shift], dm, 1e-13);
    ETGRAD_CHECK_CLOSE(g[factor], dc, 1e-13);
    BOOST_TEST(eg::gradcheck(f, x = nine, divisor = s0, shift = m0, factor = c0));
}

BOOST_AUTO_TEST_CASE(row_sums_keep_their_row_seeds_apart) {
    const auto f = eg::sum(row_weights * eg::sum(rows_of / divisor - shift, 1));
    const auto [value, g] =
        eg::value_and_grad(f, rows_of = two_rows, row_weights = two_weights, divisor = s0, shift = m0);
    const iref::invariants_case& ref = iref::row_sums;
    ETGRAD_CHECK_CLOSE(value, ref.value, 1e-13);
    check_elements(g[rows_of], ref.grad_a);
    ETGRAD_CHECK_CLOSE(g[divisor], ref.grad_s, 1e-13);
    ETGRAD_CHECK_CLOSE(g[shift], ref.grad_m, 1e-13);

    double ds = 0;  // d/ds = -sum_ij w_i A_ij / s^2, d/dm = -9 sum_i w_i
    for (std::size_t r = 0; r < 2; ++r)
        for (std::size_t j = 0; j < 9; ++j) ds -= two_weights(r) * two_rows(r, j) / (s0 * s0);
    ETGRAD_CHECK_CLOSE(g[divisor], ds, 1e-13);
    ETGRAD_CHECK_CLOSE(g[shift], -9.0 * (two_weights(0) + two_weights(1)), 1e-13);
    BOOST_TEST(eg::gradcheck(f, rows_of = two_rows, row_weights = two_weights, divisor = s0, shift = m0));
}

BOOST_AUTO_TEST_SUITE_END()
