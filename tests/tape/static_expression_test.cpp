// SPDX-License-Identifier: MIT
// eg::apply: a static expression recorded as one node of the tape. Same values and gradients as
// the expression written with tensor operations, in fewer nodes.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include <etgrad/etgrad.hpp>

#include "support.hpp"

namespace {

// The nodes of the graph behind t (its grad_fn and everything it reaches).
std::size_t count_nodes(const eg::tensor& t) {
    std::set<const eg::tape::node*> seen;
    std::vector<const eg::tape::node*> stack{t.grad_fn().get()};
    while (!stack.empty()) {
        const eg::tape::node* n = stack.back();
        stack.pop_back();
        if (!n || !seen.insert(n).second) continue;
        for (const auto& e : n->next_functions()) stack.push_back(e.function.get());
    }
    return seen.size();
}

constexpr auto x = eg::var<"x">;
constexpr auto y = eg::var<"y">;

}  // namespace

BOOST_AUTO_TEST_SUITE(static_expression)

BOOST_AUTO_TEST_CASE(seed_expression_as_one_node) {
    auto a = eg::tensor({0.0220f, 0.2922f, 0.1679f}, eg::requires_grad());
    auto fused = eg::apply(eg::mean(2 * eg::pow(x + 2, 2)), x = a);
    BOOST_TEST(fused.grad_fn()->name() == "StaticExpressionBackward0");
    BOOST_TEST(printed(fused) == "tensor(9.3616, grad_fn=<StaticExpressionBackward0>)");
    fused.backward();

    auto b = eg::tensor({0.0220f, 0.2922f, 0.1679f}, eg::requires_grad());
    auto by_ops = (2 * eg::pow(b + 2, 2)).mean();
    by_ops.backward();
    BOOST_TEST(fused.item() == by_ops.item(), boost::test_tools::tolerance(1e-6));
    BOOST_TEST(printed(a.grad()) == printed(b.grad()));
    BOOST_TEST(count_nodes(fused) == 2u);   // the expression and a's accumulator
    BOOST_TEST(count_nodes(by_ops) == 5u);  // add, pow, mul, mean, accumulator
}

BOOST_AUTO_TEST_CASE(array_valued_expression_takes_the_output_gradient) {
    auto u = eg::tensor({{0.5, -1.0, 2.0}, {1.5, 0.25, -0.75}}, f64);
    auto v = eg::tensor({0.3, 0.6, 0.9}, f64);
    auto fused = eg::apply(eg::exp(x) * y + x, x = u, y = v);
    auto weights = eg::tensor({{1.0, 2.0, 3.0}, {-1.0, 0.5, 0.0}}, eg::float64);
    (fused * weights).sum().backward();

    auto u2 = eg::tensor({{0.5, -1.0, 2.0}, {1.5, 0.25, -0.75}}, f64);
    auto v2 = eg::tensor({0.3, 0.6, 0.9}, f64);
    auto by_ops = eg::exp(u2) * v2 + u2;
    (by_ops * weights).sum().backward();
    for (std::int64_t i = 0; i < 6; ++i) {
        BOOST_TEST(fused.contiguous().data_ptr<double>()[i] == by_ops.data_ptr<double>()[i], boost::test_tools::tolerance(1e-14));
        BOOST_TEST(u.grad().data_ptr<double>()[i] == u2.grad().data_ptr<double>()[i], boost::test_tools::tolerance(1e-14));
    }
    // y was broadcast along the rows: its gradient is summed back to its own shape
    BOOST_TEST(v.grad().sizes() == (std::vector<std::int64_t>{3}));
    for (std::int64_t i = 0; i < 3; ++i)
        BOOST_TEST(v.grad().data_ptr<double>()[i] == v2.grad().data_ptr<double>()[i], boost::test_tools::tolerance(1e-14));
}

// The reductions and the softmax family run the same rules (ops/) on both layers.
BOOST_AUTO_TEST_CASE(layers_agree_on_lane_ops) {
    const auto input = [&] { return eg::tensor({{0.5, -1.2, 2.0}, {1.5, 0.0, 2.0}}, f64); };
    auto u = input();
    // a zero (prod), and ties at 2.0 (max of all)
    auto fused = eg::apply(eg::sum(eg::logsumexp(x, 1)) * eg::sum(eg::prod(x, 0)) + eg::max(x) * eg::sum(eg::min(x, -1)) +
                               eg::sum(eg::log_softmax(x, 0) * eg::softmax(x * 2.0, 1)) + eg::prod(x),
                           x = u);
    fused.backward();
    auto u2 = input();
    auto by_ops = eg::logsumexp(u2, 1).sum() * u2.prod(0).sum() + u2.max() * u2.min(-1).values.sum() +
                  (eg::log_softmax(u2, 0) * eg::softmax(u2 * 2.0, 1)).sum() + u2.prod();
    by_ops.backward();
    BOOST_TEST(fused.item() == by_ops.item(), boost::test_tools::tolerance(1e-14));
    for (std::int64_t i = 0; i < 6; ++i)
        BOOST_TEST(u.grad().data_ptr<double>()[i] == u2.grad().data_ptr<double>()[i], boost::test_tools::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(numbers_and_tensors_without_grad_mix) {
    auto t = eg::tensor({1.0f, 2.0f}, eg::requires_grad());
    auto c = eg::tensor({3.0f, 4.0f});
    auto z = eg::apply(eg::sum(x * y * eg::var<"k">), x = t, y = c, eg::var<"k"> = 0.5f);
    BOOST_TEST(z.item() == 5.5);
    z.backward();
    BOOST_TEST(printed(t.grad()) == "tensor([1.5000, 2.0000])");
}

// A scalar expression's gradients come from its forward pass; the backward scales them, in place
// only when no later backward reads them, and a leaf never shares memory with the node.
BOOST_AUTO_TEST_CASE(scaled_gradients_of_a_kept_graph_stay_right) {
    auto a = eg::tensor({1.0, 2.0, 3.0}, eg::requires_grad());
    auto loss = 3 * eg::apply(eg::sum(x * x), x = a);  // d loss / da = 6 a
    loss.backward({}, true);
    BOOST_TEST(printed(a.grad()) == "tensor([ 6., 12., 18.])");
    a.grad().zero_();
    loss.backward({}, true);
    BOOST_TEST(printed(a.grad()) == "tensor([ 6., 12., 18.])");
    loss.backward();
    BOOST_TEST(printed(a.grad()) == "tensor([12., 24., 36.])");

    auto b = eg::tensor({1.0, 2.0}, eg::requires_grad());
    auto kept = eg::apply(eg::sum(x * x * x), x = b);  // d/db = 3 b^2, with adjoint 1
    kept.backward({}, true);
    b.grad().mul_(10);
    kept.backward();
    BOOST_TEST(printed(b.grad()) == "tensor([ 33., 132.])");
    eg::apply(eg::sum(x * x * x), x = b).backward();
    BOOST_TEST(printed(b.grad()) == "tensor([ 36., 144.])");
}

// eg::hessian/jacobian (static expressions, namespace etgrad) and eg::autograd::hessian/jacobian
// (functions of tensors) in one translation unit: no ambiguity, and the same numbers.
BOOST_AUTO_TEST_CASE(static_and_tape_hessians_and_jacobians_agree) {
    const xt::xtensor<double, 1> xv = {0.5, -1.2, 2.0};
    const auto t = eg::tensor({0.5, -1.2, 2.0}, eg::float64);
    const auto compare = [](const auto& static_result, const eg::tensor& tape_result) {
        const std::vector<double> expected = elements(tape_result);
        BOOST_TEST_REQUIRE(static_result.size() == expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i)
            BOOST_TEST(std::abs(static_result.flat(i) - expected[i]) <= 1e-13 * std::max(1.0, std::abs(expected[i])));
    };
    compare(eg::hessian(eg::sum(eg::sin(x) * x * x) * eg::sum(x), x = xv),
            eg::autograd::hessian([](const eg::tensor& v) { return (eg::sin(v) * v.pow(2)).sum() * v.sum(); }, t));
    compare(eg::jacobian(eg::tanh(x) * eg::sum(x * x), x = xv),
            eg::autograd::jacobian([](const eg::tensor& v) { return eg::tanh(v) * v.pow(2).sum(); }, t));
}

BOOST_AUTO_TEST_CASE(errors) {
    auto t = eg::tensor({1.0f, 2.0f}, eg::requires_grad());
    auto d = eg::tensor({1.0, 2.0}, eg::float64);
    BOOST_CHECK_THROW(eg::apply(x * y, x = t, y = d), std::invalid_argument);
    auto z = eg::apply(eg::sum(x * x), x = t);
    z.backward({}, true);
    BOOST_CHECK_THROW(eg::autograd::grad({eg::autograd::grad({z}, {t}, {}, true, true)[0].sum()}, {t}), std::runtime_error);
    auto once = eg::apply(eg::sum(x * x), x = t);
    once.backward();
    BOOST_CHECK_THROW(once.backward(), std::runtime_error);

    // A bound tensor changed in place before the backward: PyTorch's error (1.13's text for y * y).
    auto y_value = t * 1;
    auto changed = eg::apply(eg::sum(x * x), x = y_value);
    y_value.add_(1);
    BOOST_CHECK_EXCEPTION(changed.backward(), std::runtime_error, [](const std::runtime_error& e) {
        return std::string(e.what()) ==
               "one of the variables needed for gradient computation has been modified by an inplace operation: "
               "[torch.FloatTensor [2]], which is output 0 of AddBackward0, is at version 1; expected version 0 "
               "instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, "
               "with torch.autograd.set_detect_anomaly(True).";
    });
}

BOOST_AUTO_TEST_SUITE_END()
