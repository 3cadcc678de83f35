"""Reference trends from wotan's time-windowed biweight for orrery-transit's detrend.

Requirements (pinned; what installed on 2026-11-26):
    pip install wotan==1.10 numpy==2.4.6 numba==0.68.1 scipy==1.17.1

Run from the repository root:
    python3 tools/reference/transit/wotan_biweight.py

Writes, into crates/orrery-transit/tests/fixtures/:
  wotan_biweight_k23.csv        K2-3 (EPIC201367065.csv, all 3632 points),
                                windows 0.5 d and 1.0 d
  wotan_biweight_synthetic.csv  synthetic curve with gaps, variability, flares
                                and a transit; window 0.5 d, without and with
                                the transit masked
Inputs are written with 12 significant digits and wotan runs on the values
parsed back from those strings, so the Rust test sees exactly wotan's input.
"""
import numpy as np
import numba
import wotan
from wotan import flatten

FIX = "crates/orrery-transit/tests/fixtures/"


def rounded(a):
    return np.array([float("%.12g" % v) for v in a])


def trend(t, f, w, mask=None):
    # edge_cutoff=0 and break_tolerance=w/2 are wotan's defaults, stated
    # explicitly; cval (biweight c) defaults to 5.
    _, tr = flatten(t, f, method="biweight", window_length=w, edge_cutoff=0,
                    break_tolerance=w / 2, return_trend=True, mask=mask)
    return tr


def header(what):
    return ("# wotan %s biweight trend (flatten(method='biweight', cval=5 default, "
            "edge_cutoff=0, break_tolerance=window/2)); numpy %s numba %s; "
            "made by tools/reference/transit/wotan_biweight.py; %s\n"
            % (wotan.__version__ if hasattr(wotan, "__version__") else "1.10",
               np.__version__, numba.__version__, what))


def k23():
    d = np.loadtxt(FIX + "EPIC201367065.csv", delimiter=",")
    t, f = rounded(d[:, 0]), rounded(d[:, 1])
    a, b = trend(t, f, 0.5), trend(t, f, 1.0)
    with open(FIX + "wotan_biweight_k23.csv", "w") as out:
        out.write(header("K2-3 EPIC201367065.csv, windows 0.5 d and 1.0 d"))
        out.write("time,flux,trend_w0.5,trend_w1.0\n")
        for r in zip(t, f, a, b):
            out.write("%.12g,%.12g,%.12g,%.12g\n" % r)


def synthetic():
    rng = np.random.default_rng(20191)
    t = np.arange(0.0, 8.0, 10.0 / 1440.0)  # 10-min cadence
    keep = ~(((t > 2.0) & (t < 2.1))        # short gap, below break tolerance
             | ((t > 3.5) & (t < 4.7))      # long gap: splits
             | ((t > 6.0) & (t < 6.4)))     # gap just over break tolerance
    t = t[keep]
    f = 1.0 + 0.004 * np.sin(2 * np.pi * t / 2.7) + 0.001 * t / 8.0
    f += rng.normal(0.0, 5e-4, t.size)
    flare = rng.choice(t.size, 12, replace=False)
    f[flare] += rng.uniform(0.002, 0.01, 12)
    in_tr = np.abs(t - 5.3) < 0.06
    f[in_tr] -= 0.003
    t, f = rounded(t), rounded(f)
    mask = np.abs(t - 5.3) < 0.1
    a, b = trend(t, f, 0.5), trend(t, f, 0.5, mask=mask)
    with open(FIX + "wotan_biweight_synthetic.csv", "w") as out:
        out.write(header("synthetic (seed 20191): 10-min cadence, gaps 0.1/1.2/0.4 d, "
                         "sinusoid 4e-3, noise 5e-4, 12 flares, 3e-3 transit at 5.3 d; "
                         "window 0.5 d, mask = |t-5.3|<0.1"))
        out.write("time,flux,mask,trend,trend_masked\n")
        for ti, fi, mi, ai, bi in zip(t, f, mask, a, b):
            out.write("%.12g,%.12g,%d,%.12g,%.12g\n" % (ti, fi, int(mi), ai, bi))


if __name__ == "__main__":
    k23()
    synthetic()
