//! Launch windows: for each synodic period between `start` and `end`, the
//! transfers of least launch C3 and of least total Δv, with departures inside
//! `start..=end`.
//!
//! A coarse scan (4-day departure and time-of-flight steps) gives the best C3
//! over all times of flight for each departure date; a window is a local minimum
//! of that curve that is the lowest within ±0.4 synodic periods (synodic period
//! S = 1/|1/P₁ − 1/P₂| from the bodies' osculating periods at `start`), the
//! first and last departure dates included. Each window is then refined on a
//! 1-day porkchop grid: ±40 days of departure around the coarse minimum, all
//! allowed times of flight, clipped to `start..=end`. While an optimum (least
//! C3 or least Δv) sits on an edge of that box that is not a range end, the box
//! grows by 40 days on that side (up to half a synodic period from the coarse
//! minimum), so each optimum is either a true local optimum of the 1-day grid
//! or lies on a range end: then the window is [`Window::partial`], cut by that
//! end, and its true optimum lies outside the requested range.

use crate::error::{invalid, Result, TransferError};
use crate::porkchop::{
    self, cell_of, check_bodies, ends, states, Cell, CellStatus, DateRange, EndOrbits,
    PorkchopSpec, MAX_CELLS,
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

/// Which end of the requested departure range cuts a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RangeEnd {
    /// The first departure date (`WindowSpec::start`).
    Start,
    /// The last departure date (`WindowSpec::end`).
    End,
}

/// One launch window.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// Least launch energy (departure within the requested range).
    pub min_c3: Transfer,
    /// Least total Δv (parking orbit to capture orbit), departure within the
    /// requested range.
    pub min_dv: Transfer,
    /// `Some(end)` when the window is cut by that end of the range: an
    /// optimum departs on the range's first or last day, so the window's true
    /// optimum lies outside the range. `None` for a whole window.
    pub partial: Option<RangeEnd>,
}

fn synodic_period_days(eph: &dyn Ephemeris, spec: &WindowSpec, mu: f64) -> Result<f64> {
    let period = |b: Body| -> Result<f64> {
        let s = eph.state_icrf(b, spec.center, spec.start)?;
        let a = 1.0 / (2.0 / s.position.norm() - s.velocity.norm_squared() / mu);
        if a <= 0.0 {
            return Err(TransferError::OpenOrbit {
                body: b,
                center: spec.center,
            });
        }
        Ok(2.0 * std::f64::consts::PI * (a * a * a / mu).sqrt() / 86_400.0)
    };
    let (p1, p2) = (period(spec.from)?, period(spec.to)?);
    Ok(1.0 / (1.0 / p1 - 1.0 / p2).abs())
}

/// The longest departure range one search may span, days (200 years: about 94 Earth-Mars
/// windows, some 20 s of work on two cores).
pub const MAX_RANGE_DAYS: f64 = 200.0 * 365.25;

/// Finds the launch windows. Errors: bad bodies or ranges, ephemeris gaps.
pub fn find(spec: &WindowSpec, eph: &dyn Ephemeris) -> Result<Vec<Window>> {
    let mu = check_bodies(spec.from, spec.to, spec.center)?;
    let (e_dep, e_arr) = ends(spec.from, spec.to, &spec.orbits)?;
    if !(spec.tof_min_days > 0.0
        && spec.tof_max_days > spec.tof_min_days
        && spec.tof_max_days - spec.tof_min_days <= 40_000.0)
    {
        return Err(invalid(format!(
            "time-of-flight range {}..{} days must be positive, non-empty and at most 40000 days wide",
            spec.tof_min_days, spec.tof_max_days
        )));
    }
    let range_days = (spec.end - spec.start).to_unit(Unit::Day);
    if range_days > MAX_RANGE_DAYS {
        return Err(TransferError::RangeTooLong {
            days: range_days,
            max_days: MAX_RANGE_DAYS,
        });
    }
    let step = 4.0 * Unit::Day;
    let deps = DateRange {
        start: spec.start,
        end: spec.end,
        step,
    }
    .dates("departure")?;
    if deps.len() < 3 {
        return Err(TransferError::RangeTooShort {
            days: (spec.end - spec.start).to_unit(Unit::Day),
            min_days: 8.0,
        });
    }
    let synodic = synodic_period_days(eph, spec, mu)?;
    let n_tof = ((spec.tof_max_days - spec.tof_min_days) / 4.0).floor() as usize + 1;
    let arr_dates: Vec<Epoch> = (0..deps.len() + n_tof)
        .map(|m| spec.start + spec.tof_min_days * Unit::Day + step * (m as f64))
        .collect();
    let sd = states(eph, spec.from, spec.center, &deps)?;
    let sa = states(eph, spec.to, spec.center, &arr_dates)?;
    let ecc = spec.orbits.capture_eccentricity;
    // Best C3 and best total Δv over all times of flight, per departure date.
    let best: Vec<(f64, f64)> = (0..deps.len())
        .into_par_iter()
        .map(|i| {
            (0..n_tof)
                .map(|k| {
                    let tof = (arr_dates[i + k] - deps[i]).to_seconds();
                    cell_of(&sd[i], &sa[i + k], tof, mu, e_dep, e_arr, ecc)
                })
                .filter(|c| c.status == CellStatus::Ok)
                .fold((f64::INFINITY, f64::INFINITY), |(c3, dv), c| {
                    (c3.min(c.c3), dv.min(c.dv_total))
                })
        })
        .collect();
    let c3: Vec<f64> = best.iter().map(|b| b.0).collect();
    let half = ((0.4 * synodic / 4.0).round() as usize).max(1);
    let last = deps.len() - 1;
    let minima: Vec<usize> = (0..deps.len())
        .filter(|&i| {
            let (lo, hi) = (i.saturating_sub(half), (i + half).min(last));
            c3[i].is_finite()
                && (lo..=hi).all(|j| c3[j] > c3[i] || j == i || (c3[j] == c3[i] && j > i))
        })
        .collect();
    // Each window's territory runs between the C3 maxima that separate it from
    // its neighbours (or a range end).
    let argmax = |a: usize, b: usize| -> usize {
        (a..=b)
            .filter(|&j| c3[j].is_finite())
            .max_by(|&x, &y| c3[x].total_cmp(&c3[y]))
            .unwrap_or(a)
    };
    let mut bounds = vec![0];
    bounds.extend(minima.windows(2).map(|m| argmax(m[0], m[1])));
    bounds.push(last);
    let mut out = Vec::new();
    for (k, &i) in minima.iter().enumerate() {
        let (t_lo, t_hi) = (bounds[k], bounds[k + 1]);
        // Coarse least-Δv departure within the territory.
        let i_dv = (t_lo..=t_hi)
            .filter(|&j| best[j].1.is_finite())
            .min_by(|&x, &y| best[x].1.total_cmp(&best[y].1))
            .unwrap_or(i);
        let limits = (
            (deps[t_lo] - BOX_DAYS * Unit::Day).max(spec.start),
            (deps[t_hi] + BOX_DAYS * Unit::Day).min(spec.end),
        );
        if let Some(w) = refine(spec, eph, deps[i.min(i_dv)], deps[i.max(i_dv)], limits)? {
            out.push(w);
        }
    }
    Ok(out)
}

/// Step by which the refinement box grows, its initial half-width, and its
/// margin beyond a window's territory, days.
const BOX_DAYS: i64 = 40;

/// Refines a window on a 1-day grid of departures from `d_lo` − 40 days to
/// `d_hi` + 40 days (the coarse least-C3 and least-Δv dates), clipped to the
/// requested range, growing the box by 40 days on a side while an optimum sits
/// on that edge, up to `limits` (the territory ± 40 days, within the range).
fn refine(
    spec: &WindowSpec,
    eph: &dyn Ephemeris,
    d_lo: Epoch,
    d_hi: Epoch,
    limits: (Epoch, Epoch),
) -> Result<Option<Window>> {
    let day = 1 * Unit::Day;
    let mut lo = (d_lo - BOX_DAYS * Unit::Day).max(spec.start);
    let mut hi = (d_hi + BOX_DAYS * Unit::Day).min(spec.end);
    loop {
        let grid = porkchop::compute(
            &PorkchopSpec {
                from: spec.from,
                to: spec.to,
                center: spec.center,
                depart: DateRange {
                    start: lo,
                    end: hi,
                    step: day,
                },
                arrive: DateRange {
                    start: lo + spec.tof_min_days * Unit::Day,
                    end: hi + spec.tof_max_days * Unit::Day,
                    step: day,
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
        let (Some(min_c3), Some(min_dv)) = (pick(&|c| c.c3), pick(&|c| c.dv_total)) else {
            return Ok(None);
        };
        let (Some(&first), Some(&last)) = (grid.departures.first(), grid.departures.last()) else {
            return Ok(None);
        };
        let on_first = [min_c3, min_dv].iter().any(|t| t.departure == first);
        let on_last = [min_c3, min_dv].iter().any(|t| t.departure == last);
        let at_start = first <= spec.start;
        // The last grid date is within a day of `hi` (which may not fall on the step).
        let at_end = last + day > spec.end;
        let (mut new_lo, mut new_hi) = (lo, hi);
        if on_first && !at_start && lo > limits.0 {
            new_lo = (lo - BOX_DAYS * Unit::Day).max(limits.0);
        }
        if on_last && !at_end && hi < limits.1 {
            new_hi = (hi + BOX_DAYS * Unit::Day).min(limits.1);
        }
        // Grow unless the grid would pass the porkchop's cell limit (only with
        // times of flight spanning thousands of days).
        let n_dep = (new_hi - new_lo).to_unit(Unit::Day) + 1.0;
        let n_arr = n_dep + spec.tof_max_days - spec.tof_min_days;
        if (new_lo, new_hi) != (lo, hi) && n_dep * n_arr <= MAX_CELLS as f64 {
            (lo, hi) = (new_lo, new_hi);
            continue;
        }
        let partial = if on_first && at_start {
            Some(RangeEnd::Start)
        } else if on_last && at_end {
            Some(RangeEnd::End)
        } else {
            None
        };
        return Ok(Some(Window {
            min_c3,
            min_dv,
            partial,
        }));
    }
}
