# Seed notebook 000 run by PyTorch 1.13 with the notebook's printed inputs written in:
# /usr/bin/python3 examples/reference/autograd_basics.py > examples/autograd_basics.expected
import torch

x = torch.tensor([0.0220, 0.2922, 0.1679], requires_grad=True)
print(x)
y = x + 2
print(y)
z = y * y * 2
print(z)
z = z.mean()
print(z)
z.backward()
print(x.grad)

x = torch.tensor([0.01293, 0.6488, 0.22272], requires_grad=True)  # not printed: recovered from z and x.grad
y = x + 2
z = 2 * (y**2)
print(z)
try:
    z.backward()
except RuntimeError as e:
    print(f"RuntimeError: {e}")
z.backward(torch.tensor([0.1, 1.0, 0.001], dtype=torch.float32))
print(x.grad)

x = torch.tensor([-0.3003, -0.1851, 1.6188], requires_grad=True)
print(x)
x.requires_grad_(False)
print(x)
print(x.detach())
with torch.no_grad():
    y = x + 2
    print(y)


def showSumGrad(epochs):
    weights = torch.ones(4, requires_grad=True)
    print(weights)
    for epoch in range(epochs):
        model_output = (weights * 3).sum()
        model_output.backward()
        print(weights.grad)
    print('\n')


showSumGrad(1)
showSumGrad(2)
showSumGrad(3)


def showSumGrad(epochs):
    weights = torch.ones(4, requires_grad=True)
    print(weights)
    for epoch in range(epochs):
        model_output = (weights * 3).sum()
        print(model_output)
        model_output.backward()
        print(weights.grad)
        weights.grad.zero_()
    print('\n')


showSumGrad(1)
showSumGrad(2)
showSumGrad(3)
