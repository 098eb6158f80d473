// SPDX-License-Identifier: MIT
// Compile-time check, built with debug information: value_and_grad of e = e * e + e over 100
// steps named with eg::let. Written out, the type's name would be 3^100 characters, and GCC's
// debug information writes every such name. Run, it checks the values against a plain loop.
#include <cstdio>

#include <xtensor/xtensor.hpp>

#include <etgrad/expr.hpp>

#include "../recurrence_reference.hpp"

namespace eg = etgrad;

namespace {

template <int K>
constexpr auto recurrence(auto e) {
    if constexpr (K == 0)
        return e;
    else
        return eg::let<K>(e * e + e, [](auto r) { return recurrence<K - 1>(r); });
}


// Other step counts measure the growth (docs/static-layer.md, `eg::let`).
#ifndef ETGRAD_LET_RECURRENCE_STEPS
#define ETGRAD_LET_RECURRENCE_STEPS 100
#endif
constexpr int steps = ETGRAD_LET_RECURRENCE_STEPS;
// The array loop fuses every step into one loop body, whose compile time is the evaluator's and
// grows faster than linearly with the body: kept short.
constexpr int array_steps = ETGRAD_LET_RECURRENCE_ARRAY_STEPS;

}  // namespace

int main(int argc, char**) {
    constexpr auto x = eg::var<"x">;
    const double x0 = 0.001 * argc;  // not a constant: the evaluation runs at run time
    bool ok = true;

    const auto [value, g] = eg::value_and_grad(recurrence<steps>(x), x = x0);
    double derivative = 0;
    ok = ok && close_relative(value, recurrence_reference(x0, steps, derivative)) && close_relative(g[x], derivative);

    const xt::xtensor<double, 1> xv = {x0, 2 * x0, -x0};
    const auto [sum, ga] = eg::value_and_grad(eg::sum(recurrence<array_steps>(x)), x = xv);
    ok = ok && matches_summed_recurrence(xv, sum, ga[x], array_steps);

    std::printf("%s: %d steps, value %.17g, gradient %.17g\n", ok ? "ok" : "MISMATCH", steps, value, g[x]);
    return ok ? 0 : 1;
}
