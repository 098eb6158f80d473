// SPDX-License-Identifier: MIT
// Written by tests/reference/make_loop_invariants_reference.py with PyTorch 1.13 (float64): values
// and gradients at x = [0.3, -1.2, 0.7, 1.5, -0.4, 0.9, 2.2, -0.8, 0.05],
// A = [x, x / 2 - 0.3], w = [2.0, -0.75], s = 1.7, m = 0.4, c = -2.5. The tests keep them as literals
// and never need torch.
#pragma once
#include <array>

namespace etgrad_test::invariants_ref {

struct invariants_case {
    double value;
    std::array<double, 9> grad_x;
    std::array<double, 18> grad_a;
    double grad_s, grad_m, grad_c;
};

// sum(-0.5 ((x - m) / s)^2) - 9 log(s): the benchmark's P4 (gradients with respect to x, s, m)
inline constexpr invariants_case normal_log_density{-6.430066024265416, {0.034602076124567484, 0.5536332179930796, -0.1038062283737024, -0.3806228373702422, 0.2768166089965398, -0.17301038062283738, -0.6228373702422146, 0.4152249134948098, 0.12110726643598617}, {0.0}, -3.3477508650519026, -0.12110726643598635, 0.0};
// sum(x / s * c - (m - x) * (x / s)): x and x / s with several shares, each with its own scale
inline constexpr invariants_case several_shares{0.7632352941176479, {-1.3529411764705883, -3.11764705882353, -0.8823529411764708, 0.0588235294117645, -2.1764705882352944, -0.6470588235294119, 0.882352941176471, -2.647058823529412, -1.647058823529412}, {0.0}, -0.4489619377162639, -1.9117647058823528, 1.9117647058823528};
// sum(w * sum(A / s - m, 1)): a row sum's backward, its seed read row by row
inline constexpr invariants_case row_sums{-0.20220588235294157, {0.0}, {1.1764705882352942, 1.1764705882352942, 1.1764705882352942, 1.1764705882352942, 1.1764705882352942, 1.1764705882352942, 1.1764705882352942, 1.1764705882352942, 1.1764705882352942, -0.4411764705882353, -0.4411764705882353, -0.4411764705882353, -0.4411764705882353, -0.4411764705882353, -0.4411764705882353, -0.4411764705882353, -0.4411764705882353, -0.4411764705882353}, -2.528114186851211, -11.25, 0.0};

}  // namespace etgrad_test::invariants_ref
