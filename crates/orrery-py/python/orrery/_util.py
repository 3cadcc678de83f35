"""Helpers shared by the submodules: arrays, JSON, progress and optional imports."""

from __future__ import annotations

import json
import math
from typing import Any, Callable, Optional

import numpy as np

from .errors import OrreryValueError


def loads(text: str) -> Any:
    """The library's JSON output (the CLI's ``--format json``) as Python objects."""
    return json.loads(text)


def f64_1d(values: Any, name: str, allow_empty: bool = False) -> np.ndarray:
    """A C-contiguous float64 1-D array, or an OrreryValueError saying what is wrong."""
    try:
        a = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise OrreryValueError(f"{name} must be numbers: {e}") from None
    if a.ndim == 0:
        a = a.reshape(1)
    if a.ndim != 1:
        raise OrreryValueError(f"{name} must be one-dimensional, got shape {a.shape}")
    if a.size == 0 and not allow_empty:
        raise OrreryValueError(f"{name} is empty")
    return np.ascontiguousarray(a)


def vec3(values: Any, name: str) -> list:
    """Three finite floats."""
    if type(values) in (list, tuple) and len(values) == 3:
        try:  # fast path for plain sequences (single small calls)
            v = [float(values[0]), float(values[1]), float(values[2])]
        except (TypeError, ValueError):
            v = None
        if v is not None and all(math.isfinite(x) for x in v):
            return v
    a = f64_1d(values, name)
    if a.shape != (3,):
        raise OrreryValueError(f"{name} must have 3 components, got shape {a.shape}")
    if not np.all(np.isfinite(a)):
        raise OrreryValueError(f"{name} has a non-finite component: {a.tolist()}")
    return [float(x) for x in a]


ProgressArg = Any


def callback(progress: ProgressArg, desc: str = "") -> Optional[Callable[[int, int], Any]]:
    """The native progress callback for ``progress``:

    * ``None``/``False``: none;
    * ``True``: a tqdm bar when tqdm is installed (else none);
    * a callable ``f(done, total)``: called about every 100 ms; return ``False`` to stop
      the work (it raises :class:`orrery.errors.OrreryCancelled`).
    """
    if progress is None or progress is False:
        return None
    if callable(progress):
        return progress
    if progress is True:
        try:
            from tqdm.auto import tqdm  # type: ignore
        except ImportError:
            return None
        bar = None

        def update(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=total, desc=desc)
            bar.n = done
            bar.refresh()
            if done >= total:
                bar.close()

        return update
    raise OrreryValueError("progress must be None, True/False or a callable f(done, total)")


def pyplot():
    """matplotlib.pyplot, imported only when a plot is asked for."""
    try:
        import matplotlib.pyplot as plt  # type: ignore
    except ImportError:
        raise ImportError("plotting needs matplotlib: pip install matplotlib") from None
    return plt


def pandas():
    """pandas, imported only when a table is asked for."""
    try:
        import pandas as pd  # type: ignore
    except ImportError:
        raise ImportError("to_pandas() needs pandas: pip install pandas") from None
    return pd
