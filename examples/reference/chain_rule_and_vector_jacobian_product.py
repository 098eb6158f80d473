# Seed notebook 002 run by PyTorch 1.13 with the notebook's printed inputs written in:
# /usr/bin/python3 examples/reference/chain_rule_and_vector_jacobian_product.py > examples/chain_rule_and_vector_jacobian_product.expected
import torch


def mean_of_square(x):  # the notebook's cell, run twice
    print("x: ", x)
    y = x+2
    print('The gard function\t', y)
    z = y*y*2
    print('The gard function\t', z)
    z = z.mean()
    print('The gard function\t', z)
    return z


x = torch.tensor([0.3231, -0.5908, -0.2032], requires_grad=True)
z = mean_of_square(x)
z.backward()
print(x.grad)

z = mean_of_square(torch.tensor([0.3231, -0.5908, -0.2032], requires_grad=False))  # rerun without requires_grad
try:
    z.backward()
except RuntimeError as e:
    print(f"RuntimeError: {e}")

x = torch.ones(2, 2, requires_grad=True)
y = x + 2
z = y * y * 3
out = z.mean()
out.backward()
print(x.grad)

x = torch.ones(3, requires_grad=True)
y = x + 2
z = y * y * 3
try:
    z.backward()
    print(x.grad)
except RuntimeError as e:
    print(f"RuntimeError: {e}")

x = torch.ones(3, requires_grad=True)
y = x + 2
z = y * y * 3
v = torch.tensor([0.1, 1.0, 0.001], dtype=torch.float32)
z.backward(v)
print(x.grad)

x = torch.tensor([-0.9978, -1.0081, -0.3368], requires_grad=True)
print(x)
x.requires_grad_(False)
print(x)
x = torch.tensor([-1.4535, 1.0971, -0.9018], requires_grad=True)
print(x)
y = x.detach()
print(y)
x = torch.tensor([-0.2543, -0.8507, 0.4326], requires_grad=True)
print(x)
with torch.no_grad():
    y = x+2
    print(y)

weights = torch.ones(4, requires_grad=True)
for epoch in range(2):
    model_output = (weights*3).sum()
    model_output.backward()
    print(f'Iteration {epoch}, Weight grads:, {weights.grad}')

weights = torch.ones(4, requires_grad=True)
for epoch in range(2):
    model_output = (weights*3).sum()
    model_output.backward()
    print(f'Iteration {epoch}, Weight grads:, {weights.grad}')
    weights.grad.zero_()
