// SPDX-License-Identifier: MIT
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    return static_cast<int>(eg::eval(eg::sum(eg::slice(x, 1)), x = 2.0));  // x is a number
}
