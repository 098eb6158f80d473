// SPDX-License-Identifier: MIT
// The law for every unary function and operator with a number operand (the law and the table: law.hpp).
#include "law.hpp"

BOOST_AUTO_TEST_SUITE(law_unary)

BOOST_AUTO_TEST_CASE(unary_values_and_derivatives_agree_on_scalars) {
    for_each_law(unary_laws(), [](const auto& law) {
        const auto f = law.f(x);
        const auto df = eg::d(f, x);
        for (const double v : law.at) {
            BOOST_TEST_CONTEXT(law.name << " at " << v) {
                const double value = eg::eval(f, x = v);
                const double derivative = eg::eval(df, eg::allow_unused(x = v));  // forward mode
                check_agree(eg::grad(f, x = v)[x], derivative);  // reverse mode

                const eg::tensor t = leaf(v);
                const eg::tensor out = law.f(t);
                check_agree(out.item(), value);
                check_agree(derivative_graph(out, t).item(), derivative);  // the rule on tensors
                out.backward();
                check_agree(t.grad().item(), derivative);  // the rule in a loop
            }
        }
    });
}

BOOST_AUTO_TEST_CASE(finite_differences) {
    for_each_law(unary_laws(), [](const auto& law) {
        BOOST_TEST_CONTEXT(law.name) {
            check_finite_differences([&](const auto& in) { return law.f(in[0]); }, {leaf(law.at)});
        }
    });
}

BOOST_AUTO_TEST_CASE(float32_agrees_with_float64) {
    for_each_law(unary_laws(), [](const auto& law) {
        BOOST_TEST_CONTEXT(law.name) {
            check_float32_against_float64([&](const auto& in) { return law.f(in[0]); }, {law.at});
        }
    });
}

BOOST_AUTO_TEST_CASE(node_names_are_pytorchs) {
    for_each_law(unary_laws(), [](const auto& law) {
        BOOST_TEST(law.f(leaf(law.at)).grad_fn()->name() == law.torch_name, law.name);
    });
    // digamma's derivative is grad * polygamma(1, x) in torch: python3 -c "import torch; x =
    // torch.ones(2, requires_grad=True); g, = torch.autograd.grad(torch.digamma(x).sum(), x,
    // create_graph=True); print(g.grad_fn.name(), g.grad_fn.next_functions)"
    const eg::tensor t = leaf(positive);
    const eg::tensor g = derivative_graph(eg::digamma(t).sum(), t);
    BOOST_TEST(g.grad_fn()->name() == "MulBackward0");
    std::vector<std::string> inner;
    for (const auto& e : g.grad_fn()->next_functions())
        if (e.function) inner.emplace_back(e.function->name());
    BOOST_TEST(inner == std::vector<std::string>{"PolygammaBackward0"});
}

BOOST_AUTO_TEST_SUITE_END()
