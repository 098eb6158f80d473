# SPDX-License-Identifier: MIT
# Prints, with PyTorch 1.13, what tests/tape/selection_test.cpp keeps as literals: comparisons and
# bool tensors (printed text, dtypes), where and norm (values, gradients of sum(sin(out)) in
# float64, second derivatives), and the error messages. Run with Debian's python3-torch:
#   /usr/bin/python3 tests/tape/make_selection_reference.py
import torch

f64 = dict(dtype=torch.float64, requires_grad=True)


def show(name, t):
    values = ", ".join(repr(float(v)) for v in t.detach().reshape(-1).tolist())
    print(f"{name}: {{{values}}}")


def error(name, f):
    try:
        f()
        print(f"{name}: no error")
    except RuntimeError as e:
        print(f"{name}: {e}")


A_ = [[0.5, -1.2, 2.0], [1.5, 0.3, -0.7]]
B_ = [0.4, -0.6, 1.1]
Z_ = [[3.0, 4.0, 0.0], [0.0, 0.0, 0.0]]

# Comparisons and bool tensors: printed text and dtypes.
a = torch.tensor([1.0, 2.0, 3.0])
b = torch.tensor([2.0, 2.0, 2.0])
for text, t in [("a < b", a < b), ("a <= 2", a <= 2), ("2 < a", 2 < a), ("a == b", a == b), ("a != b", a != b),
                ("a >= b", a >= b), ("a > b", a > b), ("0-d", torch.tensor(1.0) < 2),
                ("matrix", torch.tensor(A_) > torch.tensor(B_)),
                ("int < 1.5", torch.tensor([1, 2]) < 1.5), ("int == float", torch.tensor([1, 2]) == torch.tensor([1.0, 2.5])),
                ("bool == True", torch.tensor([True, False]) == True), ("nan", torch.tensor([float("nan"), 1.0]) == torch.tensor([float("nan"), 1.0])),
                ("empty", torch.tensor([]) < 1), ("zeros bool", torch.zeros(2, 2, dtype=torch.bool)), ("long", torch.ones(12) > 0)]:
    print(f"print {text}: {t!r}")
c = a > 1.5
for text, t in [("c.sum()", c.sum()), ("c.sum(0)", c.sum(0)), ("c.to(float32)", c.to(torch.float32)),
                ("c.to(float64)", c.to(torch.float64)), ("c * a", c * a), ("c + 1", c + 1), ("c + 1.5", c + 1.5),
                ("c * c", c * c), ("c + c", c + c), ("c / c", c / c), ("exp(c)", torch.exp(c)),
                ("to bool", torch.tensor([0.5, 0.0, float("nan")]).to(torch.bool)), ("c * int", c * torch.tensor([2, 3, 4]))]:
    print(f"{text}: {t!r}")
print(f"format: {torch.tensor(True)} {torch.tensor(False)}")
error("c - c", lambda: c - c)
error("-c", lambda: -c)
error("c.mean()", lambda: c.mean())
error("c.requires_grad_()", lambda: c.requires_grad_())

# where: values, gradients of sum(sin(out)), broadcasting, numbers, second derivatives.
x = torch.tensor(A_, **f64)
y = torch.tensor(B_, **f64)
w = torch.where(x > 0, x * x, y)
print(f"where repr: {w!r}")
show("where value", w)
torch.sin(w).sum().backward()
show("where grad x", x.grad)
show("where grad y", y.grad)
x = torch.tensor(A_, **f64)
w = torch.where(x < 1, 2.5, x.exp())
show("where number value", w)
torch.sin(w).sum().backward()
show("where number grad", x.grad)
x = torch.tensor(A_, **f64)
w = torch.where(x < 0, x, 0)
show("where zero grad", torch.autograd.grad(-w.sum(), x)[0])
x = torch.tensor(A_, **f64)
y = torch.tensor(B_, **f64)
g = torch.autograd.grad(torch.sin(torch.where(x > y, x * y, y.pow(3))).sum(), x, create_graph=True)[0]
show("where first", g)
print("where first nodes:", g.grad_fn.name(), [f.name() for f, _ in g.grad_fn.next_functions])
(g * torch.arange(1.0, 7.0, dtype=torch.float64).reshape(2, 3)).sum().backward()
show("where second x", x.grad)
show("where second y", y.grad)
print("where types:", torch.where(torch.tensor([True, False]), torch.tensor([1, 2]), 2.5),
      torch.where(torch.tensor([True, False]), 1, 2), torch.where(torch.tensor([True, False]), 1.0, 2.0),
      torch.where(torch.tensor([True, False]), torch.tensor([True, True]), False),
      torch.where(torch.tensor([[True], [False]]), torch.tensor([1.0, 2.0]), torch.tensor(5.0)))
error("where float condition", lambda: torch.where(torch.tensor([1.0]), torch.tensor([1.0]), torch.tensor([2.0])))
error("where broadcast", lambda: torch.where(torch.tensor([True, False]), torch.ones(2), torch.ones(3)))

# norm
for name, f in [("norm", lambda t: t.norm()), ("norm dim 1", lambda t: t.norm(dim=1)),
                ("norm dim 0 keepdim", lambda t: t.norm(dim=0, keepdim=True)), ("norm dim -1", lambda t: torch.norm(t, dim=-1))]:
    for data, label in [(A_, ""), (Z_, " zeros")]:
        t = torch.tensor(data, **f64)
        out = f(t)
        print(f"{name}{label} repr: {out!r}")
        show(f"{name}{label} value", out)
        torch.sin(out).sum().backward()
        show(f"{name}{label} grad", t.grad)
t = torch.tensor(A_, **f64)
g = torch.autograd.grad(torch.sin(t.norm(dim=1)).sum(), t, create_graph=True)[0]
show("norm first", g)
(g * torch.arange(1.0, 7.0, dtype=torch.float64).reshape(2, 3)).sum().backward()
show("norm second", t.grad)
f32 = torch.tensor([0.1, -0.2, 0.3], requires_grad=True)
n32 = f32.norm()
n32.backward()
print(f"norm float32: {n32!r} {f32.grad!r}")
print(f"norm 0-d: {torch.tensor(-2.0, requires_grad=True).norm(dim=0)!r}")
error("norm long", lambda: torch.tensor([1, 2]).norm())
error("norm bool", lambda: torch.tensor([True]).norm())
