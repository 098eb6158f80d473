// SPDX-License-Identifier: MIT
// Mixing the layers: a define-by-run training loop (eg::tensor, eg::optim::sgd) fits a line to
// data with outliers under the pseudo-Huber loss mean(sqrt(1 + r^2) - 1) of the residuals r. The
// loss, the hot part, is a static expression applied to the residual tensor with eg::apply: ONE
// tape node whose forward and backward are each one fused loop, where the same loss written with
// tensor operations records five nodes and makes a temporary tensor for each. Both are trained and
// must agree.
//
// The timings go to stderr: they change from run to run, and check_output.cmake compares only
// stdout with mixed_layers.expected.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <iostream>
#include <string>

#include <etgrad/etgrad.hpp>

namespace eg = etgrad;

// Fits w x + b to target with 60 steps of SGD, printing every 10th.
template <class Loss>
void train(const char* label, const eg::tensor& x, const eg::tensor& target, Loss loss_of) {
    auto w = eg::zeros({1}, eg::requires_grad().dtype(eg::float64));
    auto b = eg::zeros({1}, eg::requires_grad().dtype(eg::float64));
    eg::optim::sgd optimizer({w, b}, 0.3);
    for (int step = 0;; ++step) {
        optimizer.zero_grad();
        auto loss = loss_of(w * x + b - target);
        loss.backward();
        if (step % 10 == 0)
            std::printf("%-9s step %2d  loss %.6f  w %.6f  b %.6f\n", label, step, loss.item(), w.item(), b.item());
        if (step == 60) {
            std::printf("%-9s the loss is recorded as %s\n", label, std::string(loss.grad_fn()->name()).c_str());
            return;
        }
        optimizer.step();
    }
}

// The fastest of 20 runs of the loss and its backward, in milliseconds.
template <class Loss>
double best_milliseconds(const eg::tensor& residual, Loss loss_of) {
    double best = 1e300;
    for (int run = 0; run < 20; ++run) {
        const auto start = std::chrono::steady_clock::now();
        loss_of(residual).backward();
        best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
}

int main() {
    // 100000 points on the line 3 x - 1, with a wiggle and an outlier (+8) every 100th point.
    const std::size_t n = 100000;
    xt::xtensor<double, 1> xs = xt::zeros<double>({n});
    xt::xtensor<double, 1> ts = xt::zeros<double>({n});
    for (std::size_t i = 0; i < n; ++i) {
        xs(i) = -2 + 4.0 * static_cast<double>(i) / static_cast<double>(n);
        ts(i) = 3 * xs(i) - 1 + 0.5 * std::sin(7 * xs(i)) + (i % 100 == 0 ? 8.0 : 0.0);
    }
    const auto x = eg::from_xtensor(xs);  // the tensors use xs's and ts's memory
    const auto target = eg::from_xtensor(ts);

    constexpr auto r = eg::var<"r">;
    constexpr auto pseudo_huber = eg::mean(eg::sqrt(1 + eg::square(r)) - 1);
    const auto fused = [&](const eg::tensor& residual) { return eg::apply(pseudo_huber, r = residual); };
    const auto op_by_op = [](const eg::tensor& residual) { return (eg::sqrt(residual.pow(2) + 1) - 1).mean(); };
    train("op by op", x, target, op_by_op);
    train("fused", x, target, fused);

    auto residual = target.detach();  // any values do for timing
    residual.requires_grad_();
    const double op_by_op_ms = best_milliseconds(residual, op_by_op);
    const double fused_ms = best_milliseconds(residual, fused);
    std::cerr << "loss and backward on " << n << " residuals: op by op " << op_by_op_ms << " ms, fused " << fused_ms
              << " ms (" << op_by_op_ms / fused_ms << "x as fast)\n";
}
