//! `orrery.time`: instants (one or an array) in any scale.

use crate::common::{json, value_err, PyOk};
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use orrery::time::{self as t, parse_scale};
use orrery::{Epoch, TimeGrid, Unit};
use pyo3::prelude::*;

/// One instant or an array of instants (hifitime epochs, nanosecond exact).
///
/// Built by `orrery.time.Time`; this is the native half.
#[pyclass(module = "orrery._orrery", name = "_Time", frozen)]
#[derive(Clone)]
pub struct PyTime {
    pub epochs: Vec<Epoch>,
}

impl PyTime {
    pub fn new(epochs: Vec<Epoch>) -> Self {
        PyTime { epochs }
    }

    /// The one instant (the first of an array).
    pub fn first(&self) -> PyResult<Epoch> {
        self.epochs
            .first()
            .copied()
            .ok_or_else(|| value_err("an empty array of instants where one instant is needed"))
    }

    pub fn nonempty(&self) -> PyResult<&[Epoch]> {
        if self.epochs.is_empty() {
            return Err(value_err("an empty array of instants"));
        }
        Ok(&self.epochs)
    }
}

fn finite(values: &[f64], what: &str) -> PyResult<()> {
    if let Some(k) = values.iter().position(|v| !v.is_finite()) {
        return Err(value_err(format!(
            "{what}[{k}] is {}: instants must be finite",
            values[k]
        )));
    }
    Ok(())
}

#[pymethods]
impl PyTime {
    /// Parses ISO 8601 / JD / MJD texts with an optional scale suffix (UTC default).
    #[staticmethod]
    fn parse(texts: Vec<String>) -> PyResult<Self> {
        let epochs = texts
            .iter()
            .map(|s| t::parse_epoch(s))
            .collect::<Result<Vec<_>, _>>()
            .py()?;
        Ok(PyTime::new(epochs))
    }

    /// Instants from Julian dates (`offset` 0) or MJDs (`offset` 2400000.5) in `scale`.
    #[staticmethod]
    fn from_jd(jd: PyReadonlyArray1<'_, f64>, scale: &str, mjd: bool) -> PyResult<Self> {
        let ts = parse_scale(scale).py()?;
        let v = jd.as_slice()?;
        finite(v, if mjd { "mjd" } else { "jd" })?;
        // Through the library's Julian-date reader (exact decimal arithmetic, leap
        // seconds as `orrery time` reads them), at 1e-12 day.
        let (prefix, name) = (if mjd { "MJD" } else { "JD" }, t::scale_name(ts));
        let epochs = v
            .iter()
            .map(|d| t::parse_epoch(&format!("{prefix} {d:.12} {name}")))
            .collect::<Result<Vec<_>, _>>()
            .py()?;
        Ok(PyTime::new(epochs))
    }

    /// Instants from POSIX timestamps (UTC seconds since 1970, as `datetime.timestamp()`).
    #[staticmethod]
    fn from_unix(seconds: PyReadonlyArray1<'_, f64>) -> PyResult<Self> {
        let v = seconds.as_slice()?;
        finite(v, "timestamp")?;
        Ok(PyTime::new(
            v.iter().map(|&s| Epoch::from_unix_seconds(s)).collect(),
        ))
    }

    /// Instants from TAI seconds past 1900-01-01 (hifitime's reference).
    #[staticmethod]
    fn from_tai_seconds(seconds: PyReadonlyArray1<'_, f64>) -> PyResult<Self> {
        let v = seconds.as_slice()?;
        finite(v, "tai_seconds")?;
        Ok(PyTime::new(
            v.iter().map(|&s| Epoch::from_tai_seconds(s)).collect(),
        ))
    }

    /// `start`, `start + step`, ... up to `stop` included when it falls on the step.
    #[staticmethod]
    fn range(start: &PyTime, stop: &PyTime, step_s: f64) -> PyResult<Self> {
        if !(step_s.is_finite() && step_s > 0.0) {
            return Err(value_err(format!(
                "step must be a positive number of seconds, got {step_s}"
            )));
        }
        let g = TimeGrid::new(start.first()?, stop.first()?, Unit::Second * step_s).py()?;
        Ok(PyTime::new(g.to_vec()))
    }

    /// `n` instants from `start` every `step_s` seconds.
    #[staticmethod]
    fn count(start: &PyTime, step_s: f64, n: usize) -> PyResult<Self> {
        let g = TimeGrid::from_count(start.first()?, Unit::Second * step_s, n).py()?;
        Ok(PyTime::new(g.to_vec()))
    }

    fn __len__(&self) -> usize {
        self.epochs.len()
    }

    /// The instants at these indices.
    fn take(&self, idx: Vec<usize>) -> PyResult<Self> {
        let n = self.epochs.len();
        idx.iter()
            .map(|&i| {
                self.epochs
                    .get(i)
                    .copied()
                    .ok_or_else(|| value_err(format!("index {i} out of range for {n} instants")))
            })
            .collect::<PyResult<Vec<_>>>()
            .map(PyTime::new)
    }

    /// Julian dates in `scale`.
    fn jd<'py>(&self, py: Python<'py>, scale: &str) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let ts = parse_scale(scale).py()?;
        Ok(self
            .epochs
            .iter()
            .map(|&e| t::jd(e, ts))
            .collect::<Vec<_>>()
            .into_pyarray(py))
    }

    /// Modified Julian dates in `scale`.
    fn mjd<'py>(&self, py: Python<'py>, scale: &str) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let ts = parse_scale(scale).py()?;
        Ok(self
            .epochs
            .iter()
            .map(|&e| t::mjd(e, ts))
            .collect::<Vec<_>>()
            .into_pyarray(py))
    }

    /// TAI seconds past 1900-01-01.
    fn tai_seconds<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.epochs
            .iter()
            .map(|e| e.to_tai_seconds())
            .collect::<Vec<_>>()
            .into_pyarray(py)
    }

    /// POSIX timestamps (UTC).
    fn unix<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.epochs
            .iter()
            .map(|e| e.to_unix_seconds())
            .collect::<Vec<_>>()
            .into_pyarray(py)
    }

    /// ISO 8601 texts in `scale` (microseconds, with the scale).
    fn iso(&self, scale: &str) -> PyResult<Vec<String>> {
        let ts = parse_scale(scale).py()?;
        Ok(self
            .epochs
            .iter()
            .map(|&e| t::format_epoch(e, ts))
            .collect())
    }

    /// UTC calendar fields (year, month, day, hour, minute, second, nanosecond rounded to
    /// the microsecond)
    /// of each instant, for `datetime`.
    fn utc_components(&self) -> Vec<(i32, u8, u8, u8, u8, u8, u32)> {
        self.epochs
            .iter()
            .map(|&e| t::components(e, orrery::TimeScale::UTC))
            .collect()
    }

    /// The rows of `orrery time --format json` for each instant.
    fn every_scale_json(&self) -> PyResult<String> {
        let rows: Vec<Vec<t::ScaleRow>> = self.epochs.iter().map(|&e| t::every_scale(e)).collect();
        json(&rows)
    }

    /// Seconds from `other` (one instant) to each instant, SI seconds (TAI arithmetic).
    fn seconds_since<'py>(
        &self,
        py: Python<'py>,
        other: &PyTime,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let o = other.first()?;
        Ok(self
            .epochs
            .iter()
            .map(|&e| (e - o).to_seconds())
            .collect::<Vec<_>>()
            .into_pyarray(py))
    }

    /// These instants shifted by `seconds` (one value or one per instant).
    fn shifted(&self, seconds: PyReadonlyArray1<'_, f64>) -> PyResult<Self> {
        let s = seconds.as_slice()?;
        finite(s, "seconds")?;
        let n = self.epochs.len();
        let out: Vec<Epoch> = match (s.len(), n) {
            (1, _) => self
                .epochs
                .iter()
                .map(|&e| e + Unit::Second * s[0])
                .collect(),
            (a, b) if a == b => self
                .epochs
                .iter()
                .zip(s)
                .map(|(&e, &d)| e + Unit::Second * d)
                .collect(),
            (1.., 1) => s
                .iter()
                .map(|&d| self.epochs[0] + Unit::Second * d)
                .collect(),
            (a, b) => return Err(value_err(format!("cannot add {a} offsets to {b} instants"))),
        };
        Ok(PyTime::new(out))
    }

    /// The TAI-UTC offset at each instant, s (leap seconds).
    fn tai_minus_utc(&self) -> Vec<f64> {
        self.epochs.iter().map(|&e| t::tai_minus_utc(e)).collect()
    }
}
