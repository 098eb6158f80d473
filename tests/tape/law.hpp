// SPDX-License-Identifier: MIT
// Shared by law_unary_test.cpp and law_binary_test.cpp (one file per arity keeps each one's compile
// time down). The law every elementwise op obeys (issue 7): its derivative is one rule in ops/, so the static
// layer (eg::eval, eg::d, eg::grad) and the tape (value, backward, create_graph) must compute the
// same values, first and second derivatives, on scalars, on arrays and with a number broadcast
// against an array; the tape's gradients agree with central differences, its float32 results
// with its float64 ones, and its node names with PyTorch 1.13's. One table lists every function
// and operator both layers have; each entry's lambda runs on a placeholder and on a tensor.
#pragma once
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include <xtensor/xadapt.hpp>
#include <xtensor/xtensor.hpp>

#include <etgrad/etgrad.hpp>

#include "support.hpp"

namespace law_test {

inline constexpr auto x = eg::var<"x">;
inline constexpr auto y = eg::var<"y">;

template <class F>
struct unary_law {
    std::string_view name;
    std::string_view torch_name;  // torch's grad_fn.name() of the function's result
    F f;
    std::vector<double> at;  // inside the domain, away from kinks
};
template <class F>
unary_law<F> unary(std::string_view name, std::string_view torch_name, F f, std::vector<double> at) {
    return {name, torch_name, f, std::move(at)};
}

template <class F>
struct binary_law {
    std::string_view name;
    std::string_view torch_name;
    F f;
    std::vector<double> a, b;  // the points (a[i], b[i]); a[0] against every b and b[0] against every a too
};
template <class F>
binary_law<F> binary(std::string_view name, std::string_view torch_name, F f, std::vector<double> a, std::vector<double> b) {
    return {name, torch_name, f, std::move(a), std::move(b)};
}

// Five points: a SIMD block and a tail in the loops of both layers.
inline const std::vector<double> line{-1.7, -0.6, 0.3, 0.9, 2.2};
inline const std::vector<double> positive{0.3, 0.8, 1.5, 2.7, 4.1};
inline const std::vector<double> unit{-0.8, -0.35, 0.1, 0.45, 0.9};
inline const std::vector<double> operands{0.8, -1.1, 0.5, 1.9, -0.7};  // differs from every element of line

// The names are torch's (1.13, Python), e.g. python3 -c "import torch; x = torch.ones(2,
// requires_grad=True); print((2 / x).grad_fn.name())"; torch has no cbrt (etgrad's name is
// CbrtBackward0), and torch.special.ndtr is composed, its last node a multiplication by 0.5.
inline auto unary_laws() {
    return std::tuple{
        unary("-x", "NegBackward0", [](const auto& e) { return -e; }, line),
        unary("x + 2.5", "AddBackward0", [](const auto& e) { return e + 2.5; }, line),
        unary("2.5 - x", "RsubBackward1", [](const auto& e) { return 2.5 - e; }, line),
        unary("3 * x", "MulBackward0", [](const auto& e) { return 3.0 * e; }, line),
        unary("x / 4", "DivBackward0", [](const auto& e) { return e / 4.0; }, line),
        unary("2 / x", "MulBackward0", [](const auto& e) { return 2.0 / e; }, line),
        unary("2 ^ x", "PowBackward2", [](const auto& e) { return eg::pow(2.0, e); }, line),
        unary("pow(x, 2)", "PowBackward0", [](const auto& e) { return eg::pow(e, 2); }, line),
        unary("pow(x, 3)", "PowBackward0", [](const auto& e) { return eg::pow(e, 3); }, line),
        unary("pow(x, 2.5)", "PowBackward0", [](const auto& e) { return eg::pow(e, 2.5); }, positive),
        unary("pow(x, -1.5)", "PowBackward0", [](const auto& e) { return eg::pow(e, -1.5); }, positive),
        unary("square", "PowBackward0", [](const auto& e) { return eg::square(e); }, line),
        unary("exp", "ExpBackward0", [](const auto& e) { return eg::exp(e); }, line),
        unary("exp2", "Exp2Backward0", [](const auto& e) { return eg::exp2(e); }, line),
        unary("expm1", "Expm1Backward0", [](const auto& e) { return eg::expm1(e); }, line),
        unary("log", "LogBackward0", [](const auto& e) { return eg::log(e); }, positive),
        unary("log2", "Log2Backward0", [](const auto& e) { return eg::log2(e); }, positive),
        unary("log10", "Log10Backward0", [](const auto& e) { return eg::log10(e); }, positive),
        unary("log1p", "Log1PBackward0", [](const auto& e) { return eg::log1p(e); }, unit),
        unary("sqrt", "SqrtBackward0", [](const auto& e) { return eg::sqrt(e); }, positive),
        unary("cbrt", "CbrtBackward0", [](const auto& e) { return eg::cbrt(e); }, line),
        unary("reciprocal", "ReciprocalBackward0", [](const auto& e) { return eg::reciprocal(e); }, line),
        unary("sin", "SinBackward0", [](const auto& e) { return eg::sin(e); }, line),
        unary("cos", "CosBackward0", [](const auto& e) { return eg::cos(e); }, line),
        unary("tan", "TanBackward0", [](const auto& e) { return eg::tan(e); }, unit),
        unary("asin", "AsinBackward0", [](const auto& e) { return eg::asin(e); }, unit),
        unary("acos", "AcosBackward0", [](const auto& e) { return eg::acos(e); }, unit),
        unary("atan", "AtanBackward0", [](const auto& e) { return eg::atan(e); }, line),
        unary("sinh", "SinhBackward0", [](const auto& e) { return eg::sinh(e); }, line),
        unary("cosh", "CoshBackward0", [](const auto& e) { return eg::cosh(e); }, line),
        unary("tanh", "TanhBackward0", [](const auto& e) { return eg::tanh(e); }, line),
        unary("asinh", "AsinhBackward0", [](const auto& e) { return eg::asinh(e); }, line),
        unary("acosh", "AcoshBackward0", [](const auto& e) { return eg::acosh(e); }, {1.2, 1.5, 2.0, 3.3, 6.0}),
        unary("atanh", "AtanhBackward0", [](const auto& e) { return eg::atanh(e); }, unit),
        unary("sigmoid", "SigmoidBackward0", [](const auto& e) { return eg::sigmoid(e); }, line),
        unary("softplus", "SoftplusBackward0", [](const auto& e) { return eg::softplus(e); }, line),
        unary("log_sigmoid", "LogSigmoidBackward0", [](const auto& e) { return eg::log_sigmoid(e); }, line),
        unary("relu", "ReluBackward0", [](const auto& e) { return eg::relu(e); }, line),
        unary("abs", "AbsBackward0", [](const auto& e) { return eg::abs(e); }, line),
        unary("clamp", "ClampBackward1", [](const auto& e) { return eg::clamp(e, -0.4, 0.9); }, {-1.0, -0.2, 0.3, 0.8, 1.5}),
        unary("erf", "ErfBackward0", [](const auto& e) { return eg::erf(e); }, line),
        unary("erfc", "ErfcBackward0", [](const auto& e) { return eg::erfc(e); }, line),
        unary("normal_cdf", "MulBackward1", [](const auto& e) { return eg::normal_cdf(e); }, line),
        unary("normal_log_cdf", "SpecialLogNdtrBackward0", [](const auto& e) { return eg::normal_log_cdf(e); }, line),
        unary("lgamma", "LgammaBackward0", [](const auto& e) { return eg::lgamma(e); }, {-2.5, -0.5, 0.7, 1.5, 4.2}),
        unary("digamma", "DigammaBackward0", [](const auto& e) { return eg::digamma(e); }, {-2.5, -0.5, 0.7, 1.5, 4.2}),
    };
}

inline auto binary_laws() {
    return std::tuple{
        binary("+", "AddBackward0", [](const auto& a, const auto& b) { return a + b; }, line, operands),
        binary("-", "SubBackward0", [](const auto& a, const auto& b) { return a - b; }, line, operands),
        binary("*", "MulBackward0", [](const auto& a, const auto& b) { return a * b; }, line, operands),
        binary("/", "DivBackward0", [](const auto& a, const auto& b) { return a / b; }, line, operands),
        binary("pow", "PowBackward1", [](const auto& a, const auto& b) { return eg::pow(a, b); }, positive, operands),
        binary("maximum", "MaximumBackward0", [](const auto& a, const auto& b) { return eg::maximum(a, b); }, line, operands),
        binary("minimum", "MinimumBackward0", [](const auto& a, const auto& b) { return eg::minimum(a, b); }, line, operands),
        binary("atan2", "Atan2Backward0", [](const auto& a, const auto& b) { return eg::atan2(a, b); }, line, operands),
        binary("hypot", "HypotBackward0", [](const auto& a, const auto& b) { return eg::hypot(a, b); }, line, operands),
    };
}

template <class Laws, class Check>
void for_each_law(const Laws& laws, Check check) {
    std::apply([&](const auto&... law) { (check(law), ...); }, laws);
}

// |a - b| <= 1e-12 max(|a|, |b|): relative, and exact where one of them is 0.
inline void check_agree(double a, double b) {
    BOOST_TEST(std::abs(a - b) <= 1e-12 * std::max(std::abs(a), std::abs(b)), a << " vs " << b);
}

inline void check_all_agree(const eg::tensor& actual, const std::vector<double>& expected) {
    const std::vector<double> values = elements(actual);
    BOOST_TEST_REQUIRE(values.size() == expected.size());
    for (std::size_t i = 0; i < values.size(); ++i) check_agree(values[i], expected[i]);
}

// A leaf vector of the given type that requires grad.
inline eg::tensor leaf(const std::vector<double>& values, eg::dtype type = eg::float64) {
    eg::tensor t = eg::zeros({static_cast<std::int64_t>(values.size())}, eg::float64);
    std::copy(values.begin(), values.end(), t.data_ptr<double>());
    t = t.to(type);
    t.requires_grad_();
    return t;
}
inline eg::tensor leaf(double value) { return eg::tensor(value, eg::requires_grad().dtype(eg::float64)); }

// The elements of a static layer's result (a number or an array).
template <class V>
std::vector<double> as_vector(const V& values) {
    if constexpr (std::is_arithmetic_v<V>)
        return {values};
    else
        return {values.begin(), values.end()};
}
inline xt::xtensor<double, 1> as_xtensor(const std::vector<double>& values) { return xt::adapt(values, {values.size()}); }

// The values rounded to float32, as doubles.
inline std::vector<double> rounded_to_float(std::vector<double> values) {
    for (double& v : values) v = static_cast<double>(static_cast<float>(v));
    return values;
}

// The first derivative with create_graph (so it runs the rule on tensors and is recorded).
inline eg::tensor derivative_graph(const eg::tensor& out, const eg::tensor& input) {
    return eg::autograd::grad({out}, {input}, {}, {}, true)[0];
}

template <class E>
inline constexpr bool depends_on_x = eg::detail::depends_on<"x", E>::value;


// f on float32 leaves against f on float64 leaves at the same (rounded) points, values and
// gradients of the sum: the float32 loops and promotion.
template <class F>
void check_float32_against_float64(F f, const std::vector<std::vector<double>>& points) {
    const auto check = [](const eg::tensor& single, const eg::tensor& twice) {
        const std::vector<double> actual = elements(single), expected = elements(twice);
        BOOST_TEST((single.dtype() == eg::float32));
        BOOST_TEST_REQUIRE(actual.size() == expected.size());
        for (std::size_t i = 0; i < actual.size(); ++i)
            BOOST_TEST(std::abs(actual[i] - expected[i]) <= 1e-5 * std::max(1.0, std::abs(expected[i])),
                       actual[i] << " vs " << expected[i]);
    };
    std::vector<eg::tensor> singles, twices;
    for (const auto& p : points) {
        singles.push_back(leaf(p, eg::float32));
        twices.push_back(leaf(rounded_to_float(p)));
    }
    const eg::tensor single = f(singles), twice = f(twices);
    check(single, twice);
    single.sum().backward();
    twice.sum().backward();
    for (std::size_t k = 0; k < points.size(); ++k) check(singles[k].grad(), twices[k].grad());
}

}  // namespace law_test

using namespace law_test;
