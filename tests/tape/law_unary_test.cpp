// SPDX-License-Identifier: MIT
// The law for every unary function and operator with a number operand (the law and the table: law.hpp).
#include "law.hpp"
#include "reference/torch_reference.hpp"
#include "ulps.hpp"

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

// On tensors of 8, 5, 4 and 3 elements (whole SIMD batches, and a last one padded), the functions
// where xsimd's are not as accurate as libm's (ops/math.hpp; the static layer's test is in
// ops/vocabulary_test.cpp) are within 2 ulp of the exact values.
BOOST_AUTO_TEST_CASE(special_functions_on_tensors_at_high_precision) {
    namespace ref = etgrad_test::torch_ref;
    using etgrad_test::same_special;
    constexpr std::uint64_t ulps = 2;
    const auto check_values = [](const std::string& what, const eg::tensor& result, const auto& expected,
                                 std::uint64_t tol) {
        const std::vector<double> values = elements(result);
        for (std::size_t i = 0; i < values.size(); ++i)
            BOOST_TEST(same_special(values[i], static_cast<double>(expected[i]), tol),
                       what << " [" << i << "]: " << values[i] << " vs " << expected[i]);
    };
    const auto first = [](const auto& a, std::size_t n) { return leaf(std::vector<double>(a.begin(), a.begin() + n)); };
    const auto check = [&](const char* name, const auto& f, const auto& at, const auto& expected) {
        for (const std::size_t n : {8, 5, 4, 3})
            if (n <= at.size()) check_values(std::string(name) + " of " + std::to_string(n), f(first(at, n)), expected, ulps);
    };
    check("erf", [](const eg::tensor& t) { return eg::erf(t); }, ref::special_x, ref::high_precision_erf);
    check("erfc", [](const eg::tensor& t) { return eg::erfc(t); }, ref::special_x, ref::high_precision_erfc);
    check("lgamma", [](const eg::tensor& t) { return eg::lgamma(t); }, ref::lgamma_x, ref::high_precision_lgamma_near_zeros);
    check("exp", [](const eg::tensor& t) { return eg::exp(t); }, ref::exp_edge_x, ref::exp_edge);
    check("expm1", [](const eg::tensor& t) { return eg::expm1(t); }, ref::expm1_edge_x, ref::expm1_edge);
    check("exp2", [](const eg::tensor& t) { return eg::exp2(t); }, ref::exp2_edge_x, ref::exp2_edge);
    check("log", [](const eg::tensor& t) { return eg::log(t); }, ref::log_edge_x, ref::log_edge);
    check("log2", [](const eg::tensor& t) { return eg::log2(t); }, ref::log_edge_x, ref::log2_edge);
    check("log10", [](const eg::tensor& t) { return eg::log10(t); }, ref::log_edge_x, ref::log10_edge);
    check("cbrt", [](const eg::tensor& t) { return eg::cbrt(t); }, ref::cbrt_edge_x, ref::cbrt_edge);
    check_values("pow", eg::pow(first(ref::pow_edge_x, 4), first(ref::pow_edge_y, 4)), ref::pow_edge, ulps);
    check_values("hypot", eg::hypot(first(ref::hypot_edge_x, 4), first(ref::hypot_edge_y, 4)), ref::hypot_edge, ulps);
    check_values("pow of a subnormal", first(ref::pow_edge_x, 4).pow(0.5)[3], std::array{ref::pow_edge[3]}, ulps);
    // pow with the exponents 0.5 and -0.5 is PyTorch's sqrt and 1 / sqrt (-0 stays -0, -inf gives NaN)
    check_values("pow(x, 0.5)", first(ref::pow_half_x, 4).pow(0.5), ref::pow_half, 0);
    check_values("pow(x, -0.5)", first(ref::pow_half_x, 4).pow(-0.5), ref::pow_minus_half, 0);
    eg::tensor floats = eg::zeros({4}, eg::float32);
    std::copy(ref::expf_edge_x.begin(), ref::expf_edge_x.end(), floats.data_ptr<float>());
    const std::vector<double> float_values = elements(eg::exp(floats));
    for (std::size_t i = 0; i < float_values.size(); ++i)
        BOOST_TEST(same_special(static_cast<float>(float_values[i]), static_cast<float>(ref::expf_edge[i]), ulps),
                   "float exp(" << ref::expf_edge_x[i] << "): " << float_values[i] << " vs " << ref::expf_edge[i]);
}

BOOST_AUTO_TEST_SUITE_END()
