// SPDX-License-Identifier: MIT
// The harness's self-check: this file compiles, so expect_error.cmake must report a failure.
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    static_assert(eg::grad(x * x, x = 3.0)[x] == 6.0);
    return 0;
}
