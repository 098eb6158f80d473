// SPDX-License-Identifier: MIT
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    constexpr auto m = eg::var<"m">;
    const xt::xtensor<float, 1> xv = {1.0f, 2.0f};
    const xt::xtensor<double, 2> mv = {{1.0, 2.0}, {3.0, 4.0}};
    // a product reads its operands in place: both must hold the same element type
    const auto y = eg::eval(eg::matmul(m, x), x = xv, m = mv);
    return static_cast<int>(y(0));
}
