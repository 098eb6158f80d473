// SPDX-License-Identifier: MIT
// LibTorch 1.13 peer: float64, one thread, graph rebuilt each evaluation as a
// LibTorch user would write it, then backward().
#include "harness.hpp"

#include <torch/torch.h>

#include <cstdint>
#include <tuple>
#include <vector>

namespace {

namespace eb = etgrad_bench;

torch::Tensor tensor(const std::vector<double>& v) {
    // from_blob does not copy; clone() gives the kernel its own storage.
    return torch::from_blob(const_cast<double*>(v.data()), {static_cast<std::int64_t>(v.size())}, torch::kFloat64)
        .clone();
}

torch::Tensor leaf(const std::vector<double>& v) { return tensor(v).requires_grad_(true); }
torch::Tensor leaf(double v) { return torch::tensor(v, torch::kFloat64).requires_grad_(true); }

// Base class so that it runs before any member tensor is created.
struct OneThread {
    OneThread() { torch::set_num_threads(1); }
};

// P(in) builds leaves and constants; P::forward() returns the scalar loss;
// P::leaves() ties the tensors whose gradient is wanted, in gradient order.
template <class P>
class Kernel : OneThread {
public:
    explicit Kernel(const eb::Inputs& in) : p_(in) {}

    void run() {
        // .grad reset to undefined, as optimizer.zero_grad() does by default since PyTorch 2.0:
        // backward hands over its own buffer (the dynamic column does the same).
        std::apply([](auto&... t) { (t.mutable_grad().reset(), ...); }, p_.leaves());
        loss_ = p_.forward();
        loss_.backward();
        value_ = *loss_.data_ptr<double>();  // no item(): no dispatch
    }

    double value() const { return value_; }

    std::vector<double> gradient() const {
        std::vector<double> out;
        const auto append = [&](const torch::Tensor& leaf) {
            const torch::Tensor g = leaf.grad().contiguous();
            const double* d = g.data_ptr<double>();
            out.insert(out.end(), d, d + g.numel());
        };
        std::apply([&](const auto&... t) { (append(t), ...); }, p_.leaves());
        return out;
    }

private:
    P p_;
    torch::Tensor loss_;
    double value_ = 0.0;
};

// Problems with a single vector leaf x.
struct VectorLeaf {
    explicit VectorLeaf(const eb::Inputs& in) : x(leaf(in.x)) {}
    auto leaves() { return std::tie(x); }
    auto leaves() const { return std::tie(x); }
    torch::Tensor x;
};

struct P1 : VectorLeaf {
    using VectorLeaf::VectorLeaf;
    torch::Tensor forward() const { return (2 * (x + 2).pow(2)).mean(); }
};

struct P2 : VectorLeaf {
    using VectorLeaf::VectorLeaf;
    torch::Tensor forward() const { return x.sum(); }
};

struct P3 : VectorLeaf {
    using VectorLeaf::VectorLeaf;
    torch::Tensor forward() const { return x.exp().sum().log(); }
};

struct P4 {
    explicit P4(const eb::Inputs& in)
        : y(tensor(in.y)), mu(leaf(in.mu)), sigma(leaf(in.sigma)), n(static_cast<double>(in.y.size())) {}
    torch::Tensor forward() const { return (-0.5 * ((y - mu) / sigma).pow(2)).sum() - n * sigma.log(); }
    auto leaves() { return std::tie(mu, sigma); }
    auto leaves() const { return std::tie(mu, sigma); }
    torch::Tensor y, mu, sigma;
    double n;
};

struct P5 : VectorLeaf {
    using VectorLeaf::VectorLeaf;
    torch::Tensor forward() const {
        const std::int64_t n = x.size(0);
        const torch::Tensor a = x.slice(0, 0, n - 1);
        const torch::Tensor b = x.slice(0, 1, n);
        return (a.sin() * b.cos() + (a * b).exp()).sum();
    }
};

struct P6 : VectorLeaf {
    explicit P6(const eb::Inputs& in) : VectorLeaf(in), a(tensor(in.a).reshape({x.size(0), x.size(0)})) {}
    torch::Tensor forward() const { return 0.5 * torch::mv(a, x).pow(2).sum(); }
    torch::Tensor a;
};

torch::Tensor p7_sweep(torch::Tensor e) {
    for (int k = 0; k < eb::p7_steps; ++k) {
        e = e * e + e;
    }
    return e;
}

struct P7s {
    explicit P7s(const eb::Inputs& in) : x(leaf(in.s)) {}
    torch::Tensor forward() const { return p7_sweep(x); }
    auto leaves() { return std::tie(x); }
    auto leaves() const { return std::tie(x); }
    torch::Tensor x;
};

struct P7v : VectorLeaf {
    using VectorLeaf::VectorLeaf;
    torch::Tensor forward() const { return p7_sweep(x).sum(); }
};

// P8: logistic regression; the loss is LibTorch's fused (and stable) mean log-loss on logits.
struct P8 {
    explicit P8(const eb::Inputs& in)
        : x(tensor(in.a).reshape({static_cast<std::int64_t>(in.n), static_cast<std::int64_t>(eb::p8_features)})),
          t(tensor(in.t)),
          w(leaf(in.w)),
          b(leaf(in.b)) {}
    torch::Tensor forward() const {
        return torch::nn::functional::binary_cross_entropy_with_logits(torch::mv(x, w) + b, t);
    }
    auto leaves() { return std::tie(w, b); }
    auto leaves() const { return std::tie(w, b); }
    torch::Tensor x, t, w, b;
};

struct P9 : VectorLeaf {
    using VectorLeaf::VectorLeaf;
    torch::Tensor forward() const {
        torch::Tensor e = x;
        for (int k = 0; k < eb::p9_steps; ++k) e = e.sin() * 1.1;
        return e.sum();
    }
};

[[maybe_unused]] const bool registered =
    eb::add<Kernel<P1>>("libtorch", "P1") && eb::add<Kernel<P2>>("libtorch", "P2") &&
    eb::add<Kernel<P3>>("libtorch", "P3") && eb::add<Kernel<P4>>("libtorch", "P4") &&
    eb::add<Kernel<P5>>("libtorch", "P5") && eb::add<Kernel<P6>>("libtorch", "P6") &&
    eb::add<Kernel<P7s>>("libtorch", "P7s") && eb::add<Kernel<P7v>>("libtorch", "P7v") &&
    eb::add<Kernel<P8>>("libtorch", "P8") && eb::add<Kernel<P9>>("libtorch", "P9");

}  // namespace
