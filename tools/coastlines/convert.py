#!/usr/bin/env python3
"""Converts Natural Earth 1:110m land polygons from the npm package world-atlas
(TopoJSON) into Orrery's compact coastline file data/coastlines/land-110m.txt.

Source: world-atlas 2.0.2 (https://github.com/topojson/world-atlas, ISC licence,
Copyright 2013-2019 Michael Bostock), file land-110m.json, itself built from
Natural Earth 1:110m "land" (public domain, https://www.naturalearthdata.com).

sha256 of land-110m.json: ead5f68119c49a9250902e7da303bcb209341bbb8fefe7369a439b48b704658a
(tarball world-atlas-2.0.2.tgz: 032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97).

Usage (standard library only, python >= 3.8; the output is byte-for-byte reproducible):
    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 tools/coastlines/convert.py package/land-110m.json > data/coastlines/land-110m.txt

Output format (read by orrery_sat::coastline): '#' lines are comments; every other
line is one closed ring, a letter then space-separated "lon,lat" pairs in degrees
(2 decimals, WGS-84, lon in [-180, 180]): 'L' an outer land ring, 'H' a hole (lake,
inland sea) in the preceding land ring. The closing point equals the first point.
"""
import json
import sys


def decode_arcs(topo):
    """Absolute lon/lat arcs from a quantized, delta-encoded TopoJSON topology."""
    tr = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        pts = []
        x = y = 0
        for p in arc:
            if tr:
                x += p[0]
                y += p[1]
                lon = x * tr["scale"][0] + tr["translate"][0]
                lat = y * tr["scale"][1] + tr["translate"][1]
            else:
                lon, lat = p[0], p[1]
            pts.append((lon, lat))
        arcs.append(pts)
    return arcs


def ring(arcs, indices):
    """Joins the arcs of one ring; a negative index ~i means arc i reversed."""
    out = []
    for i in indices:
        pts = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        out.extend(pts if not out else pts[1:])
    return out


def clip_x(pts, lo, hi):
    """Sutherland-Hodgman clipping of a closed ring to lo <= lon <= hi."""
    def clip(pts, inside, cross):
        out = []
        for k in range(len(pts)):
            a, b = pts[k - 1], pts[k]
            if inside(b):
                if not inside(a):
                    out.append(cross(a, b))
                out.append(b)
            elif inside(a):
                out.append(cross(a, b))
        return out

    def at(x):
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    pts = clip(pts, lambda p: p[0] >= lo, at(lo))
    return clip(pts, lambda p: p[0] <= hi, at(hi))


def planar_rings(pts):
    """Rings in the equirectangular plane: the ring is unwrapped in longitude; one that
    encircles a pole (Antarctica) is closed along the map edge through the pole
    corners; one that crosses the antimeridian is cut there into its two sides."""
    un = [pts[0]]
    for lon, lat in pts[1:]:
        prev = un[-1][0]
        while lon - prev > 180.0:
            lon -= 360.0
        while lon - prev < -180.0:
            lon += 360.0
        un.append((lon, lat))
    if un[0] == un[-1] or abs(un[-1][0] - un[0][0]) < 1e-9:
        un = un[:-1]
    else:  # winds once around a pole
        pole = -90.0 if sum(p[1] for p in un) < 0 else 90.0
        un += [(un[-1][0], pole), (un[0][0], pole)]
    rings = []
    for shift in (-360.0, 0.0, 360.0):
        moved = [(lon + shift, lat) for lon, lat in un]
        if max(p[0] for p in moved) <= -180.0 or min(p[0] for p in moved) >= 180.0:
            continue
        c = clip_x(moved, -180.0, 180.0)
        if len(c) >= 3:
            rings.append(c + [c[0]])
    return rings


def cells(pts):
    """'lon,lat' pairs, two decimals (~1 km, finer than the ~10 km 1:110m source)."""
    out = []
    for lon, lat in pts:
        c = f"{max(-180.0, min(180.0, lon)):.2f},{max(-90.0, min(90.0, lat)):.2f}"
        if not out or out[-1] != c:
            out.append(c)
    if out[0] != out[-1]:
        out.append(out[0])
    return " ".join(out)


def main():
    path = sys.argv[1]
    topo = json.load(open(path, encoding="utf-8"))
    arcs = decode_arcs(topo)
    lines = []
    for geom in topo["objects"]["land"]["geometries"]:
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        for poly in polys:
            for k, r in enumerate(poly):
                for pts in planar_rings(ring(arcs, r)):
                    lines.append(("L" if k == 0 else "H") + " " + cells(pts))
    print("# Natural Earth 1:110m land (public domain) via npm world-atlas 2.0.2 land-110m.json (ISC);")
    print("# converted by tools/coastlines/convert.py. Format: see that script.")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
