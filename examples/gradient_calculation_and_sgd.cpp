// SPDX-License-Identifier: MIT
// Seed notebook 001, "Gradient calculation with autograd": grad_fn, backward of a scalar and of a
// vector, stopping gradient tracking, accumulation over a loop, and the same loop driving an SGD
// optimiser. Prints what the notebook prints (gradient_calculation_and_sgd.expected).
#include <iostream>

#include <etgrad/etgrad.hpp>

namespace eg = etgrad;

int main() {
    // The notebook's torch.randn(3) draw, written in.
    auto x = eg::tensor({0.4051, 0.5039, 1.2624}, eg::requires_grad());
    std::cout << x << '\n';

    // y remembers how it was made: y.grad_fn() is an AddBackward0 node (x, a leaf, has none).
    auto y = x + 2;
    std::cout << y << '\n';

    // 15.1315 here, 15.1317 in the notebook: its x had digits it did not print.
    auto z = (y.pow(2) * 2).mean();
    std::cout << z << '\n';

    z.backward();  // dz/dx
    std::cout << x.grad() << '\n';  // 3.3385 (notebook 3.3386: the same unprinted digits)

    // A vector output takes the vector of the vector-Jacobian product; the result adds to x.grad().
    auto z2 = y.pow(2) * 2;
    std::cout << z2 << '\n';  // 12.5390, 21.2865 (notebook 12.5394, 21.2867: the same unprinted digits)
    z2.backward(eg::tensor({1.0, 1.0, 1.0}));
    std::cout << x.grad() << '\n';  // 13.3541, 17.3995 (notebook 13.3544, 17.3996: the same)

    // Stopping gradient tracking: in place, by a detached copy, or for a whole scope.
    x = eg::tensor({0.5404, 1.3869, -1.6816}, eg::requires_grad());
    x.requires_grad_(false);
    std::cout << x << '\n';

    x = eg::tensor({-2.5733, 0.7729, 1.8764}, eg::requires_grad());
    const auto x_new = x.detach();  // shares x's memory
    std::cout << x_new << '\n';

    x = eg::tensor({-0.284835, -0.0002989, -1.8807}, eg::requires_grad());  // not printed: the printed y / 2
    {
        eg::no_grad_guard no_grad;
        y = x * 2;
        std::cout << y << '\n';
    }

    // Gradients accumulate over a loop: 3, 6, 9 ...
    x = eg::ones({4}, eg::requires_grad());
    for (int epoch = 0; epoch < 3; ++epoch) {
        y = (x * 3).sum();
        y.backward();
        std::cout << x.grad() << '\n';
    }

    // ... unless reset after each step.
    x = eg::ones({4}, eg::requires_grad());
    for (int epoch = 0; epoch < 3; ++epoch) {
        y = (x * 3).sum();
        y.backward();
        std::cout << x.grad() << '\n';
        x.grad().zero_();
    }

    // An optimiser applies the gradient: x <- x - lr * x.grad() on every step().
    x = eg::ones({4}, eg::requires_grad());
    std::cout << "x: " << x << " \n\n";  // print(f'x: {x}', '\n') puts a space before the '\n'

    const double lr = 0.01;
    eg::optim::sgd optimizer({x}, lr);

    for (int epoch = 0; epoch < 3; ++epoch) {
        std::cout << "epoch " << epoch + 1 << '\n';
        y = (x * 3).sum();
        y.backward();
        std::cout << "x.grad: " << x.grad() << '\n';
        const auto x_old = x.clone();

        optimizer.step();

        // eg::format gives a one-element tensor's Python text (a float32 widened to double).
        std::cout << "x_new[i] = x_old[i] - (x.grad[i] * lr) = " << eg::format(x_old[0]) << " - ("
                  << eg::format(x.grad()[0]) << " * " << lr << ") = " << eg::format(x_old[0] - (x.grad()[0] * lr)) << '\n';
        std::cout << "x: " << x << " \n\n";

        x.grad().zero_();
    }
}
