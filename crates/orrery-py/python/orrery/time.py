"""Instants: one or an array, in any time scale.

>>> from orrery.time import Time
>>> t = Time("2016-12-31T23:59:60 UTC")          # a leap second
>>> t.iso("TAI")
'2017-01-01T00:00:36.000000 TAI'
>>> Time.from_jd(2459061.0, scale="TDB").iso("UTC")
'2020-07-30T11:58:50.816...'

Accepted text: ISO 8601 (``2020-07-30``, ``2020-07-30T11:50:01.25``), ``JD 2459061.0``,
``MJD 59060.5``, ``now``, each optionally followed by a scale (``UTC``, ``TAI``, ``TT``,
``TDB``, ``GPST``); without one, UTC. ``datetime`` objects (naive ones are read as UTC),
``numpy.datetime64`` arrays (UTC) and sequences of any of these are accepted too.
Instants are exact to the nanosecond (hifitime epochs); leap seconds are honoured and
differences are taken in TAI (SI seconds).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Iterator, List, Sequence, Union

import numpy as np

from . import _orrery
from ._util import f64_1d, loads
from .errors import OrreryValueError

SCALES = ("UTC", "TAI", "TT", "TDB", "GPST")

TimeLike = Union["Time", str, _dt.datetime, _dt.date, Sequence[Any], np.ndarray]


def _iso_of_datetime(d: _dt.datetime) -> str:
    if d.tzinfo is not None:
        d = d.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    return d.strftime("%Y-%m-%dT%H:%M:%S.%f") + " UTC"


def _text(v: Any, scale: str | None) -> str:
    if isinstance(v, str):
        return f"{v} {scale}" if scale else v
    if isinstance(v, _dt.datetime):
        if scale and scale.upper() != "UTC":
            raise OrreryValueError("datetime objects are UTC; do not pass another scale")
        return _iso_of_datetime(v)
    if isinstance(v, _dt.date):
        return f"{v.isoformat()} {scale or 'UTC'}"
    if isinstance(v, np.datetime64):
        return str(np.datetime_as_string(v, unit="ns")) + " UTC"
    raise OrreryValueError(
        f"cannot read {v!r} ({type(v).__name__}) as an instant: give ISO text, a datetime, "
        "a Time, or use Time.from_jd / Time.from_mjd for numbers"
    )


class Time:
    """One instant or an array of instants.

    ``Time(value, scale=None)``: ``value`` is text, a ``datetime``/``date``, a
    ``numpy.datetime64`` array, another :class:`Time`, or a sequence of these.
    ``scale`` is appended to text that has none (e.g. ``Time("2020-07-30", "TDB")``).
    Numbers are refused (ambiguous): use :meth:`from_jd`, :meth:`from_mjd`,
    :meth:`from_unix`.
    """

    __slots__ = ("_t", "_scalar")

    def __init__(self, value: TimeLike, scale: str | None = None):
        if isinstance(value, Time):
            self._t, self._scalar = value._t, value._scalar
            return
        if isinstance(value, _orrery._Time):
            self._t, self._scalar = value, len(value) == 1
            return
        if isinstance(value, np.ndarray) and np.issubdtype(value.dtype, np.datetime64):
            flat = np.datetime_as_string(value.ravel(), unit="ns")
            self._t = _orrery._Time.parse([f"{s} UTC" for s in flat])
            self._scalar = value.ndim == 0
            return
        if isinstance(value, (str, _dt.date, np.datetime64)):
            self._t = _orrery._Time.parse([_text(value, scale)])
            self._scalar = True
            return
        if isinstance(value, (list, tuple, np.ndarray)):
            items = list(value)
            if items and all(isinstance(x, Time) for x in items):
                epochs = [x for t in items for x in t._iter_native()]
                self._t = _orrery._Time.parse(epochs)
            else:
                self._t = _orrery._Time.parse([_text(x, scale) for x in items])
            self._scalar = False
            return
        _text(value, scale)  # raises with the reason
        raise AssertionError  # pragma: no cover

    # -- constructors -------------------------------------------------------------
    @classmethod
    def _wrap(cls, native: Any, scalar: bool) -> "Time":
        t = cls.__new__(cls)
        t._t, t._scalar = native, scalar
        return t

    @classmethod
    def from_jd(cls, jd: Any, scale: str = "UTC") -> "Time":
        """Instants from Julian dates in ``scale`` (float64: about 40 µs resolution)."""
        a = f64_1d(jd, "jd")
        return cls._wrap(_orrery._Time.from_jd(a, scale, False), np.ndim(jd) == 0)

    @classmethod
    def from_mjd(cls, mjd: Any, scale: str = "UTC") -> "Time":
        """Instants from Modified Julian Dates in ``scale``."""
        a = f64_1d(mjd, "mjd")
        return cls._wrap(_orrery._Time.from_jd(a, scale, True), np.ndim(mjd) == 0)

    @classmethod
    def from_unix(cls, seconds: Any) -> "Time":
        """Instants from POSIX timestamps (UTC seconds since 1970-01-01)."""
        a = f64_1d(seconds, "seconds")
        return cls._wrap(_orrery._Time.from_unix(a), np.ndim(seconds) == 0)

    @classmethod
    def from_tai_seconds(cls, seconds: Any) -> "Time":
        """Instants from TAI seconds past 1900-01-01 (hifitime's reference)."""
        a = f64_1d(seconds, "seconds")
        return cls._wrap(_orrery._Time.from_tai_seconds(a), np.ndim(seconds) == 0)

    @classmethod
    def now(cls) -> "Time":
        """The system clock (UTC)."""
        return cls("now")

    @classmethod
    def range(cls, start: TimeLike, stop: TimeLike, step: Union[float, _dt.timedelta]) -> "Time":
        """``start``, ``start + step``, ... up to ``stop`` (included when on the step);
        ``step`` in seconds or a ``timedelta``."""
        s = step.total_seconds() if isinstance(step, _dt.timedelta) else float(step)
        return cls._wrap(_orrery._Time.range(cls(start)._t, cls(stop)._t, s), False)

    @classmethod
    def linspace(cls, start: TimeLike, n: int, step: Union[float, _dt.timedelta]) -> "Time":
        """``n`` instants from ``start``, ``step`` seconds (or a ``timedelta``) apart."""
        s = step.total_seconds() if isinstance(step, _dt.timedelta) else float(step)
        return cls._wrap(_orrery._Time.count(cls(start)._t, s, int(n)), False)

    # -- conversions --------------------------------------------------------------
    def _out(self, a: np.ndarray) -> Any:
        return a[0].item() if self._scalar else a

    def jd(self, scale: str = "UTC") -> Any:
        """Julian date(s) in ``scale``."""
        return self._out(self._t.jd(scale))

    def mjd(self, scale: str = "UTC") -> Any:
        """Modified Julian date(s) in ``scale``."""
        return self._out(self._t.mjd(scale))

    def iso(self, scale: str = "UTC") -> Any:
        """ISO 8601 text(s) in ``scale``, microseconds, with the scale."""
        s = self._t.iso(scale)
        return s[0] if self._scalar else s

    @property
    def utc(self) -> Any:
        """ISO text in UTC."""
        return self.iso("UTC")

    @property
    def tdb(self) -> Any:
        """ISO text in TDB."""
        return self.iso("TDB")

    def tai_seconds(self) -> Any:
        """TAI seconds past 1900-01-01."""
        return self._out(self._t.tai_seconds())

    def unix(self) -> Any:
        """POSIX timestamp(s), UTC."""
        return self._out(self._t.unix())

    def datetime(self) -> Any:
        """``datetime`` (UTC, timezone-aware), microseconds; a leap second (:60) cannot
        be a datetime and raises."""
        out = []
        for (y, mo, d, h, mi, s, ns) in self._t.utc_components():
            us = ns // 1000
            if s == 60:
                raise OrreryValueError("a leap second (second 60) has no datetime")
            out.append(_dt.datetime(y, mo, d, h, mi, s, us, tzinfo=_dt.timezone.utc))
        return out[0] if self._scalar else out

    def datetime64(self) -> np.ndarray:
        """``numpy.datetime64[us]`` array (UTC; no leap seconds in numpy)."""
        return np.array([d.replace(tzinfo=None) for d in np.atleast_1d(self.datetime())],
                        dtype="datetime64[us]")

    def every_scale(self) -> Any:
        """The rows of ``orrery time --format json``: ``[{scale, iso, jd, mjd}]`` per
        instant (JD and MJD as exact decimal text)."""
        rows = loads(self._t.every_scale_json())
        return rows[0] if self._scalar else rows

    def to_dict(self) -> Any:
        """Same as :meth:`every_scale`."""
        return self.every_scale()

    def tai_minus_utc(self) -> Any:
        """TAI - UTC, seconds (leap seconds)."""
        v = np.asarray(self._t.tai_minus_utc())
        return self._out(v)

    # -- container ------------------------------------------------------------------
    @property
    def is_scalar(self) -> bool:
        """One instant (not an array of one)."""
        return self._scalar

    def __len__(self) -> int:
        if self._scalar:
            raise TypeError("a single instant has no len()")
        return len(self._t)

    @property
    def size(self) -> int:
        """Number of instants."""
        return len(self._t)

    def _iter_native(self) -> List[str]:
        return self._t.iso("TAI")

    def __iter__(self) -> Iterator["Time"]:
        for k in range(len(self._t)):
            yield self[k]

    def __getitem__(self, key: Any) -> "Time":
        n = len(self._t)
        if isinstance(key, (int, np.integer)):
            k = int(key) + (n if key < 0 else 0)
            if not 0 <= k < n:
                raise IndexError(f"index {key} out of range for {n} instants")
            return Time._wrap(self._t.take([k]), True)
        idx = np.arange(n)[key]
        return Time._wrap(self._t.take([int(i) for i in np.atleast_1d(idx)]), False)

    def __add__(self, seconds: Any) -> "Time":
        if isinstance(seconds, _dt.timedelta):
            seconds = seconds.total_seconds()
        a = f64_1d(seconds, "seconds")
        scalar = self._scalar and np.ndim(seconds) == 0
        return Time._wrap(self._t.shifted(a), scalar)

    def __radd__(self, seconds: Any) -> "Time":
        return self.__add__(seconds)

    def __sub__(self, other: Any) -> Any:
        """``t - u``: seconds (SI, TAI arithmetic) from one instant ``u``; ``t - 60.0``:
        an earlier instant."""
        if isinstance(other, (Time, str, _dt.datetime)):
            d = self._t.seconds_since(Time(other)._t)
            return self._out(d)
        if isinstance(other, _dt.timedelta):
            other = other.total_seconds()
        return self.__add__(-np.asarray(other, dtype=float))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Time):
            return NotImplemented
        return self._t.iso("TAI") == other._t.iso("TAI") and self._scalar == other._scalar

    def __repr__(self) -> str:
        if self._scalar:
            return f"Time('{self.iso('UTC')}')"
        n = len(self._t)
        iso = self._t.iso("UTC")
        if n == 0:
            return "Time([])"
        if n <= 4:
            return f"Time({iso})"
        return f"Time(['{iso[0]}', '{iso[1]}', ..., '{iso[-1]}'], n={n})"


def time(value: TimeLike, scale: str | None = None) -> Time:
    """Shorthand for :class:`Time`."""
    return Time(value, scale)


__all__ = ["Time", "time", "SCALES"]
