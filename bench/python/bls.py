"""BLS from Python (orrery) vs astropy BoxLeastSquares on the same light curve, periods
and durations (objective likelihood, oversample 10).

Run: RAYON_NUM_THREADS=1 python bench/python/bls.py   (one core)
"""

import numpy as np
from astropy.timeseries import BoxLeastSquares

import orrery
from common import best, threads

lc = orrery.transit.LightCurve.read(
    "crates/orrery-transit/tests/fixtures/tess2018206045859-s0001-0000000025155310-0120-s_lc.fits"
).flatten(0.75)
periods = np.exp(np.linspace(np.log(0.8), np.log(12.0), 20000))
# The search's default trial durations (1 to 10 h), as in bench/transit/compare_astropy.py.
durations = [h / 24 for h in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)]
t_o, o = best(lambda: lc.periodogram(periods, durations), repeat=3)
model = BoxLeastSquares(lc.time, lc.flux, lc.flux_err)
t_a, a = best(lambda: model.power(periods, durations, oversample=10), repeat=3)
rel = np.max(np.abs(np.asarray(a.power) - o.power) / np.abs(np.asarray(a.power)))
print(f"threads={threads()}  {len(lc)} points x {len(periods)} periods x {len(durations)} durations")
print(f"orrery periodogram:  {t_o:.3f} s")
print(f"astropy BLS (fast):  {t_a:.3f} s")
print(f"ratio: {t_a / t_o:.1f}x;  max relative power difference {rel:.1e}")

# Second case, the setting of bench/transit/compare_astropy.py: a Kepler long-cadence
# quarter, the search's own Ofir period grid (taken from a search's first pass).
kep = orrery.transit.LightCurve.read("crates/orrery-transit/tests/fixtures/kplr011442793-2009350155506_llc.fits")
res = kep.search(max_planets=1, fit=False)
flat = res.detrended()
grid = res.spectra()[0]["period"]
t_o2, o2 = best(lambda: flat.periodogram(grid, durations), repeat=3)
m2 = BoxLeastSquares(flat.time, flat.flux, flat.flux_err)
t_a2, a2 = best(lambda: m2.power(grid, durations, oversample=10), repeat=3)
rel2 = np.max(np.abs(np.asarray(a2.power) - o2.power) / np.abs(np.asarray(a2.power)))
print(f"Kepler long cadence {len(flat)} points x {len(grid)} Ofir periods x {len(durations)} durations")
print(f"orrery periodogram:  {t_o2:.3f} s")
print(f"astropy BLS (fast):  {t_a2:.3f} s")
print(f"ratio: {t_a2 / t_o2:.1f}x;  max relative power difference {rel2:.1e}")
