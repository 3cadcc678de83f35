"""Transits: light curves from Kepler/K2/TESS FITS files, CSV or numpy arrays;
detrending; BLS periodograms that line up with astropy's ``BoxLeastSquares``; the full
search (candidates with fits and vetting flags); and survey-scale searches over many
files on local threads or a Dask cluster.

>>> from orrery.transit import LightCurve
>>> lc = LightCurve.read("tess2018206045859-s0001-0000000025155310-0120-s_lc.fits")
>>> r = lc.search(period_max_days=8.0, max_planets=1)
>>> r.candidates[0]["period_days"], r.candidates[0]["depth_ppm"]

Times are days in the light curve's time system (``time_system``, e.g.
``BJD_TDB - 2457000``), durations days (``durations_hours`` where named), fluxes relative.
"""

from __future__ import annotations

import concurrent.futures as _cf
import glob as _glob
import json
import os
import time as _time
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Union

import numpy as np

from . import _orrery
from ._util import callback, f64_1d, loads, pandas, pyplot
from .errors import OrreryValueError

PathLike = Union[str, os.PathLike]


class BoxLeastSquaresResult:
    """A BLS periodogram, with astropy's ``BoxLeastSquaresResults`` attribute names:
    ``period``, ``power``, ``depth``, ``depth_err``, ``depth_snr``, ``log_likelihood``,
    ``duration`` (days), ``transit_time`` (days, in ``[t_min, t_min + period)``), and
    ``objective``."""

    def __init__(self, period: np.ndarray, arrays: Sequence[np.ndarray], objective: str):
        self.period = period
        (self.power, self.depth, self.depth_err, self.depth_snr, self.log_likelihood,
         self.duration, self.transit_time) = arrays
        self.objective = objective

    @property
    def best(self) -> Dict[str, float]:
        """The box at the highest power."""
        k = int(np.nanargmax(self.power))
        return {n: float(getattr(self, n)[k]) for n in self._names()}

    @staticmethod
    def _names() -> List[str]:
        return ["period", "power", "depth", "depth_err", "depth_snr", "log_likelihood",
                "duration", "transit_time"]

    def to_dict(self) -> Dict[str, Any]:
        """``{"periods": [...], "fits": [{power, depth, ...}]}``: the library's
        ``Periodogram`` JSON."""
        fits = [{n: float(getattr(self, n)[k]) for n in self._names()[1:]}
                for k in range(len(self.period))]
        return {"periods": self.period.tolist(), "fits": fits}

    def to_pandas(self):
        return pandas().DataFrame({n: getattr(self, n) for n in self._names()})

    def plot(self, ax: Any = None):
        plt = pyplot()
        ax = ax or plt.figure(figsize=(10, 4)).add_subplot()
        ax.plot(self.period, self.power, lw=0.7)
        ax.set(xlabel="period (days)", ylabel=f"BLS power ({self.objective})")
        return ax

    def __len__(self) -> int:
        return len(self.period)

    def __repr__(self) -> str:
        b = self.best
        return (f"BoxLeastSquaresResult({len(self)} periods; best P = {b['period']:.6f} d, "
                f"depth {b['depth']:.3g})")


class SearchResult:
    """The result of a search: :meth:`to_dict` is ``orrery transit search --format
    json``; ``candidates`` its list of candidates (``period_days``, ``t0_days``,
    ``depth_ppm``, ``duration_hours``, ``sde``, ``snr``, ``significant``, vetting and
    fit); :meth:`to_pandas` the candidates as a table."""

    def __init__(self, native: Any):
        self._r = native
        self._doc = loads(native.result_json())
        self.candidates: List[Dict[str, Any]] = self._doc["candidates"]
        self.target: str = self._doc["target"]
        self.warnings = self._doc["warnings"]

    def to_dict(self) -> Dict[str, Any]:
        return self._doc

    def to_pandas(self):
        pd = pandas()
        flat = [{k: v for k, v in c.items() if not isinstance(v, (dict, list))}
                for c in self.candidates]
        return pd.DataFrame(flat)

    def spectra(self) -> List[Dict[str, np.ndarray]]:
        """The periodogram of each pass: ``period``, ``power``, ``sde``."""
        return [{"period": p, "power": w, "sde": s} for p, w, s in self._r.spectra()]

    def detrended(self) -> "LightCurve":
        """The detrended light curve that was searched."""
        return LightCurve._wrap(self._r.detrended())

    def view(self, max_points: int = 5000) -> Dict[str, Any]:
        """Plot data: thinned raw and detrended curves, periodogram, folds."""
        return loads(self._r.view_json(int(max_points)))

    def plot(self, max_points: int = 5000):
        """Light curve, periodogram and the first candidate folded (matplotlib)."""
        plt = pyplot()
        v = self.view(max_points)
        fig, axes = plt.subplots(3, 1, figsize=(10, 9))
        axes[0].plot(v["detrended"]["time_days"], v["detrended"]["flux"], ".", ms=1)
        axes[0].set(xlabel="time (days)", ylabel="detrended flux", title=self.target)
        axes[1].plot(v["periodogram"]["periods_days"], v["periodogram"]["sde"], lw=0.7)
        axes[1].set(xlabel="period (days)", ylabel="SDE")
        if v["folds"]:
            f = v["folds"][0]
            axes[2].plot(f["phase_hours"], f["flux"], ".", ms=1)
            if f.get("model_flux"):
                axes[2].plot(f["model_hours"], f["model_flux"], "r-")
            axes[2].set(xlabel="hours from mid-transit", ylabel="flux")
        fig.tight_layout()
        return fig

    def __repr__(self) -> str:
        sig = sum(bool(c.get("significant")) for c in self.candidates)
        return f"SearchResult({self.target}: {len(self.candidates)} candidates, {sig} significant)"


class LightCurve:
    """A light curve: ``time`` (days), ``flux`` (relative), ``flux_err`` (or None).

    ``LightCurve(time, flux, flux_err=None, drop_nan=False)`` from arrays (NaN is an
    error unless ``drop_nan``); ``LightCurve.read(path)`` from a FITS file (Kepler, K2,
    TESS: PDCSAP flux, quality-masked, normalised) or a CSV.
    """

    def __init__(self, time: Any, flux: Any, flux_err: Any = None, drop_nan: bool = False,
                 target: Optional[str] = None):
        t = f64_1d(time, "time")
        f = f64_1d(flux, "flux")
        e = None if flux_err is None else f64_1d(flux_err, "flux_err")
        self._lc = _orrery._LightCurve.from_arrays(t, f, e, bool(drop_nan), target)

    @classmethod
    def _wrap(cls, native: Any) -> "LightCurve":
        lc = cls.__new__(cls)
        lc._lc = native
        return lc

    @classmethod
    def from_arrays(cls, time: Any, flux: Any, flux_err: Any = None,
                    drop_nan: bool = False, target: Optional[str] = None) -> "LightCurve":
        return cls(time, flux, flux_err, drop_nan, target)

    @classmethod
    def read(cls, path: PathLike, flux_column: str = "auto",
             quality_bitmask: Optional[int] = None) -> "LightCurve":
        """Reads a FITS or CSV light curve. ``flux_column``: ``auto`` (PDCSAP, else
        FCOR, FLUX, SAP), ``pdcsap``, ``sap``; ``quality_bitmask`` defaults to
        lightkurve's "default" (175)."""
        return cls._wrap(_orrery._LightCurve.load(os.fspath(path), flux_column,
                                                  quality_bitmask))

    load = read

    time = property(lambda self: self._lc.time, doc="Time, days.")
    flux = property(lambda self: self._lc.flux, doc="Flux, relative.")
    flux_err = property(lambda self: self._lc.flux_err, doc="1-sigma flux errors, or None.")
    target = property(lambda self: self._lc.target, doc="Target name.")
    mission = property(lambda self: self._lc.mission, doc="Mission.")
    time_system = property(lambda self: self._lc.time_system, doc="Time system, in words.")
    bjd_ref = property(lambda self: self._lc.bjd_ref, doc="BJD_TDB - time, days, if known.")
    sources = property(lambda self: self._lc.sources, doc="Files read.")

    def __len__(self) -> int:
        return len(self._lc)

    def flatten(self, window_days: float = 0.75, clip_sigma: float = 4.0) -> "LightCurve":
        """Biweight-detrended copy (wotan's ``flatten(method='biweight')``), points more
        than ``clip_sigma`` robust sigmas above the trend dropped."""
        return LightCurve._wrap(self._lc.flatten(float(window_days), float(clip_sigma)))

    def periodogram(self, period: Any, duration: Any, objective: str = "likelihood",
                    oversample: int = 10, use_errors: bool = True) -> BoxLeastSquaresResult:
        """BLS at each ``period`` over the ``duration`` values (days): the same numbers
        as ``astropy.timeseries.BoxLeastSquares(t, y, dy).power(period, duration,
        objective=objective, oversample=oversample)`` (``dy`` = ``flux_err`` when
        ``use_errors`` and present). ``objective``: ``likelihood`` (astropy's default,
        ½·W_in·δ²) or ``snr``. All cores, GIL released."""
        p = f64_1d(period, "period")
        d = f64_1d(duration, "duration")
        arrays = self._lc.bls(p, d, objective, int(oversample), bool(use_errors))
        return BoxLeastSquaresResult(p, arrays, objective)

    bls = periodogram

    def search(self, progress: Any = None, **settings: Any) -> SearchResult:
        """The full search (detrend, BLS on the Ofir grid, refine, fit, vet, mask the
        transits, repeat). Settings (all optional): ``period_min_days``,
        ``period_max_days``, ``periods_days``, ``durations_hours``, ``objective``,
        ``oversample``, ``detrend_window_days``, ``max_planets``, ``sde_threshold``,
        ``fit``, ``ranking`` (``"template"``, the default: the top BLS peaks rescored with
        limb-darkened templates; ``"box"``: the highest BLS peak), ``star_mass_msun``,
        ``star_radius_rsun``..."""
        return SearchResult(self._lc.search(settings or None, callback(progress, "stages")))

    def plot(self, ax: Any = None):
        plt = pyplot()
        ax = ax or plt.figure(figsize=(10, 4)).add_subplot()
        ax.plot(self.time, self.flux, ".", ms=1)
        ax.set(xlabel=f"time ({self.time_system})", ylabel="flux", title=self.target)
        return ax

    def __repr__(self) -> str:
        return f"LightCurve({self.target!r}, {len(self)} points, {self.mission})"


def read(path: PathLike, **kw: Any) -> LightCurve:
    """Shorthand for :meth:`LightCurve.read`."""
    return LightCurve.read(path, **kw)


def search(lc: Union[LightCurve, PathLike], progress: Any = None, **settings: Any) -> SearchResult:
    """Searches a light curve (or a file) for transits."""
    if not isinstance(lc, LightCurve):
        lc = LightCurve.read(lc)
    return lc.search(progress=progress, **settings)


# -- survey scale --------------------------------------------------------------------

LC_SUFFIXES = (".fits", ".fit", ".fits.gz", ".csv")


def discover(pattern: PathLike) -> List[str]:
    """Light-curve files of a directory (recursively: .fits, .fit, .csv) or a glob,
    sorted."""
    p = os.fspath(pattern)
    if os.path.isdir(p):
        out = [os.path.join(d, f) for d, _, fs in os.walk(p) for f in fs
               if f.lower().endswith(LC_SUFFIXES)]
    elif os.path.isfile(p):
        out = [p]
    else:
        out = _glob.glob(p)
    return sorted(out)


def search_file(path: str, settings: Optional[Dict[str, Any]] = None,
                flux_column: str = "auto") -> Dict[str, Any]:
    """Reads and searches one file; never raises for a bad file: returns the record
    ``{"file", "status": "ok"|"error", "error"?, "result"?, "seconds"}`` (one line of
    ``orrery transit batch``). This is the function ``search_many`` maps over workers."""
    return json.loads(_orrery.search_file_json(os.fspath(path), settings or None, flux_column))


def _search_arrays(key: str, t: np.ndarray, f: np.ndarray, e: Optional[np.ndarray],
                   settings: Optional[Dict[str, Any]], target: str = "") -> Dict[str, Any]:
    t0 = _time.perf_counter()
    try:
        r = LightCurve(t, f, e, drop_nan=True, target=target or None).search(**(settings or {}))
        return {"file": key, "status": "ok", "result": r.to_dict(),
                "seconds": _time.perf_counter() - t0}
    except Exception as ex:  # a bad light curve is a record, not a stop
        return {"file": key, "status": "error", "error": str(ex),
                "seconds": _time.perf_counter() - t0}


class _Writer:
    """Appends records as they arrive: JSON lines (one flushed line each), or a Parquet
    dataset directory (one part file per ``parquet_batch`` records)."""

    def __init__(self, out: str, parquet_batch: int):
        self.out = out
        self.parquet = out.endswith(".parquet")
        self.batch: List[Dict[str, Any]] = []
        self.parquet_batch = max(1, parquet_batch)
        if self.parquet:
            os.makedirs(out, exist_ok=True)
            self.f = None
        else:
            d = os.path.dirname(os.path.abspath(out))
            os.makedirs(d, exist_ok=True)
            self.f = open(out, "a", encoding="utf-8")

    def done(self) -> set:
        if not self.parquet:
            return set(_orrery.finished_files(self.out)) if os.path.exists(self.out) else set()
        import pyarrow.parquet as pq  # type: ignore
        files = set()
        for part in sorted(_glob.glob(os.path.join(self.out, "part-*.parquet"))):
            try:
                files.update(pq.read_table(part, columns=["file"]).column("file").to_pylist())
            except Exception:  # a torn part (interrupted write) is redone
                os.remove(part)
        return files

    def write(self, rec: Dict[str, Any]) -> None:
        if self.f is not None:
            self.f.write(json.dumps(rec, separators=(",", ":")) + "\n")
            self.f.flush()
            return
        self.batch.append(rec)
        if len(self.batch) >= self.parquet_batch:
            self.flush()

    def flush(self) -> None:
        if self.parquet and self.batch:
            import pyarrow as pa  # type: ignore
            import pyarrow.parquet as pq  # type: ignore
            rows = []
            for r in self.batch:
                res = r.get("result") or {}
                best = (res.get("candidates") or [{}])[0]
                rows.append({
                    "file": r["file"], "status": r["status"], "error": r.get("error"),
                    "seconds": r["seconds"], "target": res.get("target"),
                    "n_candidates": len(res.get("candidates") or []),
                    "period_days": best.get("period_days"), "depth_ppm": best.get("depth_ppm"),
                    "sde": best.get("sde"), "significant": best.get("significant"),
                    "result_json": json.dumps(res) if res else None,
                })
            k = len(_glob.glob(os.path.join(self.out, "part-*.parquet")))
            tmp = os.path.join(self.out, f".part-{k:06d}.tmp")
            pq.write_table(pa.Table.from_pylist(rows), tmp)
            os.replace(tmp, os.path.join(self.out, f"part-{k:06d}.parquet"))
            self.batch = []

    def close(self) -> None:
        self.flush()
        if self.f is not None:
            self.f.close()


def search_many(items: Union[PathLike, Iterable[Union[PathLike, LightCurve]]],
                out: PathLike = "results.jsonl", client: Any = None,
                threads: Optional[int] = None, progress: Any = None,
                flux_column: str = "auto", parquet_batch: int = 50,
                **settings: Any) -> Dict[str, Any]:
    """Searches many light curves, writing one record per light curve to ``out`` as
    each finishes: JSON lines (``.jsonl``, the format of ``orrery transit batch``) or a
    Parquet dataset directory (``.parquet``; one row per file with the best candidate and
    the whole result as JSON).

    ``items``: a directory or glob, or a list of paths and/or :class:`LightCurve`s
    (these are keyed ``<target>#<index>``). A bad file becomes an ``"error"`` record and
    never stops the run. On restart, what ``out`` already holds is skipped (a torn last
    line from an interruption is dropped and redone), so an interrupted survey loses
    nothing.

    Engine: local threads by default (``threads``, default 1 search at a time — each
    search already uses every core); with ``client`` (a ``dask.distributed.Client``)
    the searches are mapped over the cluster's workers (each runs the Rust search) and
    written here as they complete.

    ``progress``: ``True`` for tqdm, or ``f(record)`` called after each record (raising
    from it stops the run; what was written stays). Returns the summary ``{total,
    skipped, ok, failed, seconds, per_minute}``.
    """
    if isinstance(items, (str, os.PathLike)):
        items = discover(items)
    tasks: List[tuple] = []
    for k, it in enumerate(items):
        if isinstance(it, LightCurve):
            tasks.append((f"{it.target or 'lightcurve'}#{k}", it))
        else:
            tasks.append((os.fspath(it), None))
    cfg = dict(settings)
    writer = _Writer(os.fspath(out), parquet_batch)
    done = writer.done()
    pending = [(key, lc) for key, lc in tasks if key not in done]
    summary = {"total": len(tasks), "skipped": len(tasks) - len(pending), "ok": 0,
               "failed": 0, "seconds": 0.0, "per_minute": 0.0}
    bar = None
    if progress is True:
        try:
            from tqdm.auto import tqdm  # type: ignore
            bar = tqdm(total=len(pending), desc="light curves")
        except ImportError:
            pass
    on_record: Optional[Callable[[Dict[str, Any]], Any]] = progress if callable(progress) else None
    t0 = _time.perf_counter()

    def submit_args(key: str, lc: Optional[LightCurve]) -> tuple:
        if lc is None:
            return (search_file, key, cfg or None, flux_column)
        return (_search_arrays, key, lc.time, lc.flux, lc.flux_err, cfg or None, lc.target)

    def record(rec: Dict[str, Any]) -> None:
        writer.write(rec)
        summary["ok" if rec["status"] == "ok" else "failed"] += 1
        if bar is not None:
            bar.update(1)
        if on_record is not None:
            on_record(rec)

    try:
        if client is not None:
            import uuid

            from dask.distributed import as_completed  # type: ignore
            run = uuid.uuid4().hex[:12]  # keys unique to this run: a restart never meets
            futures = {}                 # the cancelled tasks of an interrupted one
            for key, lc in pending:
                fn, *args = submit_args(key, lc)
                k = f"orrery-search-{run}-{len(futures)}"
                futures[client.submit(fn, *args, pure=False, key=k)] = key
            try:
                for fut in as_completed(list(futures)):
                    key = futures[fut]
                    try:
                        rec = fut.result()
                    except Exception as ex:
                        if "Cancelled" in type(ex).__name__:
                            continue  # not the file's fault: left for the next run
                        # A worker lost or killed on this file: record it and go on.
                        rec = {"file": key, "status": "error",
                               "error": f"worker failure: {type(ex).__name__}: {ex}",
                               "seconds": 0.0}
                    record(rec)
            except BaseException:
                client.cancel(list(futures))
                raise
        else:
            with _cf.ThreadPoolExecutor(max_workers=max(1, threads or 1)) as pool:
                futs = {}
                for key, lc in pending:
                    fn, *args = submit_args(key, lc)
                    futs[pool.submit(fn, *args)] = key
                try:
                    for fut in _cf.as_completed(futs):
                        record(fut.result())
                except BaseException:
                    for f in futs:
                        f.cancel()
                    raise
    finally:
        writer.close()
        if bar is not None:
            bar.close()
        summary["seconds"] = _time.perf_counter() - t0
        n = summary["ok"] + summary["failed"]
        summary["per_minute"] = n * 60.0 / summary["seconds"] if summary["seconds"] > 0 else 0.0
    return summary


def read_results(out: PathLike) -> List[Dict[str, Any]]:
    """The records of a ``search_many``/``orrery transit batch`` output (JSON lines or
    a Parquet dataset directory)."""
    p = os.fspath(out)
    if p.endswith(".parquet"):
        import pyarrow.parquet as pq  # type: ignore
        return pq.read_table(p).to_pylist()
    with open(p, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


__all__ = ["LightCurve", "BoxLeastSquaresResult", "SearchResult", "read", "search",
           "search_file", "search_many", "read_results", "discover"]
