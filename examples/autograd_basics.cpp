// SPDX-License-Identifier: MIT
// Seed notebook 000, "AutoGrad": gradients of a scalar, the vector-Jacobian product behind a
// non-scalar backward, three ways to stop tracking history, and gradients that accumulate
// until zeroed. Prints what the notebook prints (autograd_basics.expected).
#include <iostream>

#include <etgrad/etgrad.hpp>

namespace eg = etgrad;

// Every backward() adds into weights.grad(); unless `zero_each_step`, the sums pile up epoch by epoch.
void show_sum_grad(int epochs, bool zero_each_step) {
    auto weights = eg::ones({4}, eg::requires_grad());
    std::cout << weights << '\n';
    for (int epoch = 0; epoch < epochs; ++epoch) {
        auto model_output = (weights * 3).sum();
        if (zero_each_step) std::cout << model_output << '\n';
        model_output.backward();
        std::cout << weights.grad() << '\n';
        if (zero_each_step) weights.grad().zero_();  // start the next epoch from a zero gradient
    }
    std::cout << "\n\n";  // Python's print('\n'): a newline, then print's own
}

int main() {
    // A leaf tensor that records what is done with it (the notebook's torch.rand(3) draw, written in).
    auto x = eg::tensor({0.0220, 0.2922, 0.1679}, eg::requires_grad());
    std::cout << x << '\n';

    // Each operation records a node; its name is the grad_fn PyTorch shows.
    auto y = x + 2;
    std::cout << y << '\n';
    auto z = y * y * 2;
    // 10.5084 and 9.3996 here, 10.5088 and 9.3998 in the notebook: its x had digits it did not print.
    std::cout << z << '\n';
    z = z.mean();
    std::cout << z << '\n';  // 9.3616 (notebook 9.3619: the same unprinted digits)

    // dz/dx by reverse mode, accumulated into x.grad().
    z.backward();
    std::cout << x.grad() << '\n';  // 2.8905 (notebook 2.8906: the same unprinted digits)

    // A non-scalar output needs the vector v of the vector-Jacobian product v^T J.
    // The notebook printed only z; this x reproduces z and x.grad as printed.
    x = eg::tensor({0.01293, 0.6488, 0.22272}, eg::requires_grad());
    y = x + 2;
    z = 2 * y.pow(2);
    std::cout << z << '\n';
    try {
        z.backward();  // no v: an error, as in PyTorch
    } catch (const std::runtime_error& error) {
        std::cout << "RuntimeError: " << error.what() << '\n';
    }
    z.backward(eg::tensor({0.1, 1.0, 0.001}, eg::float32));
    std::cout << x.grad() << '\n';

    // Preventing the graph from tracking x.
    x = eg::tensor({-0.3003, -0.1851, 1.6188}, eg::requires_grad());
    std::cout << x << '\n';
    x.requires_grad_(false);  // 1. switch it off in place
    std::cout << x << '\n';
    std::cout << x.detach() << '\n';  // 2. a tensor sharing x's memory, outside the graph
    {
        eg::no_grad_guard no_grad;  // 3. nothing inside this scope is recorded
        y = x + 2;
        std::cout << y << '\n';
    }

    // Gradients accumulate over backward() calls ...
    show_sum_grad(1, false);
    show_sum_grad(2, false);
    show_sum_grad(3, false);
    // ... unless zeroed after each step, as an optimiser's zero_grad() does.
    show_sum_grad(1, true);
    show_sum_grad(2, true);
    show_sum_grad(3, true);
}
