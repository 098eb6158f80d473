# Seed notebook 003 run by PyTorch 1.13 with the notebook's printed inputs written in:
# /usr/bin/python3 examples/reference/jacobian_and_loss_gradient.py > examples/jacobian_and_loss_gradient.expected
import torch

x = torch.tensor([[[0.1801, 0.6695, 0.7117, 0.5697], [0.5046, 0.6651, 0.2095, 0.1856], [0.3545, 0.7559, 0.8294, 0.2690]],
                  [[0.3658, 0.7116, 0.2215, 0.7136], [0.2797, 0.4324, 0.8426, 0.9727], [0.1415, 0.4659, 0.0742, 0.4353]]],
                 requires_grad=True)
a = x + 2
b = a*2
c = b**2
d = c.mean()
print(f"x: {x}")
print(f"a: {a}")
print(f"b: {b}")
print(f"c: {c}")
print(f"d: {d}")
back_ward = d.backward()
grad = x.grad
print(f"back_ward: {back_ward}")
print(f"grad: {grad}")

input = torch.tensor([[[0.7233, 0.0123, 0.7041, 0.0693], [0.8370, 0.8623, 0.5902, 0.3440], [0.9012, 0.1902, 0.2526, 0.6914]],
                      [[0.3445, 0.5153, 0.0702, 0.5585], [0.7818, 0.6864, 0.6772, 0.7779], [0.9363, 0.5863, 0.7204, 0.3247]]],
                     requires_grad=True, dtype=torch.float32)
a = input + 2
b = a*2
output = b**2
print(f"input: {input}")
print(f"a: {a}")
print(f"b: {b}")
print(f"output: {output}")
# not printed by the notebook: torch.manual_seed(0); torch.rand((2, 3, 4)), rounded to 4 digits
loss = torch.tensor([[[0.4963, 0.7682, 0.0885, 0.1320], [0.3074, 0.6341, 0.4901, 0.8964], [0.4556, 0.6323, 0.3489, 0.4017]],
                     [[0.0223, 0.1689, 0.2939, 0.5185], [0.6977, 0.8000, 0.1610, 0.2823], [0.6816, 0.9152, 0.3971, 0.8742]]],
                    dtype=torch.float32)
output.backward(loss)
grad = input.grad
print(f"grad: {grad}")

weight = torch.tensor([[0.7146, 0.2951], [0.7212, 0.2629]], requires_grad=True)
print(f"___________________before__________________________")
print(weight)
weight.requires_grad_(False)
print(f"___________________after__________________________")
print(weight)

weight = torch.tensor([[0.8682, 0.3246], [0.8875, 0.9272]], requires_grad=True)
print(f"___________________before__________________________")
print(weight)
new_weight = weight.detach()
print(f"___________________after__________________________")
print(new_weight)

weight = torch.tensor([[0.2268, 0.8826], [0.1913, 0.2979]], requires_grad=True)
print(f"___________________before__________________________")
print(weight)
with torch.no_grad():
    print(f"___________________after__________________________")
    a = weight + 2
    b = a*a
    print(a)
    print(b)

weights = torch.tensor([[0.5625, 0.6959, 0.0786], [0.5783, 0.9495, 0.2622], [0.0274, 0.6851, 0.8505]], requires_grad=True)
print(f"weights: {weights}")
for i in range(3):
    print(f"------------------------iteration--{i}--------------------------")
    output = (weights*3).sum()
    print(f"output: {output}")
    error = torch.tensor(1)
    output.backward(error)
    grad = weights.grad
    print(f"grad: {grad}")
    weights.grad.zero_()
