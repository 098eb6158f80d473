// SPDX-License-Identifier: MIT
// Logistic regression trained by gradient descent on static gradients. The loss is one typed
// expression; eg::value_and_grad_into writes its gradient into the same buffers every epoch, so
// the training loop allocates nothing (counted below by replacing the global operator new).
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <new>

#include <etgrad/expr.hpp>
#include <xtensor/xnoalias.hpp>

namespace eg = etgrad;

namespace {
std::size_t allocations = 0;
}

void* operator new(std::size_t size) {
    ++allocations;
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

int main() {
    // Two standardised exam scores per applicant, and whether they were admitted. No line separates
    // the two groups, so the weights converge instead of growing forever.
    const xt::xtensor<double, 2> scores = {
        {-1.8, -0.6}, {-1.2, 0.4}, {-0.9, -1.5}, {-0.5, -0.3}, {-0.3, -1.1}, {0.6, 0.8},
        {-1.0, 1.2},  {-0.1, 0.2}, {0.2, -0.9},  {0.4, 0.5},   {0.7, -0.2}, {0.9, 1.1},
        {-0.4, -0.2}, {1.3, -0.7}, {1.5, 0.3},   {1.9, 1.6}};
    const xt::xtensor<double, 1> admitted = {0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1};

    constexpr auto X = eg::var<"X">;
    constexpr auto y = eg::var<"y">;
    constexpr auto w = eg::var<"w">;
    constexpr auto b = eg::var<"b">;
    constexpr auto logits = eg::sum(X * w, 1) + b;  // X w + b: w broadcasts along the rows of X
    // Binary cross-entropy on logits: -y log sigmoid(z) - (1 - y) log(1 - sigmoid(z)).
    constexpr auto loss = eg::mean(eg::softplus(logits) - y * logits);

    xt::xtensor<double, 1> weights = {0.0, 0.0};
    double bias = 0.0;
    const double learning_rate = 0.5;

    // The first call sizes the gradient buffers; the loop reuses them.
    auto [value, g] = eg::value_and_grad(loss, X = scores, y = admitted, w = weights, b = bias, eg::wrt(w, b));
    const std::size_t allocations_before = allocations;
    for (int epoch = 0;; ++epoch) {
        if (epoch % 25 == 0) std::printf("epoch %3d  loss %.6f\n", epoch, value);
        if (epoch == 200) break;
        xt::noalias(weights) -= learning_rate * g[w];
        bias -= learning_rate * g[b];
        value = eg::value_and_grad_into(g, loss, X = scores, y = admitted, w = weights, b = bias, eg::wrt(w, b));
    }
    std::printf("allocations in the training loop: %zu\n", allocations - allocations_before);

    std::printf("weights %.6f %.6f  bias %.6f\n", weights(0), weights(1), bias);
    const auto z = eg::eval(logits, X = scores, w = weights, b = bias);
    int correct = 0;
    for (std::size_t i = 0; i < z.size(); ++i) correct += (z(i) > 0) == (admitted(i) > 0.5);
    std::printf("accuracy %d/%zu\n", correct, z.size());
}
