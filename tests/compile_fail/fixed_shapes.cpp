// SPDX-License-Identifier: MIT
#include <array>
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    constexpr auto y = eg::var<"y">;
    const std::array<double, 3> a{1, 2, 3};
    const std::array<double, 4> b{1, 2, 3, 4};
    return static_cast<int>(eg::eval(eg::sum(x * y), x = a, y = b));
}
