//! Coastlines for maps: Natural Earth 1:110m land polygons (public domain), bundled
//! from the npm package `world-atlas` 2.0.2 (ISC) after conversion by
//! `tools/coastlines/convert.py` into this crate's `data/land-110m.txt`.
//!
//! The file format: `#` lines are comments; every other line is one closed ring, a
//! letter then space-separated `lon,lat` pairs in degrees (WGS-84, longitude in
//! [−180°, 180°]): `L` an outer land ring, `H` a hole (lake, inland sea) in the
//! preceding land ring. Rings are already planar in the equirectangular plane: cut at
//! the antimeridian, and Antarctica closed along the map's bottom edge.

use crate::error::{Result, SatError};

/// The bundled coastline file.
pub const LAND_110M: &str = include_str!("../data/land-110m.txt");

/// Name under which errors refer to the bundled file.
pub const LAND_110M_NAME: &str = "bundled coastlines (Natural Earth 1:110m land)";

/// One closed ring of (longitude, latitude) vertices, degrees; first = last.
#[derive(Debug, Clone, PartialEq)]
pub struct Ring {
    /// True for a hole in the preceding land ring (a lake or inland sea).
    pub hole: bool,
    /// Vertices (lon, lat), degrees.
    pub points: Vec<(f64, f64)>,
}

/// Land polygons.
#[derive(Debug, Clone, Default)]
pub struct Coastlines {
    /// Outer rings and holes, in file order (a hole follows its land ring).
    pub rings: Vec<Ring>,
}

impl Coastlines {
    /// The bundled Natural Earth 1:110m land.
    pub fn bundled() -> Result<Coastlines> {
        Coastlines::parse(LAND_110M, LAND_110M_NAME)
    }

    /// Parses the format described in the module documentation; `source` names the
    /// text in errors.
    pub fn parse(text: &str, source: &str) -> Result<Coastlines> {
        let err = |line: usize, reason: String| SatError::Coastline {
            source_name: source.to_string(),
            line,
            reason,
        };
        let mut rings = Vec::new();
        for (k, raw) in text.lines().enumerate() {
            let line = k + 1;
            let l = raw.trim();
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            let mut fields = l.split_ascii_whitespace();
            let hole = match fields.next() {
                Some("L") => false,
                Some("H") => true,
                Some(other) => {
                    return Err(err(
                        line,
                        format!("expected a ring kind L or H, found {other:?}"),
                    ))
                }
                None => continue,
            };
            if hole && rings.is_empty() {
                return Err(err(line, "a hole (H) before any land ring (L)".into()));
            }
            let mut points = Vec::new();
            for cell in fields {
                let (lon, lat) = cell
                    .split_once(',')
                    .ok_or_else(|| err(line, format!("expected lon,lat, found {cell:?}")))?;
                let num = |s: &str, what: &str, lim: f64| -> Result<f64> {
                    match s.parse::<f64>() {
                        Ok(v) if v.is_finite() && v.abs() <= lim => Ok(v),
                        _ => Err(err(
                            line,
                            format!("{what} must be a number within ±{lim}°, found {s:?}"),
                        )),
                    }
                };
                points.push((num(lon, "longitude", 180.0)?, num(lat, "latitude", 90.0)?));
            }
            if points.len() < 4 {
                return Err(err(
                    line,
                    format!(
                        "a ring needs at least 4 vertices (closed triangle), found {}",
                        points.len()
                    ),
                ));
            }
            if points.first() != points.last() {
                return Err(err(line, "ring is not closed (last vertex ≠ first)".into()));
            }
            rings.push(Ring { hole, points });
        }
        if rings.is_empty() {
            return Err(err(0, "no rings".into()));
        }
        Ok(Coastlines { rings })
    }

    /// Whether the point (degrees) is on land: inside some land ring and not inside
    /// one of its holes (even–odd rule per ring).
    pub fn is_land(&self, lon: f64, lat: f64) -> bool {
        let mut land = false;
        let mut in_outer = false;
        for r in &self.rings {
            let inside = point_in_ring(&r.points, lon, lat);
            if !r.hole {
                in_outer = inside;
                land |= inside;
            } else if in_outer && inside {
                return false;
            }
        }
        land
    }

    /// Number of vertices in all rings.
    pub fn vertex_count(&self) -> usize {
        self.rings.iter().map(|r| r.points.len()).sum()
    }
}

/// Even–odd ray casting (crossing number) in the plane of (lon, lat).
fn point_in_ring(ring: &[(f64, f64)], x: f64, y: f64) -> bool {
    let mut inside = false;
    for w in ring.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        if (y0 > y) != (y1 > y) && x < x0 + (y - y0) * (x1 - x0) / (y1 - y0) {
            inside = !inside;
        }
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_data_is_natural_earth_110m_land() {
        let c = Coastlines::bundled().unwrap();
        // 125 land polygons in world-atlas land-110m (Natural Earth 1:110m), one with
        // a hole (the Caspian Sea), Fiji and Chukotka cut in two at the antimeridian:
        // 128 rings, 5,100-odd vertices.
        assert_eq!(c.rings.len(), 128);
        assert_eq!(c.rings.iter().filter(|r| r.hole).count(), 1);
        let n = c.vertex_count();
        assert!((5_000..5_300).contains(&n), "{n}");
        let (mut lon0, mut lon1, mut lat0, mut lat1) = (180.0f64, -180.0f64, 90.0f64, -90.0f64);
        for (lon, lat) in c.rings.iter().flat_map(|r| r.points.iter()) {
            lon0 = lon0.min(*lon);
            lon1 = lon1.max(*lon);
            lat0 = lat0.min(*lat);
            lat1 = lat1.max(*lat);
        }
        assert_eq!((lon0, lon1), (-180.0, 180.0));
        // Antarctica closed along the bottom edge; northernmost land is Greenland/
        // Kaffeklubben at 83.6° N.
        assert_eq!(lat0, -90.0);
        assert!((83.0..84.0).contains(&lat1), "{lat1}");
        assert!(LAND_110M.len() < 200_000);
    }

    #[test]
    fn known_places_on_land_and_at_sea() {
        let c = Coastlines::bundled().unwrap();
        let land = [
            ("Paris", 2.35, 48.86),
            ("Denver", -104.99, 39.74),
            ("Manaus", -60.02, -3.12),
            ("Alice Springs", 133.88, -23.70),
            ("Novosibirsk", 82.93, 55.03),
            ("Kinshasa", 15.27, -4.44),
            ("South Pole", 0.0, -89.9),
            ("Greenland ice cap", -40.0, 72.0),
            ("Chukotka east of 180°", -175.0, 66.0),
        ];
        for (name, lon, lat) in land {
            assert!(c.is_land(lon, lat), "{name} should be land");
        }
        let sea = [
            ("mid-Pacific", -150.0, 0.0),
            ("mid-Atlantic", -30.0, 30.0),
            ("Indian Ocean", 80.0, -30.0),
            ("North Pole", 0.0, 89.9),
            ("Mediterranean", 18.0, 34.0),
            ("Caspian Sea (the hole)", 51.0, 42.0),
            ("Hudson Bay", -85.0, 60.0),
        ];
        for (name, lon, lat) in sea {
            assert!(!c.is_land(lon, lat), "{name} should be sea");
        }
    }

    #[test]
    fn broken_inputs_are_errors() {
        let ok = "L 0,0 1,0 1,1 0,0\n";
        assert!(Coastlines::parse(ok, "t").is_ok());
        for (bad, needle) in [
            ("", "no rings"),
            ("# only a comment\n", "no rings"),
            ("X 0,0 1,0 1,1 0,0", "ring kind"),
            ("H 0,0 1,0 1,1 0,0", "hole"),
            ("L 0,0 1,0 0,0", "at least 4"),
            ("L 0,0 1,0 1,1 0,1", "not closed"),
            ("L 0,0 1;0 1,1 0,0", "lon,lat"),
            ("L 0,0 181,0 1,1 0,0", "longitude"),
            ("L 0,0 1,95 1,1 0,0", "latitude"),
            ("L 0,0 1,NaN 1,1 0,0", "latitude"),
            ("L 0,0 1,x 1,1 0,0", "latitude"),
        ] {
            let e = Coastlines::parse(bad, "t.txt").unwrap_err().to_string();
            assert!(e.contains(needle) && e.starts_with("t.txt"), "{bad:?}: {e}");
        }
        let e = Coastlines::parse("# c\nL 0,0 1,0 1,1 0,0\nL 0,0\n", "t.txt")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 3"), "{e}");
    }
}
