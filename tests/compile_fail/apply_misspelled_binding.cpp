// SPDX-License-Identifier: MIT
// eg::apply checks its bindings as eval does: "yy" is bound and unused, so "y" has no value; the
// misspelling is reported, once (not once per floating-point dtype the tape could hold).
#include <etgrad/etgrad.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    constexpr auto y = eg::var<"y">;
    constexpr auto yy = eg::var<"yy">;
    const auto t = eg::tensor({1.0, 2.0}, eg::requires_grad());
    eg::apply(eg::sum(x * y), x = t, yy = 2.0).backward();
}
