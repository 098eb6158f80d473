// SPDX-License-Identifier: MIT
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    constexpr auto y = eg::var<"y">;
    return static_cast<int>(eg::grad(x * y, x = 1.0, y = 2.0, eg::wrt(x), eg::wrt(y))[x]);
}
