// SPDX-License-Identifier: MIT
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    constexpr auto a = eg::var<"a">;
    const xt::xtensor<double, 2> av = {{1.0, 2.0}, {3.0, 4.0}};
    const xt::xtensor<double, 1> xv = {1.0, 2.0};
    // eg::d does not differentiate a product symbolically
    const auto h = eg::hessian(eg::sum(eg::exp(eg::matmul(a, x))), x = xv, a = av);
    return static_cast<int>(h(0, 0));
}
