#!/usr/bin/env python3
"""Reference visibility windows for a telescope at the Sun-Earth L2 point.

Independent calculation with astropy (ERFA epv00 + moon98 "builtin" ephemeris):
the Earth-Moon barycentre from astropy's Earth and Moon barycentric positions
(weighted by DE440 GMs), the L2 point gamma2 = 0.0100782 au-fraction beyond it on
the Sun-barycentre line, the solar elongation of each target from there, and
the windows where it lies within JWST's field of regard (85-135 deg), with
edges found on an hourly grid and refined by linear interpolation.

Requirements: astropy==6.1.7 numpy==2.1.3 (pip). Run:
    python3 tools/reference/cr3bp/visibility_astropy.py > crates/orrery-cr3bp/tests/fixtures/visibility_astropy.csv
"""
import numpy as np
from astropy.time import Time
from astropy.coordinates import get_body_barycentric, solar_system_ephemeris
import astropy

GM_EARTH = 398600.435436
GM_MOON = 4902.800066
MU_SE = 3.040423398444176e-6
TARGETS = [
    ("LMC", 80.89375, -69.75611),
    ("M42", 83.82208, -5.39111),
    ("M31", 10.68471, 41.26875),
    ("Sgr A*", 266.41683, -29.00781),
    ("HD 209458", 330.79488, 18.88432),
    ("TRAPPIST-1", 346.62202, -5.04144),
]
FOR_MIN, FOR_MAX = 85.0, 135.0


def gamma_l2(mu):
    g = (mu / 3) ** (1 / 3)
    for _ in range(50):
        f = g**5 + (3 - mu) * g**4 + (3 - 2 * mu) * g**3 - mu * g**2 - 2 * mu * g - mu
        df = 5 * g**4 + 4 * (3 - mu) * g**3 + 3 * (3 - 2 * mu) * g**2 - 2 * mu * g - 2 * mu
        g -= f / df
    return g


def main():
    solar_system_ephemeris.set("builtin")
    g2 = gamma_l2(MU_SE)
    t = Time("2025-01-01T00:00:00", scale="utc") + np.arange(0, 365 * 24 + 1) / 24.0
    sun = get_body_barycentric("sun", t).xyz.to_value("km")
    earth = get_body_barycentric("earth", t).xyz.to_value("km")
    moon = get_body_barycentric("moon", t).xyz.to_value("km")
    emb = (GM_EARTH * earth + GM_MOON * moon) / (GM_EARTH + GM_MOON)
    s = sun - emb  # Sun from the barycentre
    obs = -g2 * s
    to_sun = s - obs
    to_sun /= np.linalg.norm(to_sun, axis=0)
    print(f"# astropy {astropy.__version__} builtin ephemeris; telescope at Sun-Earth L2 (gamma2={g2:.9f}); field of regard {FOR_MIN}-{FOR_MAX} deg; span 2025-01-01..2026-01-01 UTC; produced by tools/reference/cr3bp/visibility_astropy.py")
    print("target,ra_deg,dec_deg,start_utc,end_utc")
    for name, ra, dec in TARGETS:
        r, d = np.radians(ra), np.radians(dec)
        u = np.array([np.cos(d) * np.cos(r), np.cos(d) * np.sin(r), np.sin(d)])
        el = np.degrees(np.arccos(np.clip(u @ to_sun, -1, 1)))
        # distance inside the field (positive inside)
        m = np.minimum(el - FOR_MIN, FOR_MAX - el)
        inside = m >= 0
        edges = []
        for k in range(len(t) - 1):
            if inside[k] != inside[k + 1]:
                f = m[k] / (m[k] - m[k + 1])
                edges.append((t[k] + f * (t[k + 1] - t[k]), inside[k + 1]))
        start = t[0] if inside[0] else None
        for e, rising in edges:
            if rising:
                start = e
            elif start is not None:
                print(f"{name},{ra},{dec},{start.utc.isot[:19]},{e.utc.isot[:19]}")
                start = None
        if start is not None:
            print(f"{name},{ra},{dec},{start.utc.isot[:19]},{t[-1].utc.isot[:19]}")


if __name__ == "__main__":
    main()
