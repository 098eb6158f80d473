// SPDX-License-Identifier: MIT
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    constexpr auto z = eg::var<"z">;
    return static_cast<int>(eg::grad(x * x, x = 1.0, z = 2.0, eg::wrt(z))[z]);
}
