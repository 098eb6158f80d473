// SPDX-License-Identifier: MIT
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    constexpr auto f = eg::let<"a">(x * x, [](auto a) { return a + 1; }) * eg::let<"a">(x + x, [](auto a) { return a * a; });
    return static_cast<int>(eg::eval(f, x = 1.0));
}
