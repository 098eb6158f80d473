# What examples/readme_snippet.cpp must print, from NumPy with the derivatives written by hand:
# /usr/bin/python3 examples/reference/readme_snippet.py > examples/readme_snippet.expected
import numpy as np

xv = np.array([0.0220, 0.2922, 0.1679])
y = 0.5
print(f"{np.mean(2 * (xv + 2) ** 2):.4f}")
for gi in 4 * (xv + 2) / len(xv):  # d/dx mean(2 (x + 2)^2)
    print(f"{gi:.4f}")
print(f"{np.sum(xv * y) + np.exp(y):.4f} {np.sum(xv) + np.exp(y):.4f}")  # value, d/dy
print(f"{np.sum(xv):.4f}")  # d/dy sum(x y)
