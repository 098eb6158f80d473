// SPDX-License-Identifier: MIT
// A shared subexpression is one node: repeating e = e * e + e twenty times gives a graph of
// 1 + 3 * 20 nodes (with the counting op below), and evaluating or differentiating it runs each op a number of times linear in 20 (a
// tree walk would run 3^20).
#include <xtensor/xtensor.hpp>

#include "support.hpp"

using namespace etgrad_test;

namespace {

// An op that counts how often its value and derivative rules run.
struct counted_identity {
    static inline int values = 0;
    static inline int grads = 0;
    constexpr auto value(const auto& a) const {
        ++values;
        return a;
    }
    constexpr auto grad(const auto&, const auto&, const auto& adj) const {
        ++grads;
        return adj;
    }
};

template <int N, class E>
constexpr auto repeat(const E& e) {
    if constexpr (N == 0)
        return e;
    else
        return repeat<N - 1>(eg::make_unary(counted_identity{}, e * e + e));
}

double reference(double v, int n, double& derivative) {
    derivative = 1;
    for (int k = 0; k < n; ++k) {
        derivative = (2 * v + 1) * derivative;
        v = v * v + v;
    }
    return v;
}

}  // namespace

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
    using graph = eg::detail::graph_of<decltype(repeat<depth>(x))>;
    static_assert(graph::size == 1 + 3 * depth);  // x, then e*e, e*e + e and the counter per step
}

BOOST_AUTO_TEST_CASE(scalar_evaluations_are_counted_once_per_node) {
    counted_identity::values = counted_identity::grads = 0;
    const auto [value, g] = eg::value_and_grad(repeat<depth>(x), x = 0.01);
    BOOST_TEST(counted_identity::values == depth);
    BOOST_TEST(counted_identity::grads == depth);
    double derivative = 0;
    ETGRAD_CHECK_CLOSE(value, reference(0.01, depth, derivative), 1e-13);
    ETGRAD_CHECK_CLOSE(g[x], derivative, 1e-13);
}

BOOST_AUTO_TEST_CASE(array_evaluations_are_counted_once_per_node_and_element) {
    const xt::xtensor<double, 1> xv = {0.01, -0.02, 0.03};
    counted_identity::values = counted_identity::grads = 0;
    const auto [value, g] = eg::value_and_grad(eg::sum(repeat<depth>(x)), x = xv);
    // one forward loop and one backward loop (which recomputes the values it needs)
    // at least once per node (a batch counts once), at most once per node and element in each of
    // the forward and backward loops
    BOOST_TEST(counted_identity::values >= depth);
    BOOST_TEST(counted_identity::values <= 2 * depth * 3);
    BOOST_TEST(counted_identity::grads >= depth);
    BOOST_TEST(counted_identity::grads <= depth * 3);
    double expect = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        double derivative = 0;
        expect += reference(xv(i), depth, derivative);
        ETGRAD_CHECK_CLOSE(g[x](i), derivative, 1e-13);
    }
    ETGRAD_CHECK_CLOSE(value, expect, 1e-13);
}

BOOST_AUTO_TEST_SUITE_END()
