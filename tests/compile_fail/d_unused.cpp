// SPDX-License-Identifier: MIT
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    constexpr auto y = eg::var<"y">;
    constexpr auto dy = eg::d(y * y, x);
    return static_cast<int>(eg::eval(dy, y = 1.0));
}
