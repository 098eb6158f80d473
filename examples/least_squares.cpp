// SPDX-License-Identifier: MIT
// Least squares with eg::matmul in a static expression: the height of a thrown ball,
// fitted by h(t) = c0 + c1 t + c2 t^2 with gradient descent on the static gradient, then compared
// with the closed-form solution of the normal equations (A^T A) c = A^T h.
#include <cstddef>
#include <cstdio>

#include <etgrad/etgrad.hpp>
#include <xtensor/xnoalias.hpp>
#include <xtensor/xview.hpp>

namespace eg = etgrad;

// Solves M c = r by Gaussian elimination; M = A^T A is symmetric positive definite, so no pivoting.
xt::xtensor<double, 1> solve(xt::xtensor<double, 2> M, xt::xtensor<double, 1> r) {
    const std::size_t n = r.size();
    for (std::size_t k = 0; k < n; ++k)
        for (std::size_t i = k + 1; i < n; ++i) {
            const double factor = M(i, k) / M(k, k);
            for (std::size_t j = k; j < n; ++j) M(i, j) -= factor * M(k, j);
            r(i) -= factor * r(k);
        }
    for (std::size_t k = n; k-- > 0;) {
        for (std::size_t j = k + 1; j < n; ++j) r(k) -= M(k, j) * r(j);
        r(k) /= M(k, k);
    }
    return r;
}

int main() {
    // Heights in metres, every 0.1 s; time counts from the middle of the recording, which keeps
    // the columns of A nearly orthogonal and gradient descent fast.
    const xt::xtensor<double, 1> heights = {3.125, 5.211, 7.054, 8.455, 9.374, 10.01,
                                            10.164, 10.065, 9.414, 8.491, 7.085};
    const xt::xtensor<double, 1> times = xt::linspace(-1.0, 1.0, heights.size());
    xt::xtensor<double, 2> A({heights.size(), 3});
    xt::col(A, 0) = xt::ones<double>({heights.size()});
    xt::col(A, 1) = times;
    xt::col(A, 2) = times * times;

    constexpr auto a = eg::var<"A">;
    constexpr auto c = eg::var<"c">;
    constexpr auto h = eg::var<"h">;
    constexpr auto residual = eg::matmul(a, c) - h;  // A c - h
    constexpr auto loss = 0.5 * eg::sum(eg::square(residual));

    // The normal equations' A^T A and A^T h.
    const xt::xtensor<double, 2> normal = eg::eval(eg::matmul(eg::transpose(a), a), a = A);
    const xt::xtensor<double, 1> projected = eg::eval(eg::matmul(eg::transpose(a), h), a = A, h = heights);
    // The trace of A^T A bounds its largest eigenvalue, so 1 / trace is a step that cannot diverge.
    const double step = 1.0 / (normal(0, 0) + normal(1, 1) + normal(2, 2));

    xt::xtensor<double, 1> coefficients = {0.0, 0.0, 0.0};
    auto [value, g] = eg::value_and_grad(loss, a = A, c = coefficients, h = heights, eg::wrt(c));
    for (int iteration = 0;; ++iteration) {
        if (iteration % 100 == 0) std::printf("iteration %3d  loss %.10f\n", iteration, value);
        if (iteration == 500) break;
        xt::noalias(coefficients) -= step * g[c];
        value = eg::value_and_grad_into(g, loss, a = A, c = coefficients, h = heights, eg::wrt(c));
    }

    const xt::xtensor<double, 1> exact = solve(normal, projected);
    std::printf("gradient descent  c = %.8f %.8f %.8f\n", coefficients(0), coefficients(1), coefficients(2));
    std::printf("normal equations  c = %.8f %.8f %.8f\n", exact(0), exact(1), exact(2));
    std::printf("loss at the closed form %.10f\n", eg::eval(loss, a = A, c = exact, h = heights));
    std::printf("gravity g = -2 c2 = %.4f m/s^2\n", -2 * exact(2));
}
