// SPDX-License-Identifier: MIT
// The law for every unary function, second half: second derivatives and arrays (a translation unit
// of its own, so that the two halves compile in parallel; the law and the table: law.hpp).
#include "law.hpp"

BOOST_AUTO_TEST_SUITE(law_unary_arrays)

BOOST_AUTO_TEST_CASE(unary_second_derivatives_agree) {
    for_each_law(unary_laws(), [](const auto& law) {
        const auto df = eg::d(law.f(x), x);
        for (const double v : law.at) {
            BOOST_TEST_CONTEXT(law.name << " at " << v) {
                const eg::tensor t = leaf(v);
                const eg::tensor g = derivative_graph(law.f(t), t);
                if constexpr (depends_on_x<std::remove_cvref_t<decltype(df)>>) {
                    BOOST_TEST_REQUIRE(g.requires_grad());
                    check_agree(eg::autograd::grad({g}, {t})[0].item(), eg::eval(eg::d(df, x), eg::allow_unused(x = v)));
                } else {
                    BOOST_TEST(!g.requires_grad());  // a constant derivative: the tape recorded nothing either
                }
            }
        }
    });
}

BOOST_AUTO_TEST_CASE(unary_values_and_gradients_agree_on_arrays) {
    for_each_law(unary_laws(), [](const auto& law) {
        BOOST_TEST_CONTEXT(law.name) {
            const auto f = law.f(x);
            const xt::xtensor<double, 1> xv = as_xtensor(law.at);
            const eg::tensor t = leaf(law.at);
            const eg::tensor out = law.f(t);
            check_all_agree(out, as_vector(eg::eval(f, x = xv)));
            out.sum().backward();
            check_all_agree(t.grad(), as_vector(eg::grad(eg::sum(f), x = xv)[x]));
        }
    });
}

BOOST_AUTO_TEST_SUITE_END()
