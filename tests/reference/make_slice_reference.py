# SPDX-License-Identifier: MIT
# Writes tests/reference/slice_reference.hpp: PyTorch's values and gradients of expressions with
# slices and indexing, for tests/expr/slice_test.cpp.
# Run with Debian's python3-torch:  /usr/bin/python3 tests/reference/make_slice_reference.py
import pathlib

import torch

torch.set_default_dtype(torch.float64)
xs = [0.3, -1.2, 0.7, 1.5, -0.4, 0.9]
ys = 0.5
a_rows = [[0.2, -0.7, 1.1], [1.4, 0.6, -0.3]]


def lit(v):
    return "{" + ", ".join(repr(float(t)) for t in v.reshape(-1).tolist()) + "}"


def case(name, fn, dtype=torch.float64):
    x = torch.tensor(xs, dtype=dtype, requires_grad=True)
    y = torch.tensor(ys, dtype=dtype, requires_grad=True)
    a = torch.tensor(a_rows, dtype=dtype, requires_grad=True)
    value = fn(x, y, a)
    value.backward()
    grad_y = float(y.grad) if y.grad is not None else 0.0
    grad_a = a.grad if a.grad is not None else torch.zeros(6)
    fields = f"{lit(x.grad)}, {repr(grad_y)}, {lit(grad_a)}"
    return f"inline constexpr slice_case {name}{{{repr(float(value))}, {fields}}};"


lines = [
    "// SPDX-License-Identifier: MIT",
    "// Written by tests/reference/make_slice_reference.py with PyTorch 1.13 (float64 unless noted):",
    "// values and gradients of expressions with slices and indexing of x = " + str(xs) + ",",
    "// y = " + str(ys) + " and A = " + str(a_rows) + ". The tests keep them as literals and never need torch.",
    "#pragma once",
    "#include <array>",
    "",
    "namespace etgrad_test::slice_ref {",
    "",
    "struct slice_case {",
    "    double value;",
    "    std::array<double, 6> grad_x;",
    "    double grad_y;",
    "    std::array<double, 6> grad_a;",
    "};",
    "",
    "// sum(sin(x[:-1]) * cos(x[1:]) + exp(x[:-1] * x[1:])): the benchmark's P5",
    case("p5", lambda x, y, a: (torch.sin(x[:-1]) * torch.cos(x[1:]) + torch.exp(x[:-1] * x[1:])).sum()),
    "// the same in float32",
    case("p5_f32", lambda x, y, a: (torch.sin(x[:-1]) * torch.cos(x[1:]) + torch.exp(x[:-1] * x[1:])).sum(), torch.float32),
    "// sum(x[1:-1] * x[:-2] + x[2:]^2): three overlapping slices",
    case("overlap", lambda x, y, a: (x[1:-1] * x[:-2] + torch.square(x[2:])).sum()),
    "// sum(x * y) + sum(exp(x[-2:])) + x[0] * x[-1] * y: x whole, sliced and indexed",
    case("mixed", lambda x, y, a: (x * y).sum() + torch.exp(x[-2:]).sum() + x[0] * x[-1] * y),
    "// sum(x[-100:2]) + sum(sin(x[4:100])) + sum(x[3:1]): clamped bounds, an empty slice",
    case("clamped", lambda x, y, a: x[-100:2].sum() + torch.sin(x[4:100]).sum() + x[3:1].sum()),
    "// mean(x[1:4] * x[-4:-1]) * x[2]",
    case("mean_times_element", lambda x, y, a: (x[1:4] * x[-4:-1]).mean() * x[2]),
    "// sum(A * x[1:4]^2): a slice broadcast against a matrix",
    case("broadcast", lambda x, y, a: (a * torch.square(x[1:4])).sum()),
    "",
    "}  // namespace etgrad_test::slice_ref",
]
pathlib.Path(__file__).with_name("slice_reference.hpp").write_text("\n".join(lines) + "\n")
