//! Porkchop grids: departure dates × arrival dates between two bodies.
//!
//! Each body's heliocentric (or `center`-relative) state is read once per date
//! from an [`Ephemeris`] (ICRF axes, TDB), then every cell solves the
//! zero-revolution Lambert problem ([`crate::lambert::solve_single`]) in parallel
//! (rayon). A cell holds the launch energy C3 = v∞², the declination and right
//! ascension of the departure asymptote (on ICRF axes, i.e. Earth's mean
//! equator for an Earth departure), the arrival v∞, the time of flight, and the
//! impulsive Δv from a circular parking orbit and into a capture orbit
//! ([`crate::maneuver`]). Cells that cannot be computed (arrival not after
//! departure, Lambert failure) are marked, not fatal.

use crate::error::{invalid, Result, TransferError};
use crate::lambert::{solve_single, Direction};
use crate::maneuver::{capture_dv, departure_dv, planet_of};
use hifitime::{Duration, Epoch};
use nalgebra::Vector3;
use orrery_core::progress::{Progress, Silent};
use orrery_core::{Body, Ephemeris, State, TimeGrid};
use rayon::prelude::*;
use serde::Serialize;

/// An inclusive range of dates sampled every `step`.
#[derive(Debug, Clone, Copy)]
pub struct DateRange {
    /// First date.
    pub start: Epoch,
    /// Last date (included when it falls on the step).
    pub end: Epoch,
    /// Spacing (positive).
    pub step: Duration,
}

impl DateRange {
    /// The range as Orrery's one time grid ([`TimeGrid`]), at most [`MAX_AXIS`] dates;
    /// `axis` names the range in errors (`departure`, `arrival`).
    pub fn grid(&self, axis: &'static str) -> Result<TimeGrid> {
        TimeGrid::with_limit(self.start, self.end, self.step, MAX_AXIS)
            .map_err(|source| TransferError::Grid { axis, source })
    }

    /// The range's dates (see [`Self::grid`]).
    pub fn dates(&self, axis: &'static str) -> Result<Vec<Epoch>> {
        Ok(self.grid(axis)?.to_vec())
    }
}

/// Most dates on one axis.
pub const MAX_AXIS: usize = 100_000;
/// Most cells in one grid (each cell is 80 bytes: 20 million cells is 1.6 GB).
pub const MAX_CELLS: usize = 20_000_000;

/// Orbits at both ends, for the Δv columns.
#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema)]
pub struct EndOrbits {
    /// Circular parking orbit altitude at departure, km.
    pub parking_altitude_km: f64,
    /// Capture orbit periapsis altitude at arrival, km.
    pub capture_altitude_km: f64,
    /// Capture orbit eccentricity (0 = circular).
    pub capture_eccentricity: f64,
}

impl Default for EndOrbits {
    /// 200 km circular parking orbit; 400 km circular capture orbit.
    fn default() -> Self {
        EndOrbits {
            parking_altitude_km: 200.0,
            capture_altitude_km: 400.0,
            capture_eccentricity: 0.0,
        }
    }
}

/// Why a cell has no transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    /// A transfer was computed.
    Ok,
    /// The arrival date is not after the departure date.
    ArrivalNotAfterDeparture,
    /// The Lambert solver failed (e.g. a transfer angle of exactly 180 degrees).
    NoSolution,
}

/// One departure/arrival pair. Values are NaN when `status` is not `Ok`.
#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema)]
pub struct Cell {
    /// Time of flight, days.
    pub tof_days: f64,
    /// Launch energy C3 = |v∞|², km²/s².
    #[serde(rename = "c3_km2_s2")]
    pub c3: f64,
    /// Departure hyperbolic excess speed, km/s.
    #[serde(rename = "vinf_departure_km_s")]
    pub vinf_dep: f64,
    /// Declination of the departure asymptote on ICRF axes, degrees.
    pub dla_deg: f64,
    /// Right ascension of the departure asymptote on ICRF axes, degrees [0, 360).
    pub rla_deg: f64,
    /// Arrival hyperbolic excess speed, km/s.
    #[serde(rename = "vinf_arrival_km_s")]
    pub vinf_arr: f64,
    /// Δv from the parking orbit, km/s.
    #[serde(rename = "dv_departure_km_s")]
    pub dv_departure: f64,
    /// Δv into the capture orbit, km/s.
    #[serde(rename = "dv_arrival_km_s")]
    pub dv_arrival: f64,
    /// Sum of both, km/s.
    #[serde(rename = "dv_total_km_s")]
    pub dv_total: f64,
    /// Whether the cell holds a transfer.
    pub status: CellStatus,
}

impl Cell {
    fn invalid(status: CellStatus, tof_days: f64) -> Self {
        Cell {
            c3: f64::NAN,
            vinf_dep: f64::NAN,
            dla_deg: f64::NAN,
            rla_deg: f64::NAN,
            vinf_arr: f64::NAN,
            tof_days,
            dv_departure: f64::NAN,
            dv_arrival: f64::NAN,
            dv_total: f64::NAN,
            status,
        }
    }
}

/// What to compute.
#[derive(Debug, Clone)]
pub struct PorkchopSpec {
    /// Departure body (e.g. Earth, 399).
    pub from: Body,
    /// Arrival body (e.g. Mars, 499).
    pub to: Body,
    /// Central body of the transfer (the Sun).
    pub center: Body,
    /// Departure dates.
    pub depart: DateRange,
    /// Arrival dates.
    pub arrive: DateRange,
    /// Parking and capture orbits.
    pub orbits: EndOrbits,
}

/// A computed grid; `cells[i * arrivals.len() + j]` is departure i, arrival j.
#[derive(Debug, Clone)]
pub struct Porkchop {
    /// Departure body.
    pub from: Body,
    /// Arrival body.
    pub to: Body,
    /// Departure dates (as given, any scale; evaluated in TDB).
    pub departures: Vec<Epoch>,
    /// Arrival dates.
    pub arrivals: Vec<Epoch>,
    /// Row-major cells (departure-major).
    pub cells: Vec<Cell>,
    /// Parking and capture orbits used.
    pub orbits: EndOrbits,
    /// Name of the ephemeris source.
    pub source: String,
}

/// Index and cell of an optimum.
#[derive(Debug, Clone, Copy)]
pub struct Optimum {
    /// Departure index.
    pub i: usize,
    /// Arrival index.
    pub j: usize,
    /// The cell.
    pub cell: Cell,
}

impl Porkchop {
    /// The cell at departure `i`, arrival `j`.
    pub fn cell(&self, i: usize, j: usize) -> Option<&Cell> {
        self.cells.get(i * self.arrivals.len() + j)
    }

    fn best_by(&self, key: impl Fn(&Cell) -> f64) -> Option<Optimum> {
        let n = self.arrivals.len();
        self.cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.status == CellStatus::Ok && key(c).is_finite())
            .min_by(|a, b| key(a.1).total_cmp(&key(b.1)))
            .map(|(k, c)| Optimum {
                i: k / n,
                j: k % n,
                cell: *c,
            })
    }

    /// The cell of least C3.
    pub fn min_c3(&self) -> Option<Optimum> {
        self.best_by(|c| c.c3)
    }

    /// The cell of least total Δv.
    pub fn min_dv_total(&self) -> Option<Optimum> {
        self.best_by(|c| c.dv_total)
    }
}

/// Gravitational parameter and radius (km³/s², km) of a departure/arrival planet.
fn planet_constants(b: Body) -> Result<(f64, f64)> {
    let p = planet_of(b);
    match (p.gm(), p.radius()) {
        (Some(gm), Some(r)) => Ok((gm, r)),
        _ => Err(invalid(format!(
            "{b} has no mass and radius in Orrery's body table, needed for the parking/capture delta-v"
        ))),
    }
}

/// Everything a cell needs from one end: the body's state, and its constants.
#[derive(Debug, Clone, Copy)]
pub(crate) struct End {
    pub mu_planet: f64,
    pub rp: f64,
}

/// Computes one cell (allocation-free).
pub(crate) fn cell_of(
    dep: &State,
    arr: &State,
    tof_s: f64,
    mu_center: f64,
    e_dep: End,
    e_arr: End,
    capture_ecc: f64,
) -> Cell {
    let tof_days = tof_s / 86_400.0;
    if tof_s <= 0.0 {
        return Cell::invalid(CellStatus::ArrivalNotAfterDeparture, tof_days);
    }
    // Prograde with respect to the departure body's orbit (not the frame's z axis).
    let h_dep = dep.position.cross(&dep.velocity);
    let n = dep.position.cross(&arr.position);
    let dir = if (n.z >= 0.0) == (n.dot(&h_dep) >= 0.0) {
        Direction::Prograde
    } else {
        Direction::Retrograde
    };
    let Ok((v1, v2)) = solve_single(&dep.position, &arr.position, tof_s, mu_center, dir) else {
        return Cell::invalid(CellStatus::NoSolution, tof_days);
    };
    let vinf_d: Vector3<f64> = v1 - dep.velocity;
    let vinf_a: Vector3<f64> = v2 - arr.velocity;
    let vd = vinf_d.norm();
    let va = vinf_a.norm();
    let dv_dep = departure_dv(vd, e_dep.mu_planet, e_dep.rp);
    let dv_arr = capture_dv(va, e_arr.mu_planet, e_arr.rp, capture_ecc);
    let mut rla = vinf_d.y.atan2(vinf_d.x).to_degrees();
    if rla < 0.0 {
        rla += 360.0;
    }
    Cell {
        c3: vd * vd,
        vinf_dep: vd,
        dla_deg: (vinf_d.z / vd).clamp(-1.0, 1.0).asin().to_degrees(),
        rla_deg: rla,
        vinf_arr: va,
        tof_days,
        dv_departure: dv_dep,
        dv_arrival: dv_arr,
        dv_total: dv_dep + dv_arr,
        status: CellStatus::Ok,
    }
}

pub(crate) fn ends(from: Body, to: Body, orbits: &EndOrbits) -> Result<(End, End)> {
    if !(orbits.parking_altitude_km.is_finite() && orbits.parking_altitude_km >= 0.0) {
        return Err(invalid(format!(
            "parking altitude must be >= 0 km, got {} km",
            orbits.parking_altitude_km
        )));
    }
    if !(orbits.capture_altitude_km.is_finite() && orbits.capture_altitude_km >= 0.0) {
        return Err(invalid(format!(
            "capture altitude must be >= 0 km, got {} km",
            orbits.capture_altitude_km
        )));
    }
    if !(orbits.capture_eccentricity.is_finite()
        && (0.0..1.0).contains(&orbits.capture_eccentricity))
    {
        return Err(invalid(format!(
            "capture eccentricity must be in [0, 1), got {}",
            orbits.capture_eccentricity
        )));
    }
    let (mu_d, r_d) = planet_constants(from)?;
    let (mu_a, r_a) = planet_constants(to)?;
    Ok((
        End {
            mu_planet: mu_d,
            rp: r_d + orbits.parking_altitude_km,
        },
        End {
            mu_planet: mu_a,
            rp: r_a + orbits.capture_altitude_km,
        },
    ))
}

/// Checks the pair of bodies.
pub(crate) fn check_bodies(from: Body, to: Body, center: Body) -> Result<f64> {
    if from == to || planet_of(from) == planet_of(to) {
        return Err(invalid(format!(
            "departure and arrival are the same body ({from})"
        )));
    }
    if from == center || to == center {
        return Err(invalid(format!(
            "the central body ({center}) cannot be an end of the transfer"
        )));
    }
    // A heliocentric transfer joins bodies that orbit the Sun: a moon's heliocentric
    // state is its planet's plus a wobble, and a Lambert arc to it means nothing.
    if center == Body::SUN {
        for b in [from, to] {
            if let Some(planet) = moon_of(b) {
                return Err(TransferError::NotAboutCenter {
                    body: b,
                    primary: planet,
                    center,
                });
            }
        }
    }
    center
        .gm()
        .ok_or_else(|| invalid(format!("central body {center} has no GM")))
}

/// The planet a natural satellite orbits (NAIF ids `xNN`, NN = 1..98: 301 the Moon →
/// 399 the Earth, 401 Phobos → 499 Mars), or `None` for a planet, a barycentre, the
/// Sun or a small body.
pub fn moon_of(b: Body) -> Option<Body> {
    let id = b.0;
    (100..1000).contains(&id).then_some(())?;
    let n = id % 100;
    (1..=98).contains(&n).then(|| Body(id / 100 * 100 + 99))
}

/// States of `body` wrt `center` at each date.
pub(crate) fn states(
    eph: &dyn Ephemeris,
    body: Body,
    center: Body,
    dates: &[Epoch],
) -> Result<Vec<State>> {
    dates
        .par_iter()
        .map(|&t| eph.state_icrf(body, center, t).map_err(TransferError::from))
        .collect()
}

/// Computes the grid. Errors: same body, empty ranges, no arrival after any
/// departure, too many cells, ephemeris gaps.
///
/// ```
/// use orrery_core::{ephem::Source, time::parse_epoch, Body, Unit};
/// use orrery_transfer::porkchop::{compute, DateRange, EndOrbits, PorkchopSpec};
///
/// // Earth to Mars, the 2020 window (Perseverance launched on 2020-07-30).
/// let d = |s: &str| parse_epoch(s).unwrap();
/// let spec = PorkchopSpec {
///     from: Body::EARTH,
///     to: Body::MARS,
///     center: Body::SUN,
///     depart: DateRange { start: d("2020-07-01"), end: d("2020-08-31"), step: Unit::Day * 2 },
///     arrive: DateRange { start: d("2021-01-01"), end: d("2021-03-31"), step: Unit::Day * 2 },
///     orbits: EndOrbits::default(),
/// };
/// let grid = compute(&spec, &Source::builtin())?;
/// let best = grid.min_c3().unwrap();
/// // The least launch energy of the 2020 window is about 13 km²/s², in July.
/// assert!((12.0..15.0).contains(&best.cell.c3), "{}", best.cell.c3);
/// # Ok::<(), orrery_transfer::TransferError>(())
/// ```
pub fn compute(spec: &PorkchopSpec, eph: &dyn Ephemeris) -> Result<Porkchop> {
    compute_with(spec, eph, &Silent)
}

/// [`compute`], reporting one unit of progress per departure date and stopping with
/// [`TransferError::Cancelled`] when `progress` asks.
pub fn compute_with(
    spec: &PorkchopSpec,
    eph: &dyn Ephemeris,
    progress: &dyn Progress,
) -> Result<Porkchop> {
    let mu = check_bodies(spec.from, spec.to, spec.center)?;
    let (e_dep, e_arr) = ends(spec.from, spec.to, &spec.orbits)?;
    let departures = spec.depart.dates("departure")?;
    let arrivals = spec.arrive.dates("arrival")?;
    let cells_n = departures.len().saturating_mul(arrivals.len());
    if cells_n > MAX_CELLS {
        return Err(TransferError::TooManyCells {
            departures: departures.len(),
            arrivals: arrivals.len(),
            max: MAX_CELLS,
        });
    }
    let (Some(first_dep), Some(last_arr)) = (departures.first(), arrivals.last()) else {
        return Err(invalid("empty date range"));
    };
    if *last_arr <= *first_dep {
        return Err(TransferError::ArrivalBeforeDeparture {
            first_departure: *first_dep,
        });
    }
    let dep_states = states(eph, spec.from, spec.center, &departures)?;
    let arr_states = states(eph, spec.to, spec.center, &arrivals)?;
    let n = arrivals.len();
    let mut cells = vec![Cell::invalid(CellStatus::NoSolution, f64::NAN); cells_n];
    let ecc = spec.orbits.capture_eccentricity;
    progress.start("departure dates", departures.len() as u64);
    cells.par_chunks_mut(n).enumerate().for_each(|(i, row)| {
        if progress.is_cancelled() {
            return;
        }
        let (td, sd) = (departures[i], &dep_states[i]);
        for (j, c) in row.iter_mut().enumerate() {
            let tof = (arrivals[j] - td).to_seconds();
            *c = cell_of(sd, &arr_states[j], tof, mu, e_dep, e_arr, ecc);
        }
        progress.advance(1);
    });
    if progress.is_cancelled() {
        return Err(TransferError::Cancelled);
    }
    Ok(Porkchop {
        from: spec.from,
        to: spec.to,
        departures,
        arrivals,
        cells,
        orbits: spec.orbits,
        source: eph.source_name(),
    })
}
