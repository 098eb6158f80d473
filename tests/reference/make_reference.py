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

# The vocabulary of issue 8 (tests/ops/vocabulary_test.cpp): PyTorch's value and derivative, and
# the exact value and derivative from mpmath at 50 digits (closed forms of the derivatives).
import mpmath as mp

mp.mp.dps = 50
F = torch.nn.functional


def exact(v):
    return "{" + ", ".join(repr(float(t)) for t in v) + "}"


def vocabulary(name, fn, xs, f, df):
    x = torch.tensor(xs, requires_grad=True)
    y = fn(x)
    y.sum().backward()
    m = [mp.mpf(v) for v in xs]
    print(f'    {{"{name}", {lit(torch.tensor(xs))}, {lit(y.detach())}, {lit(x.grad)}, '
          f'{exact(f(v) for v in m)}, {exact(df(v) for v in m)}}},')


print("// vocabulary: op, x, f(x), f'(x) from PyTorch, then f(x), f'(x) from mpmath")
unit = [-0.9, -0.4, 0.1, 0.6, 0.95]
above1 = [1.05, 1.5, 2.0, 3.7, 10.0]
gamma_points = [-2.5, -0.4, 0.25, 1.5, 7.3]
extreme = [-800.0, -40.0, 0.0, 40.0, 800.0]
tails = [-40.0, -10.0, -3.0, 5.0, 9.0]
ncdf = lambda v: mp.ncdf(v)
npdf = lambda v: mp.npdf(v)
sig = lambda v: 1 / (1 + mp.exp(-v))
vocabulary("atan", torch.atan, points, mp.atan, lambda v: 1 / (1 + v * v))
vocabulary("asin", torch.asin, unit, mp.asin, lambda v: 1 / mp.sqrt(1 - v * v))
vocabulary("acos", torch.acos, unit, mp.acos, lambda v: -1 / mp.sqrt(1 - v * v))
vocabulary("sinh", torch.sinh, points, mp.sinh, mp.cosh)
vocabulary("cosh", torch.cosh, points, mp.cosh, mp.sinh)
vocabulary("asinh", torch.asinh, points, mp.asinh, lambda v: 1 / mp.sqrt(v * v + 1))
vocabulary("acosh", torch.acosh, above1, mp.acosh, lambda v: 1 / mp.sqrt(v * v - 1))
vocabulary("atanh", torch.atanh, unit, mp.atanh, lambda v: 1 / (1 - v * v))
# torch 1.13 has no cbrt: the real cube root through sign and abs
real_cbrt = lambda v: mp.sign(v) * mp.cbrt(abs(v))
vocabulary("cbrt", lambda t: torch.sign(t) * torch.abs(t) ** (1 / 3), points, real_cbrt,
           lambda v: 1 / (3 * real_cbrt(v) ** 2))
vocabulary("exp2", torch.exp2, points, lambda v: mp.power(2, v), lambda v: mp.power(2, v) * mp.log(2))
vocabulary("log2", torch.log2, pos, lambda v: mp.log(v, 2), lambda v: 1 / (v * mp.log(2)))
vocabulary("log10", torch.log10, pos, mp.log10, lambda v: 1 / (v * mp.log(10)))
vocabulary("reciprocal", torch.reciprocal, points, lambda v: 1 / v, lambda v: -1 / (v * v))
vocabulary("sigmoid", torch.sigmoid, points, sig, lambda v: sig(v) * (1 - sig(v)))
vocabulary("softplus", F.softplus, points, lambda v: mp.log1p(mp.exp(v)), sig)
vocabulary("softplus_extreme", F.softplus, extreme, lambda v: mp.log1p(mp.exp(v)), sig)
vocabulary("log_sigmoid", F.logsigmoid, points, lambda v: mp.log(sig(v)), lambda v: sig(-v))
vocabulary("log_sigmoid_extreme", F.logsigmoid, extreme, lambda v: mp.log(sig(v)), lambda v: sig(-v))
vocabulary("lgamma", torch.lgamma, gamma_points, lambda v: mp.log(abs(mp.gamma(v))),
           lambda v: mp.psi(0, v))
vocabulary("digamma", torch.digamma, gamma_points, lambda v: mp.psi(0, v), lambda v: mp.psi(1, v))
vocabulary("normal_cdf", torch.special.ndtr, points, ncdf, npdf)
vocabulary("normal_log_cdf", torch.special.log_ndtr, points, lambda v: mp.log(ncdf(v)), lambda v: npdf(v) / ncdf(v))
vocabulary("normal_log_cdf_tails", torch.special.log_ndtr, tails, lambda v: mp.log(ncdf(v)),
           lambda v: npdf(v) / ncdf(v))
vocabulary("clamp", lambda t: torch.clamp(t, -0.4, 0.9), points, lambda v: min(max(v, -0.4), 0.9),
           lambda v: 1.0 if -0.4 <= v <= 0.9 else 0.0)


def binary(name, fn, xs, ys):
    x = torch.tensor(xs, requires_grad=True)
    y = torch.tensor(ys, requires_grad=True)
    fn(x, y).sum().backward()
    print(f'    {{"{name}", {lit(x.detach())}, {lit(y.detach())}, {lit(fn(x, y).detach())}, {lit(x.grad)}, {lit(y.grad)}}},')


print("// binary: op, x, y, f(x, y), df/dx, df/dy (ties at elements 0 and 3 for maximum/minimum)")
bx = [1.0, 2.0, -0.5, 0.3, 1.5]
by = [1.0, 1.0, 0.7, 0.3, -2.0]
binary("maximum", torch.maximum, bx, by)
binary("minimum", torch.minimum, bx, by)
binary("atan2", torch.atan2, [0.5, -1.25, 2.0, -0.3, 0.0], [1.5, -0.5, -2.0, 0.75, -1.0])
binary("hypot", torch.hypot, [0.5, -1.25, 2.0, -0.3, 0.0], [1.5, -0.5, -2.0, 0.75, -1.0])

print("// NaN conventions: gradients of sum(maximum(x, y)), sum(minimum(x, y)), sum(clamp(x, 0, 1))")
nan = float("nan")
x = torch.tensor([nan, 1.0, nan], requires_grad=True)
y = torch.tensor([1.0, nan, nan], requires_grad=True)
torch.maximum(x, y).sum().backward()
print(lit(x.grad), lit(y.grad))
x.grad = None
y.grad = None
torch.minimum(x, y).sum().backward()
print(lit(x.grad), lit(y.grad))
x = torch.tensor([nan, 0.0, 1.0], requires_grad=True)
torch.clamp(x, 0.0, 1.0).sum().backward()
print(lit(x.grad))
x = torch.tensor([-1.0, 0.5, 2.0], requires_grad=True)
torch.clamp(x, 1.0, 0.0).sum().backward()
print("// clamp with lo > hi:", lit(torch.clamp(x, 1.0, 0.0).detach()), lit(x.grad))

print("// high precision (mpmath): lgamma, digamma, trigamma, normal_log_cdf at x")
hp = [0.001, 0.5, 1.0, 2.0, 1e6]
for name, f in [("lgamma", lambda v: mp.log(abs(mp.gamma(v)))), ("digamma", lambda v: mp.psi(0, v)),
                ("trigamma", lambda v: mp.psi(1, v)), ("normal_log_cdf", lambda v: mp.log(ncdf(-v * 40)))]:
    print(name, exact(f(mp.mpf(v)) for v in hp))

print("// high precision (mpmath) on arrays of eight, where xsimd's double functions are far from libm's")
near_zeros = [-3.5, -0.7, 0.3, 0.99999, 2.2, 4.75, 9.0, 26.0]
print("erf", exact(mp.erf(mp.mpf(v)) for v in near_zeros))
print("erfc", exact(mp.erfc(mp.mpf(v)) for v in near_zeros))
lgamma_at = [-2.5, 0.3, 0.99999, 1.00001, 1.7, 2.00001, 4.75, 26.0]
print("lgamma", exact(mp.log(abs(mp.gamma(mp.mpf(v)))) for v in lgamma_at))
print("// exp where its result overflows, is subnormal, or is not (double, then float32)")
print("exp", exact(mp.exp(mp.mpf(v)) for v in [709.5, -709.0, -740.0, 1.0]))
print("expf", lit(torch.exp(torch.tensor([88.5, -88.0, -100.0, 1.0], dtype=torch.float32)).double()))
print("// where xsimd's double functions overflow early, or are wrong for subnormal operands")
tiny = [5e-324, 1e-310, 2.5e-308, 1.0]
print("log", exact(mp.log(mp.mpf(v)) for v in tiny))
print("log2", exact(mp.log(mp.mpf(v), 2) for v in tiny))
print("log10", exact(mp.log10(mp.mpf(v)) for v in tiny))
cbrt_at = [5e-324, -1e-310, 2.5e-308, 27.0]
print("cbrt", exact(mp.cbrt(mp.mpf(v)) if v >= 0 else -mp.cbrt(-mp.mpf(v)) for v in cbrt_at))
exp2_at = [1023.5, -1060.0, -1022.5, 3.0]
print("exp2", exact(mp.power(2, mp.mpf(v)) for v in exp2_at))
expm1_at = [709.5, -40.0, 1e-10, 1.0]
print("expm1", exact(mp.expm1(mp.mpf(v)) for v in expm1_at))
print("// pow and hypot where xsimd's are far from libm's (the first pow is 0^-1 = inf)")
pow_x, pow_y = [0.0, 2.0, 0.000307509, 1e-310], [-1.0, 1000.0, 41.8476, 0.5]
print("pow", exact(mp.power(mp.mpf(a), mp.mpf(b)) for a, b in zip(pow_x[1:], pow_y[1:])))
hyp_x, hyp_y = [1.4e301, 3.0, 1e-310, -2.0], [1e-299, 4.0, 1e-310, 0.0]
print("hypot", exact(mp.sqrt(mp.mpf(a) ** 2 + mp.mpf(b) ** 2) for a, b in zip(hyp_x, hyp_y)))
print("// pow(x, 0.5) and pow(x, -0.5): PyTorch's sqrt and 1 / sqrt")
half_x = torch.tensor([-0.0, -float("inf"), 2.0, 1e-310], dtype=torch.float64)
print("pow_half", lit(torch.pow(half_x, 0.5)), "pow_minus_half", lit(torch.pow(half_x, -0.5)))
