//! `orrery.cr3bp`: the circular restricted three-body problem.

use crate::common::{json, run_long, value_err, PyOk};
use numpy::{IntoPyArray, PyArray2, PyArrayMethods};
use orrery::cr3bp::report::{
    find_orbit, points, trace_family_with, Continuation, FamilyRequest, MemberTarget, OrbitKind,
    OrbitReport, OrbitRequest, PointsReport,
};
use orrery::cr3bp::sampling::{sample_orbit, FamilyTrajectories, OrbitSample};
use orrery::cr3bp::{Branch, Family, FamilyKind, PeriodicOrbit, Point, System};
use pyo3::prelude::*;

/// A three-body system (mass ratio and units).
#[pyclass(module = "orrery._orrery", name = "_System", frozen)]
#[derive(Clone)]
pub struct PySystem {
    pub sys: System,
}

#[pymethods]
impl PySystem {
    /// `earth-moon` or `sun-earth`.
    #[staticmethod]
    fn by_name(name: &str) -> PyResult<Self> {
        Ok(PySystem {
            sys: System::by_name(name).py()?,
        })
    }

    /// Any system: mass ratio `mu`, distance of the primaries `length_km`, and total GM
    /// `gm_total` (km³/s²).
    #[staticmethod]
    fn custom(mu: f64, length_km: f64, gm_total: f64) -> PyResult<Self> {
        Ok(PySystem {
            sys: System::custom(mu, length_km, gm_total).py()?,
        })
    }

    /// Mass ratio m2 / (m1 + m2).
    #[getter]
    fn mu(&self) -> f64 {
        self.sys.mu
    }

    /// Length unit, km.
    #[getter]
    fn length_km(&self) -> f64 {
        self.sys.to_km(1.0)
    }

    /// Time unit, days.
    #[getter]
    fn time_days(&self) -> f64 {
        self.sys.time_days()
    }

    /// Velocity unit, km/s.
    #[getter]
    fn velocity_km_s(&self) -> f64 {
        self.sys.velocity_kms()
    }

    /// The system as JSON.
    fn to_json(&self) -> PyResult<String> {
        json(&self.sys)
    }

    /// The document of `orrery cr3bp points --format json`.
    fn points_json(&self) -> PyResult<String> {
        let pts = points(&self.sys).py()?;
        json(&PointsReport {
            system: &self.sys,
            points: &pts,
        })
    }
}

fn samples<'py>(py: Python<'py>, rows: &[OrbitSample]) -> PyResult<Sampled<'py>> {
    let n = rows.len();
    let nd: Vec<f64> = rows
        .iter()
        .flat_map(|r| [r.t, r.x, r.y, r.z, r.vx, r.vy, r.vz])
        .collect();
    let ph: Vec<f64> = rows
        .iter()
        .flat_map(|r| {
            [
                r.t_days, r.x_km, r.y_km, r.z_km, r.vx_km_s, r.vy_km_s, r.vz_km_s,
            ]
        })
        .collect();
    Ok((
        nd.into_pyarray(py).reshape([n, 7])?,
        ph.into_pyarray(py).reshape([n, 7])?,
    ))
}

type Sampled<'py> = (Bound<'py, PyArray2<f64>>, Bound<'py, PyArray2<f64>>);

/// A periodic orbit with its report.
#[pyclass(module = "orrery._orrery", name = "_Orbit", frozen)]
pub struct PyOrbit {
    report: OrbitReport,
}

fn sample<'py>(
    py: Python<'py>,
    sys: &System,
    orbit: &PeriodicOrbit,
    n: usize,
) -> PyResult<Sampled<'py>> {
    let rows = py.detach(|| sample_orbit(sys, orbit, n)).py()?;
    samples(py, &rows)
}

#[pymethods]
impl PyOrbit {
    /// The document of `orrery cr3bp orbit --format json`.
    fn report_json(&self) -> PyResult<String> {
        json(&self.report)
    }

    /// The system it was computed in.
    #[getter]
    fn system(&self) -> PySystem {
        PySystem {
            sys: self.report.system.clone(),
        }
    }

    /// `n` states over one period: `(non-dimensional (n, 7) [t, x, y, z, vx, vy, vz],
    /// physical (n, 7) [t days, km, km/s])`, rotating frame, barycentric.
    #[pyo3(signature = (n=400))]
    fn sample<'py>(&self, py: Python<'py>, n: usize) -> PyResult<Sampled<'py>> {
        sample(py, &self.report.system, &self.report.orbit, n)
    }
}

fn point(name: &str) -> PyResult<Point> {
    Point::parse(name).py()
}

fn branch(name: &str) -> PyResult<Branch> {
    Branch::parse(name).py()
}

/// One periodic orbit: `kind` = `halo`, `lyapunov`, `vertical`, `nrho`, `jwst`;
/// the member by `target` = `first`, `jacobi`, `az_km`, `period_days` with `value`.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (system, kind, point_name="L2", branch_name="north", target="first",
                    value=None, resonance=(9, 2), max_distance_km=None))]
pub fn orbit(
    py: Python<'_>,
    system: &PySystem,
    kind: &str,
    point_name: &str,
    branch_name: &str,
    target: &str,
    value: Option<f64>,
    resonance: (u32, u32),
    max_distance_km: Option<f64>,
) -> PyResult<PyOrbit> {
    let kind = match kind.trim().to_ascii_lowercase().as_str() {
        "halo" => OrbitKind::Halo,
        "lyapunov" => OrbitKind::Lyapunov,
        "vertical" => OrbitKind::Vertical,
        "nrho" => OrbitKind::Nrho,
        "jwst" => OrbitKind::Jwst,
        other => {
            return Err(value_err(format!(
                "unknown orbit kind '{other}' (known: halo, lyapunov, vertical, nrho, jwst)"
            )))
        }
    };
    let need =
        |what: &str| value.ok_or_else(|| value_err(format!("target '{what}' needs a value")));
    let target = match target {
        "first" => MemberTarget::First,
        "jacobi" => MemberTarget::Jacobi(need("jacobi")?),
        "az_km" => MemberTarget::AzKm(need("az_km")?),
        "period_days" => MemberTarget::PeriodDays(need("period_days")?),
        other => {
            return Err(value_err(format!(
                "unknown target '{other}' (known: first, jacobi, az_km, period_days)"
            )))
        }
    };
    let mut req = OrbitRequest::new(system.sys.clone(), kind);
    req.point = point(point_name)?;
    req.branch = branch(branch_name)?;
    req.target = target;
    req.resonance = resonance;
    if let Some(d) = max_distance_km {
        req.max_distance_km = d;
    }
    let report = run_long(py, None, |_| find_orbit(&req))?.py()?;
    Ok(PyOrbit { report })
}

/// A family of periodic orbits.
#[pyclass(module = "orrery._orrery", name = "_Family", frozen)]
pub struct PyFamily {
    sys: System,
    fam: Family,
}

#[pymethods]
impl PyFamily {
    /// The document of `orrery cr3bp family --format json`.
    fn report_json(&self) -> PyResult<String> {
        json(&orrery::cr3bp::report::FamilyReport {
            system: &self.sys,
            family: &self.fam,
        })
    }

    fn __len__(&self) -> usize {
        self.fam.members.len()
    }

    /// Members' initial states `(k, 6)`, non-dimensional.
    fn states<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        let k = self.fam.members.len();
        let v: Vec<f64> = self.fam.members.iter().flat_map(|m| m.state).collect();
        v.into_pyarray(py).reshape([k, 6])
    }

    /// Samples member `i` over one period (see `_Orbit.sample`).
    #[pyo3(signature = (i, n=400))]
    fn sample<'py>(&self, py: Python<'py>, i: usize, n: usize) -> PyResult<Sampled<'py>> {
        let m = self.fam.members.get(i).ok_or_else(|| {
            value_err(format!(
                "member {i} out of range for {} members",
                self.fam.members.len()
            ))
        })?;
        sample(py, &self.sys, m, n)
    }

    /// Polylines of at most `max_members` members, km (the library's `FamilyTrajectories`).
    #[pyo3(signature = (max_members=20))]
    fn trajectories_json(&self, py: Python<'_>, max_members: usize) -> PyResult<String> {
        let t = py
            .detach(|| FamilyTrajectories::new(&self.sys, &self.fam, max_members))
            .py()?;
        json(&t)
    }
}

/// Traces a family by continuation: pseudo-arclength with `step` (adaptive unless
/// `adaptive=False`), or natural-parameter on `natural_component` when given.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (system, kind, point_name="L1", branch_name="north", members=50,
                    step=2e-3, adaptive=true, natural_component=None,
                    min_periapsis_km=None, from_bifurcation=false, callback=None))]
pub fn family(
    py: Python<'_>,
    system: &PySystem,
    kind: &str,
    point_name: &str,
    branch_name: &str,
    members: usize,
    step: f64,
    adaptive: bool,
    natural_component: Option<usize>,
    min_periapsis_km: Option<f64>,
    from_bifurcation: bool,
    callback: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyFamily> {
    let kind = FamilyKind::parse(kind, Some(branch(branch_name)?)).py()?;
    let method = match natural_component {
        Some(component) => Continuation::Natural { component, step },
        None => Continuation::Arclength { step, adaptive },
    };
    let req = FamilyRequest {
        system: system.sys.clone(),
        kind,
        point: point(point_name)?,
        method,
        members,
        min_periapsis_km,
        from_bifurcation,
    };
    let fam = run_long(py, callback, |c| trace_family_with(&req, c))?.py()?;
    Ok(PyFamily {
        sys: system.sys.clone(),
        fam,
    })
}
