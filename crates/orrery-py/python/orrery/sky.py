"""The sky for an observer: rises, transits and sets of the Sun, the Moon and the
planets, twilights, the Moon's phase, where each body is.

>>> from orrery import sky
>>> from orrery.sat import Observer
>>> a = sky.almanac(Observer.city("Paris"), "2026-06-21T12:00", "2026-06-22T12:00")
>>> a.events_of("Sun", "set")[0]["time_utc"]         # 19:58 UTC
'2026-06-21T19:58:...'

Apparent places (light time, aberration, four-term nutation), standard refraction at
the horizon; angles in degrees, times UTC (and local with the observer's zone).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from . import _orrery
from ._util import callback, loads, pandas
from .ephem import Ephemeris
from .sat import Observer
from .time import Time, TimeLike

BODIES = ("Sun", "Moon", "Mercury", "Venus", "Mars", "Jupiter", "Saturn", "Uranus", "Neptune")


class Almanac:
    """``orrery sky --format json`` as :meth:`to_dict`; ``events`` (rise, transit, set,
    twilights, in time order), ``positions`` (at ``at_utc``), ``moon``, ``moon_phases``,
    ``always_up``/``always_down``."""

    def __init__(self, doc: Dict[str, Any]):
        self._doc = doc
        self.events: List[Dict[str, Any]] = doc["events"]
        self.positions: List[Dict[str, Any]] = doc["positions"]
        self.moon: Dict[str, Any] = doc["moon"]
        self.moon_phases: List[Dict[str, Any]] = doc["moon_phases"]
        self.always_up: List[str] = doc["always_up"]
        self.always_down: List[str] = doc["always_down"]

    def events_of(self, body: str, kind: Optional[str] = None) -> List[Dict[str, Any]]:
        """The events of one body (``"Sun"``), of one kind (``"rise"``, ``"set"``...)."""
        b = body.lower()
        return [e for e in self.events if str(e.get("body", "")).lower() == b
                and (kind is None or str(e.get("kind", "")).lower() == kind.lower())]

    def to_dict(self) -> Dict[str, Any]:
        return self._doc

    def to_pandas(self):
        """The events as a table."""
        return pandas().DataFrame(self.events)

    def __repr__(self) -> str:
        return f"Almanac({self._doc['observer']['name']}, {len(self.events)} events)"


def almanac(observer: Observer, start: TimeLike, stop: TimeLike, at: Optional[TimeLike] = None,
            bodies: Optional[Sequence[str]] = None, ephemeris: Optional[Ephemeris] = None,
            time_zone: Optional[str] = None, progress: Any = None) -> Almanac:
    """Events from ``start`` to ``stop`` (at most a year) and positions at ``at``
    (default ``start``) for ``bodies`` (default all nine), from ``ephemeris`` (default the
    built-in model; a JPL kernel for sub-second times)."""
    doc = _orrery.almanac_json(observer._o, Time(start)._t, Time(stop)._t,
                               None if at is None else Time(at)._t,
                               None if bodies is None else [str(b) for b in bodies],
                               None if ephemeris is None else ephemeris._e, time_zone,
                               callback(progress, "bodies"))
    return Almanac(loads(doc))


__all__ = ["almanac", "Almanac", "BODIES"]
