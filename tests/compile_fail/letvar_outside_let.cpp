// SPDX-License-Identifier: MIT
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    constexpr eg::letvar<eg::fixed_string{"a"}> a;
    constexpr auto f = eg::let<"a">(x * x, [](auto b) { return b + 1; }) * a;
    return static_cast<int>(eg::eval(f, x = 1.0));
}
