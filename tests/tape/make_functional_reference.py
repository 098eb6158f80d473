# SPDX-License-Identifier: MIT
# torch.autograd.functional.jacobian and hessian (PyTorch 1.13, float64) on the functions of
# tests/tape/functional_test.cpp, printed as the C++ literals that file keeps; also the gradient
# of sum(jacobian) with create_graph=True, and the error texts it checks.
#   /usr/bin/python3 tests/tape/make_functional_reference.py
import torch
from torch.autograd.functional import hessian, jacobian

torch.set_default_dtype(torch.float64)
x = torch.tensor([0.5, -1.2, 2.0])
A = torch.tensor([[0.5, -1.2, 2.0], [1.5, 0.3, -0.7]])
v = torch.tensor([0.7, -0.4, 1.9])
c = torch.tensor([1.0, -2.0, 0.5, 3.0])
s = torch.tensor([0.3, -0.1, 0.8, -0.5])
y = torch.tensor([0.4, -0.9])


def literal(t):
    return "{" + ", ".join(repr(e) for e in t.reshape(-1).tolist()) + "}"


def show(name, t):
    print(f"// {name}: shape {list(t.shape)}")
    print(f"{literal(t)}")


show("jacobian elementwise sin(x) * x^2", jacobian(lambda x: torch.sin(x) * x**2, x))
show("jacobian A.mv(tanh(x))", jacobian(lambda x: A.mv(torch.tanh(x)), x))
show("jacobian tanh(M.mv(v)) wrt M", jacobian(lambda M: torch.tanh(M.mv(v)), A))
show("hessian sum(x^3) + x0*x1", hessian(lambda x: (x**3).sum() + x[0] * x[1], x))
show("hessian sum(softmax(s) * c)", hessian(lambda s: (torch.softmax(s, 0) * c).sum(), s))
for i, block in enumerate(jacobian(lambda x, y: x * (y**2).sum(), (x, y))):
    show(f"jacobian x * sum(y^2), block {i}", block)
for i, row in enumerate(hessian(lambda x, y: (x**2).sum() * y.prod(), (x, y))):
    for j, block in enumerate(row):
        show(f"hessian sum(x^2) * prod(y), block {i}{j}", block)

xg = x.clone().requires_grad_()
jacobian(lambda x: torch.sin(x) * x**2, xg, create_graph=True).sum().backward()
show("d sum(jacobian(sin(x) * x^2)) / dx", xg.grad)
xg = x.clone().requires_grad_()
hessian(lambda x: (x**3).sum() + x[0] * x[1], xg, create_graph=True).sum().backward()
show("d sum(hessian(sum(x^3) + x0*x1)) / dx", xg.grad)

for call in (lambda: hessian(lambda x: x * x, x),
             lambda: jacobian(lambda x: x[:0], x),
             lambda: jacobian(lambda x: x, torch.tensor([1, 2]))):
    try:
        call()
    except RuntimeError as e:
        print(f'// error: "{e}"')
