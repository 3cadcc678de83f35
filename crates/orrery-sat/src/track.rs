//! Ground tracks: where a satellite is over the Earth (sub-satellite point, altitude,
//! speed), whether it is sunlit, and where an observer sees it, on a time grid.
//!
//! ```
//! use orrery_core::{ephem::Source, grid::TimeGrid, time::parse_epoch, Unit};
//! use orrery_sat::track::ground_track;
//! use orrery_sat::Catalog;
//!
//! let cat = Catalog::bundled();
//! let iss = cat.one("ISS")?;
//! let t0 = parse_epoch("2026-05-07T12:00:00 UTC")?;
//! let grid = TimeGrid::new(t0, t0 + Unit::Minute * 93, Unit::Minute * 1)?;
//! let track = ground_track(iss, &grid, None, &Source::builtin())?;
//! assert_eq!(track.points.len(), 94);
//! // One orbit of the ISS takes about 93 minutes, part of it in the Earth's shadow.
//! assert!(track.points.iter().any(|p| !p.sunlit) && track.points.iter().any(|p| p.sunlit));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::error::{Result, SatError};
use crate::satellite::Satellite;
use crate::sun::{illumination, sun_teme};
use orrery_core::earth::{teme_to_itrf, Geodetic, Observer};
use orrery_core::grid::TimeGrid;
use orrery_core::time::format_utc_ms;
use orrery_core::{Ephemeris, Epoch};
use serde::Serialize;

/// The most points one ground track may have.
pub const MAX_TRACK_POINTS: usize = 10_000_000;

/// One point of a ground track: a row of `orrery track`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct TrackPoint {
    /// The instant (UTC in outputs).
    #[serde(rename = "time_utc", serialize_with = "orrery_core::records::utc")]
    #[schemars(with = "String")]
    pub time: Epoch,
    /// Geodetic latitude of the sub-satellite point, degrees north (WGS-84).
    pub lat_deg: f64,
    /// Longitude of the sub-satellite point, degrees east in (−180, 180].
    pub lon_deg: f64,
    /// Height above the WGS-84 ellipsoid, km.
    pub alt_km: f64,
    /// Speed in TEME (inertial), km/s.
    pub speed_km_s: f64,
    /// Fraction of the solar disc seen from the satellite: 1 sunlit, 0 in the umbra.
    pub illumination: f64,
    /// Any part of the Sun is visible from the satellite.
    pub sunlit: bool,
    /// Azimuth from the observer, degrees from north through east (with an observer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub azimuth_deg: Option<f64>,
    /// Elevation from the observer, degrees (geometric, no refraction).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elevation_deg: Option<f64>,
    /// Slant range from the observer, km.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range_km: Option<f64>,
}

impl TrackPoint {
    /// `sunlit`, `penumbra` or `eclipse`, from [`Self::illumination`].
    pub fn lighting(&self) -> &'static str {
        if self.illumination >= 1.0 {
            "sunlit"
        } else if self.illumination > 0.0 {
            "penumbra"
        } else {
            "eclipse"
        }
    }
}

/// A satellite's ground track: the document of `orrery track --format json`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GroundTrack {
    /// NORAD catalog number.
    pub norad_id: u64,
    /// Name from the catalog.
    pub name: String,
    /// Epoch of the element set, UTC.
    pub element_epoch_utc: String,
    /// The points, in time order.
    #[serde(rename = "track")]
    pub points: Vec<TrackPoint>,
}

/// The ground track of `sat` at every instant of `grid`, with look angles from
/// `observer` when given; `sun` is the ephemeris used for the Sun (shadow).
///
/// Fails on the first instant SGP4 cannot propagate (decay), and refuses grids of
/// more than [`MAX_TRACK_POINTS`] points.
pub fn ground_track(
    sat: &Satellite,
    grid: &TimeGrid,
    observer: Option<&Observer>,
    sun: &dyn Ephemeris,
) -> Result<GroundTrack> {
    if grid.len() > MAX_TRACK_POINTS {
        return Err(SatError::TooMuchWork {
            what: "ground-track points",
            requested: grid.len() as u128,
            limit: MAX_TRACK_POINTS as u128,
        });
    }
    let mut points = Vec::with_capacity(grid.len());
    for t in grid.iter() {
        let st = sat.propagate(t)?;
        let itrf = teme_to_itrf(&st, t, Default::default());
        let g = Geodetic::from_ecef(&itrf.position);
        let f = illumination(&st.position, &sun_teme(sun, t)?);
        let look = observer.map(|o| o.look(&itrf));
        points.push(TrackPoint {
            time: t,
            lat_deg: g.lat.to_degrees(),
            lon_deg: g.lon.to_degrees(),
            alt_km: g.alt,
            speed_km_s: st.velocity.norm(),
            illumination: f,
            sunlit: f > 0.0,
            azimuth_deg: look.map(|l| l.azimuth.to_degrees()),
            elevation_deg: look.map(|l| l.elevation.to_degrees()),
            range_km: look.map(|l| l.range),
        });
    }
    Ok(GroundTrack {
        norad_id: sat.norad_id(),
        name: sat.name(),
        element_epoch_utc: format_utc_ms(sat.epoch),
        points,
    })
}

/// Longitude wrapped into [−180°, 180°), degrees.
pub fn wrap_lon(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

/// Splits a ground track (lon, lat in degrees, time order) into polylines that do not
/// cross the antimeridian: where consecutive points are more than 180° apart in
/// longitude the track left the map on one side; the crossing latitude is
/// interpolated linearly in the unwrapped longitude and each piece ends on the map
/// edge (±180°). Non-finite points end a piece without a join.
pub fn split_antimeridian(points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    let mut prev: Option<(f64, f64)> = None;
    for &(lon, lat) in points {
        if !lon.is_finite() || !lat.is_finite() {
            if cur.len() > 1 {
                out.push(std::mem::take(&mut cur));
            }
            cur.clear();
            prev = None;
            continue;
        }
        let p = (wrap_lon(lon), lat);
        if let Some(a) = prev {
            let d = p.0 - a.0;
            if d.abs() > 180.0 {
                // Unwrapped: eastward when d < -180 (e.g. 179° → -179°).
                let (edge, b_lon) = if d < 0.0 {
                    (180.0, p.0 + 360.0)
                } else {
                    (-180.0, p.0 - 360.0)
                };
                let f = (edge - a.0) / (b_lon - a.0);
                let lat_c = a.1 + f * (p.1 - a.1);
                cur.push((edge, lat_c));
                if cur.len() > 1 {
                    out.push(std::mem::take(&mut cur));
                }
                cur.clear();
                cur.push((-edge, lat_c));
            }
        }
        cur.push(p);
        prev = Some(p);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn track_is_split_at_the_antimeridian_on_the_edge() {
        // Eastward across 180° between 170°E and 170°W: crossing midway.
        let p = split_antimeridian(&[(160.0, 0.0), (170.0, 10.0), (-170.0, 30.0), (-160.0, 40.0)]);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].last().copied(), Some((180.0, 20.0)));
        assert_eq!(p[1].first().copied(), Some((-180.0, 20.0)));
        assert_eq!(p[0].len() + p[1].len(), 6);
        // Westward from 175°W to 170°E, the latter given as 530° (wrapped first):
        // crossing a third of the way.
        let p = split_antimeridian(&[(-175.0, -10.0), (530.0, -25.0)]);
        assert_eq!(p.len(), 2);
        let (edge, lat) = p[0][1];
        assert!(edge == -180.0 && (lat + 15.0).abs() < 1e-12, "{lat}");
        assert_eq!(p[1][0], (180.0, lat));
        assert_eq!(p[1][1], (170.0, -25.0));
        // No crossing; a NaN breaks the line; single leftover points are kept.
        assert_eq!(split_antimeridian(&[(0.0, 0.0), (10.0, 5.0)]).len(), 1);
        let p = split_antimeridian(&[(0.0, 0.0), (1.0, 0.0), (f64::NAN, 0.0), (2.0, 0.0)]);
        assert_eq!(p.len(), 2);
        assert!(split_antimeridian(&[]).is_empty());
        for piece in split_antimeridian(&[(170.0, 0.0), (-170.0, 1.0), (170.0, 2.0)]) {
            for w in piece.windows(2) {
                assert!((w[1].0 - w[0].0).abs() <= 180.0);
            }
        }
    }
}
