// SPDX-License-Identifier: MIT
// Helpers shared by the tests.
#pragma once
#include <cmath>
#include <cstddef>
#include <string_view>

#include <boost/test/unit_test.hpp>
#include <xtensor/xtensor.hpp>

#include <etgrad/expr.hpp>

#include "recurrence_reference.hpp"

namespace etgrad_test {

namespace eg = etgrad;

inline constexpr auto x = eg::var<"x">;
inline constexpr auto y = eg::var<"y">;

// |a - b| <= tol * max(1, |b|)
inline bool close(double a, double b, double tol = 1e-12) {
    return std::abs(a - b) <= tol * std::max(1.0, std::abs(b));
}

#define ETGRAD_CHECK_CLOSE(a, b, tol) BOOST_TEST(::etgrad_test::close((a), (b), (tol)), (a) << " vs " << (b))

// An identity op that counts how often its value and derivative rules run.
struct counted_identity {
    static inline int values = 0;
    static inline int grads = 0;
    static void reset() { values = grads = 0; }
    constexpr auto value(const auto& a) const {
        ++values;
        return a;
    }
    constexpr auto grad(const auto&, const auto&, const auto& adj) const {
        ++grads;
        return adj;
    }
};

// e = e * e + e repeated K times: written out (the type nests e three times per step) or, with
// Named, each step an eg::let named by its number; with Counted, each step goes through a
// counted_identity.
template <int K, bool Named, bool Counted = false, class E>
constexpr auto recurrence(const E& e) {
    if constexpr (K == 0) {
        return e;
    } else {
        const auto step = [&] {
            if constexpr (Counted)
                return eg::make_unary(counted_identity{}, e * e + e);
            else
                return e * e + e;
        }();
        if constexpr (Named)
            return eg::let<K>(step, [](auto r) { return recurrence<K - 1, Named, Counted>(r); });
        else
            return recurrence<K - 1, Named, Counted>(step);
    }
}

// value_and_grad of sum(e) over three elements, where e is x * x + x repeated n times with a
// counted identity per step: each counted rule runs at least once per step (a SIMD batch counts
// once) and at most once per step and element in each of the forward and backward loops.
template <class E>
void check_counted_array_recurrence(const E& e, int n) {
    const xt::xtensor<double, 1> xv = {0.01, -0.02, 0.03};
    counted_identity::reset();
    const auto [value, g] = eg::value_and_grad(eg::sum(e), x = xv);
    BOOST_TEST(counted_identity::values >= n);
    BOOST_TEST(counted_identity::values <= 2 * n * 3);
    BOOST_TEST(counted_identity::grads >= n);
    BOOST_TEST(counted_identity::grads <= n * 3);
    double expected = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        double derivative = 0;
        expected += recurrence_reference(xv(i), n, derivative);
        ETGRAD_CHECK_CLOSE(g[x](i), derivative, 1e-13);
    }
    ETGRAD_CHECK_CLOSE(value, expected, 1e-13);
}

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
