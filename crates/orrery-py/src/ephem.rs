//! `orrery.ephem`: states of bodies from the built-in model or a JPL SPK kernel.

use crate::common::{json, value_err, PyOk};
use crate::time::PyTime;
use numpy::{IntoPyArray, PyArray2, PyArrayMethods};
use orrery::ephem::{report, Source};
use orrery::{Body, Ephemeris, Frame, TimeGrid, Unit};
use pyo3::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// A body by name (`Mars`, `earth barycenter`) or NAIF id (`499`).
pub fn body(name: &str) -> PyResult<Body> {
    Body::parse(name).map_err(|e| value_err(e.to_string()))
}

/// A frame by name (`icrf`, `ecliptic`).
pub fn frame(name: &str) -> PyResult<Frame> {
    name.parse::<Frame>().map_err(value_err)
}

/// An open ephemeris source (thread-safe, shared).
#[pyclass(module = "orrery._orrery", name = "_Ephemeris", frozen)]
#[derive(Clone)]
pub struct PyEphemeris {
    pub source: Arc<Source>,
}

#[pymethods]
impl PyEphemeris {
    /// Opens `path` (a JPL SPK kernel), or the built-in model when `None`.
    #[new]
    #[pyo3(signature = (path=None))]
    fn new(py: Python<'_>, path: Option<PathBuf>) -> PyResult<Self> {
        let source = py.detach(|| Source::open(path.as_deref())).py()?;
        Ok(PyEphemeris {
            source: Arc::new(source),
        })
    }

    /// `built-in analytic model` or the kernel's file name.
    #[getter]
    fn name(&self) -> String {
        self.source.source_name()
    }

    /// True for a JPL kernel.
    #[getter]
    fn is_kernel(&self) -> bool {
        self.source.is_kernel()
    }

    /// `(n, 6)` states `[x, y, z, vx, vy, vz]` (km, km/s) of `target` relative to
    /// `center` at each instant, on `frame` axes; geometric (no light time).
    fn states<'py>(
        &self,
        py: Python<'py>,
        target: &str,
        center: &str,
        time: &PyTime,
        frame_name: &str,
    ) -> PyResult<Bound<'py, PyArray2<f64>>> {
        let (tb, cb, fr) = (body(target)?, body(center)?, frame(frame_name)?);
        let epochs = time.nonempty()?;
        let src = &self.source;
        let rows = py
            .detach(|| report::states_at(src, tb, cb, epochs, fr))
            .py()?;
        let n = rows.len();
        let flat: Vec<f64> = rows.into_iter().flatten().collect();
        flat.into_pyarray(py).reshape([n, 6])
    }

    /// The document of `orrery ephem --format json` (a grid from `start` to `stop`).
    #[allow(clippy::too_many_arguments)]
    fn table_json(
        &self,
        py: Python<'_>,
        target: &str,
        center: &str,
        start: &PyTime,
        stop: &PyTime,
        step_s: f64,
        frame_name: &str,
    ) -> PyResult<String> {
        let (tb, cb, fr) = (body(target)?, body(center)?, frame(frame_name)?);
        let grid = TimeGrid::new(start.first()?, stop.first()?, Unit::Second * step_s).py()?;
        let src = &self.source;
        let table = py
            .detach(|| report::state_table(src, tb, cb, &grid, fr))
            .py()?;
        json(&table)
    }

    /// The document of `orrery bodies --format json`.
    fn bodies_json(&self) -> PyResult<String> {
        json(&report::body_list(&self.source))
    }
}

/// GM of a body, km³/s² (`None` when Orrery's table has none).
#[pyfunction]
pub fn gm(name: &str) -> PyResult<Option<f64>> {
    Ok(body(name)?.gm())
}

/// Mean radius of a body, km.
#[pyfunction]
pub fn radius(name: &str) -> PyResult<Option<f64>> {
    Ok(body(name)?.radius())
}

/// `(naif_id, name)` of a body.
#[pyfunction]
pub fn body_id(name: &str) -> PyResult<(i32, String)> {
    let b = body(name)?;
    Ok((b.0, b.name()))
}
