# Seed notebook 001 run by PyTorch 1.13 with the notebook's printed inputs written in:
# /usr/bin/python3 examples/reference/gradient_calculation_and_sgd.py > examples/gradient_calculation_and_sgd.expected
import torch

x = torch.tensor([0.4051, 0.5039, 1.2624], requires_grad=True)
print(x)
y = x + 2
print(y)
z = (y**2*2).mean()
print(z)
z.backward()
print(x.grad)
z2 = y**2*2
print(z2)
z2.backward(torch.Tensor([1.0, 1.0, 1.0]))
print(x.grad)

x = torch.tensor([0.5404, 1.3869, -1.6816], requires_grad=True)
x.requires_grad_(False)
print(x)
x = torch.tensor([-2.5733, 0.7729, 1.8764], requires_grad=True)
x_new = x.detach()
print(x_new)
x = torch.tensor([-0.284835, -0.0002989, -1.8807], requires_grad=True)  # not printed: y / 2
with torch.no_grad():
    y = x*2
    print(y)

x = torch.ones(4, requires_grad=True)
for epoch in range(3):
    y = (x*3).sum()
    y.backward()
    print(x.grad)

x = torch.ones(4, requires_grad=True)
for epoch in range(3):
    y = (x*3).sum()
    y.backward()
    print(x.grad)
    x.grad.zero_()

x = torch.ones(4, requires_grad=True)
print(f'x: {x}', '\n')
params, lr = [x], 0.01
optimizer = torch.optim.SGD(params, lr)
for epoch in range(3):
    print(f'epoch {epoch+1}')
    y = (x*3).sum()
    y.backward()
    print(f'x.grad: {x.grad}')
    x_old = x.clone()
    optimizer.step()
    print(f'x_new[i] = x_old[i] - (x.grad[i] * lr) = {x_old[0]} - ({x.grad[0]} * {lr}) = {x_old[0] - (x.grad[0] * lr)}')
    print(f'x: {x}', '\n')
    x.grad.zero_()
