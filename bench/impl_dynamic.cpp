// SPDX-License-Identifier: MIT
// etgrad's dynamic layer: float64 tensors, the graph recorded anew each evaluation as a user of a
// define-by-run tape writes it (the same code as the LibTorch peer), then backward(). The
// "dynamic-apply" entries record the whole expression as one node with eg::apply.
#include "harness.hpp"

#include <etgrad/etgrad.hpp>

#include <cstdint>
#include <tuple>
#include <vector>

namespace {

namespace eb = etgrad_bench;
namespace eg = etgrad;

eg::tensor tensor(const std::vector<double>& v) {
    eg::tensor t = eg::zeros({static_cast<std::int64_t>(v.size())}, eg::float64);
    std::copy(v.begin(), v.end(), t.data_ptr<double>());
    return t;
}

eg::tensor leaf(const std::vector<double>& v) { return tensor(v).requires_grad_(true); }
eg::tensor leaf(double v) { return eg::tensor(v, eg::requires_grad().dtype(eg::float64)); }

// P(in) builds leaves and constants; P::forward() returns the scalar loss; P::leaves() ties
// the tensors whose gradient is wanted, in gradient order.
template <class P>
class Kernel {
public:
    explicit Kernel(const eb::Inputs& in) : p_(in) {}

    void run() {
        // grad reset to undefined (PyTorch's zero_grad(set_to_none=True), its default since 2.0):
        // a leaf takes the gradient backward computed, with no zeroing pass and no addition.
        std::apply([](auto&... t) { (t.set_grad(eg::tensor{}), ...); }, p_.leaves());
        loss_ = p_.forward();
        loss_.backward();
        value_ = *loss_.data_ptr<double>();
    }

    double value() const { return value_; }

    std::vector<double> gradient() const {
        std::vector<double> out;
        const auto append = [&](const eg::tensor& leaf) {
            const eg::tensor g = leaf.grad().contiguous();
            const double* d = g.data_ptr<double>();
            out.insert(out.end(), d, d + g.numel());
        };
        std::apply([&](const auto&... t) { (append(t), ...); }, p_.leaves());
        return out;
    }

private:
    P p_;
    eg::tensor loss_;
    double value_ = 0.0;
};

struct VectorLeaf {
    explicit VectorLeaf(const eb::Inputs& in) : x(leaf(in.x)) {}
    auto leaves() { return std::tie(x); }
    auto leaves() const { return std::tie(x); }
    eg::tensor x;
};

struct P1 : VectorLeaf {
    using VectorLeaf::VectorLeaf;
    eg::tensor forward() const { return (2 * (x + 2).pow(2)).mean(); }
};

// P1 as one node: the static layer's fused loops inside the tape.
struct P1Apply : VectorLeaf {
    using VectorLeaf::VectorLeaf;
    eg::tensor forward() const {
        constexpr auto v = eg::var<"x">;
        return eg::apply(eg::mean(2 * eg::pow(v + 2, 2)), v = x);
    }
};

struct P2 : VectorLeaf {
    using VectorLeaf::VectorLeaf;
    eg::tensor forward() const { return x.sum(); }
};

struct P3 : VectorLeaf {
    using VectorLeaf::VectorLeaf;
    eg::tensor forward() const { return x.exp().sum().log(); }
};

struct P4 {
    explicit P4(const eb::Inputs& in)
        : y(tensor(in.y)), mu(leaf(in.mu)), sigma(leaf(in.sigma)), n(static_cast<double>(in.y.size())) {}
    eg::tensor forward() const { return (-0.5 * ((y - mu) / sigma).pow(2)).sum() - n * sigma.log(); }
    auto leaves() { return std::tie(mu, sigma); }
    auto leaves() const { return std::tie(mu, sigma); }
    eg::tensor y, mu, sigma;
    double n;
};

struct P5 : VectorLeaf {
    using VectorLeaf::VectorLeaf;
    eg::tensor forward() const {
        const std::int64_t n = x.size(0);
        const eg::tensor a = x.slice(0, 0, n - 1);
        const eg::tensor b = x.slice(0, 1, n);
        return (a.sin() * b.cos() + (a * b).exp()).sum();
    }
};

struct P6 : VectorLeaf {
    explicit P6(const eb::Inputs& in) : VectorLeaf(in), a(tensor(in.a).reshape({x.size(0), x.size(0)})) {}
    eg::tensor forward() const { return 0.5 * eg::mv(a, x).pow(2).sum(); }
    eg::tensor a;
};

eg::tensor p7_sweep(eg::tensor e) {
    for (int k = 0; k < eb::p7_steps; ++k) e = e * e + e;
    return e;
}

struct P7s {
    explicit P7s(const eb::Inputs& in) : x(leaf(in.s)) {}
    eg::tensor forward() const { return p7_sweep(x); }
    auto leaves() { return std::tie(x); }
    auto leaves() const { return std::tie(x); }
    eg::tensor x;
};

struct P7v : VectorLeaf {
    using VectorLeaf::VectorLeaf;
    eg::tensor forward() const { return p7_sweep(x).sum(); }
};

// P8: logistic regression, the mean log-loss on logits written as softplus(z) - t z.
struct P8 {
    explicit P8(const eb::Inputs& in)
        : x(tensor(in.a).reshape({static_cast<std::int64_t>(in.n), static_cast<std::int64_t>(eb::p8_features)})),
          t(tensor(in.t)),
          w(leaf(in.w)),
          b(leaf(in.b)) {}
    eg::tensor forward() const {
        const eg::tensor z = eg::mv(x, w) + b;
        return (eg::softplus(z) - t * z).mean();
    }
    auto leaves() { return std::tie(w, b); }
    auto leaves() const { return std::tie(w, b); }
    eg::tensor x, t, w, b;
};

struct P9 : VectorLeaf {
    using VectorLeaf::VectorLeaf;
    eg::tensor forward() const {
        eg::tensor e = x;
        for (int k = 0; k < eb::p9_steps; ++k) e = e.sin() * 1.1;
        return e.sum();
    }
};

[[maybe_unused]] const bool registered =
    eb::add<Kernel<P1>>("dynamic", "P1") && eb::add<Kernel<P2>>("dynamic", "P2") &&
    eb::add<Kernel<P3>>("dynamic", "P3") && eb::add<Kernel<P4>>("dynamic", "P4") &&
    eb::add<Kernel<P5>>("dynamic", "P5") && eb::add<Kernel<P6>>("dynamic", "P6") &&
    eb::add<Kernel<P7s>>("dynamic", "P7s") && eb::add<Kernel<P7v>>("dynamic", "P7v") &&
    eb::add<Kernel<P8>>("dynamic", "P8") && eb::add<Kernel<P9>>("dynamic", "P9") &&
    eb::add<Kernel<P1Apply>>("dynamic-apply", "P1");

}  // namespace
