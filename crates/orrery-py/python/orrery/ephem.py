"""Ephemerides: where a body is relative to another, from the built-in analytic model or
a JPL SPK kernel (DE421, DE440...).

>>> from orrery.ephem import Ephemeris
>>> from orrery.time import Time
>>> eph = Ephemeris()                        # built-in model; Ephemeris("de421.bsp") for JPL
>>> s = eph.state("Mars", "Earth", Time("2020-10-06T14:18 UTC"))
>>> round(s.distance_km / 1e6, 2)            # million km
62.07

States are geometric (no light time, no aberration), in km and km/s, on ICRF axes
(``frame="icrf"``) or the ecliptic of J2000 (``frame="ecliptic"``); instants are
evaluated in TDB.
"""

from __future__ import annotations

import os
from typing import Any, Optional, Union

import numpy as np

from . import _orrery
from ._util import loads, pandas
from .time import Time, TimeLike


class State:
    """States of ``target`` relative to ``center`` at ``time``.

    ``position`` (km) and ``velocity`` (km/s) are ``(3,)`` for one instant and
    ``(n, 3)`` for an array of instants.
    """

    def __init__(self, target: str, center: str, frame: str, time: Time, rv: np.ndarray):
        self.target, self.center, self.frame, self.time = target, center, frame, time
        self._rv = rv
        squeeze = time.is_scalar
        self.position: np.ndarray = rv[0, :3] if squeeze else rv[:, :3]
        self.velocity: np.ndarray = rv[0, 3:] if squeeze else rv[:, 3:]

    @property
    def distance_km(self) -> Any:
        """|position|, km."""
        d = np.linalg.norm(self._rv[:, :3], axis=1)
        return float(d[0]) if self.time.is_scalar else d

    @property
    def speed_km_s(self) -> Any:
        """|velocity|, km/s."""
        v = np.linalg.norm(self._rv[:, 3:], axis=1)
        return float(v[0]) if self.time.is_scalar else v

    def columns(self) -> dict:
        """Columns named as in ``orrery ephem`` (``time_utc``, ``x_km``... ``vz_km_s``)."""
        names = ["x_km", "y_km", "z_km", "vx_km_s", "vy_km_s", "vz_km_s"]
        t = self.time if not self.time.is_scalar else Time([self.time])
        cols: dict = {"time_utc": t.iso("UTC"), "time_tdb": t.iso("TDB")}
        for k, n in enumerate(names):
            cols[n] = self._rv[:, k]
        return cols

    def to_pandas(self):
        """The states as a DataFrame (one row per instant)."""
        return pandas().DataFrame(self.columns())

    def __repr__(self) -> str:
        n = 1 if self.time.is_scalar else len(self.time)
        return f"State({self.target} from {self.center}, {self.frame}, {n} instant(s))"


class Ephemeris:
    """An ephemeris source: ``Ephemeris()`` is the built-in model (no file),
    ``Ephemeris(path)`` a JPL SPK kernel (segment types 2 and 3)."""

    def __init__(self, path: Optional[Union[str, os.PathLike]] = None):
        self._e = _orrery._Ephemeris(None if path is None else os.fspath(path))

    @property
    def name(self) -> str:
        """``built-in analytic model`` or the kernel's file name."""
        return self._e.name

    @property
    def is_kernel(self) -> bool:
        """True for a JPL kernel."""
        return self._e.is_kernel

    def state(self, target: Union[str, int], center: Union[str, int], time: TimeLike,
              frame: str = "icrf") -> State:
        """State of ``target`` relative to ``center`` (names like ``Mars``, ``Earth
        barycenter``, ``Moon`` or NAIF ids) at one instant or an array of instants,
        vectorised (one call into Rust, GIL released)."""
        t = Time(time)
        rv = self._e.states(str(target), str(center), t._t, frame)
        return State(str(target), str(center), frame, t, rv)

    def position(self, target: Union[str, int], center: Union[str, int], time: TimeLike,
                 frame: str = "icrf") -> np.ndarray:
        """Position only, km."""
        return self.state(target, center, time, frame).position

    def table(self, target: Union[str, int], center: Union[str, int], start: TimeLike,
              stop: TimeLike, step_s: float = 86400.0, frame: str = "icrf") -> dict:
        """The document of ``orrery ephem --format json`` (a time grid)."""
        return loads(self._e.table_json(str(target), str(center), Time(start)._t,
                                        Time(stop)._t, float(step_s), frame))

    def bodies(self) -> dict:
        """What this source can evaluate: ``orrery bodies --format json``."""
        return loads(self._e.bodies_json())

    def __repr__(self) -> str:
        return f"Ephemeris({self.name!r})"


def gm(body: Union[str, int]) -> Optional[float]:
    """GM of a body, km³/s² (IAU/JPL values in Orrery's body table)."""
    return _orrery.gm(str(body))


def radius(body: Union[str, int]) -> Optional[float]:
    """Mean radius of a body, km."""
    return _orrery.radius(str(body))


def naif_id(body: Union[str, int]) -> int:
    """NAIF id of a body name."""
    return _orrery.body_id(str(body))[0]


__all__ = ["Ephemeris", "State", "gm", "radius", "naif_id"]
