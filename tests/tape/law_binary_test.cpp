// SPDX-License-Identifier: MIT
// The law for every binary function and operator, with broadcasting (the law and the table: law.hpp).
#include "law.hpp"

BOOST_AUTO_TEST_SUITE(law_binary)

BOOST_AUTO_TEST_CASE(binary_values_and_derivatives_agree_on_scalars) {
    for_each_law(binary_laws(), [](const auto& law) {
        const auto f = law.f(x, y);
        const auto dfx = eg::d(f, x);
        const auto dfy = eg::d(f, y);
        for (std::size_t i = 0; i < law.a.size(); ++i) {
            const double a = law.a[i], b = law.b[i];
            BOOST_TEST_CONTEXT(law.name << " at " << a << ", " << b) {
                const double value = eg::eval(f, x = a, y = b);
                const double dx = eg::eval(dfx, x = a, y = b, eg::allow_unused), dy = eg::eval(dfy, x = a, y = b, eg::allow_unused);
                const auto g = eg::grad(f, x = a, y = b);
                check_agree(g[x], dx);
                check_agree(g[y], dy);

                const eg::tensor ta = leaf(a), tb = leaf(b);
                const eg::tensor out = law.f(ta, tb);
                check_agree(out.item(), value);
                const std::vector<eg::tensor> recorded = eg::autograd::grad({out}, {ta, tb}, {}, {}, true);
                check_agree(recorded[0].item(), dx);
                check_agree(recorded[1].item(), dy);
                out.backward();
                check_agree(ta.grad().item(), dx);
                check_agree(tb.grad().item(), dy);
            }
        }
    });
}

// A number against an array, on each side: the tape sums the number's gradient over the array.
BOOST_AUTO_TEST_CASE(binary_broadcasting_agrees) {
    for_each_law(binary_laws(), [](const auto& law) {
        const auto f = law.f(x, y);
        const auto check = [&](const auto& a, const auto& b, const eg::tensor& ta, const eg::tensor& tb) {
            const eg::tensor out = law.f(ta, tb);
            check_all_agree(out, as_vector(eg::eval(f, x = a, y = b)));
            out.sum().backward();
            const auto g = eg::grad(eg::sum(f), x = a, y = b);
            check_all_agree(ta.grad(), as_vector(g[x]));
            check_all_agree(tb.grad(), as_vector(g[y]));
        };
        BOOST_TEST_CONTEXT(law.name << " with a number on the left") {
            check(law.a[0], as_xtensor(law.b), leaf(law.a[0]), leaf(law.b));
        }
        BOOST_TEST_CONTEXT(law.name << " with a number on the right") {
            check(as_xtensor(law.a), law.b[0], leaf(law.a), leaf(law.b[0]));
        }
    });
}

BOOST_AUTO_TEST_CASE(finite_differences) {
    for_each_law(binary_laws(), [](const auto& law) {
        BOOST_TEST_CONTEXT(law.name) {
            const auto f = [&](const auto& in) { return law.f(in[0], in[1]); };
            check_finite_differences(f, {leaf(law.a), leaf(law.b)});
            check_finite_differences(f, {leaf(law.a[0]), leaf(law.b)});
        }
    });
}

BOOST_AUTO_TEST_CASE(float32_agrees_with_float64) {
    for_each_law(binary_laws(), [](const auto& law) {
        BOOST_TEST_CONTEXT(law.name) {
            check_float32_against_float64([&](const auto& in) { return law.f(in[0], in[1]); }, {law.a, law.b});
        }
    });
}

BOOST_AUTO_TEST_CASE(node_names_are_pytorchs) {
    for_each_law(binary_laws(), [](const auto& law) {
        BOOST_TEST(law.f(leaf(law.a), leaf(law.b)).grad_fn()->name() == law.torch_name, law.name);
    });
}

BOOST_AUTO_TEST_SUITE_END()
