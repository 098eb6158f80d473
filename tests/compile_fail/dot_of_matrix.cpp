// SPDX-License-Identifier: MIT
#include <xtensor/xfixed.hpp>
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto A = eg::var<"A">;
    constexpr auto w = eg::var<"w">;
    const xt::xtensor_fixed<double, xt::xshape<2, 3>> a = {{1, 2, 3}, {4, 5, 6}};
    const xt::xtensor_fixed<double, xt::xshape<3>> b = {1, 2, 3};
    return static_cast<int>(eg::eval(eg::dot(A, w), A = a, w = b));
}
