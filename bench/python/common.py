"""Shared helpers of the Python benchmarks: min-of-N timing, thread pinning."""

import os
import time


def best(fn, repeat=3):
    """Minimum wall time of `repeat` runs, seconds, and the last result."""
    t, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        t = min(t, time.perf_counter() - t0)
    return t, out


def per_call(fn, n=20000, repeat=5):
    """Minimum over `repeat` loops of the mean time of one call, microseconds."""
    t = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        t = min(t, (time.perf_counter() - t0) / n)
    return t * 1e6


def threads():
    return os.environ.get("RAYON_NUM_THREADS", "all")
