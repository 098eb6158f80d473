# SPDX-License-Identifier: MIT
# Prints tests/reference/linalg_reference.hpp: PyTorch's values and gradients of matrix products,
# which tests/expr/linalg_test.cpp keeps as literals.
# Run with Debian's python3-torch:  /usr/bin/python3 tests/reference/make_linalg_reference.py
import torch

from reference_cases import case, lit

torch.set_default_dtype(torch.float64)

A = [[1.0, 2.0, -1.0], [0.5, -0.25, 3.0]]
B = [[0.3, -0.7, 1.1, 0.2], [-1.2, 0.4, 0.9, -0.5], [0.6, 0.8, -0.3, 1.5]]
v2 = [0.7, -1.3]
v3 = [0.3, -0.7, 1.1]
w3 = [1.5, 0.25, -2.0]


print("""// SPDX-License-Identifier: MIT
// Values computed with PyTorch 1.13 (float64) by tests/reference/make_linalg_reference.py.
#pragma once

namespace etgrad_test::linalg_ref {
""")
print(f"inline constexpr double product_value[] = {lit(torch.tensor(A) @ torch.tensor(B))};")
# 0.5 ||A x||^2
case("mv", lambda a, x: 0.5 * torch.sum(torch.square(torch.matmul(a, x))), A, v3)
# elementwise operands on both sides, and a function after the product
case("mm", lambda a, b: torch.sum(torch.tanh(torch.matmul(a * 0.5, b + 0.1))), A, B)
case("vm", lambda v, a: torch.sum(torch.square(torch.matmul(v, a))), v2, A)
case("vv", lambda a, b: torch.matmul(a, torch.sin(b)) * 3.0, v3, w3)
case("dot", lambda a, b: torch.exp(torch.dot(a, torch.sin(b))), v3, w3)
# x is read by the product and by an elementwise loop: two writers of its gradient
case("shared", lambda a, x: torch.sum(torch.square(torch.matmul(a, x))) + torch.sum(x * torch.cos(x)), A, v3)
case("transpose", lambda a, w: torch.sum(torch.matmul(torch.t(a), a * w) ** 2), A, w3)
case("chain", lambda a, b, x: torch.sum(torch.matmul(a, torch.matmul(b, x)) ** 3), A, B, [0.5, -0.1, 0.2, 0.9])
case("axis", lambda a, b: torch.sum(torch.exp(torch.sum(torch.matmul(a, b), 0)) * torch.arange(4.0)), A, B)
print("\n}  // namespace etgrad_test::linalg_ref")
