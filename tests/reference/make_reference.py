# SPDX-License-Identifier: MIT
# Prints the PyTorch reference values that tests/expr/torch_reference.hpp keeps as literals.
# Run with Debian's python3-torch:  /usr/bin/python3 tests/reference/make_reference.py
import torch

torch.set_default_dtype(torch.float64)
points = [-1.3, -0.4, 0.25, 0.9, 2.1]


def lit(v):
    return "{" + ", ".join(repr(float(t)) for t in v.reshape(-1).tolist()) + "}"


def unary(name, fn, xs):
    x = torch.tensor(xs, requires_grad=True)
    y = fn(x)
    y.sum().backward()
    print(f'    {{"{name}", {lit(torch.tensor(xs))}, {lit(y.detach())}, {lit(x.grad)}}},')


print("// op, x, f(x), f'(x)")
pos = [0.1, 0.4, 0.9, 1.7, 3.2]
unary("exp", torch.exp, points)
unary("log", torch.log, pos)
unary("log1p", torch.log1p, pos)
unary("expm1", torch.expm1, points)
unary("sqrt", torch.sqrt, pos)
unary("sin", torch.sin, points)
unary("cos", torch.cos, points)
unary("tan", torch.tan, points)
unary("tanh", torch.tanh, points)
unary("sigmoid", torch.sigmoid, points)
unary("relu", torch.relu, points)
unary("abs", torch.abs, points)
unary("square", torch.square, points)
unary("erf", torch.erf, points)
unary("erfc", torch.erfc, points)
unary("neg", torch.neg, points)
unary("pow3", lambda t: torch.pow(t, 3), points)
unary("pow2.5", lambda t: torch.pow(t, 2.5), pos)
unary("pow-1.5", lambda t: torch.pow(t, -1.5), pos)

print("// seed: mean(2 * (x + 2)^2)")
x = torch.tensor([0.0220, 0.2922, 0.1679], requires_grad=True)
z = (2 * (x + 2) ** 2).mean()
z.backward()
print(repr(z.item()), lit(x.grad))

print("// log(sum(exp(x)))")
x = torch.tensor([0.5, -1.25, 2.0, 0.125], requires_grad=True)
z = torch.logsumexp(x, 0)
z.backward()
print(repr(z.item()), lit(x.grad))

print("// normal log-density: sum(-0.5 ((y - mu) / sigma)^2) - n log(sigma)")
y = torch.tensor([0.3, -1.1, 2.4, 0.9, 1.6])
mu = torch.tensor(0.7, requires_grad=True)
sigma = torch.tensor(1.3, requires_grad=True)
z = (-0.5 * ((y - mu) / sigma) ** 2).sum() - y.numel() * torch.log(sigma)
z.backward()
print(repr(z.item()), repr(mu.grad.item()), repr(sigma.grad.item()))

print("// broadcasting: sum(a * b + sin(a)) with a (3,1), b (1,4)")
a = torch.tensor([[0.5], [-1.0], [2.0]], requires_grad=True)
b = torch.tensor([[1.0, 2.0, -0.5, 0.25]], requires_grad=True)
z = (a * b + torch.sin(a)).sum()
z.backward()
print(repr(z.item()), lit(a.grad), lit(b.grad))

print("// axis reductions: sum(square(sum(A * x, 1))) * 0.5 and mean(exp(A), 0)")
A = torch.tensor([[1.0, 2.0, -1.0], [0.5, -0.25, 3.0]], requires_grad=True)
xv = torch.tensor([0.3, -0.7, 1.1], requires_grad=True)
z = 0.5 * torch.square((A * xv).sum(1)).sum()
z.backward()
print(repr(z.item()), lit(A.grad), lit(xv.grad))
A.grad = None
m = torch.exp(A).mean(0)
(m * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
print(lit(m.detach()), lit(A.grad))

print("// pow with an expression exponent: sum(pow(x, y)) with x, y arrays, including x = 0")
x = torch.tensor([0.0, 0.5, 2.0, 3.0], requires_grad=True)
y = torch.tensor([2.0, 1.5, -0.5, 0.0], requires_grad=True)
z = torch.pow(x, y).sum()
z.backward()
print(repr(z.item()), lit(x.grad), lit(y.grad))

print("// float32 seed")
x = torch.tensor([0.0220, 0.2922, 0.1679], dtype=torch.float32, requires_grad=True)
z = (2 * (x + 2) ** 2).mean()
z.backward()
print(repr(z.item()), lit(x.grad))

print("// eg::let: e = e * e + e ten times from x = 0.01; log(s) * s with s = exp(x) + 1 at 0.3")
x = torch.tensor(0.01, requires_grad=True)
e = x
for _ in range(10):
    e = e * e + e
e.backward()
print(repr(e.item()), repr(x.grad.item()))
x = torch.tensor(0.3, requires_grad=True)
s = torch.exp(x) + 1
z = torch.log(s) * s
z.backward()
print(repr(z.item()), repr(x.grad.item()))

print("// eg::let: sum(s * s + s / (1 + x)) with s = exp(x * y); sum(d * d) / sum(exp(d)) with d = x - mean(x)")
x = torch.tensor([0.5, -1.25, 2.0, 0.75], requires_grad=True)
y = torch.tensor(0.7, requires_grad=True)
s = torch.exp(x * y)
z = (s * s + s / (1 + x)).sum()
z.backward()
print(repr(z.item()), lit(x.grad), repr(y.grad.item()))
x = torch.tensor([0.5, -1.25, 2.0, 0.75, 0.125], requires_grad=True)
d = x - x.mean()
z = (d * d).sum() / torch.exp(d).sum()
z.backward()
print(repr(z.item()), lit(x.grad))
