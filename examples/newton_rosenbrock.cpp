// SPDX-License-Identifier: MIT
// Newton's method on the Rosenbrock function f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 from the
// classic start (-1.2, 1). The gradient comes from eg::value_and_grad, the Hessian from eg::d of
// eg::d: second derivatives are expressions built by the compiler, not finite differences. The
// same iteration runs once at compile time, where a static_assert checks that it reaches (1, 1).
#include <cstdio>

#include <etgrad/expr.hpp>

namespace eg = etgrad;

constexpr auto x = eg::var<"x">;
constexpr auto y = eg::var<"y">;
constexpr auto f = eg::pow(1 - x, 2) + 100 * eg::pow(y - eg::pow(x, 2), 2);

constexpr auto f_x = eg::d(f, x);
constexpr auto f_xx = eg::d(f_x, x);
constexpr auto f_xy = eg::d(f_x, y);
constexpr auto f_yy = eg::d(eg::d(f, y), y);

struct point {
    double x, y;
};

// One Newton step: solve H s = -grad f (H is 2 x 2, by Cramer's rule) and move by s.
constexpr point newton_step(point p) {
    const auto g = eg::grad(f, x = p.x, y = p.y);
    const double h_xx = eg::eval(f_xx, x = p.x, y = p.y);
    const double h_xy = eg::eval(f_xy, x = p.x, y = p.y);
    const double h_yy = eg::eval(f_yy, x = p.x, y = p.y);
    const double det = h_xx * h_yy - h_xy * h_xy;
    return {p.x - (h_yy * g[x] - h_xy * g[y]) / det, p.y - (h_xx * g[y] - h_xy * g[x]) / det};
}

constexpr point start{-1.2, 1.0};

constexpr bool near(double a, double b) { return eg::abs(a - b) <= 1e-12 * eg::abs(b); }

// The Hessian at the start, against the one derived by hand: [[2 - 400 (y - 3x^2), -400 x], [-400 x, 200]].
static_assert(near(eg::eval(f_xx, x = start.x, y = start.y), 2 - 400 * (start.y - 3 * start.x * start.x)));
static_assert(near(eg::eval(f_xy, x = start.x, y = start.y), -400 * start.x));
static_assert(near(eg::eval(f_yy, x = start.x, y = start.y), 200));

constexpr bool reaches_minimum(int steps) {
    point p = start;
    for (int k = 0; k < steps; ++k) p = newton_step(p);
    return eg::abs(p.x - 1) < 1e-9 && eg::abs(p.y - 1) < 1e-9;
}
static_assert(reaches_minimum(6), "six Newton steps from (-1.2, 1) reach the minimum (1, 1)");

int main() {
    point p = start;
    for (int k = 0;; ++k) {
        const auto [value, g] = eg::value_and_grad(f, x = p.x, y = p.y);
        std::printf("step %d  x = %13.10f  y = %13.10f  f = %.3e\n", k, p.x, p.y, value);
        if (g[x] * g[x] + g[y] * g[y] < 1e-12) break;  // |grad f| < 1e-6
        p = newton_step(p);
    }
}
