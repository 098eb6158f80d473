# SPDX-License-Identifier: MIT
# Prints tests/reference/reduction_reference.hpp: PyTorch's values and gradients of max, min, prod,
# logsumexp, softmax and log_softmax, which tests/expr/reduction_test.cpp keeps as literals.
# Run with Debian's python3-torch:  /usr/bin/python3 tests/reference/make_reduction_reference.py
import torch

from reference_cases import case

torch.set_default_dtype(torch.float64)

X = [[0.5, -1.2, 2.0], [1.5, 0.3, -0.7]]
T = [[1.0, 3.0, 3.0], [3.0, -2.0, 3.0]]  # ties: four 3.0s, two in each row
Z1 = [[0.5, 0.0, 2.0], [1.5, -2.0, 0.5]]  # one zero
Z2 = [[0.0, 2.0, 0.0], [1.5, -0.5, 3.0]]  # two zeros in row 0
X3 = [[[0.2, -0.4], [1.1, 0.6], [-0.9, 1.3]], [[0.7, 0.1], [-0.3, 2.2], [0.4, -1.5]]]  # 2x3x2
W2 = [2.0, -1.0]
W3 = [0.5, -1.5, 1.0]
W23 = [[1.0, -2.0, 0.5], [0.25, 3.0, -1.0]]
W22 = [[1.0, -0.5], [2.0, 0.75]]
W232 = [[[1.0, -2.0], [0.5, 0.25], [3.0, -1.0]], [[-0.5, 1.5], [2.0, -0.75], [0.1, 1.0]]]


def w(v):
    return torch.tensor(v)


print("""// SPDX-License-Identifier: MIT
// Values computed with PyTorch 1.13 (float64) by tests/reference/make_reduction_reference.py.
#pragma once

namespace etgrad_test::reduction_ref {
""")
# over every element; max inside an elementwise chain (two paths to X)
case("max_chain", lambda x: torch.sum(torch.sin(x) * torch.max(x)), X)
case("max_ties", lambda t: torch.max(t) * 3.0, T)
case("min_all", lambda x: torch.min(x * 2.0) ** 2, X)
case("prod_all", lambda x: torch.prod(x), X)
case("prod_one_zero", lambda z: torch.prod(z), Z1)
case("prod_two_zeros", lambda z: torch.exp(torch.prod(z + 0.0)), Z2)
case("logsumexp_all", lambda x: torch.logsumexp(torch.cos(x), (0, 1)), X)
# along an axis, weighted so that every lane's adjoint differs
case("max_axis_ties", lambda t: torch.sum(w(W2) * torch.max(t, 1)[0]), T)
case("max_axis0", lambda x: torch.sum(w(W3) * torch.max(x, 0)[0]), X)
case("min_axis_neg", lambda x: torch.sum(w(W2) * torch.min(x, -1)[0]), X)
case("prod_axis0", lambda z: torch.sum(w(W3) * torch.prod(z, 0)), Z1)
case("prod_axis1", lambda z: torch.sum(w(W2) * torch.prod(z, 1)), Z2)
case("logsumexp_axis", lambda x: torch.sum(w(W2) * torch.logsumexp(x, 1)), X)
case("softmax_axis1", lambda x: torch.sum(w(W23) * torch.softmax(x, 1)), X)
case("softmax_axis0", lambda x: torch.sum(w(W23) * torch.softmax(x * 2.0, -2)), X)
case("log_softmax_axis1", lambda x: torch.sum(w(W23) * torch.log_softmax(x, -1)), X)
case("mean_log_softmax", lambda x: torch.mean(torch.log_softmax(x, 1)), X)
# the middle axis of a 3-D array: lanes with elements apart
case("softmax_3d", lambda x: torch.sum(w(W232) * torch.softmax(x, 1)), X3)
case("max_3d", lambda x: torch.sum(w(W22) * torch.max(x, 1)[0]), X3)
case("prod_3d", lambda x: torch.sum(w(W22) * torch.prod(x, -2)), X3)
case("logsumexp_3d", lambda x: torch.sum(w(W22) * torch.logsumexp(x, 1)), X3)
case("log_softmax_3d", lambda x: torch.sum(w(W232) * torch.log_softmax(x, 1)), X3)
# a stored elementwise operand, and a result read by a loop that also reads the operand
case("softmax_of_chain", lambda x: torch.sum(torch.softmax(torch.exp(x) - x, 1) * x), X)
print("\n}  // namespace etgrad_test::reduction_ref")
