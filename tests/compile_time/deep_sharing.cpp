// SPDX-License-Identifier: MIT
// Compile-time check: value_and_grad of e = e * e + e over many steps, on a number and summed
// over an array. Written as a tree the expression has 3^steps nodes; its type names each shared
// operand three times per step. The build of this file is the test (tests/CMakeLists.txt gives
// it a time budget); run, it checks values and gradients against a plain loop.
#include <cstdio>

#include <xtensor/xtensor.hpp>

#include <etgrad/expr.hpp>

#include "../recurrence_reference.hpp"

namespace eg = etgrad;

namespace {

constexpr int steps = ETGRAD_DEEP_SHARING_STEPS;
// 20 and 20 with g++ (tests/CMakeLists.txt says why not with clang).
constexpr int array_steps = ETGRAD_DEEP_SHARING_ARRAY_STEPS;

template <int K>
constexpr auto sweep(auto e) {
    if constexpr (K == 0)
        return e;
    else
        return sweep<K - 1>(e * e + e);
}


}  // namespace

int main(int argc, char**) {
    constexpr auto x = eg::var<"x">;
    const double x0 = 1e-7 * argc;  // not a constant: the evaluation runs at run time
    bool ok = true;

    const auto [value, g] = eg::value_and_grad(sweep<steps>(x), x = x0);
    double derivative = 0;
    ok = ok && close_relative(value, recurrence_reference(x0, steps, derivative)) && close_relative(g[x], derivative);

    const xt::xtensor<double, 1> xv = {x0, 2 * x0, -x0, 0.5 * x0, 3 * x0};
    const auto [sum, ga] = eg::value_and_grad(eg::sum(sweep<array_steps>(x)), x = xv);
    ok = ok && matches_summed_recurrence(xv, sum, ga[x], array_steps);

    std::printf("%s: %d steps, value %.17g, gradient %.17g\n", ok ? "ok" : "MISMATCH", steps, value, g[x]);
    return ok ? 0 : 1;
}
