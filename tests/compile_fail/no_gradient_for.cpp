// SPDX-License-Identifier: MIT
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    constexpr auto y = eg::var<"y">;
    const auto g = eg::grad(x * y, x = 1.0, y = 2.0, eg::wrt(x));
    return static_cast<int>(g[y]);  // only x's gradient was asked for
}
