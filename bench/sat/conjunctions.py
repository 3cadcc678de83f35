"""Conjunction screening: astroz `screen` against `orrery conjunctions`, same catalog, start,
span and threshold, in one run. Prints both times, the ratio, and the approaches each finds
that the other does not (matched by pair and TCA within 60 s), with their miss distances.

Usage: python bench/sat/conjunctions.py [CATALOG] [--days 1] [--threshold 5] [--first N]
Needs `pip install astroz` and a release `orrery` (ORRERY_BIN, default target/release/orrery).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_CATALOG = os.path.join(ROOT, "crates/orrery-sat/data/celestrak-active-2026-05-07.txt")
START = datetime(2026, 5, 7, tzinfo=timezone.utc)


def first_records(path, n):
    lines = [l.rstrip("\r\n") for l in open(path)]
    out = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
    out.write("\n".join(lines[: 3 * n]) + "\n")
    out.close()
    return out.name


def run_astroz(path, days, threshold):
    import astroz

    t0 = time.perf_counter()
    c = astroz.Constellation(path)
    ev = astroz.screen(c, days * 1440.0, threshold=threshold, start_time=START)
    dt = time.perf_counter() - t0
    ids = c.satnums() if callable(c.satnums) else c.satnums
    events = [
        (min(ids[i], ids[j]), max(ids[i], ids[j]), 60.0 * t, d)
        for i, j, t, d in zip(ev.i, ev.j, ev.time, ev.distance)
    ]
    return dt, events


def run_orrery(path, days, threshold):
    exe = os.environ.get("ORRERY_BIN", os.path.join(ROOT, "target/release/orrery"))
    cmd = [exe, "conjunctions", path, "--from", "2026-05-07T00:00:00 UTC",
           "--span", f"{days}d", "--threshold", f"{threshold}km", "--format", "json"]
    t0 = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    dt = time.perf_counter() - t0
    rep = json.loads(out)
    t_start = datetime.fromisoformat(rep["start_utc"].replace("Z", "+00:00"))
    events = []
    for row in rep["conjunctions"]:
        a, b = row["object1"]["norad_id"], row["object2"]["norad_id"]
        for ap in row["approaches"]:
            t = datetime.fromisoformat(ap["tca_utc"].replace("Z", "+00:00"))
            events.append((min(a, b), max(a, b), (t - t_start).total_seconds(), ap["miss_distance_km"]))
    return dt, events


def unmatched(mine, theirs, window=60.0):
    by_pair = {}
    for a, b, t, d in theirs:
        by_pair.setdefault((a, b), []).append(t)
    return [e for e in mine if not any(abs(e[2] - t) < window for t in by_pair.get((e[0], e[1]), []))]


def describe(label, events, threshold):
    print(f"{label}: {len(events)}")
    near = sum(1 for e in events if e[3] > 0.99 * threshold)
    if events:
        print(f"  of which within 1 % of the threshold: {near}")
    for a, b, t, d in sorted(events, key=lambda e: e[2])[:15]:
        print(f"  {a:>6} {b:>6}  t = {t:9.1f} s  miss {d:.4f} km")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("catalog", nargs="?", default=DEFAULT_CATALOG)
    ap.add_argument("--days", type=float, default=1.0)
    ap.add_argument("--threshold", type=float, default=5.0)
    ap.add_argument("--first", type=int, default=0, help="screen only the first N objects")
    a = ap.parse_args()
    path = first_records(a.catalog, a.first) if a.first else a.catalog
    t_o, ev_o = run_orrery(path, a.days, a.threshold)
    print(f"Orrery done in {t_o:.2f} s", flush=True)
    t_a, ev_a = run_astroz(path, a.days, a.threshold)
    pairs = lambda ev: len({(e[0], e[1]) for e in ev})
    print(f"catalog {a.catalog}{f' (first {a.first})' if a.first else ''}, {a.days} d from {START:%Y-%m-%d}, {a.threshold} km")
    print(f"astroz screen:        {t_a:8.2f} s, {len(ev_a)} approaches over {pairs(ev_a)} pairs")
    print(f"Orrery conjunctions:  {t_o:8.2f} s, {len(ev_o)} approaches over {pairs(ev_o)} pairs")
    print(f"ratio astroz/Orrery: {t_a / t_o:.2f}")
    describe("found by astroz only", unmatched(ev_a, ev_o), a.threshold)
    describe("found by Orrery only", unmatched(ev_o, ev_a), a.threshold)


if __name__ == "__main__":
    sys.exit(main())
