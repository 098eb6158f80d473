// SPDX-License-Identifier: MIT
#include <xtensor/xtensor.hpp>

#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    const xt::xtensor<double, 2> m = {{1.0, 2.0}, {3.0, 4.0}};
    return static_cast<int>(eg::eval(x[0], x = m));  // x[i] needs a 1-D array
}
