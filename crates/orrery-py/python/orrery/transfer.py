"""Transfers: Lambert arcs (Izzo 2015, every revolution count), porkchop grids as numpy
arrays with their date axes, launch windows, and Δv budgets.

>>> from orrery import transfer
>>> pc = transfer.porkchop("Earth", "Mars", ("2020-06-15", "2020-09-15", 2),
...                        ("2020-12-15", "2021-04-15", 2))
>>> pc.c3.shape, pc.min_c3["c3_km2_s2"]        # (departures, arrivals), km²/s²
((47, 61), 13.0...)

Positions in km, times of flight in seconds, GM in km³/s² (or a body name), speeds in
km/s, C3 in km²/s².
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from . import _orrery
from ._util import callback, loads, pandas, pyplot, vec3
from .ephem import Ephemeris, gm as _gm
from .errors import OrreryValueError
from .time import Time, TimeLike


class LambertSolution:
    """One solution: ``v1``, ``v2`` (km/s, numpy ``(3,)``), ``revolutions`` and
    ``branch`` (``single``, ``left``, ``right``)."""

    __slots__ = ("revolutions", "branch", "v1", "v2")

    def __init__(self, revolutions: int, branch: str, v1: Sequence[float], v2: Sequence[float]):
        self.revolutions, self.branch = revolutions, branch
        self.v1, self.v2 = np.array(v1), np.array(v2)

    def to_dict(self) -> Dict[str, Any]:
        """As an element of ``orrery lambert --format json``."""
        return {"revolutions": self.revolutions, "branch": self.branch,
                "v1_km_s": self.v1.tolist(), "v2_km_s": self.v2.tolist()}

    def __repr__(self) -> str:
        return (f"LambertSolution(revolutions={self.revolutions}, branch={self.branch!r}, "
                f"v1={self.v1.tolist()}, v2={self.v2.tolist()})")


def _mu(mu: Union[float, str]) -> float:
    if isinstance(mu, str):
        g = _gm(mu)
        if g is None:
            raise OrreryValueError(f"{mu} has no GM in Orrery's body table")
        return g
    return float(mu)


def lambert(r1: Sequence[float], r2: Sequence[float], tof: Union[float, _dt.timedelta],
            mu: Union[float, str] = "Sun", retrograde: bool = False, max_revs: int = 0,
            exact_revs: bool = False) -> List[LambertSolution]:
    """Lambert's problem: from ``r1`` to ``r2`` (km) in ``tof`` (seconds or a
    ``timedelta``) about a body of GM ``mu`` (km³/s², or a body name). Returns the
    zero-revolution solution, then the left and right branches of 1..``max_revs``
    revolutions that exist (all of them with ``exact_revs=False``; with
    ``exact_revs=True`` it raises unless ``max_revs`` revolutions fit)."""
    t = tof.total_seconds() if isinstance(tof, _dt.timedelta) else float(tof)
    sols = _orrery.lambert(vec3(r1, "r1"), vec3(r2, "r2"), t, _mu(mu), bool(retrograde),
                           int(max_revs), bool(exact_revs))
    return [LambertSolution(*s) for s in sols]


def _range(r: Any, what: str) -> Tuple[Time, Time, float]:
    try:
        start, stop, step = r
    except (TypeError, ValueError):
        raise OrreryValueError(f"{what} must be (start, stop, step_days)") from None
    if isinstance(step, _dt.timedelta):
        step = step.total_seconds() / 86400.0
    return Time(start), Time(stop), float(step)


_COLUMNS = {
    "c3": "c3_km2_s2",
    "vinf_departure": "vinf_departure_km_s",
    "vinf_arrival": "vinf_arrival_km_s",
    "dv_departure": "dv_departure_km_s",
    "dv_arrival": "dv_arrival_km_s",
    "dv_total": "dv_total_km_s",
    "tof_days": "tof_days",
    "dla_deg": "dla_deg",
    "rla_deg": "rla_deg",
}


class Porkchop:
    """A porkchop grid. Arrays are ``(n_departures, n_arrivals)``, NaN where no
    transfer: ``c3`` (km²/s²), ``vinf_departure``, ``vinf_arrival``, ``dv_departure``,
    ``dv_arrival``, ``dv_total`` (km/s), ``tof_days``, ``dla_deg``, ``rla_deg``; the axes
    are ``departures`` and ``arrivals`` (:class:`~orrery.time.Time`)."""

    c3: np.ndarray
    vinf_departure: np.ndarray
    vinf_arrival: np.ndarray
    dv_departure: np.ndarray
    dv_arrival: np.ndarray
    dv_total: np.ndarray
    tof_days: np.ndarray
    dla_deg: np.ndarray
    rla_deg: np.ndarray

    def __init__(self, native: Any):
        self._p = native
        self.departures = Time._wrap(native.departures, False)
        self.arrivals = Time._wrap(native.arrivals, False)
        for attr, col in _COLUMNS.items():
            setattr(self, attr, native.column(col))
        self.ok = native.column("ok").astype(bool)

    @property
    def shape(self) -> Tuple[int, int]:
        return self.c3.shape

    def _cell(self, ij: Optional[Tuple[int, int]]) -> Optional[Dict[str, Any]]:
        return None if ij is None else {"i": ij[0], "j": ij[1], **loads(self._p.cell_json(*ij))}

    @property
    def min_c3(self) -> Optional[Dict[str, Any]]:
        """The least-C3 cell (with its indices ``i``, ``j``)."""
        return self._cell(self._p.min_c3())

    @property
    def min_dv_total(self) -> Optional[Dict[str, Any]]:
        """The least-total-Δv cell."""
        return self._cell(self._p.min_dv_total())

    @property
    def warnings(self) -> List[str]:
        """Optima on the grid's edge (the true optimum may lie outside)."""
        return self._p.warnings()

    def to_dict(self) -> Dict[str, Any]:
        """The document of ``orrery porkchop --format json`` (every cell)."""
        return loads(self._p.report_json())

    def grid(self) -> Dict[str, Any]:
        """The grid as columns (``departures_utc``, ``c3_km2_s2[i][j]``...)."""
        return loads(self._p.grid_json())

    def plot(self, ax: Any = None, levels: Sequence[float] = (8, 10, 12, 14, 16, 20, 25, 30)):
        """C3 contours over departure and arrival dates (matplotlib); returns the axes."""
        plt = pyplot()
        ax = ax or plt.figure(figsize=(8, 6)).add_subplot()
        d, a = self.departures.datetime64(), self.arrivals.datetime64()
        cs = ax.contour(d, a, self.c3.T, levels=list(levels))
        ax.clabel(cs, fmt="%g")
        ax.set(xlabel="departure (UTC)", ylabel="arrival (UTC)", title="C3 (km²/s²)")
        return ax

    def __repr__(self) -> str:
        return f"Porkchop({self.shape[0]} departures x {self.shape[1]} arrivals)"


def porkchop(from_body: str, to_body: str, departure: Tuple[TimeLike, TimeLike, float],
             arrival: Tuple[TimeLike, TimeLike, float], center: str = "Sun",
             parking_altitude_km: float = 200.0, capture_altitude_km: float = 400.0,
             capture_eccentricity: float = 0.0, ephemeris: Optional[Ephemeris] = None,
             progress: Any = None) -> Porkchop:
    """A porkchop grid: ``departure`` and ``arrival`` are ``(start, stop, step_days)``.
    Δv from a circular parking orbit and into a capture orbit (altitudes in km).
    Runs on all cores with the GIL released; Ctrl-C stops it within a second;
    ``progress=True`` shows a tqdm bar."""
    d0, d1, ds = _range(departure, "departure")
    a0, a1, as_ = _range(arrival, "arrival")
    p = _orrery.porkchop(from_body, to_body, center, d0._t, d1._t, ds, a0._t, a1._t, as_,
                         float(parking_altitude_km), float(capture_altitude_km),
                         float(capture_eccentricity),
                         None if ephemeris is None else ephemeris._e,
                         callback(progress, "departures"))
    return Porkchop(p)


def windows(from_body: str, to_body: str, start: TimeLike, stop: TimeLike,
            tof_days: Tuple[float, float] = (100.0, 500.0), center: str = "Sun",
            parking_altitude_km: float = 200.0, capture_altitude_km: float = 400.0,
            capture_eccentricity: float = 0.0,
            ephemeris: Optional[Ephemeris] = None) -> List[Dict[str, Any]]:
    """Launch windows departing from ``start`` to ``stop``, times of flight in
    ``tof_days``: the elements of ``orrery windows --format json`` (``min_c3``,
    ``min_dv_total`` transfers and ``partial``)."""
    lo, hi = tof_days
    return loads(_orrery.windows_json(from_body, to_body, center, Time(start)._t,
                                      Time(stop)._t, float(lo), float(hi),
                                      float(parking_altitude_km), float(capture_altitude_km),
                                      float(capture_eccentricity),
                                      None if ephemeris is None else ephemeris._e))


def budget(mission: Union[str, os.PathLike, Dict[str, Any]]) -> Dict[str, Any]:
    """The Δv budget and propellant masses of a mission (format of ``docs/budget.md``):
    a path to a TOML file, TOML text, or a dict with the same keys (``name``,
    ``dry_mass_kg``, ``isp_s``, ``leg``: a list of legs with ``kind``...). Returns
    ``orrery budget --format json``."""
    if isinstance(mission, dict):
        return loads(_orrery.budget_json(json.dumps(mission), "<dict>"))
    text = os.fspath(mission)
    if "\n" not in text and os.path.exists(text):
        with open(text, encoding="utf-8") as f:
            return loads(_orrery.budget_toml_json(f.read(), text))
    if "\n" not in text and text.endswith(".toml"):
        from .errors import OrreryFileNotFoundError
        raise OrreryFileNotFoundError(f"no such mission file: {text}")
    return loads(_orrery.budget_toml_json(text, "<toml>"))


def transfer_path(from_body: str, to_body: str, departure: TimeLike, arrival: TimeLike,
                  center: str = "Sun", n: int = 200,
                  ephemeris: Optional[Ephemeris] = None) -> Dict[str, Any]:
    """The zero-revolution transfer as a path to draw (km, ecliptic of J2000, relative
    to ``center``); the point lists are ``(n, 3)`` numpy arrays."""
    doc = loads(_orrery.transfer_path_json(from_body, to_body, center, Time(departure)._t,
                                           Time(arrival)._t, int(n),
                                           None if ephemeris is None else ephemeris._e))
    for k in ("transfer_km", "from_orbit_km", "to_orbit_km"):
        doc[k] = np.asarray(doc[k], dtype=float).reshape(-1, 3)
    return doc


__all__ = ["lambert", "LambertSolution", "porkchop", "Porkchop", "windows", "budget",
           "transfer_path"]
