#!/usr/bin/env python3
"""Time per differential correction: SciPy (solve_ivp DOP853 + events) vs Orrery.

Same work on both sides: the Earth-Moon L1 northern halo from Richardson's
guess (Az = 0.1 gamma), z0 fixed, x0 and vy0 corrected by Newton's method until
|(vx, vz)| < 1e-12 at the half-period y = 0 crossing; state + STM (42 ODEs)
integrated with rtol = atol = 1e-12. Prints both times, checks the corrected
states agree, and prints `ratio scipy/orrery: X.XX`.

Requirements: scipy==1.17.1 numpy==2.1.3 (pip; the figures in docs/cr3bp.md used these); cargo on PATH.
Run from the repository root: python3 bench/cr3bp/scipy_correction.py
"""
import json
import subprocess
import time

import numpy as np
import scipy
from scipy.integrate import solve_ivp

MU = 1.215058560962404e-2
GUESS = np.array([0.8238329836346577, 0.0, 0.01612314917507017, 0.0, 0.12924004973944025, 0.0])


def rhs(t, w):
    x, y, z, vx, vy, vz = w[:6]
    r1 = np.sqrt((x + MU) ** 2 + y * y + z * z)
    r2 = np.sqrt((x - 1 + MU) ** 2 + y * y + z * z)
    a, b = (1 - MU) / r1**3, MU / r2**3
    ax = x - a * (x + MU) - b * (x - 1 + MU) + 2 * vy
    ay = y - a * y - b * y - 2 * vx
    az = -a * z - b * z
    a5, b5 = 3 * (1 - MU) / r1**5, 3 * MU / r2**5
    d1 = np.array([x + MU, y, z])
    d2 = np.array([x - 1 + MU, y, z])
    H = -(a + b) * np.eye(3) + a5 * np.outer(d1, d1) + b5 * np.outer(d2, d2)
    H[0, 0] += 1
    H[1, 1] += 1
    A = np.zeros((6, 6))
    A[:3, 3:] = np.eye(3)
    A[3:, :3] = H
    A[3, 4], A[4, 3] = 2, -2
    phi = w[6:].reshape(6, 6)
    return np.concatenate(([vx, vy, vz, ax, ay, az], (A @ phi).ravel()))


def cross(t, w):
    return w[1]


cross.terminal = True
cross.direction = -1  # vy0 > 0: y rises first and returns through 0 at half period


def correct(guess):
    s = guess.copy()
    for _ in range(20):
        w0 = np.concatenate((s, np.eye(6).ravel()))
        sol = solve_ivp(rhs, (0, 10), w0, method="DOP853", rtol=1e-12, atol=1e-12,
                        events=cross)
        # first crossing after t = 0 (skip the start on y = 0)
        k = [i for i, tt in enumerate(sol.t_events[0]) if tt > 1e-9]
        te, we = sol.t_events[0][k[0]], sol.y_events[0][k[0]]
        F = np.array([we[3], we[5]])
        if np.linalg.norm(F) < 1e-12:
            return s, te
        phi = we[6:].reshape(6, 6)
        f = rhs(te, we)[:6]
        J = np.zeros((2, 2))
        for c, j in enumerate([0, 4]):
            dt = -phi[1, j] / f[1]
            J[0, c] = phi[3, j] + f[3] * dt
            J[1, c] = phi[5, j] + f[5] * dt
        dx = np.linalg.solve(J, F)
        s[0] -= dx[0]
        s[4] -= dx[1]
    raise RuntimeError("SciPy correction did not converge")


def main():
    n = 5
    t0 = time.perf_counter()
    for _ in range(n):
        s, th = correct(GUESS)
    t_scipy = (time.perf_counter() - t0) / n
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "orrery-cr3bp", "--example", "correction_timing"], check=True)
    out = subprocess.run(["target/release/examples/correction_timing"], check=True, capture_output=True, text=True)
    o = json.loads(out.stdout)
    dx, dv, dt = abs(o["x0"] - s[0]), abs(o["vy0"] - s[4]), abs(o["half_period"] - th)
    print(f"scipy {scipy.__version__}: x0 {s[0]:.12f} vy0 {s[4]:.12f} T/2 {th:.12f}  {t_scipy * 1e3:.2f} ms per correction")
    print(f"orrery:      x0 {o['x0']:.12f} vy0 {o['vy0']:.12f} T/2 {o['half_period']:.12f}  {o['seconds'] * 1e3:.3f} ms per correction")
    print(f"agreement: |dx0| {dx:.1e}, |dvy0| {dv:.1e}, |dT/2| {dt:.1e}")
    assert dx < 1e-9 and dv < 1e-9 and dt < 1e-9, "results disagree"
    print(f"ratio scipy/orrery: {t_scipy / o['seconds']:.2f}")


if __name__ == "__main__":
    main()
