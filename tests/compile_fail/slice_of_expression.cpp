// SPDX-License-Identifier: MIT
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    constexpr auto f = eg::sum(eg::slice(2 * x, 1));  // only placeholders can be sliced
    (void)f;
}
