// SPDX-License-Identifier: MIT
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    const xt::xtensor<double, 1> xv = {1.0, 2.0};
    return static_cast<int>(eg::grad(x * x, x = xv)[x](0));
}
