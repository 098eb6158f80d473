// SPDX-License-Identifier: MIT
// Helpers shared by the tests.
#pragma once
#include <cmath>
#include <cstddef>
#include <string_view>

#include <boost/test/unit_test.hpp>

#include <etgrad/etgrad.hpp>

namespace etgrad_test {

namespace eg = etgrad;

inline constexpr auto x = eg::var<"x">;
inline constexpr auto y = eg::var<"y">;

// |a - b| <= tol * max(1, |b|)
inline bool close(double a, double b, double tol = 1e-12) {
    return std::abs(a - b) <= tol * std::max(1.0, std::abs(b));
}

#define ETGRAD_CHECK_CLOSE(a, b, tol) BOOST_TEST(::etgrad_test::close((a), (b), (tol)), (a) << " vs " << (b))

// Every elementwise function of the static layer, by the name the PyTorch reference uses.
template <class F>
void with_unary_function(std::string_view name, F&& f) {
    if (name == "exp") f([](const auto& e) { return eg::exp(e); });
    else if (name == "log") f([](const auto& e) { return eg::log(e); });
    else if (name == "log1p") f([](const auto& e) { return eg::log1p(e); });
    else if (name == "expm1") f([](const auto& e) { return eg::expm1(e); });
    else if (name == "sqrt") f([](const auto& e) { return eg::sqrt(e); });
    else if (name == "sin") f([](const auto& e) { return eg::sin(e); });
    else if (name == "cos") f([](const auto& e) { return eg::cos(e); });
    else if (name == "tan") f([](const auto& e) { return eg::tan(e); });
    else if (name == "tanh") f([](const auto& e) { return eg::tanh(e); });
    else if (name == "sigmoid") f([](const auto& e) { return eg::sigmoid(e); });
    else if (name == "relu") f([](const auto& e) { return eg::relu(e); });
    else if (name == "abs") f([](const auto& e) { return eg::abs(e); });
    else if (name == "square") f([](const auto& e) { return eg::square(e); });
    else if (name == "erf") f([](const auto& e) { return eg::erf(e); });
    else if (name == "erfc") f([](const auto& e) { return eg::erfc(e); });
    else if (name == "neg") f([](const auto& e) { return -e; });
    else if (name == "pow3") f([](const auto& e) { return eg::pow(e, 3); });
    else if (name == "pow2.5") f([](const auto& e) { return eg::pow(e, 2.5); });
    else if (name == "pow-1.5") f([](const auto& e) { return eg::pow(e, -1.5); });
    else BOOST_FAIL("no function named " << name);
}

}  // namespace etgrad_test
