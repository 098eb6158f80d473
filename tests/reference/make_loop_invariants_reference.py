# SPDX-License-Identifier: MIT
# Writes tests/reference/loop_invariants_reference.hpp: PyTorch's values and gradients of loops that
# divide by a number and pass adjoints through numbers, for tests/expr/loop_invariants_test.cpp.
# Run with Debian's python3-torch:  /usr/bin/python3 tests/reference/make_loop_invariants_reference.py
import pathlib

import torch

torch.set_default_dtype(torch.float64)
xs = [0.3, -1.2, 0.7, 1.5, -0.4, 0.9, 2.2, -0.8, 0.05]  # two SIMD batches of four and one more
rows = [xs, [v * 0.5 - 0.3 for v in xs]]
ws = [2.0, -0.75]
scalars = {"s": 1.7, "m": 0.4, "c": -2.5}


def lit(v):
    return "{" + ", ".join(repr(float(t)) for t in v.reshape(-1).tolist()) + "}"


def case(name, fn):
    x = torch.tensor(xs, requires_grad=True)
    a = torch.tensor(rows, requires_grad=True)
    w = torch.tensor(ws)
    s, m, c = (torch.tensor(v, requires_grad=True) for v in scalars.values())
    value = fn(x, a, w, s, m, c)
    value.backward()
    zero = torch.zeros(1)
    grads = [t.grad if t.grad is not None else zero for t in (x, a, s, m, c)]
    fields = ", ".join([repr(float(value))] + [lit(grads[0]), lit(grads[1])] + [repr(float(g)) for g in grads[2:]])
    return f"inline constexpr invariants_case {name}{{{fields}}};"


lines = [
    "// SPDX-License-Identifier: MIT",
    "// Written by tests/reference/make_loop_invariants_reference.py with PyTorch 1.13 (float64): values",
    f"// and gradients at x = {xs},",
    f"// A = [x, x / 2 - 0.3], w = {ws}, s = 1.7, m = 0.4, c = -2.5. The tests keep them as literals",
    "// and never need torch.",
    "#pragma once",
    "#include <array>",
    "",
    "namespace etgrad_test::invariants_ref {",
    "",
    "struct invariants_case {",
    "    double value;",
    "    std::array<double, 9> grad_x;",
    "    std::array<double, 18> grad_a;",
    "    double grad_s, grad_m, grad_c;",
    "};",
    "",
    "// sum(-0.5 ((x - m) / s)^2) - 9 log(s): the benchmark's P4 (gradients with respect to x, s, m)",
    case("normal_log_density", lambda x, a, w, s, m, c: (-0.5 * ((x - m) / s) ** 2).sum() - 9 * torch.log(s)),
    "// sum(x / s * c - (m - x) * (x / s)): x and x / s with several shares, each with its own scale",
    case("several_shares", lambda x, a, w, s, m, c: (x / s * c - (m - x) * (x / s)).sum()),
    "// sum(w * sum(A / s - m, 1)): a row sum's backward, its seed read row by row",
    case("row_sums", lambda x, a, w, s, m, c: (w * (a / s - m).sum(1)).sum()),
    "",
    "}  // namespace etgrad_test::invariants_ref",
]
out = pathlib.Path(__file__).with_name("loop_invariants_reference.hpp")
out.write_text("\n".join(lines) + "\n")
