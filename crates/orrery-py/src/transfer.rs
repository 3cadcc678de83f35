//! `orrery.transfer`: Lambert arcs, porkchop grids, launch windows, Δv budgets.

use crate::common::{json, run_long, value_err, PyOk};
use crate::ephem::{body, PyEphemeris};
use crate::time::PyTime;
use nalgebra::Vector3;
use numpy::{IntoPyArray, PyArray2, PyArrayMethods};
use orrery::transfer::lambert::{solve, solve_requiring, Direction};
use orrery::transfer::porkchop::{
    compute_with, CellStatus, DateRange, EndOrbits, Porkchop, PorkchopSpec,
};
use orrery::transfer::report::WindowRow;
use orrery::transfer::{budget, trajectory, windows};
use orrery::Unit;
use pyo3::prelude::*;

type LambertTuple = (u32, &'static str, [f64; 3], [f64; 3]);

/// Every Lambert solution from `r1` to `r2` (km) in `tof_s` seconds about a body of
/// GM `mu` (km³/s²): `(revolutions, branch, v1 km/s, v2 km/s)`, zero-revolution first.
/// With `exact_revs`, fails unless a solution with exactly `max_revs` revolutions exists.
#[pyfunction]
#[pyo3(signature = (r1, r2, tof_s, mu, retrograde=false, max_revs=0, exact_revs=false))]
pub fn lambert(
    r1: [f64; 3],
    r2: [f64; 3],
    tof_s: f64,
    mu: f64,
    retrograde: bool,
    max_revs: u32,
    exact_revs: bool,
) -> PyResult<Vec<LambertTuple>> {
    let dir = if retrograde {
        Direction::Retrograde
    } else {
        Direction::Prograde
    };
    let (a, b) = (Vector3::from(r1), Vector3::from(r2));
    let sols = if exact_revs {
        solve_requiring(&a, &b, tof_s, mu, dir, max_revs)
    } else {
        solve(&a, &b, tof_s, mu, dir, max_revs)
    }
    .py()?;
    Ok(sols
        .iter()
        .map(|s| (s.revolutions, s.branch.as_str(), s.v1.into(), s.v2.into()))
        .collect())
}

fn orbits(parking_km: f64, capture_km: f64, capture_ecc: f64) -> EndOrbits {
    EndOrbits {
        parking_altitude_km: parking_km,
        capture_altitude_km: capture_km,
        capture_eccentricity: capture_ecc,
    }
}

fn days(d: f64, what: &str) -> PyResult<orrery::Duration> {
    if !(d.is_finite() && d > 0.0) {
        return Err(value_err(format!(
            "{what} must be a positive number of days, got {d}"
        )));
    }
    Ok(Unit::Day * d)
}

/// A computed porkchop grid.
#[pyclass(module = "orrery._orrery", name = "_Porkchop", frozen)]
pub struct PyPorkchop {
    pc: Porkchop,
}

/// Computes a porkchop grid (departure × arrival dates) with the GIL released.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (from_body, to_body, center, depart_start, depart_stop, depart_step_days,
                    arrive_start, arrive_stop, arrive_step_days, parking_altitude_km=200.0,
                    capture_altitude_km=400.0, capture_eccentricity=0.0, ephemeris=None,
                    callback=None))]
pub fn porkchop(
    py: Python<'_>,
    from_body: &str,
    to_body: &str,
    center: &str,
    depart_start: &PyTime,
    depart_stop: &PyTime,
    depart_step_days: f64,
    arrive_start: &PyTime,
    arrive_stop: &PyTime,
    arrive_step_days: f64,
    parking_altitude_km: f64,
    capture_altitude_km: f64,
    capture_eccentricity: f64,
    ephemeris: Option<&PyEphemeris>,
    callback: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyPorkchop> {
    let spec = PorkchopSpec {
        from: body(from_body)?,
        to: body(to_body)?,
        center: body(center)?,
        depart: DateRange {
            start: depart_start.first()?,
            end: depart_stop.first()?,
            step: days(depart_step_days, "depart_step_days")?,
        },
        arrive: DateRange {
            start: arrive_start.first()?,
            end: arrive_stop.first()?,
            step: days(arrive_step_days, "arrive_step_days")?,
        },
        orbits: orbits(
            parking_altitude_km,
            capture_altitude_km,
            capture_eccentricity,
        ),
    };
    let builtin = orrery::ephem::Source::builtin();
    let eph = ephemeris.map_or(&builtin, |e| &*e.source);
    let pc = run_long(py, callback, |c| compute_with(&spec, eph, c))?.py()?;
    Ok(PyPorkchop { pc })
}

#[pymethods]
impl PyPorkchop {
    /// Departure dates.
    #[getter]
    fn departures(&self) -> PyTime {
        PyTime::new(self.pc.departures.clone())
    }

    /// Arrival dates.
    #[getter]
    fn arrivals(&self) -> PyTime {
        PyTime::new(self.pc.arrivals.clone())
    }

    /// One quantity over the grid, `(n_departures, n_arrivals)`, NaN where no transfer:
    /// `c3_km2_s2`, `vinf_departure_km_s`, `vinf_arrival_km_s`, `dv_departure_km_s`,
    /// `dv_arrival_km_s`, `dv_total_km_s`, `tof_days`, `dla_deg`, `rla_deg`, `ok` (1/0).
    fn column<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyArray2<f64>>> {
        type Get = fn(&orrery::transfer::porkchop::Cell) -> f64;
        let f: Get = match name {
            "c3_km2_s2" => |c| c.c3,
            "vinf_departure_km_s" => |c| c.vinf_dep,
            "vinf_arrival_km_s" => |c| c.vinf_arr,
            "dv_departure_km_s" => |c| c.dv_departure,
            "dv_arrival_km_s" => |c| c.dv_arrival,
            "dv_total_km_s" => |c| c.dv_total,
            "tof_days" => |c| c.tof_days,
            "dla_deg" => |c| c.dla_deg,
            "rla_deg" => |c| c.rla_deg,
            "ok" => |c| f64::from(u8::from(c.status == CellStatus::Ok)),
            other => return Err(value_err(format!("no porkchop column '{other}'"))),
        };
        let (n, m) = (self.pc.departures.len(), self.pc.arrivals.len());
        let v: Vec<f64> = self.pc.cells.iter().map(f).collect();
        v.into_pyarray(py).reshape([n, m])
    }

    /// `(i, j)` of the least-C3 cell.
    fn min_c3(&self) -> Option<(usize, usize)> {
        self.pc.min_c3().map(|o| (o.i, o.j))
    }

    /// `(i, j)` of the least-total-Δv cell.
    fn min_dv_total(&self) -> Option<(usize, usize)> {
        self.pc.min_dv_total().map(|o| (o.i, o.j))
    }

    /// The cell `(i, j)` as `orrery porkchop` writes it.
    fn cell_json(&self, i: usize, j: usize) -> PyResult<String> {
        json(
            &self
                .pc
                .row(i, j)
                .ok_or_else(|| value_err("cell out of range"))?,
        )
    }

    /// The document of `orrery porkchop --format json`.
    fn report_json(&self) -> PyResult<String> {
        json(&self.pc.report())
    }

    /// The grid as columns (the server's `PorkchopGrid`).
    fn grid_json(&self) -> PyResult<String> {
        json(&self.pc.grid_columns())
    }

    /// Optima on the grid's edge.
    fn warnings(&self) -> Vec<String> {
        self.pc.edge_warnings()
    }
}

/// The launch windows of `from_body` to `to_body` departing from `start` to `stop`:
/// the elements of `orrery windows --format json`.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (from_body, to_body, center, start, stop, tof_min_days, tof_max_days,
                    parking_altitude_km=200.0, capture_altitude_km=400.0,
                    capture_eccentricity=0.0, ephemeris=None))]
pub fn windows_json(
    py: Python<'_>,
    from_body: &str,
    to_body: &str,
    center: &str,
    start: &PyTime,
    stop: &PyTime,
    tof_min_days: f64,
    tof_max_days: f64,
    parking_altitude_km: f64,
    capture_altitude_km: f64,
    capture_eccentricity: f64,
    ephemeris: Option<&PyEphemeris>,
) -> PyResult<String> {
    let spec = windows::WindowSpec {
        from: body(from_body)?,
        to: body(to_body)?,
        center: body(center)?,
        start: start.first()?,
        end: stop.first()?,
        tof_min_days,
        tof_max_days,
        orbits: orbits(
            parking_altitude_km,
            capture_altitude_km,
            capture_eccentricity,
        ),
    };
    let builtin = orrery::ephem::Source::builtin();
    let eph = ephemeris.map_or(&builtin, |e| &*e.source);
    let found = run_long(py, None, |_| windows::find(&spec, eph))?.py()?;
    let rows: Vec<WindowRow> = found.iter().map(WindowRow::from).collect();
    json(&rows)
}

/// The Δv budget of a mission in the TOML format of `docs/budget.md` (`orrery budget
/// --format json`); `name` names the text in errors.
#[pyfunction]
#[pyo3(signature = (text, name="<mission>"))]
pub fn budget_toml_json(text: &str, name: &str) -> PyResult<String> {
    let m = budget::parse(text, name).py()?;
    json(&budget::compute(&m, name).py()?)
}

/// [`budget_toml_json`] with the mission as JSON text (the same keys as the TOML file:
/// `name`, `dry_mass_kg`, `isp_s`, `leg` = list of legs).
#[pyfunction]
#[pyo3(signature = (text, name="<mission>"))]
pub fn budget_json(text: &str, name: &str) -> PyResult<String> {
    let m: budget::Mission =
        serde_json::from_str(text).map_err(|e| value_err(format!("{name}: not a mission: {e}")))?;
    json(&budget::compute(&m, name).py()?)
}

/// The zero-revolution transfer between two bodies as a path to draw (the library's
/// `TransferPath`, km on the ecliptic of J2000).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (from_body, to_body, center, departure, arrival, n=200, ephemeris=None))]
pub fn transfer_path_json(
    from_body: &str,
    to_body: &str,
    center: &str,
    departure: &PyTime,
    arrival: &PyTime,
    n: usize,
    ephemeris: Option<&PyEphemeris>,
) -> PyResult<String> {
    let builtin = orrery::ephem::Source::builtin();
    let eph = ephemeris.map_or(&builtin, |e| &*e.source);
    let p = trajectory::transfer_path(
        eph,
        body(from_body)?,
        body(to_body)?,
        body(center)?,
        departure.first()?,
        arrival.first()?,
        n,
    )
    .py()?;
    json(&p)
}
