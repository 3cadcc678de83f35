"""Fixtures for orrery-transit tests, from the peer tools.

Pinned: python 3.11, numpy==2.1.3, astropy==6.1.7, batman-package==2.5.3
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install numpy==2.1.3 astropy==6.1.7 batman-package==2.5.3
    /tmp/venv/bin/python tools/reference/transit/make_fixtures.py crates/orrery-transit/tests/fixtures

Writes
  bls_astropy.csv  astropy BoxLeastSquares power (likelihood and snr objectives) per period on
                   EPIC201367065.csv (K2-3, TLS test file) with deterministic per-point errors.
  batman.csv       batman quadratic-limb-darkening transit flux for several (rp, a, inc, u1, u2),
                   including grazing and full-occultation (rp > 1) cases.
"""
import sys, os
import numpy as np
import astropy
import batman
from astropy.timeseries import BoxLeastSquares

out = sys.argv[1] if len(sys.argv) > 1 else "."

# ---- BLS ----
d = np.loadtxt(os.path.join(out, "EPIC201367065.csv"), delimiter=",")
t, y = d[:, 0], d[:, 1]
i = np.arange(len(t))
dy = 1e-4 * (1.0 + 0.5 * np.sin(0.1 * i))  # the same formula is used in the Rust test
freq = np.linspace(1.0 / 40.0, 1.0 / 0.7, 700)
periods = np.sort(1.0 / freq)
durations = np.array([0.04, 0.06, 0.08, 0.11, 0.15, 0.2, 0.3])
bls = BoxLeastSquares(t, y, dy)
rl = bls.power(periods, durations, objective="likelihood", oversample=10)
rs = bls.power(periods, durations, objective="snr", oversample=10)
with open(os.path.join(out, "bls_astropy.csv"), "w") as f:
    f.write(f"# astropy {astropy.__version__} BoxLeastSquares(t, y, dy).power(period, duration=[{', '.join(map(str, durations))}], oversample=10) "
            "on EPIC201367065.csv, dy = 1e-4*(1+0.5*sin(0.1*i)); tools/reference/transit/make_fixtures.py\n")
    f.write("period,power_likelihood,depth,depth_err,duration,transit_time,power_snr\n")
    for k in range(len(periods)):
        f.write(f"{periods[k]:.17g},{rl.power[k]:.17g},{rl.depth[k]:.17g},{rl.depth_err[k]:.17g},"
                f"{rl.duration[k]:.17g},{rl.transit_time[k]:.17g},{rs.power[k]:.17g}\n")

# ---- batman ----
cases = [
    # rp, a, inc, u1, u2
    (0.1, 15.0, 90.0, 0.4, 0.26),
    (0.05, 8.0, 87.0, 0.1, 0.3),
    (0.15, 10.0, 84.9, 0.5, 0.1),   # grazing: b = 10 cos(84.9°) ≈ 0.889 ... up to 1+rp
    (0.2, 5.0, 79.0, 0.3, 0.2),     # grazing, b ≈ 0.954
    (0.08, 20.0, 89.0, 0.0, 0.0),   # uniform disk
    (1.2, 30.0, 90.0, 0.4, 0.26),   # planet larger than star: full occultation
    (0.3, 6.0, 88.0, 0.6, -0.1),
]
per, t0 = 3.0, 0.0
tt = np.linspace(-0.25, 0.25, 1001)
with open(os.path.join(out, "batman.csv"), "w") as f:
    f.write(f"# batman {batman.__version__} TransitModel(quadratic, ecc=0, w=90, t0=0, per=3, no supersampling); tools/reference/transit/make_fixtures.py\n")
    f.write("case,rp,a,inc_deg,u1,u2,t,flux\n")
    for c, (rp, a, inc, u1, u2) in enumerate(cases):
        p = batman.TransitParams()
        p.t0, p.per, p.rp, p.a, p.inc, p.ecc, p.w = t0, per, rp, a, inc, 0.0, 90.0
        p.u, p.limb_dark = [u1, u2], "quadratic"
        m = batman.TransitModel(p, tt)
        fl = m.light_curve(p)
        for k in range(len(tt)):
            if k % 4 == 0:
                f.write(f"{c},{rp},{a},{inc},{u1},{u2},{tt[k]:.17g},{fl[k]:.17g}\n")
print("ok")
