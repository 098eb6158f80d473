// SPDX-License-Identifier: MIT
// A call with a mistake reports it once; its result, printed and looped over as a user's code
// would, adds no error (and no ambiguity warning) of its own.
#include <etgrad/expr.hpp>
#include <iostream>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    constexpr auto y = eg::var<"y">;
    const xt::xtensor<double, 1> xv = {1.0, 2.0};
    const auto [value, gradient] = eg::value_and_grad(eg::sum(x * y), x = xv);  // y is not bound
    std::cout << value << '\n';
    for (double g : gradient[x]) std::cout << g << '\n';
}
