# SPDX-License-Identifier: MIT
# Prints, with PyTorch 1.13 in float64, the values, gradients and second derivatives that
# tests/tape/ops_test.cpp keeps as literals (shape ops, products, extrema, prod, softmax, logsumexp, loss).
# Each line is `name: {v0, v1, ...}` (elements in row-major order). Run with Debian's python3-torch:
#   /usr/bin/python3 tests/tape/make_ops_reference.py
import torch

torch.set_printoptions(precision=17)
f64 = dict(dtype=torch.float64, requires_grad=True)


def show(name, t):
    values = ", ".join(repr(float(v)) for v in t.detach().reshape(-1).tolist())
    print(f"{name}: {{{values}}}")


def leaves(*lists):
    return [torch.tensor(v, **f64) for v in lists]


A_ = [[0.5, -1.2, 2.0], [1.5, 0.3, -0.7]]
B_ = [[0.4, -0.6], [1.1, 0.9], [-1.3, 0.2]]
V_ = [0.7, -0.4, 1.9]
W_ = [1.2, -0.8]
X_ = [[1.0, 3.0, 3.0], [4.0, -5.0, 0.5]]
Z_ = [[2.0, 0.0, 3.0], [0.0, 0.0, 1.0], [0.5, 0.0, 4.0]]


# The tests differentiate sum(sin(out)): a projection whose gradient is not just ones.
def value_and_grads(name, f, *inputs):
    xs = leaves(*inputs)
    out = f(*xs)
    show(f"{name} value", out)
    torch.sin(out).sum().backward()
    for i, x in enumerate(xs):
        show(f"{name} grad{i}", x.grad)


value_and_grads("transpose", lambda a: a.transpose(0, 1), A_)
value_and_grads("permute", lambda a: a.reshape(1, 2, 3).permute(2, 0, 1), A_)
value_and_grads("cat", lambda a, b: torch.cat([a, b.t(), a], 0), A_, B_)
value_and_grads("stack", lambda a, b: torch.stack([a, b.t()], 1), A_, B_)
value_and_grads("mm", lambda a, b: torch.mm(a, b), A_, B_)
value_and_grads("mv", lambda a, v: torch.mv(a, v), A_, V_)
value_and_grads("dot", lambda v, u: torch.dot(v, u), V_, [0.3, 0.8, -1.1])
value_and_grads("vecmat", lambda w, a: torch.matmul(w, a), W_, A_)
value_and_grads("batched", lambda s, b: torch.matmul(s, b), [A_, [[0.1, 0.2, 0.3], [-0.4, 0.5, -0.6]]], B_)
value_and_grads("max", lambda x: x.max(), X_)
value_and_grads("min", lambda x: x.min(), X_)
value_and_grads("max_dim", lambda x: x.max(1)[0], X_)
value_and_grads("min_dim", lambda x: x.min(0, keepdim=True)[0], X_)
value_and_grads("prod", lambda x: x.prod(), X_)
value_and_grads("prod_dim", lambda x: x.prod(1), X_)
value_and_grads("prod_zeros", lambda z: z.prod(0), Z_)
value_and_grads("prod_one_zero", lambda z: z[0].prod(), Z_)
value_and_grads("softmax", lambda x: torch.softmax(x, 1), X_)
value_and_grads("log_softmax", lambda x: torch.log_softmax(x, 0), X_)
value_and_grads("logsumexp", lambda x: torch.logsumexp(x, 1), X_)
value_and_grads("logsumexp_keepdim", lambda x: x.logsumexp(-2, keepdim=True), X_)
value_and_grads("mse_loss", lambda a, t: torch.nn.functional.mse_loss(a, t.expand(2, 3)), A_, V_)

ties = torch.tensor([1.0, 3.0, 3.0], **f64)
ties.max().backward()
show("max ties grad", ties.grad)


# Second derivatives: g = d sum(sin(f)) / d x0 with create_graph, then sum(g * [1, 2, 3, ...])
# backward (weighted: a softmax gradient sums to zero along its axis).
def second(name, f, *inputs):
    xs = leaves(*inputs)
    (g,) = torch.autograd.grad(torch.sin(f(*xs)).sum(), xs[0], create_graph=True)
    show(f"{name} first", g)
    (g * torch.arange(1.0, g.numel() + 1, dtype=torch.float64).reshape(g.shape)).sum().backward()
    for i, x in enumerate(xs):
        show(f"{name} second{i}", x.grad)


second("mm", lambda a, b: torch.matmul(a, b), A_, B_)
second("mv", lambda a, v: torch.matmul(a, v), A_, V_)
second("softmax", lambda x: torch.softmax(x, 1), X_)
second("log_softmax", lambda x: torch.log_softmax(x, 1), X_)
second("logsumexp", lambda x: torch.logsumexp(x, 0), X_)
second("cat", lambda a, b: torch.cat([a * a, b.t()], 1), A_, B_)
second("prod", lambda x: x.prod(1), X_)
