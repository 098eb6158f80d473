# SPDX-License-Identifier: MIT
# Prints tests/reference/higher_order_reference.hpp: PyTorch's Hessians, Jacobians and
# Hessian-vector products (torch.autograd.functional), which tests/expr/higher_order_test.cpp
# keeps as literals.
# Run with Debian's python3-torch:  /usr/bin/python3 tests/reference/make_higher_order_reference.py
import torch
import torch.nn.functional as F
from torch.autograd.functional import hessian, hvp, jacobian

torch.set_default_dtype(torch.float64)

x3 = torch.tensor([0.5, -1.0, 2.0])
v3 = torch.tensor([0.3, -0.7, 1.1])
w4 = torch.tensor([0.2, -0.4, 0.7, 0.1])
features = torch.tensor([[1.0, 0.5, -0.3, 2.0], [-0.7, 1.2, 0.4, 0.1], [0.3, -0.8, 1.5, -1.1]])
labels = torch.tensor([1.0, -1.0, 1.0])
A = torch.tensor([[1.0, 2.0, -1.0], [0.5, -0.25, 3.0]])


def lit(t):
    return "{" + ", ".join(repr(float(e)) for e in t.reshape(-1).tolist()) + "}"


def literal(name, t):
    print(f"inline constexpr double {name}[] = {lit(t)};")


print("""// SPDX-License-Identifier: MIT
// Values computed with PyTorch 1.13 (float64) by tests/reference/make_higher_order_reference.py.
#pragma once

namespace etgrad_test::higher_order_ref {
""")
# x = {0.5, -1, 2}; v = {0.3, -0.7, 1.1}
literal("cubes_hessian", hessian(lambda x: torch.sum(x ** 3), x3))
literal("exp_times_sum_hessian", hessian(lambda x: torch.sum(torch.exp(x)) * torch.sum(x), x3))
literal("exp_times_sum_hvp", hvp(lambda x: torch.sum(torch.exp(x)) * torch.sum(x), x3, v3)[1])
literal("norm_hessian", hessian(lambda x: torch.norm(x), x3))
literal("tanh_log_hessian", hessian(lambda x: torch.sum(torch.tanh(x) * torch.log(x * x + 1)), x3))
# logistic loss of w = {0.2, -0.4, 0.7, 0.1} on three samples (rows of features), labels +-1
def logistic(w):
    return torch.mean(F.softplus(-labels * torch.sum(features * w, 1))) + 0.05 * torch.sum(w * w)
literal("logistic_hessian", hessian(logistic, w4))
literal("logistic_hvp", hvp(logistic, w4, torch.tensor([1.0, 0.5, -0.25, 2.0]))[1])
# Jacobians: f.shape + x.shape
literal("exp_times_sum_jacobian", jacobian(lambda x: torch.exp(x) * torch.sum(x), x3))
literal("sigmoid_sin_jacobian", jacobian(lambda x: torch.sigmoid(x) * torch.sin(x), x3))
literal("axis_jacobian", jacobian(lambda x: torch.sin(torch.sum(A * x, 1)), x3))
literal("scalar_x_jacobian", jacobian(lambda y: torch.exp(x3 * y) / (1 + y * y), torch.tensor(0.7)))
print("\n}  // namespace etgrad_test::higher_order_ref")
