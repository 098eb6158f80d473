# What examples/least_squares.cpp must print, from NumPy in float64: the same gradient descent
# with the gradient written by hand (A^T (A c - h)), and numpy.linalg.lstsq for the closed form:
# /usr/bin/python3 examples/reference/least_squares.py > examples/least_squares.expected
import numpy as np

heights = np.array([3.125, 5.211, 7.054, 8.455, 9.374, 10.01, 10.164, 10.065, 9.414, 8.491, 7.085])
times = np.linspace(-1.0, 1.0, len(heights))
A = np.stack([np.ones_like(times), times, times**2], axis=1)


def loss(c):
    return 0.5 * np.sum((A @ c - heights) ** 2)


step = 1.0 / np.trace(A.T @ A)
c = np.zeros(3)
for iteration in range(501):
    if iteration % 100 == 0:
        print(f"iteration {iteration:3d}  loss {loss(c):.10f}")
    if iteration < 500:
        c -= step * (A.T @ (A @ c - heights))

exact = np.linalg.lstsq(A, heights, rcond=None)[0]
print("gradient descent  c = " + " ".join(f"{v:.8f}" for v in c))
print("normal equations  c = " + " ".join(f"{v:.8f}" for v in exact))
print(f"loss at the closed form {loss(exact):.10f}")
print(f"gravity g = -2 c2 = {-2 * exact[2]:.4f} m/s^2")
