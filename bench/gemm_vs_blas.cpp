// SPDX-License-Identifier: MIT
// Matrix product at n = 256 against BLAS (issue 8's target: within 1.5x): etgrad's value_and_grad
// of 0.5 * sum((A B)^2) against OpenBLAS computing the same by hand, in one process: the forward
// gemm G = A B, the value, and the two gradient gemms dA = G B^T and dB = A^T G. Both run on one
// thread. Prints the best times of interleaved runs and their
// ratio; exits with 1 if the gradients differ by more than rounding.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>

#include <cblas.h>
#include <xtensor/xtensor.hpp>

#include <etgrad/expr.hpp>

namespace {

namespace eg = etgrad;
using matrix = xt::xtensor<double, 2>;

constexpr auto A = eg::var<"A">;
constexpr auto B = eg::var<"B">;
constexpr auto f = 0.5 * eg::sum(eg::square(eg::matmul(A, B)));

constexpr std::size_t n = 256;

// The adjoint written by hand on BLAS.
struct blas_gradient {
    blas_gradient() : g(shape), da(shape), db(shape) {}
    static constexpr std::array<std::size_t, 2> shape{n, n};
    matrix g, da, db;
    double value = 0.0;
    void run(const matrix& a, const matrix& b) {
        const int m = static_cast<int>(n);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, m, m, 1.0, a.data(), m, b.data(), m, 0.0,
                    g.data(), m);
        value = 0.0;
        for (const double e : g) value += 0.5 * e * e;
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, m, m, 1.0, g.data(), m, b.data(), m, 0.0,
                    da.data(), m);
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, m, m, m, 1.0, a.data(), m, g.data(), m, 0.0,
                    db.data(), m);
    }
};

double max_relative_difference(const matrix& x, const matrix& y) {
    double d = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i)
        d = std::max(d, std::abs(x.data()[i] - y.data()[i]) / (1.0 + std::abs(y.data()[i])));
    return d;
}

template <class F>
double milliseconds(F&& f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main() {
    openblas_set_num_threads(1);
    matrix a({n, n}), b({n, n});
    std::uint64_t state = 88172645463325252u;  // xorshift: the same inputs everywhere
    auto uniform = [&] {
        state ^= state << 13, state ^= state >> 7, state ^= state << 17;
        return static_cast<double>(state >> 11) * 0x1p-52 - 1.0;
    };
    for (double& v : a) v = uniform();
    for (double& v : b) v = uniform();

    blas_gradient hand;
    hand.run(a, b);
    auto result = eg::value_and_grad(f, A = a, B = b);
    const double difference = std::max(max_relative_difference(result.grad[A], hand.da),
                                       max_relative_difference(result.grad[B], hand.db));
    std::printf("n = %zu: value %.15g (BLAS %.15g), gradients differ by %.2g at most (relative)\n", n,
                result.value, hand.value, difference);
    if (difference > 1e-12) return 1;

    double best_blas = INFINITY, best_etgrad = INFINITY;
    for (int k = 0; k < 50; ++k) {
        best_blas = std::min(best_blas, milliseconds([&] { hand.run(a, b); }));
        best_etgrad = std::min(best_etgrad, milliseconds([&] { eg::value_and_grad_into(result.grad, f, A = a, B = b); }));
    }
    std::printf("best of 50: OpenBLAS %.3f ms, etgrad %.3f ms, etgrad / OpenBLAS %.2f\n", best_blas, best_etgrad,
                best_etgrad / best_blas);
}
