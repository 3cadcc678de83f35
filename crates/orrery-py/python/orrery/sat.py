"""Satellites: catalogs (TLE, 3LE, OMM XML/JSON), SGP4 for a whole catalog as numpy
arrays, ground tracks and passes over an observer.

>>> from orrery.sat import Catalog, Observer
>>> from orrery.time import Time
>>> cat = Catalog.bundled()                         # or Catalog.load("active.txt")
>>> t = Time.range("2026-05-07", "2026-05-08", 60)  # a day, every minute
>>> r = cat.positions(t)                            # (n_sats, n_times, 3) km, TEME
>>> r.shape
(18, 1441, 3)
>>> passes = cat["ISS"].passes(Observer.city("Paris"), "2026-05-08", "2026-05-09")
>>> passes.to_pandas()[["rise_time_utc", "culmination_elevation_deg", "visible"]]

SGP4 states are TEME (SGP4's frame), km and km/s, python-sgp4's conventions (WGS-72,
improved mode); a satellite that fails (decay) gets NaN from then on, with its error in
``errors``.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Iterator, List, Optional, Sequence, Union

import numpy as np

from . import _orrery
from ._util import callback, f64_1d, loads, pandas, pyplot
from .ephem import Ephemeris
from .errors import OrreryValueError
from .time import Time, TimeLike


class Observer:
    """A place on the Earth: geodetic latitude and longitude (degrees, WGS-84) and
    height above the ellipsoid (km). ``Observer.city("Paris")`` takes a city of
    Orrery's table, with its time zone."""

    def __init__(self, lat_deg: float, lon_deg: float, alt_km: float = 0.0):
        self._o = _orrery._Observer(float(lat_deg), float(lon_deg), float(alt_km))

    @classmethod
    def city(cls, name: str) -> "Observer":
        o = cls.__new__(cls)
        o._o = _orrery._Observer.city(name)
        return o

    lat_deg = property(lambda self: self._o.lat_deg, doc="Latitude, degrees north.")
    lon_deg = property(lambda self: self._o.lon_deg, doc="Longitude, degrees east.")
    alt_km = property(lambda self: self._o.alt_km, doc="Height above the ellipsoid, km.")
    name = property(lambda self: self._o.name, doc="City name or coordinates.")
    time_zone = property(lambda self: self._o.time_zone, doc="IANA zone of a city, else None.")

    def __repr__(self) -> str:
        return repr(self._o)


class SatStates:
    """SGP4 states of ``n_sats`` satellites at ``n_times`` instants (TEME).

    ``position``: ``(n_sats, n_times, 3)`` km; ``velocity``: same shape in km/s (or
    ``None`` when not asked for); ``errors[i]``: the first failure of satellite ``i``
    (its states are NaN from then on), else ``None``.
    """

    def __init__(self, time: Time, norad_ids: List[int], names: List[str],
                 position: np.ndarray, velocity: Optional[np.ndarray],
                 errors: List[Optional[str]]):
        self.time, self.norad_ids, self.names = time, norad_ids, names
        self.position, self.velocity, self.errors = position, velocity, errors

    @property
    def shape(self) -> tuple:
        return self.position.shape

    def __repr__(self) -> str:
        n, m, _ = self.position.shape
        bad = sum(e is not None for e in self.errors)
        return f"SatStates({n} satellites x {m} instants, TEME; {bad} with errors)"


def _sat_times(time: TimeLike) -> Time:
    t = Time(time)
    if t.size == 0:
        raise OrreryValueError("an empty array of instants")
    return t


class Satellite:
    """One satellite (an element set with SGP4 initialised). Get one from a
    :class:`Catalog`: ``cat["ISS"]``, ``cat["25544"]``, ``cat.one("1998-067A")``."""

    def __init__(self, native: Any):
        self._s = native

    name = property(lambda self: self._s.name, doc="Name from the catalog.")
    norad_id = property(lambda self: self._s.norad_id, doc="NORAD catalog number.")
    designator = property(lambda self: self._s.designator, doc="International designator.")
    period_minutes = property(lambda self: self._s.period_minutes, doc="Period, minutes.")
    inclination_deg = property(lambda self: self._s.inclination_deg, doc="Inclination, degrees.")
    eccentricity = property(lambda self: self._s.eccentricity, doc="Eccentricity.")
    mean_motion_rev_day = property(lambda self: self._s.mean_motion_rev_day,
                                   doc="Mean motion, revolutions per day.")

    @property
    def epoch(self) -> Time:
        """Epoch of the element set."""
        return Time._wrap(self._s.epoch, True)

    def at(self, time: TimeLike) -> Any:
        """TEME state: for one instant ``(r (3,) km, v (3,) km/s)`` (raises if SGP4
        fails); for an array ``(r (n, 3), v (n, 3))`` with NaN after a failure."""
        t = _sat_times(time)
        if t.is_scalar:
            r, v = self._s.state_at(t._t)
            return np.array(r), np.array(v)
        p, v, _ = self._s.states(t._t, True)
        return p[0], v[0]

    def states(self, time: TimeLike, velocity: bool = True) -> SatStates:
        """As :meth:`Catalog.states` for this one satellite (shape ``(1, n, 3)``)."""
        t = _sat_times(time)
        p, v, e = self._s.states(t._t, bool(velocity))
        return SatStates(t, [self.norad_id], [self.name], p, v, e)

    def propagate_minutes(self, minutes: Any) -> tuple:
        """SGP4 ``minutes`` after the epoch, as python-sgp4's ``sgp4_tsince``:
        ``(r (n, 3) km, v (n, 3) km/s, error codes (n,))``; NaN where the code is 1-4."""
        return self._s.propagate_minutes(f64_1d(minutes, "minutes"))

    def ground_track(self, start: TimeLike, stop: TimeLike, step_s: float = 60.0,
                     observer: Optional[Observer] = None,
                     ephemeris: Optional[Ephemeris] = None) -> "GroundTrack":
        """Sub-satellite points (WGS-84), altitude, speed, sunlight, and look angles from
        ``observer``, every ``step_s`` seconds: ``orrery track``."""
        doc = loads(self._s.ground_track_json(
            Time(start)._t, Time(stop)._t, float(step_s),
            None if observer is None else observer._o,
            None if ephemeris is None else ephemeris._e))
        return GroundTrack(doc)

    def passes(self, observer: Observer, start: TimeLike, stop: TimeLike, **kw: Any) -> "Passes":
        """Passes over ``observer`` (see :meth:`Catalog.passes`)."""
        return _passes(self._s_catalog(), observer, start, stop, **kw)

    def _s_catalog(self) -> Any:
        return self.__dict__["_cat"]

    def __repr__(self) -> str:
        return repr(self._s)


class Catalog:
    """A catalog of satellites, from a TLE/3LE/OMM file or text, or the bundled sample.

    Index by position (``cat[0]``) or by a query, a name, NORAD number or designator
    (``cat["ISS"]``, ``cat["25544"]``, ``cat["1998-067A"]``).
    """

    def __init__(self, native: Any, recipe: Optional[tuple] = None):
        self._c = native
        # How to make the same catalog elsewhere (a Dask worker): see _rebuild.
        self._recipe = recipe

    @classmethod
    def load(cls, path: Union[str, os.PathLike], lenient: bool = False,
             verify_checksum: bool = True) -> "Catalog":
        """Reads a catalog file (TLE, 3LE, OMM XML or JSON, detected from content).
        ``lenient`` skips malformed records (listed in :attr:`skipped`)."""
        path = os.path.abspath(os.fspath(path))
        return cls(_orrery._Catalog.load(path, lenient, verify_checksum),
                   ("load", path, lenient, verify_checksum))

    read = load

    @classmethod
    def parse(cls, text: str, name: str = "<text>", lenient: bool = False,
              verify_checksum: bool = True) -> "Catalog":
        """Parses catalog text."""
        return cls(_orrery._Catalog.parse(text, name, lenient, verify_checksum),
                   ("parse", text, name, lenient, verify_checksum))

    @classmethod
    def from_tle(cls, line1: str, line2: str, name: Optional[str] = None) -> "Catalog":
        """A catalog of one TLE."""
        text = (f"{name}\n" if name else "") + f"{line1}\n{line2}\n"
        return cls.parse(text, name or "<tle>")

    @classmethod
    def bundled(cls) -> "Catalog":
        """The bundled sample: 18 objects of CelesTrak's active group, 2026-05-07."""
        return cls(_orrery._Catalog.bundled(), ("bundled",))

    @classmethod
    def bundled_active(cls) -> "Catalog":
        """The bundled whole active catalog: CelesTrak's active group of 2026-05-07,
        15,347 objects (what ``orrery conjunctions`` screens by default)."""
        return cls(_orrery._Catalog.bundled_active(), ("active",))

    source = property(lambda self: self._c.source, doc="Where it came from.")
    skipped = property(lambda self: self._c.skipped, doc="Records skipped (lenient), why.")

    @property
    def names(self) -> List[str]:
        return self._c.names()

    @property
    def norad_ids(self) -> List[int]:
        return self._c.norad_ids()

    def __len__(self) -> int:
        return len(self._c)

    def _sat(self, i: int) -> Satellite:
        s = Satellite(self._c.get(i))
        s.__dict__["_cat"] = self._c.subset([i])
        return s

    def __iter__(self) -> Iterator[Satellite]:
        for i in range(len(self)):
            yield self._sat(i)

    def __getitem__(self, key: Union[int, str]) -> Satellite:
        """``cat[i]``: the ``i``-th satellite (negative from the end); ``cat["ISS"]``,
        ``cat["25544"]``, ``cat["1998-067A"]``: the one satellite a query names."""
        if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
            n = len(self)
            k = int(key) + (n if key < 0 else 0)
            if k < 0 or k >= n:
                raise IndexError(f"index {key} out of range for {n} satellites "
                                 f"(for a NORAD number, use cat['{key}'] or cat.one({key}))")
            return self._sat(k)
        return self.one(str(key))

    def one(self, query: Union[str, int]) -> Satellite:
        """The one satellite a query names (name, NORAD number or designator); raises
        when none or several match."""
        return self._sat(self._c.one(str(query)))

    def find(self, query: str) -> List[Satellite]:
        """Every satellite a query matches (exact name, then prefix, then substring)."""
        return [self._sat(i) for i in self._c.find(str(query))]

    def select(self, *queries: str) -> "Catalog":
        """The sub-catalog of the satellites matching any query (each must match)."""
        idx = self._c.select([str(q) for q in queries])
        recipe = None if self._recipe is None else ("subset", self._recipe, list(idx))
        return Catalog(self._c.subset(idx), recipe)

    def conjunctions(self, start: TimeLike, span_days: float = 1.0, threshold_km: float = 5.0,
                     primaries: Optional[Sequence[Union[str, int]]] = None,
                     step_s: Optional[float] = None, max_age_days: float = 7.0, client: Any = None,
                     pieces: Optional[int] = None, progress: Any = None) -> "Conjunctions":
        """Conjunction screening (``orrery conjunctions``): every pair of objects that
        comes within ``threshold_km`` between ``start`` and ``span_days`` later, all
        against all or ``primaries`` (names, NORAD numbers or designators) against the
        catalog, with the time of closest approach, miss distance, relative speed, the
        miss vector in object 1's radial/in-track/cross-track frame and element ages.
        ``step_s`` is the sieve's sample step (default: the library's; it changes the
        speed, not the answer).

        On this machine by default (all cores, GIL released, Ctrl-C and ``progress``
        honoured). With ``client`` (a ``dask.distributed.Client``) the span is cut into
        ``pieces`` (default: 4 per worker thread) that the workers screen
        independently; their union is exactly the single-machine report. The workers
        rebuild the catalog the way it was made (``load`` needs the path on a shared
        file system; ``parse`` ships the text; the bundled catalogs are in every
        install)."""
        t = _sat_times(start)
        req: Dict[str, Any] = dict(span_s=float(span_days) * 86400.0,
                                   threshold_km=float(threshold_km),
                                   primaries=self._primary_indices(primaries),
                                   step_s=None if step_s is None else float(step_s),
                                   max_age_days=float(max_age_days))
        if client is None:
            doc = self._c.conjunctions_json(_orrery._ScreenRequest(t._t, **req),
                                            callback(progress, "samples"))
            return Conjunctions(loads(doc))
        if self._recipe is None:
            raise OrreryValueError("this catalog cannot be rebuilt on a cluster's workers: "
                                   "make it with Catalog.load, parse, bundled or bundled_active")
        if pieces is None:
            threads = sum(client.nthreads().values()) or 1
            pieces = 4 * threads
        if int(pieces) < 1:
            raise OrreryValueError(f"pieces must be at least 1, got {pieces}")
        # The start travels as text (to the microsecond); the client uses the same.
        iso = t[0].iso("TAI")
        t = Time(iso)
        request = _orrery._ScreenRequest(t._t, **req)
        spans = self._c.conjunction_pieces(request, int(pieces))
        recipe = client.scatter(self._recipe, broadcast=True)
        futures = [client.submit(_screen_piece, recipe, iso, first, end, req, pure=False)
                   for first, end in spans]
        try:
            results = client.gather(futures)
        except BaseException:
            client.cancel(futures)
            raise
        return Conjunctions(loads(self._c.conjunctions_assemble(request, results)))

    def _primary_indices(self, primaries: Optional[Sequence[Union[str, int]]]) -> Optional[List[int]]:
        if primaries is None:
            return None
        if isinstance(primaries, (str, int)):
            primaries = [primaries]
        idx = [self._c.one(str(q)) for q in primaries]
        if not idx:
            raise OrreryValueError("primaries is empty (give None to screen all against all)")
        return idx

    def states(self, time: TimeLike, velocity: bool = True, progress: Any = None) -> SatStates:
        """SGP4 states (TEME) of every satellite at every instant, in one call into the
        SIMD kernel (GIL released, all cores; Ctrl-C stops it between blocks of about
        4 million states): ``position`` ``(n_sats, n_times, 3)`` km, ``velocity`` km/s."""
        t = _sat_times(time)
        p, v, e = self._c.states(t._t, bool(velocity), callback(progress, "satellites"))
        return SatStates(t, self.norad_ids, self.names, p, v, e)

    def positions(self, time: TimeLike, progress: Any = None) -> np.ndarray:
        """TEME positions only, ``(n_sats, n_times, 3)`` km (NaN after a failure)."""
        t = _sat_times(time)
        return self._c.states(t._t, False, callback(progress, "satellites"))[0]

    def passes(self, observer: Observer, start: TimeLike, stop: TimeLike, **kw: Any) -> "Passes":
        """Every pass of these satellites over ``observer`` between ``start`` and
        ``stop``: rise, culmination, set (azimuth, elevation in degrees, range in km) and
        naked-eye visibility. Keywords: ``min_elevation_deg=0``, ``twilight_deg=-6``,
        ``visible_only=False``, ``ephemeris=None`` (the Sun; built-in model),
        ``visibility=True``, ``time_zone`` (IANA name for local times; a city's own),
        ``progress`` (True for tqdm, or ``f(done, total)``)."""
        return _passes(self._c, observer, start, stop, **kw)

    def __repr__(self) -> str:
        return f"Catalog({len(self)} satellites from {self.source!r})"


def _utc_frame(columns: Dict[str, list]):
    """A DataFrame of ``columns`` with every ``*_utc`` column (``... UTC`` text) as UTC
    timestamps."""
    pd = pandas()
    df = pd.DataFrame(columns)
    for c in df.columns:
        if c.endswith("_utc"):
            df[c] = pd.to_datetime(df[c].str.replace(" UTC", "", regex=False), utc=True)
    return df


_REBUILT: Dict[Any, Any] = {}


def _rebuild(recipe: tuple) -> Any:
    """The native catalog a recipe describes (cached per process: a worker parses it once)."""
    key = repr(recipe) if recipe[0] != "parse" else ("parse", hash(recipe[1]), recipe[2:])
    if key not in _REBUILT:
        kind = recipe[0]
        if kind == "load":
            c = _orrery._Catalog.load(*recipe[1:])
        elif kind == "parse":
            c = _orrery._Catalog.parse(*recipe[1:])
        elif kind == "bundled":
            c = _orrery._Catalog.bundled()
        elif kind == "active":
            c = _orrery._Catalog.bundled_active()
        elif kind == "subset":
            c = _rebuild(recipe[1]).subset(recipe[2])
        else:
            raise OrreryValueError(f"unknown catalog recipe {kind!r}")
        _REBUILT.clear() if len(_REBUILT) > 8 else None
        _REBUILT[key] = c
    return _REBUILT[key]


def _screen_piece(recipe: tuple, start_tai_iso: str, first: int, end: int,
                  req: Dict[str, Any]) -> str:
    """One Dask task: screens samples ``first..end`` of the request (its result as text)."""
    cat = _rebuild(recipe)
    request = _orrery._ScreenRequest(Time(start_tai_iso)._t, **req)
    return cat.conjunction_piece(request, first, end)


class Conjunctions:
    """The report of a screening, as ``orrery conjunctions --format json`` writes it:
    one row per pair (its closest approach, how many approaches, all of them), the
    element ages, objects that failed, and the sieve's work counts. :meth:`to_pandas`
    gives one row per pair."""

    def __init__(self, doc: Dict[str, Any]):
        self.doc = doc
        self.rows: List[Dict[str, Any]] = doc["conjunctions"]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, k: int) -> Dict[str, Any]:
        return self.rows[k]

    approach_count = property(lambda self: self.doc["approach_count"],
                              doc="Approaches under the threshold, all pairs together.")
    failures = property(lambda self: self.doc["failures"], doc="Objects that could not be screened.")

    def to_dict(self) -> Dict[str, Any]:
        """The JSON document of ``orrery conjunctions --format json``."""
        return self.doc

    def columns(self) -> Dict[str, list]:
        """One entry per pair, as columns (the CLI's CSV columns)."""
        keys = ("tca_utc", "miss_distance_km", "relative_speed_km_s", "radial_km",
                "in_track_km", "cross_track_km", "approach_count", "first_tca_utc",
                "last_tca_utc")
        cols: Dict[str, list] = {}
        for n in ("1", "2"):
            for k in ("norad_id", "name", "international_designator", "element_age_days", "stale"):
                cols[f"object{n}_{k}"] = [r[f"object{n}"][k] for r in self.rows]
        for k in keys:
            cols[k] = [r[k] for r in self.rows]
        return cols

    def to_pandas(self):
        """A DataFrame, one row per pair, ``*_utc`` columns as UTC timestamps."""
        return _utc_frame(self.columns())

    def __repr__(self) -> str:
        d = self.doc
        return (f"Conjunctions({len(self)} pairs, {d['approach_count']} approaches under "
                f"{d['threshold_km']} km, {d['start_utc']} to {d['end_utc']})")


def _passes(native_cat: Any, observer: Observer, start: TimeLike, stop: TimeLike,
            min_elevation_deg: float = 0.0, twilight_deg: float = -6.0,
            visible_only: bool = False, ephemeris: Optional[Ephemeris] = None,
            visibility: bool = True, time_zone: Optional[str] = None,
            progress: Any = None) -> "Passes":
    if not isinstance(observer, Observer):
        raise OrreryValueError("observer must be an orrery.sat.Observer")
    rows, failures = native_cat.passes_json(
        observer._o, Time(start)._t, Time(stop)._t, float(min_elevation_deg),
        float(twilight_deg), bool(visible_only),
        None if ephemeris is None else ephemeris._e, bool(visibility),
        time_zone or observer.time_zone, callback(progress, "satellites"))
    return Passes(loads(rows), failures)


def _flatten(row: Dict[str, Any]) -> Dict[str, Any]:
    out: Dict[str, Any] = {"norad_id": row["norad_id"], "name": row["name"]}
    for ev in ("rise", "culmination", "set"):
        e = row.get(ev) or {}
        for k in ("time_utc", "azimuth_deg", "elevation_deg", "range_km"):
            out[f"{ev}_{k}"] = e.get(k)
    vis = row.get("visibility") or {}
    out["visible"] = vis.get("visible")
    out["visible_start_utc"] = vis.get("start_utc")
    out["visible_end_utc"] = vis.get("end_utc")
    out["sunlit_at_culmination"] = vis.get("sunlit_at_culmination")
    out["sun_elevation_at_culmination_deg"] = vis.get("sun_elevation_at_culmination_deg")
    out["duration_s"] = row.get("duration_s")
    local = row.get("local") or {}
    out["time_zone"] = local.get("time_zone")
    for ev in ("rise", "culmination", "set"):
        out[f"{ev}_local"] = local.get(ev)
    return out


class Passes:
    """Passes in time order. Each element is a dict as ``orrery passes --format json``
    writes it; :meth:`columns` and :meth:`to_pandas` flatten them into a table
    (``rise_time_utc``, ``culmination_elevation_deg``, ``visible``...)."""

    def __init__(self, rows: List[Dict[str, Any]], failures: List[str]):
        self.rows, self.failures = rows, failures

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, k: int) -> Dict[str, Any]:
        return self.rows[k]

    def to_dict(self) -> List[Dict[str, Any]]:
        """The JSON document of ``orrery passes --format json``."""
        return self.rows

    def columns(self) -> Dict[str, list]:
        """The passes as columns (dict of lists)."""
        flat = [_flatten(r) for r in self.rows]
        keys = list(_flatten({"norad_id": 0, "name": ""}).keys())
        return {k: [f[k] for f in flat] for k in keys}

    def to_pandas(self):
        """A DataFrame, one row per pass; ``*_time_utc`` columns as UTC timestamps."""
        return _utc_frame(self.columns())

    def __repr__(self) -> str:
        return f"Passes({len(self)} passes)"


class GroundTrack:
    """A ground track: ``orrery track --format json`` as :meth:`to_dict`, with numpy
    columns ``lat_deg``, ``lon_deg``, ``alt_km``, ``speed_km_s``, ``illumination``
    and ``sunlit``, and ``azimuth_deg``/``elevation_deg``/``range_km`` with an
    observer."""

    def __init__(self, doc: Dict[str, Any]):
        self._doc = doc
        pts = doc["track"]
        self.name, self.norad_id = doc["name"], doc["norad_id"]
        self.time_utc: List[str] = [p["time_utc"] for p in pts]
        for k in ("lat_deg", "lon_deg", "alt_km", "speed_km_s", "illumination"):
            setattr(self, k, np.array([p[k] for p in pts], dtype=float))
        self.sunlit = np.array([p["sunlit"] for p in pts], dtype=bool)
        for k in ("azimuth_deg", "elevation_deg", "range_km"):
            setattr(self, k, np.array([p.get(k, np.nan) for p in pts], dtype=float)
                    if pts and k in pts[0] else None)

    def to_dict(self) -> Dict[str, Any]:
        return self._doc

    def to_pandas(self):
        pd = pandas()
        return pd.DataFrame(self._doc["track"])

    def plot(self, ax: Any = None):
        """Longitude/latitude plot (matplotlib, imported lazily); returns the axes."""
        plt = pyplot()
        ax = ax or plt.figure(figsize=(10, 5)).add_subplot()
        lon = self.lon_deg.copy()
        jumps = np.where(np.abs(np.diff(lon)) > 180)[0] + 1
        lon = np.insert(lon, jumps, np.nan)
        lat = np.insert(self.lat_deg, jumps, np.nan)
        ax.plot(lon, lat, lw=1)
        ax.set(xlim=(-180, 180), ylim=(-90, 90), xlabel="longitude (deg)",
               ylabel="latitude (deg)", title=f"{self.name} ({self.norad_id})")
        return ax

    def __len__(self) -> int:
        return len(self.time_utc)

    def __repr__(self) -> str:
        return f"GroundTrack({self.name}, {len(self)} points)"


__all__ = ["Catalog", "Satellite", "Observer", "SatStates", "Passes", "GroundTrack"]
