// SPDX-License-Identifier: MIT
// A shared subexpression is one node: repeating e = e * e + e twenty times gives a graph of
// 1 + 3 * 20 nodes (with a counting op per step), and evaluating or differentiating it runs each op a number of times linear in 20 (a
// tree walk would run 3^20).
#include <xtensor/xtensor.hpp>

#include "support.hpp"

using namespace etgrad_test;

// clang 14 itself needs time exponential in the nesting depth of such types (a ten-line program
// with no library, `repeat<N>(mul(mul(e, e), e))`, takes 3 s at depth 15 and 7 s at 16), so the
// clang build checks a shallower graph; the counts are the same linear function of the depth.
#ifdef __clang__
constexpr int depth = 10;
#else
constexpr int depth = 20;
#endif

BOOST_AUTO_TEST_SUITE(sharing)

BOOST_AUTO_TEST_CASE(the_graph_is_linear_in_the_repeat_count) {
    using graph = eg::detail::graph_of<decltype(recurrence<depth, false, true>(x))>;
    static_assert(graph::size == 1 + 3 * depth);  // x, then e*e, e*e + e and the counter per step
}

BOOST_AUTO_TEST_CASE(scalar_evaluations_are_counted_once_per_node) {
    counted_identity::values = counted_identity::grads = 0;
    const auto [value, g] = eg::value_and_grad(recurrence<depth, false, true>(x), x = 0.01);
    BOOST_TEST(counted_identity::values == depth);
    BOOST_TEST(counted_identity::grads == depth);
    double derivative = 0;
    ETGRAD_CHECK_CLOSE(value, recurrence_reference(0.01, depth, derivative), 1e-13);
    ETGRAD_CHECK_CLOSE(g[x], derivative, 1e-13);
}

BOOST_AUTO_TEST_CASE(array_evaluations_are_counted_once_per_node_and_element) {
    check_counted_array_recurrence(recurrence<depth, false, true>(x), depth);
}

BOOST_AUTO_TEST_SUITE_END()
