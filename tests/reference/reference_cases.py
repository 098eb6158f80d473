# SPDX-License-Identifier: MIT
# What the make_*_reference.py scripts of static-layer tests print: C++ literals of PyTorch's
# values and gradients (float64).
import torch


def lit(t):
    return "{" + ", ".join(repr(float(e)) for e in t.reshape(-1).tolist()) + "}"


# f's value at the given inputs, and the gradient of each input, as `name_value` and `name_grad_i`.
def case(name, f, *values):
    leaves = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in values]
    out = f(*leaves)
    out.backward()
    print(f"inline constexpr double {name}_value = {float(out)!r};")
    for i, leaf in enumerate(leaves):
        print(f"inline constexpr double {name}_grad_{i}[] = {lit(leaf.grad)};")
