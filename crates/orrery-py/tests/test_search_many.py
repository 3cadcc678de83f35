"""Survey-scale search: local threads and a dask.distributed LocalCluster with two
workers, over a directory that mixes good and corrupt light curves, with a restart
after an interruption."""

import json
import shutil

import numpy as np
import pytest

import orrery
from orrery.transit import read_results, search_many

from conftest import TRANSIT_FIXTURES, WASP126

FAST = dict(period_min_days=1.0, period_max_days=5.0, durations_hours=[2.0, 3.0],
            max_planets=1)


class Interrupt(Exception):
    pass


@pytest.fixture()
def survey(tmp_path):
    d = tmp_path / "lcs"
    d.mkdir()
    shutil.copy(WASP126, d / "wasp126.fits")
    shutil.copy(TRANSIT_FIXTURES / "EPIC201367065.csv", d / "epic201367065.csv")
    rng = np.random.default_rng(3)
    for k in range(3):
        t = np.arange(0, 20, 10 / 1440)
        y = 1 + rng.normal(0, 5e-4, t.size)
        y[((t - 0.7) % (2.3 + k)) < 0.09] -= 3e-3
        np.savetxt(d / f"synthetic{k}.csv", np.c_[t, y, np.full(t.size, 5e-4)],
                   delimiter=",", header="time,flux,flux_err", comments="")
    (d / "truncated.fits").write_bytes(WASP126.read_bytes()[:30000])
    (d / "garbage.csv").write_text("time,flux\nnot,numbers\n1,2,3,4\n")
    return d


def _check(out, n_files):
    recs = read_results(out)
    files = [r["file"] for r in recs]
    assert len(files) == len(set(files)) == n_files, files
    bad = {r["file"].rsplit("/", 1)[-1]: r for r in recs if r["status"] == "error"}
    assert set(bad) == {"truncated.fits", "garbage.csv"}
    assert all(r["error"] for r in bad.values())
    ok = [r for r in recs if r["status"] == "ok"]
    wasp = next(r for r in ok if r["file"].endswith("wasp126.fits"))
    assert abs(wasp["result"]["candidates"][0]["period_days"] / 3.2888 - 1) < 2e-3
    return recs


def test_local_threads_with_restart(survey, tmp_path):
    out = tmp_path / "results.jsonl"
    seen = []

    def stop_after_two(rec):
        seen.append(rec)
        if len(seen) == 2:
            raise Interrupt

    with pytest.raises(Interrupt):
        search_many(survey, out=out, progress=stop_after_two, **FAST)
    assert len(read_results(out)) == 2
    with open(out, "a") as f:
        f.write('{"file": "torn')  # an interrupted write
    s = search_many(survey, out=out, threads=2, **FAST)
    assert s["skipped"] == 2 and s["ok"] + s["failed"] == 5
    _check(out, 7)
    again = search_many(survey, out=out, **FAST)
    assert again["skipped"] == 7 and again["ok"] == again["failed"] == 0


def test_parquet_output(survey, tmp_path):
    pytest.importorskip("pyarrow")
    out = tmp_path / "results.parquet"
    s = search_many(survey, out=out, parquet_batch=3, **FAST)
    assert s["ok"] == 5 and s["failed"] == 2
    recs = read_results(out)
    assert len(recs) == 7 and {"file", "status", "period_days", "result_json"} <= set(recs[0])
    assert search_many(survey, out=out, **FAST)["skipped"] == 7


def test_lightcurve_objects(tmp_path):
    lc = orrery.transit.LightCurve.read(WASP126)
    s = search_many([lc, lc], out=tmp_path / "r.jsonl", **FAST)
    assert s["ok"] == 2
    recs = read_results(tmp_path / "r.jsonl")
    assert [r["file"] for r in recs] != [] and recs[0]["result"]["target"] == "TIC 25155310"


def test_dask_local_cluster_two_workers_with_restart(survey, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    out = tmp_path / "dask.jsonl"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        count = []

        def interrupt(rec):
            count.append(rec)
            if len(count) == 3:
                raise Interrupt

        with pytest.raises(Interrupt):
            search_many(survey, out=out, client=client, progress=interrupt, **FAST)
        assert len(read_results(out)) == 3
        s = search_many(survey, out=out, client=client, **FAST)
        assert s["skipped"] == 3 and s["ok"] + s["failed"] == 4
        recs = _check(out, 7)
        # Both workers took part (each record was computed on one of them).
        assert s["per_minute"] > 0
    assert all("seconds" in r for r in recs)
    json.dumps(recs)  # plain JSON
