"""BLS speed: astropy BoxLeastSquares vs `orrery transit` BLS, same data, same period and
duration grids, oversample 10, likelihood objective. Also batch throughput on TESS
2-minute sector light curves.

Run from the repository root:
    python3 -m venv /tmp/venv-bench && /tmp/venv-bench/bin/pip install numpy==2.1.3 astropy==6.1.7
    cargo build --release -p orrery-transit --example bls_bench && cargo build --release -p orrery-cli --bin orrery
    /tmp/venv-bench/bin/python bench/transit/compare_astropy.py
Single-core figures pin both to CPU 0 (taskset) with OMP/RAYON threads = 1. Each side
reports wall time and CPU time (process CPU, all threads): on a shared machine the CPU
time is the steadier measure of one-core work, so the one-core ratio uses CPU times,
and the wall ratio is printed beside it. Two-core scaling = orrery one-core wall time /
two-core wall time. Each timing is the best of 5 rounds that run astropy (one call
after a warm-up call), Orrery on one core and Orrery on two cores in turn (Orrery:
fastest of 3 runs in the process, so that a run of a few milliseconds is not timed
while the CPU clock is still rising).
"""
import json, os, subprocess, sys, time, shutil, tempfile
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, "crates/orrery-transit/tests/fixtures")
EXE = os.path.join(ROOT, "target/release/examples/bls_bench")
ORRERY = os.path.join(ROOT, "target/release/orrery")


def ofir(baseline, pmin, pmax, os_=3.0):
    gm = 1.32712440018e20 * 86400.0**2
    r = 6.957e8
    a = (2 * np.pi) ** (2 / 3) / np.pi * r / gm ** (1 / 3) / (baseline * os_)
    fmin, fmax = 1 / pmax, 1 / pmin
    c = fmin ** (1 / 3) - a / 3
    n = int(np.ceil((fmax ** (1 / 3) - fmin ** (1 / 3) + a / 3) * 3 / a))
    f = (a * np.arange(n) / 3 + c) ** 3
    f = f[(f >= fmin) & (f <= fmax)]
    return np.sort(1 / f)


ROUNDS = 5


def case(name, t, y, dy, periods, durations):
    work = tempfile.mkdtemp()
    np.savetxt(os.path.join(work, "lc.csv"), np.c_[t, y, dy], delimiter=",")
    np.savetxt(os.path.join(work, "periods.txt"), periods)
    np.savetxt(os.path.join(work, "durations.txt"), durations)
    env1 = dict(os.environ, OMP_NUM_THREADS="1", RAYON_NUM_THREADS="1")
    # astropy, one core: wall and CPU seconds of one call after a warm-up call
    code = (
        "import numpy as np,time,sys;from astropy.timeseries import BoxLeastSquares as B;"
        f"d=np.loadtxt('{work}/lc.csv',delimiter=',');p=np.loadtxt('{work}/periods.txt');du=np.loadtxt('{work}/durations.txt');"
        "b=B(d[:,0],d[:,1],d[:,2]);b.power(p[:50],du)\n"
        "t0=time.perf_counter();c0=time.process_time();r=b.power(p,du,objective='likelihood',oversample=10)\n"
        f"np.savetxt('{work}/astropy_power.txt',r.power);print(time.perf_counter()-t0,time.process_time()-c0)"
    )

    def astropy():
        out = subprocess.check_output(["taskset", "-c", "0", sys.executable, "-c", code], env=env1)
        return tuple(map(float, out.decode().split()[-2:]))

    def orrery(cpus, env):
        # BLS_REPEAT=3: the fastest of 3 runs inside the process, so that a run of a
        # few milliseconds is not timed while the CPU clock is still rising.
        env = dict(env, BLS_REPEAT="3")
        out = subprocess.check_output(["taskset", "-c", cpus, EXE, work], env=env)
        return tuple(map(float, out.decode().split()[-2:]))

    # Interleaved rounds, best of each: the speed of this shared machine drifts over
    # tens of seconds, and timing one program after the other can catch them in
    # different phases.
    inf = float("inf")
    ta = ca = t1 = c1 = t2 = inf
    for _ in range(ROUNDS):
        w, c = astropy()
        ta, ca = min(ta, w), min(ca, c)
        w, c = orrery("0", env1)
        t1, c1 = min(t1, w), min(c1, c)
        shutil.copy(f"{work}/orrery_power.txt", f"{work}/orrery_power_1.txt")
        w, _ = orrery("0,1", dict(os.environ, RAYON_NUM_THREADS="2"))
        t2 = min(t2, w)
    pa = np.loadtxt(f"{work}/astropy_power.txt")
    po = np.loadtxt(f"{work}/orrery_power.txt")
    rel = np.max(np.abs(po - pa) / np.abs(pa))
    assert rel < 1e-9, f"power disagrees: max rel diff {rel}"
    po1 = np.loadtxt(f"{work}/orrery_power_1.txt")
    rel = max(rel, np.max(np.abs(po1 - pa) / np.abs(pa)))
    assert rel < 1e-9, f"power disagrees: max rel diff {rel}"
    print(f"{name}: N={len(t)} periods={len(periods)} durations={len(durations)}  "
          f"astropy {ta:.3f} s wall / {ca:.3f} s CPU, orrery 1 core {t1:.3f} s wall / {c1:.3f} s CPU, "
          f"2 cores {t2:.3f} s wall, max rel power diff {rel:.1e}")
    print(f"ratio astropy/orrery ({name}, 1 core, CPU time): {ca / c1:.2f}")
    print(f"ratio astropy/orrery ({name}, 1 core, wall time): {ta / t1:.2f}")
    print(f"scaling orrery 1 core / 2 cores ({name}, wall time): {t1 / t2:.2f}")
    shutil.rmtree(work)


def load_fits(path):
    from astropy.io import fits
    with fits.open(path) as h:
        d = h[1].data
        q = d["QUALITY"] if "QUALITY" in d.names else d["SAP_QUALITY"]
        m = np.isfinite(d["TIME"]) & np.isfinite(d["PDCSAP_FLUX"]) & (q & 175 == 0)
        t, f, e = d["TIME"][m], d["PDCSAP_FLUX"][m], d["PDCSAP_FLUX_ERR"][m]
    med = np.median(f)
    return np.asarray(t, float), np.asarray(f / med, float), np.asarray(e / med, float)


def main():
    durations = np.array([1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) / 24.0
    # 1) Kepler-quarter-length long cadence (~4000 points): K2-3 C1 (80 d, 3632 points).
    d = np.loadtxt(os.path.join(FIX, "EPIC201367065.csv"), delimiter=",")
    t, y = d[:, 0], d[:, 1]
    dy = np.full_like(t, 1e-4)
    case("long cadence 3632 pts", t, y, dy, ofir(t.max() - t.min(), 0.5, 40.0), durations)
    # 2) 1-minute cadence (~14000 points): Kepler Q0 short cadence, HAT-P-7.
    t, y, dy = load_fits(os.path.join(FIX, "kplr010666592-2009131110544_slc.fits"))
    case(f"short cadence {len(t)} pts", t, y, dy, ofir(t.max() - t.min(), 0.5, 4.8), durations)
    # 3) Batch: TESS 2-min sectors (~18000 points each), full pipeline (detrend, BLS, fit, vetting).
    work = tempfile.mkdtemp()
    src = [f for f in os.listdir(FIX) if f.startswith("tess")]
    n = 0
    for k in range(4):
        for f in src:
            shutil.copy(os.path.join(FIX, f), os.path.join(work, f"{k}_{f}"))
            n += 1
    out = os.path.join(work, "r.jsonl")
    t0 = time.perf_counter()
    subprocess.check_call([ORRERY, "transit", "batch", work, "--out", out, "--quiet"])
    dt = time.perf_counter() - t0
    ok = sum(1 for l in open(out) if '"status":"ok"' in l)
    print(f"batch: {ok}/{n} TESS 2-min sector light curves in {dt:.1f} s = {60 * ok / dt:.1f} light curves/min (2 cores)")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
