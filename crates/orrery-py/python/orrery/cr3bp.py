"""The circular restricted three-body problem: Lagrange points, periodic orbits (halo,
Lyapunov, vertical, NRHO, JWST-like), families by continuation, sampled states.

>>> from orrery import cr3bp
>>> nrho = cr3bp.orbit("nrho")                     # Earth-Moon 9:2 NRHO (Gateway)
>>> round(nrho.period_days, 4)
6.5624
>>> t, states_km = nrho.sample(400, physical=True)  # days; (400, 6) km and km/s

Non-dimensional units: lengths in the primaries' distance, times in 1/mean motion;
physical results in km, km/s and days (rotating frame, barycentric).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple, Union

import numpy as np

from . import _orrery
from ._util import callback, loads, pyplot


class System:
    """A three-body system: ``System("earth-moon")``, ``System("sun-earth")``, or
    ``System.custom(mu, length_km, gm_total)``."""

    def __init__(self, name: str = "earth-moon"):
        self._s = _orrery._System.by_name(name)

    @classmethod
    def custom(cls, mu: float, length_km: float, gm_total: float) -> "System":
        s = cls.__new__(cls)
        s._s = _orrery._System.custom(float(mu), float(length_km), float(gm_total))
        return s

    @classmethod
    def _wrap(cls, native: Any) -> "System":
        s = cls.__new__(cls)
        s._s = native
        return s

    mu = property(lambda self: self._s.mu, doc="Mass ratio m2 / (m1 + m2).")
    length_km = property(lambda self: self._s.length_km, doc="Length unit, km.")
    time_days = property(lambda self: self._s.time_days, doc="Time unit, days.")
    velocity_km_s = property(lambda self: self._s.velocity_km_s, doc="Velocity unit, km/s.")

    def to_dict(self) -> Dict[str, Any]:
        return loads(self._s.to_json())

    def lagrange_points(self) -> List[Dict[str, Any]]:
        """L1..L5: position (non-dimensional and km), distance from the secondary,
        Jacobi constant (``orrery cr3bp points``)."""
        return loads(self._s.points_json())["points"]

    def __repr__(self) -> str:
        return f"System(mu={self.mu:.9g}, length_km={self.length_km:.6g})"


def _system(s: Union[str, System]) -> System:
    return s if isinstance(s, System) else System(s)


def lagrange_points(system: Union[str, System] = "earth-moon") -> List[Dict[str, Any]]:
    """The five libration points of ``system``."""
    return _system(system).lagrange_points()


def _split(nd: np.ndarray, ph: np.ndarray, physical: bool) -> Tuple[np.ndarray, np.ndarray]:
    a = ph if physical else nd
    return a[:, 0], a[:, 1:]


class Orbit:
    """A periodic orbit: :meth:`to_dict` is ``orrery cr3bp orbit --format json``;
    attributes ``state`` (non-dimensional initial state), ``period``, ``jacobi``,
    ``stability``, ``period_days``, ``state_km`` (km, km/s), ``periapsis_km``,
    ``apoapsis_km``."""

    def __init__(self, native: Any):
        self._o = native
        self._doc = loads(native.report_json())
        o, p = self._doc["orbit"], self._doc["physical"]
        self.family: str = o["family"]
        self.state = np.array(o["state"])
        self.period: float = o["period"]
        self.jacobi: float = o["jacobi"]
        self.stability = np.array(o["stability"])
        self.period_days: float = p["period_days"]
        self.state_km = np.array(p["state_km_kms"])
        self.periapsis_km: float = p["periapsis_km"]
        self.apoapsis_km: float = p["apoapsis_km"]

    @property
    def system(self) -> System:
        return System._wrap(self._o.system)

    def to_dict(self) -> Dict[str, Any]:
        return self._doc

    def sample(self, n: int = 400, physical: bool = False) -> Tuple[np.ndarray, np.ndarray]:
        """``n`` states over one period: ``(t, states (n, 6))``, non-dimensional, or
        days and km, km/s with ``physical=True``."""
        nd, ph = self._o.sample(int(n))
        return _split(nd, ph, physical)

    def plot(self, ax: Any = None, n: int = 400):
        """The orbit in 3-D, km (matplotlib); returns the axes."""
        plt = pyplot()
        ax = ax or plt.figure(figsize=(7, 7)).add_subplot(projection="3d")
        _, s = self.sample(n, physical=True)
        ax.plot(s[:, 0], s[:, 1], s[:, 2])
        ax.set(xlabel="x (km)", ylabel="y (km)", zlabel="z (km)", title=self.family)
        return ax

    def __repr__(self) -> str:
        return f"Orbit({self.family}, period {self.period_days:.4f} d, C = {self.jacobi:.6f})"


def orbit(kind: str = "halo", system: Union[str, System] = "earth-moon", point: str = "L2",
          branch: str = "north", az_km: Optional[float] = None,
          jacobi: Optional[float] = None, period_days: Optional[float] = None,
          resonance: Tuple[int, int] = (9, 2),
          max_distance_km: Optional[float] = None) -> Orbit:
    """One periodic orbit: ``kind`` is ``halo``, ``lyapunov``, ``vertical``, ``nrho``
    (Earth-Moon, ``resonance`` N:M) or ``jwst`` (Sun-Earth L2, ``max_distance_km``);
    the member nearest the point unless ``az_km``, ``jacobi`` or ``period_days``."""
    target, value = "first", None
    for name, v in (("az_km", az_km), ("jacobi", jacobi), ("period_days", period_days)):
        if v is not None:
            target, value = name, float(v)
    o = _orrery.orbit(_system(system)._s, kind, point, branch, target, value,
                      (int(resonance[0]), int(resonance[1])), max_distance_km)
    return Orbit(o)


class Family:
    """A family of periodic orbits: ``len(family)`` members; arrays ``jacobi``,
    ``period``, ``period_days``, ``stability`` ``(k, 2)``, ``states`` ``(k, 6)``;
    :meth:`to_dict` is ``orrery cr3bp family --format json``."""

    def __init__(self, native: Any):
        self._f = native
        self._doc = loads(native.report_json())
        fam = self._doc["family"]
        sysd = self._doc["system"]
        m = fam["members"]
        self.name: str = fam["name"]
        self.stop_reason: str = fam["stop_reason"]
        self.members: List[Dict[str, Any]] = m
        self.jacobi = np.array([x["jacobi"] for x in m])
        self.period = np.array([x["period"] for x in m])
        self.stability = np.array([x["stability"] for x in m]).reshape(-1, 2)
        self.states = native.states()
        self.period_days = self.period * sysd["time_s"] / 86400.0

    def __len__(self) -> int:
        return len(self.members)

    def to_dict(self) -> Dict[str, Any]:
        return self._doc

    def sample(self, i: int, n: int = 400, physical: bool = False):
        """Member ``i`` over one period (see :meth:`Orbit.sample`)."""
        nd, ph = self._f.sample(int(i), int(n))
        return _split(nd, ph, physical)

    def trajectories(self, max_members: int = 20) -> Dict[str, Any]:
        """Polylines (km) of at most ``max_members`` members, for drawing."""
        return loads(self._f.trajectories_json(int(max_members)))

    def plot(self, ax: Any = None, max_members: int = 20):
        plt = pyplot()
        ax = ax or plt.figure(figsize=(7, 7)).add_subplot(projection="3d")
        for _, pts in self.trajectories(max_members)["members"]:
            p = np.asarray(pts)
            ax.plot(p[:, 0], p[:, 1], p[:, 2], lw=0.8)
        ax.set(xlabel="x (km)", ylabel="y (km)", zlabel="z (km)", title=self.name)
        return ax

    def __repr__(self) -> str:
        return f"Family({self.name}, {len(self)} members; {self.stop_reason})"


def family(kind: str = "lyapunov", system: Union[str, System] = "earth-moon",
           point: str = "L1", branch: str = "north", members: int = 50, step: float = 2e-3,
           adaptive: bool = True, natural_component: Optional[int] = None,
           min_periapsis_km: Optional[float] = None, from_bifurcation: bool = False,
           progress: Any = None) -> Family:
    """Traces a family (``lyapunov``, ``halo``, ``vertical``) from the point by
    pseudo-arclength continuation (``step`` non-dimensional, adaptive), or by
    natural-parameter continuation of ``natural_component`` (0 = x0, 2 = z0, 5 = vz0)."""
    f = _orrery.family(_system(system)._s, kind, point, branch, int(members), float(step),
                       bool(adaptive), natural_component, min_periapsis_km,
                       bool(from_bifurcation), callback(progress, "members"))
    return Family(f)


__all__ = ["System", "lagrange_points", "orbit", "Orbit", "family", "Family"]
