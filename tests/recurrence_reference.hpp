// SPDX-License-Identifier: MIT
// The recurrence the sharing tests differentiate, by hand: no etgrad, no test framework, so the
// compile-time checks (tests/compile_time/) include it too.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>

// e = e * e + e repeated n times from e = v, and its derivative with respect to v.
inline double recurrence_reference(double v, int n, double& derivative) {
    derivative = 1;
    for (int k = 0; k < n; ++k) {
        derivative = (2 * v + 1) * derivative;
        v = v * v + v;
    }
    return v;
}

// Equal to within 1e-13, relative to the larger of 1 and |b|.
inline bool close_relative(double a, double b) { return std::abs(a - b) <= 1e-13 * std::max(1.0, std::abs(b)); }

// Whether sum over xs of the n-step recurrence is `sum`, with gradient `gradient` (both indexed
// with operator()).
template <class Values, class Gradient>
bool matches_summed_recurrence(const Values& xs, double sum, const Gradient& gradient, int n) {
    bool ok = true;
    double expected = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        double derivative = 0;
        expected += recurrence_reference(xs(i), n, derivative);
        ok = ok && close_relative(gradient(i), derivative);
    }
    return ok && close_relative(sum, expected);
}
