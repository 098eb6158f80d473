// SPDX-License-Identifier: MIT
// The harness's self-check: two independent errors, so expect_error.cmake must report a cascade.
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    constexpr auto y = eg::var<"y">;
    static_cast<void>(eg::eval(x * y, x = 1.0));
    return static_cast<int>(eg::eval(x * y, y = 1.0));
}
