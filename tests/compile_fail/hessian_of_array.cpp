// SPDX-License-Identifier: MIT
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    const xt::xtensor<double, 1> xv = {1.0, 2.0};
    const auto h = eg::hessian(eg::exp(x), x = xv);  // an array-valued f: its Hessian is not a matrix
    return static_cast<int>(h(0, 0));
}
