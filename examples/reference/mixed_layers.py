# What examples/mixed_layers.cpp prints on stdout, from PyTorch 1.13 in float64 (the same data,
# loss and SGD; the timings the example prints on stderr are not compared):
# /usr/bin/python3 examples/reference/mixed_layers.py > examples/mixed_layers.expected
import numpy as np
import torch

n = 100000
i = np.arange(n)
xs = -2 + 4.0 * i / n
x = torch.tensor(xs)
target = torch.tensor(3 * xs - 1 + 0.5 * np.sin(7 * xs) + np.where(i % 100 == 0, 8.0, 0.0))

# PyTorch has one way to write the loss; the example's two must both print what it prints.
for label, grad_fn in [("op by op", "MeanBackward0"), ("fused", "StaticExpressionBackward0")]:
    w = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=0.3)
    for step in range(61):
        optimizer.zero_grad()
        loss = (torch.sqrt((w * x + b - target) ** 2 + 1) - 1).mean()
        loss.backward()
        if step % 10 == 0:
            print(f"{label:<9} step {step:2d}  loss {loss.item():.6f}  w {w.item():.6f}  b {b.item():.6f}")
        if step < 60:
            optimizer.step()
    print(f"{label:<9} the loss is recorded as {grad_fn}")
