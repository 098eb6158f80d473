// SPDX-License-Identifier: MIT
// Seed notebook 003, "How gradient is used": the gradient of a chain of operations on a rank-3
// tensor, backward of a non-scalar output weighted by a loss gradient (the Jacobian-vector
// product), removing gradient tracking, and zeroing gradients between iterations. Prints what
// the notebook prints (jacobian_and_loss_gradient.expected).
#include <iostream>

#include <etgrad/etgrad.hpp>

namespace eg = etgrad;

int main() {
    // The notebook's torch.rand((2, 3, 4)) draw, written in.
    // a, b, c, d differ from the notebook in the 4th decimal here and there: its x had unprinted digits.
    auto x = eg::tensor({{{0.1801, 0.6695, 0.7117, 0.5697}, {0.5046, 0.6651, 0.2095, 0.1856}, {0.3545, 0.7559, 0.8294, 0.2690}},
                         {{0.3658, 0.7116, 0.2215, 0.7136}, {0.2797, 0.4324, 0.8426, 0.9727}, {0.1415, 0.4659, 0.0742, 0.4353}}},
                        eg::requires_grad());

    auto a = x + 2;
    auto b = a * 2;
    auto c = b.pow(2);
    auto d = c.mean();

    std::cout << "x: " << x << '\n';
    std::cout << "a: " << a << '\n';
    std::cout << "b: " << b << '\n';
    std::cout << "c: " << c << '\n';
    std::cout << "d: " << eg::format(d) << '\n';  // an f-string shows a one-element tensor as a Python float

    d.backward();  // d(d)/d(x)
    auto grad = x.grad();

    std::cout << "back_ward: None\n";  // backward() returns nothing: None in Python, void here
    std::cout << "grad: " << grad << '\n';

    // A non-scalar output: backward(loss) computes loss^T J, the gradient the loss sends back
    // through the Jacobian of output with respect to input.
    auto input = eg::tensor({{{0.7233, 0.0123, 0.7041, 0.0693}, {0.8370, 0.8623, 0.5902, 0.3440}, {0.9012, 0.1902, 0.2526, 0.6914}},
                             {{0.3445, 0.5153, 0.0702, 0.5585}, {0.7818, 0.6864, 0.6772, 0.7779}, {0.9363, 0.5863, 0.7204, 0.3247}}},
                            eg::requires_grad().dtype(eg::float32));

    a = input + 2;
    b = a * 2;
    auto output = b.pow(2);

    std::cout << "input: " << input << '\n';
    std::cout << "a: " << a << '\n';
    std::cout << "b: " << b << '\n';
    std::cout << "output: " << output << '\n';

    // The notebook never printed its torch.rand loss: these are torch.manual_seed(0)'s, to 4 digits.
    const auto loss = eg::tensor({{{0.4963, 0.7682, 0.0885, 0.1320}, {0.3074, 0.6341, 0.4901, 0.8964}, {0.4556, 0.6323, 0.3489, 0.4017}},
                                  {{0.0223, 0.1689, 0.2939, 0.5185}, {0.6977, 0.8000, 0.1610, 0.2823}, {0.6816, 0.9152, 0.3971, 0.8742}}},
                                 eg::float32);

    output.backward(loss);  // d(output)/d(input) weighted by loss
    grad = input.grad();
    std::cout << "grad: " << grad << '\n';

    // Removing requires_grad in place ...
    auto weight = eg::tensor({{0.7146, 0.2951}, {0.7212, 0.2629}}, eg::requires_grad());
    std::cout << "___________________before__________________________\n" << weight << '\n';
    weight.requires_grad_(false);
    std::cout << "___________________after__________________________\n" << weight << '\n';

    // ... by a detached tensor (sharing weight's memory) ...
    weight = eg::tensor({{0.8682, 0.3246}, {0.8875, 0.9272}}, eg::requires_grad());
    std::cout << "___________________before__________________________\n" << weight << '\n';
    const auto new_weight = weight.detach();
    std::cout << "___________________after__________________________\n" << new_weight << '\n';

    // ... or for everything computed in a no_grad scope.
    weight = eg::tensor({{0.2268, 0.8826}, {0.1913, 0.2979}}, eg::requires_grad());
    std::cout << "___________________before__________________________\n" << weight << '\n';
    {
        eg::no_grad_guard no_grad;
        std::cout << "___________________after__________________________\n";
        a = weight + 2;
        b = a * a;
        std::cout << a << '\n' << b << '\n';
    }

    // Zeroing the gradient in each iteration keeps it from accumulating.
    auto weights = eg::tensor({{0.5625, 0.6959, 0.0786}, {0.5783, 0.9495, 0.2622}, {0.0274, 0.6851, 0.8505}}, eg::requires_grad());
    std::cout << "weights: " << weights << '\n';

    for (int i = 0; i < 3; ++i) {
        std::cout << "------------------------iteration--" << i << "--------------------------\n";
        output = (weights * 3).sum();
        // 14.069999694824219 here, 14.069750785827637 in the notebook: its weights had unprinted digits.
        std::cout << "output: " << eg::format(output) << '\n';

        const auto error = eg::tensor(1);  // an int64 0-d gradient, as torch.tensor(1)
        output.backward(error);

        grad = weights.grad();
        std::cout << "grad: " << grad << '\n';
        weights.grad().zero_();  // must be called in each epoch to avoid accumulation
    }
}
