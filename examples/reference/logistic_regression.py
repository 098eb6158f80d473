# What examples/logistic_regression.cpp must print, from PyTorch 1.13 in float64 (the same data,
# the same plain gradient descent, PyTorch's binary cross-entropy on logits):
# /usr/bin/python3 examples/reference/logistic_regression.py > examples/logistic_regression.expected
import torch

scores = torch.tensor([
    [-1.8, -0.6], [-1.2, 0.4], [-0.9, -1.5], [-0.5, -0.3], [-0.3, -1.1], [0.6, 0.8],
    [-1.0, 1.2], [-0.1, 0.2], [0.2, -0.9], [0.4, 0.5], [0.7, -0.2], [0.9, 1.1],
    [-0.4, -0.2], [1.3, -0.7], [1.5, 0.3], [1.9, 1.6]], dtype=torch.float64)
admitted = torch.tensor([0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1], dtype=torch.float64)

weights = torch.zeros(2, dtype=torch.float64, requires_grad=True)
bias = torch.zeros((), dtype=torch.float64, requires_grad=True)
optimizer = torch.optim.SGD([weights, bias], lr=0.5)
for epoch in range(201):
    optimizer.zero_grad()
    loss = torch.nn.functional.binary_cross_entropy_with_logits(scores @ weights + bias, admitted)
    loss.backward()
    if epoch % 25 == 0:
        print(f"epoch {epoch:3d}  loss {loss.item():.6f}")
    if epoch < 200:
        optimizer.step()
print("allocations in the training loop: 0")  # not a PyTorch number: what the C++ loop must show

with torch.no_grad():
    print(f"weights {weights[0].item():.6f} {weights[1].item():.6f}  bias {bias.item():.6f}")
    logits = scores @ weights + bias
    correct = int(((logits > 0) == (admitted > 0.5)).sum())
    print(f"accuracy {correct}/{len(admitted)}")
