"""search_many throughput: light curves per minute on local threads and on a Dask
LocalCluster with one and two workers, on the repository's light curves (copied to make
a directory of N files)."""

import os
import shutil
import sys
import tempfile
import time

import orrery
from orrery.transit import search_many

settings = {}


def run(tmp, label, **kw):
    out = os.path.join(tempfile.mkdtemp(), "r.jsonl")
    s = search_many(tmp, out=out, **kw, **settings)
    print(f"{label:28s} {s['ok']} ok, {s['failed']} failed in {s['seconds']:.1f} s: "
          f"{s['per_minute']:.1f} light curves/min")


def main():
    N = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    fx = "crates/orrery-transit/tests/fixtures"
    src = [os.path.join(fx, f) for f in sorted(os.listdir(fx)) if f.endswith((".fits",))]
    tmp = tempfile.mkdtemp()
    for k in range(N):
        s = src[k % len(src)]
        shutil.copy(s, os.path.join(tmp, f"{k:03d}-{os.path.basename(s)}"))

    cli = "target/release/orrery"
    if os.path.exists(cli):
        import subprocess
        out = os.path.join(tempfile.mkdtemp(), "cli.jsonl")
        t0 = time.perf_counter()
        subprocess.run([cli, "transit", "batch", tmp, "--out", out], check=True,
                       capture_output=True)
        dt = time.perf_counter() - t0
        print(f"{'CLI transit batch (2 cores)':28s} {N} files in {dt:.1f} s: {N * 60 / dt:.1f} light curves/min")
    run(tmp, "local, 1 search at a time")
    from dask.distributed import Client, LocalCluster  # noqa: E402

    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as c, Client(c) as client:
            client.run(lambda: os.environ.__setitem__("RAYON_NUM_THREADS", "1"))
            run(tmp, f"dask, {workers} worker(s)", client=client)
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
