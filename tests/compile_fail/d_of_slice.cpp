// SPDX-License-Identifier: MIT
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    constexpr auto df = eg::d(eg::sum(eg::exp(eg::slice(x, 1))), x);  // not an elementwise derivative
    (void)df;
}
