// SPDX-License-Identifier: MIT
// A downstream program, built by each packaging test (tests/consumer/run.cmake) against etgrad as
// a user gets it. Both gradients are exact in binary floating point:
//   static layer:  d/dx mean(2 (x + 2)^2) = 4 (x + 2) / n  ->  {6, 8} at x = {1, 2}
//   eg::tensor:    d/dt sum(t^3) = 3 t^2                  ->  {3, 12} at t = {1, 2}
#include <etgrad/etgrad.hpp>

namespace eg = etgrad;

int main() {
    constexpr auto x = eg::var<"x">;
    const xt::xtensor<double, 1> xv = {1.0, 2.0};
    const auto g = eg::grad(eg::mean(2 * eg::pow(x + 2, 2)), x = xv);
    const bool static_ok = g[x](0) == 6.0 && g[x](1) == 8.0;

    auto t = eg::tensor({1.0, 2.0}, eg::requires_grad());
    (t * t * t).sum().backward();
    const bool tensor_ok = t.grad()[0].item() == 3.0 && t.grad()[1].item() == 12.0;

    return static_ok && tensor_ok ? 0 : 1;
}
