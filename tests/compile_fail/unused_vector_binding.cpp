// SPDX-License-Identifier: MIT
#include <vector>
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    constexpr auto w = eg::var<"w">;
    const std::vector<double> xv{1.0, 2.0}, wv{0.5, 0.5};
    const auto g = eg::grad(eg::sum(x * x), x = xv, w = wv);  // f does not use w
    return static_cast<int>(g[x][0]);
}
