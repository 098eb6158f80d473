// SPDX-License-Identifier: MIT
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    return static_cast<int>(eg::eval(eg::softmax(x * 2.0, 0), x = 1.5)());
}
