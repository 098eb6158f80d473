// SPDX-License-Identifier: MIT
// Seed notebook 004, "AutoGrad": requires_grad, the grad_fn each operation leaves on its result,
// backward() into .grad, detach(), and turning tracking on afterwards with requires_grad_(true).
// Prints what the notebook prints (grad_fn_and_detach.expected).
#include <iostream>

#include <etgrad/etgrad.hpp>

namespace eg = etgrad;

// Python prints a bool as True / False.
const char* python_bool(bool value) { return value ? "True" : "False"; }

int main() {
    // A base tensor that tracks every operation done with it.
    auto x = eg::ones({3, 3}, eg::requires_grad());
    std::cout << x << '\n';

    // An addition: the result's grad_fn is AddBackward0.
    auto y = x + 2;
    std::cout << y << '\n';

    // Multiplication and mean: MulBackward0, MeanBackward0.
    auto z = y * y * 3;
    auto out = z.mean();
    std::cout << z << '\n';
    std::cout << out << '\n';

    // out holds a single number, so backward() needs no argument.
    std::cout << out << '\n';
    out.backward();
    std::cout << x.grad() << '\n';  // d out / dx = 6 (x + 2) / 9 = 2

    // detach(): the same values (shared memory), without requires_grad. (The notebook's torch.randn draw, written in.)
    x = eg::tensor({{0.0672, -0.6789, 0.5611}, {-0.3981, 0.2087, 0.6432}, {-0.3187, 1.7171, -0.8935}}, eg::requires_grad());
    std::cout << x << '\n';
    y = x.detach();
    std::cout << y << '\n';

    // A tensor made without requires_grad records nothing ...
    // (The notebook never printed its torch.randn(2, 2) draw; any values print the same.)
    auto a = eg::tensor({{0.5, -1.2}, {2.0, 0.3}});
    a = (a - 3) / (a - 1);
    std::cout << python_bool(a.requires_grad()) << '\n';

    // ... until requires_grad_(true) switches tracking on in place (a trailing _ means in place).
    a.requires_grad_(true);
    std::cout << python_bool(a.requires_grad()) << '\n';

    // Operations on it now leave a grad_fn; printed, a node shows its address, as a Python object does.
    auto b = (a * a).sum();
    std::cout << "grad_fn test : " << *b.grad_fn() << '\n';
    std::cout << "yay!! now grad function is added\n";
}
