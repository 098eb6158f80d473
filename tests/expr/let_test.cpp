// SPDX-License-Identifier: MIT
// eg::let: a named intermediate gives the values, gradients and derivatives of the expression
// written out; a recurrence of 100 steps has a type, a graph and a cost linear in the steps.
#include <cstddef>
#include <string_view>
#include <type_traits>

#include <xtensor/xtensor.hpp>

#include "reference/torch_reference.hpp"
#include "support.hpp"

using namespace etgrad_test;

namespace {

template <int K, class E>
constexpr auto named(const E& e) {
    return recurrence<K, true>(e);
}
template <int K, class E>
constexpr auto written(const E& e) {
    return recurrence<K, false>(e);
}

template <class T>
constexpr std::size_t type_name_length() {
    return std::string_view(__PRETTY_FUNCTION__).size();
}

constexpr bool near(double a, double b, double tol = 1e-14) {
    const double d = a < b ? b - a : a - b;
    return d <= tol * (b < 0 ? -b : b > 1 ? b : 1);
}

struct step_name {
    int step;
};

using letvar_a = eg::letvar<eg::fixed_string{"a"}>;

}  // namespace

BOOST_AUTO_TEST_SUITE(let)

BOOST_AUTO_TEST_CASE(the_body_is_called_once_and_is_not_part_of_the_type) {
    constexpr auto f = eg::let<"a">(x * y, [](auto a) { return a * a + a; });
    constexpr letvar_a a{};
    using expected = eg::let_expr<eg::fixed_string{"a"}, std::remove_cvref_t<decltype(x * y)>,
                                  std::remove_cvref_t<decltype(a * a + a)>>;
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(f)>, expected>);
    static_assert(std::is_empty_v<expected>);  // placeholders and stateless ops: nothing is stored
    // names are any structural value
    static_assert(eg::eval(eg::let<3>(x + 1, [](auto t) { return t * t; }), x = 2.0) == 9.0);
    static_assert(eg::eval(eg::let<step_name{7}>(x + 1, [](auto t) { return t * t; }), x = 2.0) == 9.0);
}

BOOST_AUTO_TEST_CASE(scalar_values_and_gradients_equal_the_written_out_expression) {
    constexpr auto with_let = eg::let<"a">(x * y + 1, [](auto a) { return a * a - a * y; });
    constexpr auto written = (x * y + 1) * (x * y + 1) - (x * y + 1) * y;
    static_assert(eg::eval(with_let, x = 0.5, y = 3.0) == eg::eval(written, x = 0.5, y = 3.0));
    static_assert(eg::grad(with_let, x = 0.5, y = 3.0)[x] == eg::grad(written, x = 0.5, y = 3.0)[x]);
    static_assert(eg::grad(with_let, x = 0.5, y = 3.0)[y] == eg::grad(written, x = 0.5, y = 3.0)[y]);

    constexpr auto soft = eg::let<"s">(eg::exp(x) + 1, [](auto s) { return eg::log(s) * s; });
    constexpr auto soft_written = eg::log(eg::exp(x) + 1) * (eg::exp(x) + 1);
    static_assert(near(eg::eval(soft, x = 0.3), eg::eval(soft_written, x = 0.3)));
    static_assert(near(eg::grad(soft, x = 0.3)[x], eg::grad(soft_written, x = 0.3)[x]));
}

BOOST_AUTO_TEST_CASE(array_values_and_gradients_equal_the_written_out_expression) {
    const xt::xtensor<double, 1> xv = {0.5, -1.25, 2.0, 0.75};
    const auto with_let = eg::let<"s">(eg::exp(x * y), [](auto s) { return eg::sum(s * s + s / (1 + x)); });
    const auto written = eg::sum(eg::exp(x * y) * eg::exp(x * y) + eg::exp(x * y) / (1 + x));
    const auto [value, g] = eg::value_and_grad(with_let, x = xv, y = 0.7);
    const auto [written_value, written_g] = eg::value_and_grad(written, x = xv, y = 0.7);
    ETGRAD_CHECK_CLOSE(value, written_value, 1e-14);
    ETGRAD_CHECK_CLOSE(g[y], written_g[y], 1e-14);
    for (std::size_t i = 0; i < xv.size(); ++i) ETGRAD_CHECK_CLOSE(g[x](i), written_g[x](i), 1e-14);
    BOOST_TEST(eg::gradcheck(with_let, x = xv, y = 0.7));

    // an array-valued let is an array-valued expression
    const auto doubled = eg::eval(eg::let<"t">(x * 2, [](auto t) { return t + t * t; }), x = xv);
    for (std::size_t i = 0; i < xv.size(); ++i) ETGRAD_CHECK_CLOSE(doubled(i), 2 * xv(i) + 4 * xv(i) * xv(i), 1e-15);
}

BOOST_AUTO_TEST_CASE(a_definition_that_is_an_array_feeds_reductions) {
    const xt::xtensor<double, 1> xv = {0.5, -1.25, 2.0, 0.75, 0.125};
    const auto centred = eg::let<"d">(x - eg::mean(x), [](auto d) { return eg::sum(d * d) / eg::sum(eg::exp(d)); });
    const auto centred_written = eg::sum((x - eg::mean(x)) * (x - eg::mean(x))) / eg::sum(eg::exp(x - eg::mean(x)));
    const auto [value, g] = eg::value_and_grad(centred, x = xv);
    const auto [written_value, written_g] = eg::value_and_grad(centred_written, x = xv);
    ETGRAD_CHECK_CLOSE(value, written_value, 1e-14);
    for (std::size_t i = 0; i < xv.size(); ++i) ETGRAD_CHECK_CLOSE(g[x](i), written_g[x](i), 1e-14);
    BOOST_TEST(eg::gradcheck(centred, x = xv));

    // the definition is an axis reduction (an array stored by the evaluation)
    const xt::xtensor<double, 2> mv = {{0.5, 1.0, -0.25}, {2.0, 0.125, 1.5}};
    const auto rows = eg::let<"r">(eg::sum(x * x, 1), [](auto r) { return eg::sum(eg::sqrt(r) * r); });
    const auto rows_written = eg::sum(eg::sqrt(eg::sum(x * x, 1)) * eg::sum(x * x, 1));
    const auto [rows_value, rows_g] = eg::value_and_grad(rows, x = mv);
    const auto [rows_written_value, rows_written_g] = eg::value_and_grad(rows_written, x = mv);
    ETGRAD_CHECK_CLOSE(rows_value, rows_written_value, 1e-14);
    for (std::size_t i = 0; i < mv.size(); ++i) ETGRAD_CHECK_CLOSE(rows_g[x].flat(i), rows_written_g[x].flat(i), 1e-14);
}

// b = x + y; a = b * b; c = a * x; c * c + a, at values where every step is exact.
constexpr auto nested = eg::let<"a">(eg::let<"b">(x + y, [](auto b) { return b * b; }), [](auto a) {
    return eg::let<"c">(a * x, [a](auto c) { return c * c + a; });
});
constexpr auto nested_written = ((x + y) * (x + y) * x) * ((x + y) * (x + y) * x) + (x + y) * (x + y);

BOOST_AUTO_TEST_CASE(values_and_gradients_equal_pytorch) {
    namespace ref = torch_ref;
    const auto [value, g] = eg::value_and_grad(named<10>(x), x = 0.01);
    ETGRAD_CHECK_CLOSE(value, ref::let_recurrence_value, 1e-14);
    ETGRAD_CHECK_CLOSE(g[x], ref::let_recurrence_grad, 1e-13);
    const auto soft = eg::let<"s">(eg::exp(x) + 1, [](auto s) { return eg::log(s) * s; });
    const auto [soft_value, soft_g] = eg::value_and_grad(soft, x = 0.3);
    ETGRAD_CHECK_CLOSE(soft_value, ref::let_soft_value, 1e-14);
    ETGRAD_CHECK_CLOSE(soft_g[x], ref::let_soft_grad, 1e-14);

    const xt::xtensor<double, 1> xv = {0.5, -1.25, 2.0, 0.75};
    const auto array = eg::let<"s">(eg::exp(x * y), [](auto s) { return eg::sum(s * s + s / (1 + x)); });
    const auto [array_value, array_g] = eg::value_and_grad(array, x = xv, y = 0.7);
    ETGRAD_CHECK_CLOSE(array_value, ref::let_array_value, 1e-14);
    ETGRAD_CHECK_CLOSE(array_g[y], ref::let_array_grad_y, 1e-14);
    for (std::size_t i = 0; i < xv.size(); ++i) ETGRAD_CHECK_CLOSE(array_g[x](i), ref::let_array_grad_x[i], 1e-14);

    const xt::xtensor<double, 1> cv = {0.5, -1.25, 2.0, 0.75, 0.125};
    const auto centred = eg::let<"d">(x - eg::mean(x), [](auto d) { return eg::sum(d * d) / eg::sum(eg::exp(d)); });
    const auto [centred_value, centred_g] = eg::value_and_grad(centred, x = cv);
    ETGRAD_CHECK_CLOSE(centred_value, ref::let_centred_value, 1e-14);
    for (std::size_t i = 0; i < cv.size(); ++i) ETGRAD_CHECK_CLOSE(centred_g[x](i), ref::let_centred_grad[i], 1e-13);
}

BOOST_AUTO_TEST_CASE(nested_lets) {
    static_assert(eg::eval(nested, x = 0.5, y = 1.5) == 8.0);
    static_assert(eg::eval(nested, x = 0.5, y = 1.5) == eg::eval(nested_written, x = 0.5, y = 1.5));
    static_assert(eg::grad(nested, x = 0.5, y = 1.5)[x] == eg::grad(nested_written, x = 0.5, y = 1.5)[x]);
    static_assert(eg::grad(nested, x = 0.5, y = 1.5)[y] == eg::grad(nested_written, x = 0.5, y = 1.5)[y]);

    // a number as the definition, and a let whose definition is another let's name
    constexpr auto aliased = eg::let<"n">(2.5, [](auto n) { return eg::let<"m">(n, [](auto m) { return m * x + m; }); });
    static_assert(eg::eval(aliased, x = 2.0) == 7.5);
    static_assert(eg::grad(aliased, x = 2.0)[x] == 2.5);
}

BOOST_AUTO_TEST_CASE(only_what_the_root_reaches_is_evaluated) {
    // the unused log(0) would make the gradient NaN if it were evaluated
    constexpr auto unused = eg::let<"a">(eg::log(x), [](auto) { return x * 2; });
    static_assert(eg::grad(unused, x = 0.0)[x] == 2.0);
    static_assert(eg::detail::graph_of<std::remove_cvref_t<decltype(unused)>>::size == 3);
    // the root is a node of the definition, so not the last node met
    constexpr auto inner = eg::let<"a">(x * x + x, [](auto) { return x * x; });
    static_assert(eg::eval(inner, x = 3.0) == 9.0);
    static_assert(eg::grad(inner, x = 3.0)[x] == 6.0);
    static_assert(eg::detail::graph_of<std::remove_cvref_t<decltype(inner)>>::size == 2);
}

BOOST_AUTO_TEST_CASE(the_same_let_used_twice_is_one_definition) {
    constexpr auto twice = eg::let<"a">(x * x, [](auto a) { return a + a; });
    static_assert(eg::eval(twice * twice, x = 1.5) == 20.25);
    static_assert(eg::grad(twice * twice, x = 1.5)[x] == 2 * 4.5 * 6.0);
    static_assert(eg::detail::graph_of<std::remove_cvref_t<decltype(twice * twice)>>::size == 4);
}

BOOST_AUTO_TEST_CASE(derivatives_through_let_equal_those_of_the_written_out_expression) {
    static_assert(eg::detail::is_let<std::remove_cvref_t<decltype(eg::d(nested, x))>>::value);
    static_assert(eg::eval(eg::d(nested, x), x = 0.5, y = 1.5) == eg::eval(eg::d(nested_written, x), x = 0.5, y = 1.5));
    static_assert(eg::eval(eg::d(nested, y), x = 0.5, y = 1.5) == eg::eval(eg::d(nested_written, y), x = 0.5, y = 1.5));
    static_assert(eg::eval(eg::d(eg::d(nested, x), y), x = 0.5, y = 1.5) ==
                  eg::eval(eg::d(eg::d(nested_written, x), y), x = 0.5, y = 1.5));
    static_assert(eg::eval(eg::d(eg::d(nested, x), x), x = 0.5, y = 1.5) ==
                  eg::eval(eg::d(eg::d(nested_written, x), x), x = 0.5, y = 1.5));

    // a definition that does not depend on x has a zero tangent: d(a * x)/dx is a, not 0 * x + a
    constexpr auto constant_def = eg::let<"a">(y * y, [](auto a) { return a * x; });
    using y_squared = std::remove_cvref_t<decltype(y * y)>;
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(eg::d(constant_def, x))>, y_squared>);
    static_assert(eg::eval(eg::d(constant_def, x), eg::allow_unused(x = 2.0), y = 3.0) == 9.0);
    // a definition that is a placeholder is substituted: no let is made
    constexpr auto identity_def = eg::let<"a">(x, [](auto a) { return a * a; });
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(identity_def)>, std::remove_cvref_t<decltype(x * x)>>);
    static_assert(std::is_same_v<decltype(eg::d(identity_def, x)), decltype(eg::d(x * x, x))>);
    static_assert(eg::eval(eg::d(identity_def, x), x = 3.0) == 6.0);

    constexpr auto soft = eg::let<"s">(eg::exp(x) + 1, [](auto s) { return eg::log(s) * s; });
    static_assert(near(eg::eval(eg::d(soft, x), x = 0.3), eg::grad(soft, x = 0.3)[x]));
}

BOOST_AUTO_TEST_CASE(gradcheck_through_let) {
    static_assert(eg::gradcheck(nested, x = 0.3, y = -0.8));
    static_assert(eg::gradcheck(eg::let<"s">(eg::sin(x) * y, [](auto s) { return eg::tanh(s) / (1 + s * s); }), x = 0.3,
                                y = 1.7));
}

// The graph and the type grow linearly with the number of steps, the work too.
constexpr int steps = 100;

BOOST_AUTO_TEST_CASE(a_recurrence_of_100_steps_has_a_linear_type_and_graph) {
    constexpr auto f = named<steps>(x);
    static_assert(eg::detail::graph_of<std::remove_cvref_t<decltype(f)>>::size == 1 + 2 * steps);
    // doubling the steps at most doubles the type's name (written out, it grows as 3^n)
    constexpr std::size_t half = type_name_length<decltype(named<steps / 2>(x))>();
    static_assert(type_name_length<decltype(f)>() <= 2 * half);
    static_assert(type_name_length<decltype(written<6>(x))>() >
                  2 * type_name_length<decltype(written<5>(x))>());
}

// With the counting identity a step is three nodes: 301 in all, more than a fold of clang's
// nesting depth (256) could handle.
BOOST_AUTO_TEST_CASE(a_recurrence_of_100_steps_costs_twice_one_of_50) {
    counted_identity::reset();
    const auto [value50, g50] = eg::value_and_grad(recurrence<steps / 2, true, true>(x), x = 0.001);
    BOOST_TEST(counted_identity::values == steps / 2);
    BOOST_TEST(counted_identity::grads == steps / 2);
    counted_identity::reset();
    const auto [value, g] = eg::value_and_grad(recurrence<steps, true, true>(x), x = 0.001);
    BOOST_TEST(counted_identity::values == steps);
    BOOST_TEST(counted_identity::grads == steps);
    double derivative50 = 0, derivative = 0;
    ETGRAD_CHECK_CLOSE(value50, recurrence_reference(0.001, steps / 2, derivative50), 1e-14);
    ETGRAD_CHECK_CLOSE(g50[x], derivative50, 1e-13);
    ETGRAD_CHECK_CLOSE(value, recurrence_reference(0.001, steps, derivative), 1e-14);
    ETGRAD_CHECK_CLOSE(g[x], derivative, 1e-13);
}

BOOST_AUTO_TEST_CASE(an_array_recurrence_is_counted_once_per_node_and_element) {
    check_counted_array_recurrence(recurrence<10, true, true>(x), 10);
}

BOOST_AUTO_TEST_CASE(the_derivative_of_a_recurrence_is_linear_too) {
    constexpr int n = 20;
    constexpr auto df = eg::d(named<n>(x), x);
    // per step: the value's two nodes and the tangent's three
    static_assert(eg::detail::graph_of<std::remove_cvref_t<decltype(df)>>::size <= 5 * n + 5);
    double derivative = 0;
    recurrence_reference(0.001, n, derivative);
    ETGRAD_CHECK_CLOSE(eg::eval(df, x = 0.001), derivative, 1e-13);
    ETGRAD_CHECK_CLOSE(eg::eval(eg::d(written<3>(x), x), x = 0.001),
                       eg::eval(eg::d(named<3>(x), x), x = 0.001), 1e-14);
}

BOOST_AUTO_TEST_CASE(a_let_around_a_shared_expression_written_out) {
    constexpr auto f = eg::let<"a">(written<6>(x), [](auto a) { return a * a + x; });
    const auto [value, g] = eg::value_and_grad(f, x = 0.01);
    double derivative = 0;
    const double a = recurrence_reference(0.01, 6, derivative);
    ETGRAD_CHECK_CLOSE(value, a * a + 0.01, 1e-14);
    ETGRAD_CHECK_CLOSE(g[x], 2 * a * derivative + 1, 1e-13);
}

BOOST_AUTO_TEST_SUITE_END()
