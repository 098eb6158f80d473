// SPDX-License-Identifier: MIT
// Seed notebook 002, "Autograd: Automatic Differentiation": the graph of grad_fn nodes, backward
// of a mean through the chain rule, the vector-Jacobian product a non-scalar output needs,
// preventing gradient history, and zeroing gradients in a training loop. Prints what the
// notebook prints (chain_rule_and_vector_jacobian_product.expected).
#include <iostream>

#include <etgrad/etgrad.hpp>

namespace eg = etgrad;

// z = mean(2 (x + 2)^2), printing each step as the notebook does: print('...\t', y) puts a space after the tab.
eg::tensor mean_of_square(const eg::tensor& x) {
    std::cout << "x:  " << x << '\n';
    auto y = x + 2;
    std::cout << "The gard function\t " << y << '\n';  // AddBackward0
    auto z = y * y * 2;
    std::cout << "The gard function\t " << z << '\n';  // MulBackward0
    z = z.mean();
    std::cout << "The gard function\t " << z << '\n';  // MeanBackward0
    return z;
}

int main() {
    // The notebook's torch.randn(3) draw, written in. Every operation on x records a node.
    // z: 10.7936, 3.9717, 6.4570, 7.0741 here, 10.7933, 3.9719, 6.4567, 7.0739 in the notebook: its x had unprinted digits.
    auto x = eg::tensor({0.3231, -0.5908, -0.2032}, eg::requires_grad());
    auto z = mean_of_square(x);
    z.backward();  // dz/dx_i = 4 (x_i + 2) / 3
    std::cout << x.grad() << '\n';  // 3.0975, 1.8789 (notebook 3.0974, 1.8790: the same unprinted digits)

    // The same without requires_grad: nothing is recorded, so there is nothing to differentiate.
    // (The notebook never ran this cell; it prints what PyTorch prints for the x above.)
    z = mean_of_square(eg::tensor({0.3231, -0.5908, -0.2032}));
    try {
        z.backward();
    } catch (const std::runtime_error& error) {
        std::cout << "RuntimeError: " << error.what() << '\n';
    }

    // Chain rule: out = mean(3 (x + 2)^2), d out / dx_i = 3/2 (x_i + 2) = 4.5 at x_i = 1.
    x = eg::ones({2, 2}, eg::requires_grad());
    auto y = x + 2;
    z = y * y * 3;
    auto out = z.mean();
    out.backward();
    std::cout << x.grad() << '\n';

    // Without the mean, z is a vector: backward() needs the v of v^T J ...
    x = eg::ones({3}, eg::requires_grad());
    y = x + 2;
    z = y * y * 3;
    try {
        z.backward();
        std::cout << x.grad() << '\n';
    } catch (const std::runtime_error& error) {
        std::cout << "RuntimeError: " << error.what() << '\n';
    }

    // ... which is given as backward's argument.
    x = eg::ones({3}, eg::requires_grad());
    y = x + 2;
    z = y * y * 3;
    const auto v = eg::tensor({0.1, 1.0, 0.001}, eg::float32);
    z.backward(v);
    std::cout << x.grad() << '\n';

    // Preventing gradient history: requires_grad_(false), detach(), and a no_grad scope.
    x = eg::tensor({-0.9978, -1.0081, -0.3368}, eg::requires_grad());
    std::cout << x << '\n';
    x.requires_grad_(false);
    std::cout << x << '\n';

    x = eg::tensor({-1.4535, 1.0971, -0.9018}, eg::requires_grad());
    std::cout << x << '\n';
    y = x.detach();
    std::cout << y << '\n';

    x = eg::tensor({-0.2543, -0.8507, 0.4326}, eg::requires_grad());
    std::cout << x << '\n';
    {
        eg::no_grad_guard no_grad;
        y = x + 2;
        std::cout << y << '\n';
    }

    // A training loop: each backward() adds to weights.grad() ...
    auto weights = eg::ones({4}, eg::requires_grad());
    for (int epoch = 0; epoch < 2; ++epoch) {
        auto model_output = (weights * 3).sum();
        model_output.backward();
        // Iteration 1 prints 6s: PyTorch accumulates; the notebook's 3s are stale output of an earlier run.
        std::cout << "Iteration " << epoch << ", Weight grads:, " << weights.grad() << '\n';
    }

    // ... so zero it after each iteration to start afresh.
    weights = eg::ones({4}, eg::requires_grad());
    for (int epoch = 0; epoch < 2; ++epoch) {
        auto model_output = (weights * 3).sum();
        model_output.backward();
        std::cout << "Iteration " << epoch << ", Weight grads:, " << weights.grad() << '\n';
        weights.grad().zero_();
    }
}
