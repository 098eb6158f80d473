// SPDX-License-Identifier: MIT
// The static layer: each problem written as an etgrad expression and evaluated
// with value_and_grad on xtensor inputs.
#include "harness.hpp"
#include "static_support.hpp"

#include <etgrad/expr.hpp>
#include <xtensor/xtensor.hpp>

#include <cstddef>
#include <utility>
#include <vector>

namespace {

using namespace etgrad_bench::static_support;
constexpr auto x = eg::var<"x">;

// f(x) for a vector x: P1, P2, P3, P5, P7v.
template <const auto& F>
struct VectorKernel : Keep<decltype(eg::value_and_grad(F, x = std::declval<const vector&>()))> {
    explicit VectorKernel(const eb::Inputs& in) : xv(to_vector(in.x)) {}
    void run() {
        this->keep(F, x = xv);
    }
    double value() const {
        const auto& [v, g] = this->get();
        return v;
    }
    std::vector<double> gradient() const {
        const auto& [v, g] = this->get();
        return flat(g[x]);
    }
    vector xv;
};

constexpr auto f1 = eg::mean(2 * eg::pow(x + 2, 2));
constexpr auto f2 = eg::sum(x);
constexpr auto f3 = eg::log(eg::sum(eg::exp(x)));

// P4: normal log-density, gradient wrt mu and sigma only.
constexpr auto y = eg::var<"y">;
constexpr auto mu = eg::var<"mu">;
constexpr auto sigma = eg::var<"sigma">;
constexpr auto f4 = eg::sum(-0.5 * eg::square((y - mu) / sigma)) - static_cast<double>(eb::p4_n) * eg::log(sigma);

struct P4 : Keep<decltype(eg::value_and_grad(f4, y = std::declval<const vector&>(), mu = 0.0, sigma = 0.0,
                                             eg::wrt(mu, sigma)))> {
    explicit P4(const eb::Inputs& in) : yv(to_vector(in.y)), mu0(in.mu), sigma0(in.sigma) {}
    void run() {
        keep(f4, y = yv, mu = mu0, sigma = sigma0, eg::wrt(mu, sigma));
    }
    double value() const { return get().value; }
    std::vector<double> gradient() const { return {get().grad[mu], get().grad[sigma]}; }
    vector yv;
    double mu0, sigma0;
};

// P5: one expression on one binding; the slices overlap, and their gradients
// are added into x's in the same loop.
constexpr auto f5 = eg::sum(eg::sin(eg::slice(x, 0, -1)) * eg::cos(eg::slice(x, 1)) +
                            eg::exp(eg::slice(x, 0, -1) * eg::slice(x, 1)));

// P6: 0.5 ||A x||^2 with eg::matmul; A is bound too but only x's gradient is
// requested.
constexpr auto A = eg::var<"A">;
constexpr auto f6 = 0.5 * eg::sum(eg::square(eg::matmul(A, x)));

struct P6 : Keep<decltype(eg::value_and_grad(f6, A = std::declval<const matrix&>(), x = std::declval<const vector&>(),
                                             eg::wrt(x)))> {
    explicit P6(const eb::Inputs& in)
        : av(to_matrix(in.a, in.n, in.n)), xv(to_vector(in.x)) {}
    void run() {
        keep(f6, A = av, x = xv, eg::wrt(x));
    }
    double value() const { return get().value; }
    std::vector<double> gradient() const { return flat(get().grad[x]); }
    matrix av;
    vector xv;
};

// P7: e <- e*e + e, p7_steps (20) times, unrolled at compile time. Every step uses e
// three times, so the expression is a DAG with heavy sharing: as a tree it
// would have 3^20 nodes.
template <int K>
constexpr auto p7_sweep(auto e) {
    if constexpr (K == 0) {
        return e;
    } else {
        return p7_sweep<K - 1>(e * e + e);
    }
}
constexpr auto f7s = p7_sweep<eb::p7_steps>(x);
constexpr auto f7v = eg::sum(p7_sweep<eb::p7_steps>(x));

struct P7s : Keep<decltype(eg::value_and_grad(f7s, x = 0.0))> {
    explicit P7s(const eb::Inputs& in) : s(in.s) {}
    void run() {
        keep(f7s, x = s);
    }
    double value() const {
        const auto& [v, g] = get();
        return v;
    }
    std::vector<double> gradient() const {
        const auto& [v, g] = get();
        return {g[x]};
    }
    double s;
};

// P8: logistic regression, mean log-loss; X is bound but only w and b are differentiated. z is
// used twice and is one graph node. softplus(z) is log(1 + exp(z)) in its stable form, as the
// other implementations compute it.
constexpr auto X = eg::var<"X">;
constexpr auto b = eg::var<"b">;
constexpr auto t = eg::var<"t">;
constexpr auto w = eg::var<"w">;
constexpr auto z = eg::matmul(X, w) + b;
constexpr auto f8 = eg::mean(eg::softplus(z) - t * z);

struct P8 : Keep<decltype(eg::value_and_grad(f8, X = std::declval<const matrix&>(), t = std::declval<const vector&>(),
                                             w = std::declval<const vector&>(), b = 0.0, eg::wrt(w, b)))> {
    explicit P8(const eb::Inputs& in)
        : xv(to_matrix(in.a, in.n, eb::p8_features)),
          tv(to_vector(in.t)),
          wv(to_vector(in.w)),
          b0(in.b) {}
    void run() {
        keep(f8, X = xv, t = tv, w = wv, b = b0, eg::wrt(w, b));
    }
    double value() const { return get().value; }
    std::vector<double> gradient() const {
        std::vector<double> g = flat(get().grad[w]);
        g.push_back(get().grad[b]);
        return g;
    }
    matrix xv;
    vector tv, wv;
    double b0;
};

[[maybe_unused]] const bool registered =
    eb::add<VectorKernel<f1>>("static", "P1") && eb::add<VectorKernel<f2>>("static", "P2") &&
    eb::add<VectorKernel<f3>>("static", "P3") && eb::add<P4>("static", "P4") && eb::add<VectorKernel<f5>>("static", "P5") &&
    eb::add<P6>("static", "P6") && eb::add<P7s>("static", "P7s") && eb::add<VectorKernel<f7v>>("static", "P7v") &&
    eb::add<P8>("static", "P8");

}  // namespace
