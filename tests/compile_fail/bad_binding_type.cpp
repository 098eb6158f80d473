// SPDX-License-Identifier: MIT
#include <string>
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    return static_cast<int>(eg::eval(x * 2, x = std::string("1.0")));
}
