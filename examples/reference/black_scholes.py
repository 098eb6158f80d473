# What examples/black_scholes.cpp must print, from PyTorch 1.13's autograd in float64:
# /usr/bin/python3 examples/reference/black_scholes.py > examples/black_scholes.expected
import math

import torch


def f64(value):
    return torch.tensor(value, dtype=torch.float64, requires_grad=True)


S, K, sigma, T = f64(104.0), f64(98.0), f64(0.22), f64(1.25)
d1 = (torch.log(S / K) + 0.5 * sigma**2 * T) / (sigma * torch.sqrt(T))
d2 = d1 - sigma * torch.sqrt(T)
price = S * torch.special.ndtr(d1) - K * torch.special.ndtr(d2)
delta, vega, theta = torch.autograd.grad(price, [S, sigma, T], create_graph=True)
(gamma,) = torch.autograd.grad(delta, S)

print(f"call price        {price.item():.12f}")
print(f"delta  dC/dS      {delta.item():.12f}")
print(f"vega   dC/dsigma  {vega.item():.12f}")
print(f"theta  dC/dT      {theta.item():.12f}")
print(f"gamma  d2C/dS2    {gamma.item():.12f}")

# A pendulum of length l = 1 m: T = 2 pi sqrt(l / g), written out by hand.
l, g = 1.0, 9.81
period = 2 * math.pi * math.sqrt(l / g)
print(f"pendulum of 1 m: period {period:.12f} s, dT/dl {period / (2 * l):.12f} s/m, "
      f"dT/dg {-period / (2 * g):.12f} s^3/m")
