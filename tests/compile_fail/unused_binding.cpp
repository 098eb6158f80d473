// SPDX-License-Identifier: MIT
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    constexpr auto y = eg::var<"y">;
    constexpr auto z = eg::var<"z">;
    auto [value, gradient] = eg::value_and_grad(x * y, x = 1.0, y = 2.0, z = 3.0);  // f does not use z
    return static_cast<int>(value + gradient[x]);
}
