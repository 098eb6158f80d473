// SPDX-License-Identifier: MIT
// Written by tests/reference/make_slice_reference.py with PyTorch 1.13 (float64 unless noted):
// values and gradients of expressions with slices and indexing of x = [0.3, -1.2, 0.7, 1.5, -0.4, 0.9],
// y = 0.5 and A = [[0.2, -0.7, 1.1], [1.4, 0.6, -0.3]]. The tests keep them as literals and never need torch.
#pragma once
#include <array>

namespace etgrad_test::slice_ref {

struct slice_case {
    double value;
    std::array<double, 6> grad_x;
    double grad_y;
    std::array<double, 6> grad_a;
};

// sum(sin(x[:-1]) * cos(x[1:]) + exp(x[:-1] * x[1:])): the benchmark's P5
inline constexpr slice_case p5{5.350004711998773, {-0.49103800631605354, 1.0640831450365806, 4.422962909402697, 1.203380492186385, 2.412109687006988, 0.025971336204480278}, 0.0, {0.0, 0.0, 0.0, 0.0, 0.0, 0.0}};
// the same in float32
inline constexpr slice_case p5_f32{5.350004196166992, {-0.491038054227829, 1.0640830993652344, 4.4229631423950195, 1.2033804655075073, 2.412109613418579, 0.02597135305404663}, 0.0, {0.0, 0.0, 0.0, 0.0, 0.0, 0.0}};
// sum(x[1:-1] * x[:-2] + x[2:]^2): three overlapping slices
inline constexpr slice_case overlap{2.96, {-1.2, 1.0, 1.7, 3.3, 0.7, 1.8}, 0.0, {0.0, 0.0, 0.0, 0.0, 0.0, 0.0}};
// sum(x * y) + sum(exp(x[-2:])) + x[0] * x[-1] * y: x whole, sliced and indexed
inline constexpr slice_case mixed{4.164923157192589, {0.95, 0.5, 0.5, 0.5, 1.170320046035639, 3.1096031111569498}, 2.0700000000000003, {0.0, 0.0, 0.0, 0.0, 0.0, 0.0}};
// sum(x[-100:2]) + sum(sin(x[4:100])) + sum(x[3:1]): clamped bounds, an empty slice
inline constexpr slice_case clamped{-0.506091432681167, {1.0, 1.0, 0.0, 0.0, 0.9210609940028851, 0.6216099682706644}, 0.0, {0.0, 0.0, 0.0, 0.0, 0.0, 0.0}};
// mean(x[1:4] * x[-4:-1]) * x[2]
inline constexpr slice_case mean_times_element{-0.09100000000000005, {0.0, 0.1633333333333333, -0.06000000000000005, 0.06999999999999998, 0.35, 0.0}, 0.0, {0.0, 0.0, 0.0, 0.0, 0.0, 0.0}};
// sum(A * x[1:4]^2): a slice broadcast against a matrix
inline constexpr slice_case broadcast{4.055, {0.0, -3.8399999999999994, -0.13999999999999996, 2.4000000000000004, 0.0, 0.0}, 0.0, {1.44, 0.48999999999999994, 2.25, 1.44, 0.48999999999999994, 2.25}};

}  // namespace etgrad_test::slice_ref
