// SPDX-License-Identifier: MIT
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    const xt::xtensor<double, 1> xv = {1.0, 2.0};
    // eg::d does not differentiate a logsumexp symbolically
    const auto h = eg::hessian(eg::logsumexp(x), x = xv);
    return static_cast<int>(h(0, 0));
}
