# What examples/newton_rosenbrock.cpp must print, from PyTorch 1.13 in float64: Newton's method
# with the gradient and Hessian from torch.autograd.functional:
# /usr/bin/python3 examples/reference/newton_rosenbrock.py > examples/newton_rosenbrock.expected
import torch
from torch.autograd.functional import hessian, jacobian


def f(p):
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


p = torch.tensor([-1.2, 1.0], dtype=torch.float64)
for k in range(100):
    print(f"step {k}  x = {p[0].item():13.10f}  y = {p[1].item():13.10f}  f = {f(p).item():.3e}")
    g = jacobian(f, p)
    if (g @ g).item() < 1e-12:
        break
    p = p - torch.linalg.solve(hessian(f, p), g)
