# SPDX-License-Identifier: MIT
# PyTorch's SGD and Adam on a small least-squares problem, 100 steps each: the weights after
# steps 1, 10 and 100 (float32). tests/tape/optim_test.cpp keeps them as literals.
#   /usr/bin/python3 tests/tape/make_optim_reference.py
import torch

X = torch.tensor([[1.0, 0.5, -0.3], [0.2, -1.0, 0.8], [1.5, 0.3, 0.1], [-0.7, 0.9, 1.2], [0.4, 0.4, -1.1]])
y = torch.tensor([0.7, -0.4, 1.3, 0.2, -0.5])


def run(name, make):
    w = torch.tensor([0.1, -0.2, 0.3], requires_grad=True)
    opt = make([w])
    rows = []
    for step in range(1, 101):
        opt.zero_grad()
        loss = ((X * w).sum(1) - y).pow(2).mean()
        loss.backward()
        opt.step()
        if step in (1, 10, 100):
            rows.append("{" + ", ".join(f"{v:.9g}f" for v in w.tolist()) + "}")
    joined = ", ".join(rows)
    print('    {"' + name + '", {{' + joined + '}}},')


run("sgd", lambda p: torch.optim.SGD(p, lr=0.1))
run("sgd momentum", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9))
run("sgd dampening weight_decay", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8, dampening=0.3, weight_decay=0.01))
run("sgd nesterov", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True))
run("sgd maximize", lambda p: torch.optim.SGD(p, lr=0.01, maximize=True))
run("adam", lambda p: torch.optim.Adam(p, lr=0.05))
run("adam weight_decay amsgrad", lambda p: torch.optim.Adam(p, lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1, amsgrad=True))
run("adam maximize", lambda p: torch.optim.Adam(p, lr=0.01, maximize=True))
