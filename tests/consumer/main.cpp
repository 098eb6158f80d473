// SPDX-License-Identifier: MIT
// A downstream program: the gradient of mean(2 (x + 2)^2) is 4 (x + 2) / n.
#include <etgrad/etgrad.hpp>

namespace eg = etgrad;

int main() {
    constexpr auto x = eg::var<"x">;
    const xt::xtensor<double, 1> xv = {1.0, 2.0};
    const auto g = eg::grad(eg::mean(2 * eg::pow(x + 2, 2)), x = xv);
    return g[x](0) == 6.0 && g[x](1) == 8.0 ? 0 : 1;
}
