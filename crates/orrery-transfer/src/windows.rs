//! Launch windows: for each synodic period between `start` and `end`, the
//! transfers of least launch C3 and of least total Δv.
//!
//! A coarse scan (4-day departure and time-of-flight steps) gives the best C3
//! over all times of flight for each departure date; a window is a local minimum
//! of that curve that is the lowest within ±0.4 synodic periods (synodic period
//! S = 1/|1/P₁ − 1/P₂| from the bodies' osculating periods at `start`). Each
//! window is then refined on a 1-day porkchop grid (±40 days around the coarse
//! minimum, all allowed times of flight).

use crate::error::{Result, TransferError};
use crate::porkchop::{
    self, cell_of, check_bodies, ends, states, Cell, CellStatus, DateRange, EndOrbits, PorkchopSpec,
};
use hifitime::{Epoch, Unit};
use orrery_core::{Body, Ephemeris};
use rayon::prelude::*;
use serde::Serialize;

/// What to search.
#[derive(Debug, Clone)]
pub struct WindowSpec {
    /// Departure body.
    pub from: Body,
    /// Arrival body.
    pub to: Body,
    /// Central body (the Sun).
    pub center: Body,
    /// First departure date considered.
    pub start: Epoch,
    /// Last departure date considered.
    pub end: Epoch,
    /// Shortest time of flight, days.
    pub tof_min_days: f64,
    /// Longest time of flight, days.
    pub tof_max_days: f64,
    /// Parking and capture orbits.
    pub orbits: EndOrbits,
}

/// One transfer: dates and the porkchop cell.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Transfer {
    /// Departure date.
    #[serde(skip)]
    pub departure: Epoch,
    /// Arrival date.
    #[serde(skip)]
    pub arrival: Epoch,
    /// C3, v∞, Δv, time of flight.
    #[serde(flatten)]
    pub cell: Cell,
}

/// One launch window.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// Least launch energy.
    pub min_c3: Transfer,
    /// Least total Δv (parking orbit to capture orbit).
    pub min_dv: Transfer,
}

fn synodic_period_days(eph: &dyn Ephemeris, spec: &WindowSpec, mu: f64) -> Result<f64> {
    let period = |b: Body| -> Result<f64> {
        let s = eph.state_icrf(b, spec.center, spec.start)?;
        let a = 1.0 / (2.0 / s.position.norm() - s.velocity.norm_squared() / mu);
        if a <= 0.0 {
            return Err(TransferError::Grid(format!(
                "{b} is not on a closed orbit about {}",
                spec.center
            )));
        }
        Ok(2.0 * std::f64::consts::PI * (a * a * a / mu).sqrt() / 86_400.0)
    };
    let (p1, p2) = (period(spec.from)?, period(spec.to)?);
    Ok(1.0 / (1.0 / p1 - 1.0 / p2).abs())
}

/// Finds the launch windows. Errors: bad bodies or ranges, ephemeris gaps.
pub fn find(spec: &WindowSpec, eph: &dyn Ephemeris) -> Result<Vec<Window>> {
    let mu = check_bodies(spec.from, spec.to, spec.center)?;
    let (e_dep, e_arr) = ends(spec.from, spec.to, &spec.orbits)?;
    if !(spec.tof_min_days > 0.0
        && spec.tof_max_days > spec.tof_min_days
        && spec.tof_max_days - spec.tof_min_days <= 40_000.0)
    {
        return Err(TransferError::Grid(format!(
            "time-of-flight range {}..{} days must be positive, non-empty and at most 40000 days wide",
            spec.tof_min_days, spec.tof_max_days
        )));
    }
    let step = 4.0 * Unit::Day;
    let deps = DateRange {
        start: spec.start,
        end: spec.end,
        step,
    }
    .dates("departure")?;
    if deps.len() < 3 {
        return Err(TransferError::Grid(
            "the date range is too short to search for windows".into(),
        ));
    }
    let synodic = synodic_period_days(eph, spec, mu)?;
    let n_tof = ((spec.tof_max_days - spec.tof_min_days) / 4.0).floor() as usize + 1;
    let arr_dates: Vec<Epoch> = (0..deps.len() + n_tof)
        .map(|m| spec.start + spec.tof_min_days * Unit::Day + step * (m as f64))
        .collect();
    let sd = states(eph, spec.from, spec.center, &deps)?;
    let sa = states(eph, spec.to, spec.center, &arr_dates)?;
    let ecc = spec.orbits.capture_eccentricity;
    // Best C3 over all times of flight, per departure date.
    let best: Vec<f64> = (0..deps.len())
        .into_par_iter()
        .map(|i| {
            (0..n_tof)
                .map(|k| {
                    let tof = (arr_dates[i + k] - deps[i]).to_seconds();
                    cell_of(&sd[i], &sa[i + k], tof, mu, e_dep, e_arr, ecc)
                })
                .filter(|c| c.status == CellStatus::Ok)
                .map(|c| c.c3)
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    let half = ((0.4 * synodic / 4.0).round() as usize).max(1);
    let mut out = Vec::new();
    for i in 1..deps.len() - 1 {
        let lo = i.saturating_sub(half);
        let hi = (i + half).min(deps.len() - 1);
        let is_min = best[i].is_finite()
            && (lo..=hi).all(|j| best[j] > best[i] || j == i || (best[j] == best[i] && j > i));
        if !is_min || i == 0 || i == deps.len() - 1 {
            continue;
        }
        let d = deps[i];
        let grid = porkchop::compute(
            &PorkchopSpec {
                from: spec.from,
                to: spec.to,
                center: spec.center,
                depart: DateRange {
                    start: d - 40 * Unit::Day,
                    end: d + 40 * Unit::Day,
                    step: 1 * Unit::Day,
                },
                arrive: DateRange {
                    start: d - 40 * Unit::Day + spec.tof_min_days * Unit::Day,
                    end: d + 40 * Unit::Day + spec.tof_max_days * Unit::Day,
                    step: 1 * Unit::Day,
                },
                orbits: spec.orbits,
            },
            eph,
        )?;
        let n = grid.arrivals.len();
        let pick = |key: &dyn Fn(&Cell) -> f64| -> Option<Transfer> {
            grid.cells
                .iter()
                .enumerate()
                .filter(|(_, c)| {
                    c.status == CellStatus::Ok
                        && c.tof_days >= spec.tof_min_days
                        && c.tof_days <= spec.tof_max_days
                })
                .min_by(|a, b| key(a.1).total_cmp(&key(b.1)))
                .map(|(k, c)| Transfer {
                    departure: grid.departures[k / n],
                    arrival: grid.arrivals[k % n],
                    cell: *c,
                })
        };
        if let (Some(min_c3), Some(min_dv)) = (pick(&|c| c.c3), pick(&|c| c.dv_total)) {
            out.push(Window { min_c3, min_dv });
        }
    }
    Ok(out)
}
