# SPDX-License-Identifier: MIT
# Runs the cells of the five seed notebooks (../shared/seeds) with PyTorch, starting from the
# inputs as the notebooks print them, and prints what each cell shows: tests/tape/seed_test.cpp
# keeps these strings as literals. Run with Debian's python3-torch:
#   /usr/bin/python3 tests/tape/make_seed_reference.py
import torch


def show(label, value):
    print(f"{label}: {value!r}" if not isinstance(value, str) else f"{label}: {value}")


def cell(name):
    print(f"--- {name}")


# seed 000
cell("000 mean of 2(x+2)^2")
x = torch.tensor([0.0220, 0.2922, 0.1679], requires_grad=True)
y = x + 2
z = y * y * 2
m = z.mean()
for v in (x, y, z, m):
    show("print", str(v))
m.backward()
show("grad", str(x.grad))

cell("000 vector-Jacobian product")
x = torch.tensor([0.0129, 0.6488, 0.2227], requires_grad=True)
z = 2 * ((x + 2) ** 2)
show("print", str(z))
z.backward(torch.tensor([0.1, 1.0, 0.001], dtype=torch.float32))
show("grad", str(x.grad))

cell("000 stop tracking")
x = torch.tensor([-0.3003, -0.1851, 1.6188], requires_grad=True)
show("print", str(x))
x.requires_grad_(False)
show("print", str(x))
show("print", str(x.detach()))
with torch.no_grad():
    show("print", str(x + 2))

cell("000 sum grad")
w = torch.ones(4, requires_grad=True)
for _ in range(3):
    out = (w * 3).sum()
    out.backward()
    show("out", str(out))
    show("grad", str(w.grad))

# seed 001
cell("001")
x = torch.tensor([0.4051, 0.5039, 1.2624], requires_grad=True)
y = x + 2
z = (y ** 2 * 2).mean()
show("print", str(y))
show("print", str(z))
z.backward()
show("grad", str(x.grad))
z2 = y ** 2 * 2
show("print", str(z2))
z2.backward(torch.Tensor([1.0, 1.0, 1.0]))
show("grad", str(x.grad))
with torch.no_grad():
    show("print", str(torch.tensor([-0.2848, -0.0003, -1.8807]) * 2))

cell("001 sgd")
x = torch.ones(4, requires_grad=True)
opt = torch.optim.SGD([x], 0.01)
for epoch in range(3):
    y = (x * 3).sum()
    y.backward()
    x_old = x.clone()
    opt.step()
    print(f'x_new[i] = x_old[i] - (x.grad[i] * lr) = {x_old[0]} - ({x.grad[0]} * {0.01}) = {x_old[0] - (x.grad[0] * 0.01)}')
    show("print", f"x: {x}")
    x.grad.zero_()

# seed 002
cell("002")
x = torch.tensor([0.3231, -0.5908, -0.2032], requires_grad=True)
y = x + 2
z = y * y * 2
m = z.mean()
for v in (y, z, m):
    show("print", str(v))
m.backward()
show("grad", str(x.grad))
x = torch.ones(2, 2, requires_grad=True)
out = ((x + 2) * (x + 2) * 3).mean()
out.backward()
show("grad", str(x.grad))
x = torch.ones(3, requires_grad=True)
z = (x + 2) * (x + 2) * 3
z.backward(torch.tensor([0.1, 1.0, 0.001], dtype=torch.float32))
show("grad", str(x.grad))

# seed 003
cell("003 rank 3")
x = torch.tensor([[[0.1801, 0.6695, 0.7117, 0.5697], [0.5046, 0.6651, 0.2095, 0.1856], [0.3545, 0.7559, 0.8294, 0.2690]],
                  [[0.3658, 0.7116, 0.2215, 0.7136], [0.2797, 0.4324, 0.8426, 0.9727], [0.1415, 0.4659, 0.0742, 0.4353]]],
                 requires_grad=True)
a = x + 2
b = a * 2
c = b ** 2
d = c.mean()
for v in (x, a, b, c, d):
    show("print", str(v))
r = d.backward()
show("print", f"back_ward: {r}")
show("grad", str(x.grad))

cell("003 integer gradient")
w = torch.tensor([[0.5625, 0.6959, 0.0786], [0.5783, 0.9495, 0.2622], [0.0274, 0.6851, 0.8505]], requires_grad=True)
out = (w * 3).sum()
show("print", f"output: {out}")
out.backward(torch.tensor(1))
show("grad", str(w.grad))

# seed 004
cell("004")
x = torch.ones(3, 3, requires_grad=True)
y = x + 2
z = y * y * 3
out = z.mean()
for v in (x, y, z, out):
    show("print", str(v))
out.backward()
show("grad", str(x.grad))
a = torch.tensor([[0.5, -1.2], [2.0, 0.3]])
a = ((a - 3) / (a - 1))
show("print", str(a.requires_grad))
