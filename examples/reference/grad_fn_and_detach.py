# Seed notebook 004 run by PyTorch 1.13 with the notebook's printed inputs written in:
# /usr/bin/python3 examples/reference/grad_fn_and_detach.py > examples/grad_fn_and_detach.expected
import torch

x = torch.ones(3, 3, requires_grad=True)
print(x)
y = x + 2
print(y)
z = y * y * 3
out = z.mean()
print(z)
print(out)
print(out)
out.backward()
print(x.grad)

x = torch.tensor([[0.0672, -0.6789, 0.5611], [-0.3981, 0.2087, 0.6432], [-0.3187, 1.7171, -0.8935]], requires_grad=True)
print(x)
y = x.detach()
print(y)

a = torch.tensor([[0.5, -1.2], [2.0, 0.3]])  # not printed by the notebook; any values print the same
a = ((a-3)/(a-1))
print(a.requires_grad)
a.requires_grad_(True)
print(a.requires_grad)
b = (a*a).sum()
print(f"grad_fn test : {b.grad_fn}")
print("yay!! now grad function is added")
