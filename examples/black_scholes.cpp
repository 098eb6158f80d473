// SPDX-License-Identifier: MIT
// Compile-time gradient checks: the Black–Scholes price of a European call, its delta, vega and
// theta from one gradient, and its gamma from eg::d of eg::d. The compiler checks them against the
// textbook formulas and against finite differences (eg::gradcheck) before the program exists; at
// run time it only prints numbers that were computed during compilation.
#include <cstdio>
#include <numbers>

#include <etgrad/expr.hpp>

namespace eg = etgrad;

constexpr auto S = eg::var<"S">;          // spot price
constexpr auto K = eg::var<"K">;          // strike
constexpr auto sigma = eg::var<"sigma">;  // volatility
constexpr auto T = eg::var<"T">;          // years to expiry (the interest rate is zero)

// d1 holds a constant (the 0.5), so naming it keeps it one node although the price uses it twice.
constexpr auto call = eg::let<"d1">(
    (eg::log(S / K) + 0.5 * sigma * sigma * T) / (sigma * eg::sqrt(T)),
    [](auto d1) { return S * eg::normal_cdf(d1) - K * eg::normal_cdf(d1 - sigma * eg::sqrt(T)); });

constexpr double s0 = 104.0, k0 = 98.0, sigma0 = 0.22, t0 = 1.25;

constexpr auto priced = eg::value_and_grad(call, S = s0, K = k0, sigma = sigma0, T = t0);
constexpr double gamma_s = eg::eval(eg::d(eg::d(call, S), S), S = s0, K = k0, sigma = sigma0, T = t0);

// The textbook formulas, also evaluated by the compiler: delta = N(d1), vega = S phi(d1) sqrt(T).
constexpr double d1 = (eg::log(s0 / k0) + 0.5 * sigma0 * sigma0 * t0) / (sigma0 * eg::sqrt(t0));
constexpr double phi_d1 = eg::exp(-0.5 * d1 * d1) / eg::sqrt(2 * std::numbers::pi);

constexpr bool near(double a, double b) { return eg::abs(a - b) <= 1e-12 * eg::abs(b); }

static_assert(near(priced.grad[S], eg::normal_cdf(d1)), "delta is N(d1)");
static_assert(near(priced.grad[sigma], s0 * phi_d1 * eg::sqrt(t0)), "vega is S phi(d1) sqrt(T)");
static_assert(near(gamma_s, phi_d1 / (s0 * sigma0 * eg::sqrt(t0))), "gamma is phi(d1) / (S sigma sqrt(T))");
// With no interest rate the price solves the heat equation dC/dT = sigma^2 S^2 / 2 d2C/dS2.
static_assert(near(priced.grad[T], 0.5 * sigma0 * sigma0 * s0 * s0 * gamma_s), "the price solves the heat equation");
static_assert(eg::gradcheck(call, S = s0, K = k0, sigma = sigma0, T = t0));

// Physics: the period of a pendulum, T = 2 pi sqrt(l / g), and how it changes with its length.
constexpr auto l = eg::var<"l">;
constexpr auto g = eg::var<"g">;
constexpr auto period = 2 * std::numbers::pi * eg::sqrt(l / g);
constexpr auto swing = eg::value_and_grad(period, l = 1.0, g = 9.81);
static_assert(near(swing.grad[l], swing.value / 2.0), "dT/dl = T / (2 l) at l = 1");
static_assert(near(swing.grad[g], -swing.value / (2 * 9.81)), "dT/dg = -T / (2 g)");
static_assert(eg::gradcheck(period, l = 1.0, g = 9.81));

int main() {
    std::printf("call price        %.12f\n", priced.value);
    std::printf("delta  dC/dS      %.12f\n", priced.grad[S]);
    std::printf("vega   dC/dsigma  %.12f\n", priced.grad[sigma]);
    std::printf("theta  dC/dT      %.12f\n", priced.grad[T]);
    std::printf("gamma  d2C/dS2    %.12f\n", gamma_s);
    std::printf("pendulum of 1 m: period %.12f s, dT/dl %.12f s/m, dT/dg %.12f s^3/m\n", swing.value,
                swing.grad[l], swing.grad[g]);
}
