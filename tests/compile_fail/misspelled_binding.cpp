// SPDX-License-Identifier: MIT
// A misspelled name: "raet" is bound and unused, so "rate" has no value; the misspelling is reported.
#include <etgrad/expr.hpp>
namespace eg = etgrad;
int main() {
    constexpr auto x = eg::var<"x">;
    constexpr auto rate = eg::var<"rate">;
    constexpr auto raet = eg::var<"raet">;
    return static_cast<int>(eg::grad(x * rate, x = 1.0, raet = 0.5)[x]);
}
