//! SGP4 states of a catalog on a time grid, in the frame a user asks for (TEME,
//! ITRF or WGS-84 geodetic), and their output schema.
//!
//! [`propagate_states`] runs the batch propagator once over the whole selection and
//! keeps the structure-of-arrays result; [`PropagatedStates::rows`] converts one
//! satellite's states on the fly, so that writing millions of states needs no second
//! copy of them.
//!
//! ```
//! use orrery_core::{grid::TimeGrid, time::parse_epoch, Unit};
//! use orrery_sat::states::{propagate_states, StateFrame};
//! use orrery_sat::Catalog;
//!
//! let cat = Catalog::bundled();
//! let iss = cat.select(&["ISS".to_string()])?;
//! let t0 = parse_epoch("2026-05-07T12:00:00 UTC")?;
//! let grid = TimeGrid::new(t0, t0 + Unit::Minute * 90, Unit::Minute * 1)?;
//! let out = propagate_states(&iss, &grid, StateFrame::Geodetic)?;
//! let lats: Vec<f64> = out.rows(0).map(|r| r.values.lat_deg().unwrap()).collect();
//! assert_eq!(lats.len(), 91);
//! // The ISS (inclination 51.6°) reaches about ±51.6° of latitude in one orbit.
//! let max = lats.iter().cloned().fold(f64::MIN, f64::max);
//! assert!((50.0..52.0).contains(&max), "{max}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::batch::{propagate_batch, Batch};
use crate::error::{Result, SatError};
use crate::satellite::Satellite;
use orrery_core::earth::{teme_to_itrf, Geodetic};
use orrery_core::grid::TimeGrid;
use orrery_core::progress::{Progress, Silent};
use orrery_core::time::format_utc_ms;
use orrery_core::{Epoch, State};
use serde::Serialize;

/// The most states one call may ask for (2e8 states are about 10 GB of output).
pub const MAX_STATES: u128 = 200_000_000;

/// The frame of propagated states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StateFrame {
    /// True Equator Mean Equinox of date (SGP4's own frame), km and km/s.
    #[default]
    Teme,
    /// Earth-fixed (ITRF without polar motion), km and km/s relative to the Earth.
    Itrf,
    /// WGS-84 latitude, longitude (degrees) and altitude (km), with the inertial speed.
    Geodetic,
}

impl StateFrame {
    /// The name written in outputs (`TEME`, `ITRF`, `WGS84`).
    pub fn name(self) -> &'static str {
        match self {
            StateFrame::Teme => "TEME",
            StateFrame::Itrf => "ITRF",
            StateFrame::Geodetic => "WGS84",
        }
    }

    /// Converts one TEME state at `t` into this frame.
    pub fn convert(self, s: &State, t: Epoch) -> StateValues {
        match self {
            StateFrame::Teme => StateValues::cartesian(s),
            StateFrame::Itrf => StateValues::cartesian(&teme_to_itrf(s, t, Default::default())),
            StateFrame::Geodetic => {
                let e = teme_to_itrf(s, t, Default::default());
                let g = Geodetic::from_ecef(&e.position);
                StateValues::Geodetic {
                    lat_deg: g.lat.to_degrees(),
                    lon_deg: g.lon.to_degrees(),
                    alt_km: g.alt,
                    speed_km_s: s.velocity.norm(),
                }
            }
        }
    }
}

/// The numbers of one state, with units in their names.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum StateValues {
    /// Position and velocity.
    Cartesian {
        /// Position x, km.
        x_km: f64,
        /// Position y, km.
        y_km: f64,
        /// Position z, km.
        z_km: f64,
        /// Velocity x, km/s.
        vx_km_s: f64,
        /// Velocity y, km/s.
        vy_km_s: f64,
        /// Velocity z, km/s.
        vz_km_s: f64,
    },
    /// Geodetic position and inertial speed.
    Geodetic {
        /// Geodetic latitude, degrees north.
        lat_deg: f64,
        /// Longitude, degrees east in (−180, 180].
        lon_deg: f64,
        /// Height above the WGS-84 ellipsoid, km.
        alt_km: f64,
        /// Speed in TEME, km/s.
        speed_km_s: f64,
    },
}

impl StateValues {
    fn cartesian(s: &State) -> Self {
        StateValues::Cartesian {
            x_km: s.position.x,
            y_km: s.position.y,
            z_km: s.position.z,
            vx_km_s: s.velocity.x,
            vy_km_s: s.velocity.y,
            vz_km_s: s.velocity.z,
        }
    }

    /// The six numbers in output order (geodetic: lat, lon, alt, speed, 0, 0).
    pub fn as_array(&self) -> [f64; 6] {
        match *self {
            StateValues::Cartesian {
                x_km,
                y_km,
                z_km,
                vx_km_s,
                vy_km_s,
                vz_km_s,
            } => [x_km, y_km, z_km, vx_km_s, vy_km_s, vz_km_s],
            StateValues::Geodetic {
                lat_deg,
                lon_deg,
                alt_km,
                speed_km_s,
            } => [lat_deg, lon_deg, alt_km, speed_km_s, 0.0, 0.0],
        }
    }

    /// Latitude, degrees, for geodetic values.
    pub fn lat_deg(&self) -> Option<f64> {
        match self {
            StateValues::Geodetic { lat_deg, .. } => Some(*lat_deg),
            StateValues::Cartesian { .. } => None,
        }
    }
}

/// One state of one satellite: a row of `orrery propagate --format csv`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct StateRow {
    /// The instant, UTC (`2026-05-07T12:00:00.000Z` in outputs).
    #[serde(rename = "time_utc", serialize_with = "orrery_core::records::utc")]
    #[schemars(with = "String")]
    pub time: Epoch,
    /// The state in the requested frame.
    #[serde(flatten)]
    pub values: StateValues,
}

/// A catalog's states on a grid.
#[derive(Debug)]
pub struct PropagatedStates<'a> {
    /// The satellites, in selection order.
    pub satellites: Vec<&'a Satellite>,
    /// The instants.
    pub times: Vec<Epoch>,
    /// The frame of [`Self::rows`].
    pub frame: StateFrame,
    /// The TEME states (NaN after a satellite's first failure).
    pub batch: Batch,
}

impl PropagatedStates<'_> {
    /// Satellite `i`'s states that could be computed, converted into the frame.
    pub fn rows(&self, i: usize) -> impl Iterator<Item = StateRow> + '_ {
        (0..self.times.len()).filter_map(move |j| {
            let p = self.batch.position(i, j)?;
            let v = self.batch.velocity(i, j)?;
            if p[0].is_nan() {
                return None;
            }
            let t = *self.times.get(j)?;
            Some(StateRow {
                time: t,
                values: self.frame.convert(&State::new(p, v), t),
            })
        })
    }

    /// Satellite `i`'s first failure, if any.
    pub fn error(&self, i: usize) -> Option<&SatError> {
        self.batch.errors.get(i).and_then(|e| e.as_ref())
    }

    /// The JSON document of satellite `i` (see [`SatelliteStates`]).
    pub fn document(&self, i: usize) -> Option<SatelliteStates> {
        let s = self.satellites.get(i)?;
        Some(SatelliteStates {
            norad_id: s.norad_id(),
            name: s.name(),
            frame: self.frame.name(),
            element_epoch_utc: format_utc_ms(s.epoch),
            error: self.error(i).map(|e| e.to_string()),
            states: self.rows(i).collect(),
        })
    }
}

/// One satellite's states: an element of `orrery propagate --format json`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SatelliteStates {
    /// NORAD catalog number.
    pub norad_id: u64,
    /// Name from the catalog.
    pub name: String,
    /// `TEME`, `ITRF` or `WGS84`.
    pub frame: &'static str,
    /// Epoch of the element set, UTC.
    pub element_epoch_utc: String,
    /// Why propagation stopped (decay, diverging elements); later states are missing.
    pub error: Option<String>,
    /// The states, in time order.
    pub states: Vec<StateRow>,
}

/// Propagates `sats` over `grid` (in parallel) for output in `frame`.
///
/// Refuses more than [`MAX_STATES`] states.
pub fn propagate_states<'a>(
    sats: &[&'a Satellite],
    grid: &TimeGrid,
    frame: StateFrame,
) -> Result<PropagatedStates<'a>> {
    propagate_states_with(sats, grid, frame, &Silent)
}

/// Satellites per progress report of [`propagate_states_with`].
const SATS_PER_REPORT: usize = 512;

/// [`propagate_states`], reporting progress per block of satellites and stopping with
/// [`SatError::Cancelled`] when `progress` asks.
pub fn propagate_states_with<'a>(
    sats: &[&'a Satellite],
    grid: &TimeGrid,
    frame: StateFrame,
    progress: &dyn Progress,
) -> Result<PropagatedStates<'a>> {
    let n = (sats.len() as u128) * (grid.len() as u128);
    if n > MAX_STATES {
        return Err(SatError::TooMuchWork {
            what: "satellites × instants",
            requested: n,
            limit: MAX_STATES,
        });
    }
    let times = grid.to_vec();
    progress.start("satellites", sats.len() as u64);
    let batch = if sats.len() <= SATS_PER_REPORT {
        let b = propagate_batch(sats, &times);
        progress.advance(sats.len() as u64);
        b
    } else {
        let mut all = Batch {
            n_sats: 0,
            n_times: times.len(),
            ..Batch::default()
        };
        for chunk in sats.chunks(SATS_PER_REPORT) {
            if progress.is_cancelled() {
                return Err(SatError::Cancelled);
            }
            let b = propagate_batch(chunk, &times);
            all.n_sats += b.n_sats;
            all.x.extend_from_slice(&b.x);
            all.y.extend_from_slice(&b.y);
            all.z.extend_from_slice(&b.z);
            all.vx.extend_from_slice(&b.vx);
            all.vy.extend_from_slice(&b.vy);
            all.vz.extend_from_slice(&b.vz);
            all.errors.extend(b.errors);
            progress.advance(chunk.len() as u64);
        }
        all
    };
    Ok(PropagatedStates {
        satellites: sats.to_vec(),
        times,
        frame,
        batch,
    })
}

/// A whole catalog's sub-satellite points at a few instants, as columns: what a live
/// map needs to move every satellite smoothly (it interpolates between the instants).
/// `lat_deg[j][i]` is satellite `i` at instant `j`; `null` where SGP4 failed.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CatalogPositions {
    /// The instants, UTC.
    pub times_utc: Vec<String>,
    /// Catalog numbers, in catalog order.
    pub norad_ids: Vec<u64>,
    /// Names.
    pub names: Vec<String>,
    /// Geodetic latitude, degrees, by instant then satellite.
    pub lat_deg: Vec<Vec<Option<f32>>>,
    /// Longitude, degrees east, by instant then satellite.
    pub lon_deg: Vec<Vec<Option<f32>>>,
    /// Height above the ellipsoid, km, by instant then satellite.
    pub alt_km: Vec<Vec<Option<f32>>>,
}

/// The sub-satellite points of `sats` at every instant of `grid` (at most
/// [`MAX_STATES`] states), single precision (0.1 m of latitude: plenty for a map).
///
/// ```
/// use orrery_core::{grid::TimeGrid, time::parse_epoch, Unit};
/// use orrery_sat::{states::catalog_positions, Catalog};
/// let cat = Catalog::bundled();
/// let sats: Vec<_> = cat.satellites.iter().collect();
/// let t = parse_epoch("2026-05-07T12:00:00 UTC")?;
/// let p = catalog_positions(&sats, &TimeGrid::new(t, t + Unit::Minute * 2, Unit::Minute * 1)?)?;
/// assert_eq!((p.lat_deg.len(), p.lat_deg[0].len()), (3, 18));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn catalog_positions(sats: &[&Satellite], grid: &TimeGrid) -> Result<CatalogPositions> {
    let states = propagate_states(sats, grid, StateFrame::Geodetic)?;
    let (n, m) = (sats.len(), grid.len());
    let mut lat = vec![vec![None; n]; m];
    let mut lon = vec![vec![None; n]; m];
    let mut alt = vec![vec![None; n]; m];
    for i in 0..n {
        for j in 0..m {
            let (Some(p), Some(v)) = (states.batch.position(i, j), states.batch.velocity(i, j))
            else {
                continue;
            };
            if !p[0].is_finite() {
                continue;
            }
            if let StateValues::Geodetic {
                lat_deg,
                lon_deg,
                alt_km,
                ..
            } = StateFrame::Geodetic.convert(&State::new(p, v), states.times[j])
            {
                lat[j][i] = Some(lat_deg as f32);
                lon[j][i] = Some(lon_deg as f32);
                alt[j][i] = Some(alt_km as f32);
            }
        }
    }
    Ok(CatalogPositions {
        times_utc: states.times.iter().map(|t| format_utc_ms(*t)).collect(),
        norad_ids: sats.iter().map(|s| s.norad_id()).collect(),
        names: sats.iter().map(|s| s.name()).collect(),
        lat_deg: lat,
        lon_deg: lon,
        alt_km: alt,
    })
}
