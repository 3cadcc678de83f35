"""Conjunction screening in pieces: the cost of one piece, and the whole bundled active
catalog (15,347 objects) over SPAN days at 5 km screened on this machine, then on a
dask.distributed LocalCluster with one and two single-threaded workers, each checked to
give exactly the single-machine report.

Run from the repository root with the package built in release mode:
    (cd crates/orrery-py && maturin develop --release)
    python bench/python/conjunctions_dask.py [SPAN_DAYS] [PIECES]
"""

import os
import sys
import time

from orrery.sat import Catalog, _rebuild
from orrery.time import Time

START = "2026-05-07T00:00:00 UTC"


def main():
    span = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    n_pieces = int(sys.argv[2]) if len(sys.argv) > 2 else 24
    cat = Catalog.bundled_active()
    print(f"{len(cat)} objects, {span} d from {START}, 5 km, {n_pieces} pieces; "
          f"load {os.getloadavg()[0]:.1f}")
    req = dict(span_s=span * 86400.0, threshold_km=5.0, primaries=None, step_s=None,
               max_age_days=7.0)
    t = Time(Time(START).iso("TAI"))
    from orrery import _orrery
    request = _orrery._ScreenRequest(t._t, **req)
    spans = cat._c.conjunction_pieces(request, n_pieces)
    first, end = spans[len(spans) // 2]
    t0 = time.perf_counter()
    cat._c.conjunction_piece(request, first, end)
    one = time.perf_counter() - t0
    print(f"one piece ({end - first} samples of {spans[-1][1]}), all cores: {one:.2f} s")

    t0 = time.perf_counter()
    local = cat.conjunctions(START, span_days=span, threshold_km=5.0)
    whole = time.perf_counter() - t0
    print(f"single machine, all cores: {whole:.1f} s, {len(local)} pairs, "
          f"{local.approach_count} approaches")

    from dask import config
    from dask.distributed import Client, LocalCluster
    config.set({"distributed.worker.daemon": False})
    for workers in (1, 2):
        # One thread per worker, and one rayon thread each, so the cluster's cores are
        # the workers'.
        os.environ["RAYON_NUM_THREADS"] = "1"
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            client.run(lambda: _rebuild(("active",)) and None)  # each worker parses it once
            t0 = time.perf_counter()
            r = cat.conjunctions(START, span_days=span, threshold_km=5.0, client=client,
                                 pieces=n_pieces)
            dt = time.perf_counter() - t0
        os.environ.pop("RAYON_NUM_THREADS")
        same = r.to_dict()["conjunctions"] == local.to_dict()["conjunctions"]
        print(f"LocalCluster {workers} worker(s) x 1 thread: {dt:.1f} s, "
              f"identical to the single-machine report: {same}")


if __name__ == "__main__":
    main()
