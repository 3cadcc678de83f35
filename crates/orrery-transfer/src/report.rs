//! Output schemas of the transfer computations: the records that `orrery porkchop`,
//! `windows` and `lambert` write as JSON and CSV, and that the server and the Python
//! package return. Instants are UTC (`*_utc`), speeds km/s, C3 km²/s².

use crate::lambert::LambertSolution;
use crate::porkchop::{Cell, EndOrbits, Optimum, Porkchop};
use crate::windows::{RangeEnd, Window};
use orrery_core::records::utc;
use orrery_core::Epoch;
use serde::Serialize;

/// One porkchop cell with its dates: a row of `orrery porkchop --format csv` and an
/// element of the JSON document's `cells`.
#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema)]
pub struct PorkchopCell<'a> {
    /// Departure date, UTC.
    #[serde(serialize_with = "utc")]
    #[schemars(with = "String")]
    pub departure_utc: Epoch,
    /// Arrival date, UTC.
    #[serde(serialize_with = "utc")]
    #[schemars(with = "String")]
    pub arrival_utc: Epoch,
    /// C3, v∞, Δv and time of flight.
    #[serde(flatten)]
    pub cell: &'a Cell,
}

/// The JSON document of `orrery porkchop`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PorkchopReport<'a> {
    /// Departure body.
    pub from: String,
    /// Arrival body.
    pub to: String,
    /// The ephemeris used.
    pub ephemeris: String,
    /// Parking and capture orbits of the Δv.
    pub orbits: EndOrbits,
    /// The least-C3 cell.
    pub min_c3: Option<PorkchopCell<'a>>,
    /// The least-total-Δv cell.
    pub min_dv_total: Option<PorkchopCell<'a>>,
    /// Optima that lie on the grid's edge (the true optimum may lie outside).
    pub warnings: Vec<String>,
    /// Every cell, departure-major.
    pub cells: Vec<PorkchopCell<'a>>,
}

impl Porkchop {
    /// Cell `(i, j)` with its dates.
    pub fn row(&self, i: usize, j: usize) -> Option<PorkchopCell<'_>> {
        Some(PorkchopCell {
            departure_utc: *self.departures.get(i)?,
            arrival_utc: *self.arrivals.get(j)?,
            cell: self.cell(i, j)?,
        })
    }

    /// Every cell with its dates, departure-major.
    pub fn rows(&self) -> impl Iterator<Item = PorkchopCell<'_>> + '_ {
        let n = self.arrivals.len();
        (0..self.cells.len()).filter_map(move |k| self.row(k / n, k % n))
    }

    /// The optimum's cell with its dates.
    pub fn optimum_row(&self, o: Option<Optimum>) -> Option<PorkchopCell<'_>> {
        o.and_then(|o| self.row(o.i, o.j))
    }

    /// Which edges of the grid an optimum lies on (`first departure`, `last arrival`...):
    /// empty when it lies inside.
    pub fn edges_of(&self, o: &Optimum) -> Vec<&'static str> {
        let mut e = Vec::new();
        if o.i == 0 {
            e.push("first departure");
        }
        if o.i + 1 == self.departures.len() {
            e.push("last departure");
        }
        if o.j == 0 {
            e.push("first arrival");
        }
        if o.j + 1 == self.arrivals.len() {
            e.push("last arrival");
        }
        e
    }

    /// A sentence for each optimum on the grid's edge: the grid should be widened
    /// there, because the true optimum may lie outside it.
    pub fn edge_warnings(&self) -> Vec<String> {
        [("least C3", self.min_c3()), ("least total Δv", self.min_dv_total())]
            .into_iter()
            .filter_map(|(what, o)| {
                let o = o?;
                let edges = self.edges_of(&o);
                (!edges.is_empty()).then(|| {
                    format!(
                        "the {what} cell lies on the grid's {} edge: the true optimum may lie outside the grid; widen the dates there",
                        edges.join(" and ")
                    )
                })
            })
            .collect()
    }

    /// The document written by `orrery porkchop --format json`.
    pub fn report(&self) -> PorkchopReport<'_> {
        PorkchopReport {
            from: self.from.name(),
            to: self.to.name(),
            ephemeris: self.source.clone(),
            orbits: self.orbits,
            min_c3: self.optimum_row(self.min_c3()),
            min_dv_total: self.optimum_row(self.min_dv_total()),
            warnings: self.edge_warnings(),
            cells: self.rows().collect(),
        }
    }
}

/// One transfer of a launch window with its dates.
#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema)]
pub struct TransferRow {
    /// Departure date, UTC.
    #[serde(serialize_with = "utc")]
    #[schemars(with = "String")]
    pub departure_utc: Epoch,
    /// Arrival date, UTC.
    #[serde(serialize_with = "utc")]
    #[schemars(with = "String")]
    pub arrival_utc: Epoch,
    /// C3, v∞, Δv and time of flight.
    #[serde(flatten)]
    pub cell: Cell,
}

/// One launch window: an element of `orrery windows --format json`.
#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema)]
pub struct WindowRow {
    /// The least-C3 transfer.
    pub min_c3: TransferRow,
    /// The least-total-Δv transfer.
    pub min_dv_total: TransferRow,
    /// `null`, or the end of the departure range (`start` / `end`) that cuts the
    /// window: its true optimum lies outside the range.
    pub partial: Option<RangeEnd>,
}

impl From<&Window> for WindowRow {
    fn from(w: &Window) -> Self {
        let t = |t: crate::windows::Transfer| TransferRow {
            departure_utc: t.departure,
            arrival_utc: t.arrival,
            cell: t.cell,
        };
        WindowRow {
            min_c3: t(w.min_c3),
            min_dv_total: t(w.min_dv),
            partial: w.partial,
        }
    }
}

/// One Lambert solution: an element of `orrery lambert --format json`.
#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema)]
pub struct LambertRow {
    /// Complete revolutions.
    pub revolutions: u32,
    /// `single`, `left` or `right`.
    pub branch: &'static str,
    /// Velocity at r1, km/s (the input's frame).
    pub v1_km_s: [f64; 3],
    /// Velocity at r2, km/s.
    pub v2_km_s: [f64; 3],
}

impl From<&LambertSolution> for LambertRow {
    fn from(s: &LambertSolution) -> Self {
        LambertRow {
            revolutions: s.revolutions,
            branch: s.branch.as_str(),
            v1_km_s: s.v1.into(),
            v2_km_s: s.v2.into(),
        }
    }
}

/// A porkchop grid as columns of numbers, compact enough to send a 200 × 200 grid to a
/// browser: `c3_km2_s2[i][j]` is departure `i`, arrival `j`; `null` where no transfer.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PorkchopGrid {
    /// Departure body.
    pub from: String,
    /// Arrival body.
    pub to: String,
    /// The ephemeris used.
    pub ephemeris: String,
    /// Departure dates, UTC.
    pub departures_utc: Vec<String>,
    /// Arrival dates, UTC.
    pub arrivals_utc: Vec<String>,
    /// Launch energy, km²/s², by departure then arrival.
    pub c3_km2_s2: Vec<Vec<Option<f64>>>,
    /// Arrival v∞, km/s.
    pub vinf_arrival_km_s: Vec<Vec<Option<f64>>>,
    /// Time of flight, days.
    pub tof_days: Vec<Vec<Option<f64>>>,
    /// Total Δv, km/s.
    pub dv_total_km_s: Vec<Vec<Option<f64>>>,
    /// The least-C3 cell.
    pub min_c3: Option<TransferRow>,
    /// Optima on the grid's edge.
    pub warnings: Vec<String>,
}

impl Porkchop {
    /// The grid as columns (see [`PorkchopGrid`]).
    pub fn grid_columns(&self) -> PorkchopGrid {
        use orrery_core::time::format_utc_ms;
        let n = self.arrivals.len();
        let col = |f: &dyn Fn(&Cell) -> f64| -> Vec<Vec<Option<f64>>> {
            self.cells
                .chunks(n.max(1))
                .map(|row| {
                    row.iter()
                        .map(|c| {
                            let v = f(c);
                            (c.status == crate::porkchop::CellStatus::Ok && v.is_finite())
                                .then_some(v)
                        })
                        .collect()
                })
                .collect()
        };
        PorkchopGrid {
            from: self.from.name(),
            to: self.to.name(),
            ephemeris: self.source.clone(),
            departures_utc: self.departures.iter().map(|t| format_utc_ms(*t)).collect(),
            arrivals_utc: self.arrivals.iter().map(|t| format_utc_ms(*t)).collect(),
            c3_km2_s2: col(&|c| c.c3),
            vinf_arrival_km_s: col(&|c| c.vinf_arr),
            tof_days: col(&|c| c.tof_days),
            dv_total_km_s: col(&|c| c.dv_total),
            min_c3: self.min_c3().and_then(|o| {
                Some(TransferRow {
                    departure_utc: *self.departures.get(o.i)?,
                    arrival_utc: *self.arrivals.get(o.j)?,
                    cell: o.cell,
                })
            }),
            warnings: self.edge_warnings(),
        }
    }
}
