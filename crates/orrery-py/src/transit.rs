//! `orrery.transit`: light curves, detrending, BLS and the full transit search.

use crate::common::{json, run_long, value_err, PyOk};
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use orrery::transit::bls::{BlsConfig, Objective};
use orrery::transit::lightcurve::FluxColumn;
use orrery::transit::schema::BatchRecord;
use orrery::transit::search::search_with;
use orrery::transit::star::Star;
use orrery::transit::template::Ranking;
use orrery::transit::view::search_view;
use orrery::transit::{load, LightCurve, LoadOptions, SearchConfig, SearchResult};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::{Path, PathBuf};

/// A light curve: time (days), flux (relative), optional flux errors.
#[pyclass(module = "orrery._orrery", name = "_LightCurve", frozen)]
pub struct PyLightCurve {
    pub lc: LightCurve,
}

fn vec_of(a: &PyReadonlyArray1<'_, f64>) -> PyResult<Vec<f64>> {
    Ok(a.as_slice()?.to_vec())
}

fn arr<'py>(py: Python<'py>, v: &[f64]) -> Bound<'py, PyArray1<f64>> {
    v.to_vec().into_pyarray(py)
}

fn objective(name: &str) -> PyResult<Objective> {
    match name.trim().to_ascii_lowercase().as_str() {
        "likelihood" => Ok(Objective::Likelihood),
        "snr" => Ok(Objective::Snr),
        other => Err(value_err(format!(
            "unknown BLS objective '{other}' (known: likelihood, snr)"
        ))),
    }
}

fn load_options(flux_column: &str, quality_bitmask: Option<u32>) -> PyResult<LoadOptions> {
    let flux = match flux_column.trim().to_ascii_lowercase().as_str() {
        "auto" => FluxColumn::Auto,
        "pdcsap" | "pdcsap_flux" => FluxColumn::Pdcsap,
        "sap" | "sap_flux" => FluxColumn::Sap,
        other => {
            return Err(value_err(format!(
                "unknown flux column '{other}' (known: auto, pdcsap, sap)"
            )))
        }
    };
    let mut o = LoadOptions {
        flux,
        ..LoadOptions::default()
    };
    if let Some(q) = quality_bitmask {
        o.quality_bitmask = q;
    }
    Ok(o)
}

fn ranking(name: &str) -> PyResult<Ranking> {
    match name {
        "box" => Ok(Ranking::Box),
        "template" => Ok(Ranking::Template),
        other => Err(value_err(format!(
            "unknown ranking '{other}' (known: box, template)"
        ))),
    }
}

/// A search configuration from keyword settings (days, hours where named so).
pub fn config(settings: Option<&Bound<'_, PyDict>>) -> PyResult<SearchConfig> {
    let mut c = SearchConfig::default();
    let Some(d) = settings else {
        return Ok(c);
    };
    let (mut mass, mut radius) = (c.star.mass_msun, c.star.radius_rsun);
    for (k, v) in d.iter() {
        let key: String = k.extract()?;
        if v.is_none() {
            match key.as_str() {
                "period_max_days" => c.period_max_days = None,
                "periods_days" => c.periods_days = None,
                "detrend_window_days" => c.detrend_window_days = None,
                "duration_limit" => c.duration_limit = None,
                _ => return Err(value_err(format!("search setting '{key}' cannot be None"))),
            }
            continue;
        }
        match key.as_str() {
            "period_min_days" => c.period_min_days = v.extract()?,
            "period_max_days" => c.period_max_days = Some(v.extract()?),
            "periods_days" => c.periods_days = Some(v.extract()?),
            "durations_days" => c.durations_days = v.extract()?,
            "durations_hours" => {
                let h: Vec<f64> = v.extract()?;
                c.durations_days = h.iter().map(|h| h / 24.0).collect();
            }
            "grid_oversampling" => c.grid_oversampling = v.extract()?,
            "objective" => c.objective = objective(&v.extract::<String>()?)?,
            "oversample" => c.oversample = v.extract()?,
            "duration_limit" => c.duration_limit = Some(v.extract()?),
            "detrend_window_days" => c.detrend_window_days = Some(v.extract()?),
            "clip_sigma" => c.clip_sigma = v.extract()?,
            "min_points" => c.min_points = v.extract()?,
            "sde_threshold" => c.sde_threshold = v.extract()?,
            "max_planets" => c.max_planets = v.extract()?,
            "fit" => c.fit = v.extract()?,
            "ranking" => c.ranking = ranking(&v.extract::<String>()?)?,
            "star_mass_msun" => mass = v.extract()?,
            "star_radius_rsun" => radius = v.extract()?,
            other => {
                return Err(value_err(format!(
                    "unknown search setting '{other}' (known: period_min_days, period_max_days, \
                     periods_days, durations_hours, durations_days, grid_oversampling, objective, \
                     oversample, duration_limit, detrend_window_days, clip_sigma, min_points, \
                     sde_threshold, max_planets, fit, ranking, star_mass_msun, star_radius_rsun)"
                )))
            }
        }
    }
    c.star = Star::new(mass, radius);
    c.validate().py()?;
    Ok(c)
}

type BlsArrays<'py> = [Bound<'py, PyArray1<f64>>; 7];

#[pymethods]
impl PyLightCurve {
    /// From arrays (days, relative flux, flux errors). Non-finite time or flux is an
    /// error unless `drop_nan`, which drops those points (and non-finite errors).
    #[staticmethod]
    #[pyo3(signature = (time, flux, flux_err=None, drop_nan=false, target=None))]
    fn from_arrays(
        time: PyReadonlyArray1<'_, f64>,
        flux: PyReadonlyArray1<'_, f64>,
        flux_err: Option<PyReadonlyArray1<'_, f64>>,
        drop_nan: bool,
        target: Option<String>,
    ) -> PyResult<Self> {
        let (t, f) = (vec_of(&time)?, vec_of(&flux)?);
        let e = flux_err.as_ref().map(vec_of).transpose()?;
        if t.len() != f.len() || e.as_ref().is_some_and(|e| e.len() != t.len()) {
            return Err(value_err(format!(
                "time, flux and flux_err must have one length: {}, {}, {}",
                t.len(),
                f.len(),
                e.as_ref().map_or(t.len(), Vec::len)
            )));
        }
        if t.is_empty() {
            return Err(value_err("an empty light curve"));
        }
        let keep: Vec<bool> = (0..t.len())
            .map(|k| {
                t[k].is_finite() && f[k].is_finite() && e.as_ref().is_none_or(|e| e[k].is_finite())
            })
            .collect();
        let mut lc = LightCurve::from_arrays(t, f, e);
        if let Some(k) = keep.iter().position(|k| !k) {
            if !drop_nan {
                return Err(value_err(format!(
                    "point {k} has a non-finite time, flux or flux_err (pass drop_nan=True to drop such points)"
                )));
            }
            lc = lc.select(&keep);
        }
        if let Some(k) = lc.time.windows(2).position(|w| w[1] < w[0]) {
            return Err(value_err(format!(
                "time must be sorted: time[{}] = {} comes after time[{k}] = {}",
                k + 1,
                lc.time[k + 1],
                lc.time[k]
            )));
        }
        lc.check_values(Path::new("<arrays>")).py()?;
        lc.target = target.unwrap_or_else(|| "<arrays>".into());
        lc.mission = "arrays".into();
        Ok(PyLightCurve { lc })
    }

    /// Reads a Kepler/K2/TESS FITS light curve or a CSV (time, flux[, flux_err]).
    #[staticmethod]
    #[pyo3(signature = (path, flux_column="auto", quality_bitmask=None))]
    fn load(
        py: Python<'_>,
        path: PathBuf,
        flux_column: &str,
        quality_bitmask: Option<u32>,
    ) -> PyResult<Self> {
        let o = load_options(flux_column, quality_bitmask)?;
        let lc = py.detach(|| load(&path, &o)).py()?;
        Ok(PyLightCurve { lc })
    }

    #[getter]
    fn time<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        arr(py, &self.lc.time)
    }

    #[getter]
    fn flux<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        arr(py, &self.lc.flux)
    }

    #[getter]
    fn flux_err<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyArray1<f64>>> {
        self.lc.flux_err.as_deref().map(|e| arr(py, e))
    }

    #[getter]
    fn target(&self) -> String {
        self.lc.target.clone()
    }

    #[getter]
    fn mission(&self) -> String {
        self.lc.mission.clone()
    }

    #[getter]
    fn time_system(&self) -> String {
        self.lc.time_system()
    }

    #[getter]
    fn bjd_ref(&self) -> Option<f64> {
        self.lc.bjd_ref
    }

    #[getter]
    fn sources(&self) -> Vec<String> {
        self.lc
            .sources
            .iter()
            .map(|p| p.display().to_string())
            .collect()
    }

    fn __len__(&self) -> usize {
        self.lc.len()
    }

    /// Biweight-detrended copy (window in days, 0 = none; points `clip_sigma` robust
    /// sigmas above the trend dropped), as the search's detrend stage. Ctrl-C stops it.
    #[pyo3(signature = (window_days=0.75, clip_sigma=4.0))]
    fn flatten(&self, py: Python<'_>, window_days: f64, clip_sigma: f64) -> PyResult<Self> {
        if !(window_days.is_finite() && window_days >= 0.0) {
            return Err(value_err(format!(
                "window_days must be >= 0, got {window_days}"
            )));
        }
        let lc = &self.lc;
        let flat = run_long(py, None, |c| {
            orrery::transit::detrend::flatten_with(lc, window_days, clip_sigma, None, c)
        })?
        .py()?;
        Ok(PyLightCurve { lc: flat })
    }

    /// BLS at each period over the durations (days), astropy's
    /// `BoxLeastSquares(t, y, dy).power(periods, durations, objective, oversample)`:
    /// `[power, depth, depth_err, depth_snr, log_likelihood, duration, transit_time]`.
    #[pyo3(signature = (periods, durations, objective_name="likelihood", oversample=10, use_errors=true))]
    fn bls<'py>(
        &self,
        py: Python<'py>,
        periods: PyReadonlyArray1<'_, f64>,
        durations: PyReadonlyArray1<'_, f64>,
        objective_name: &str,
        oversample: usize,
        use_errors: bool,
    ) -> PyResult<BlsArrays<'py>> {
        let cfg = BlsConfig {
            periods: vec_of(&periods)?,
            durations: vec_of(&durations)?,
            objective: objective(objective_name)?,
            oversample,
            max_duration: None,
        };
        let lc = &self.lc;
        let dy = if use_errors {
            lc.flux_err.as_deref()
        } else {
            None
        };
        let pg = run_long(py, None, |_| {
            orrery::transit::bls::periodogram(&lc.time, &lc.flux, dy, &cfg)
        })?
        .py()?;
        let col = |f: fn(&orrery::transit::bls::BoxFit) -> f64| -> Vec<f64> {
            pg.fits.iter().map(f).collect()
        };
        Ok([
            col(|b| b.power).into_pyarray(py),
            col(|b| b.depth).into_pyarray(py),
            col(|b| b.depth_err).into_pyarray(py),
            col(|b| b.depth_snr).into_pyarray(py),
            col(|b| b.log_likelihood).into_pyarray(py),
            col(|b| b.duration).into_pyarray(py),
            col(|b| b.transit_time).into_pyarray(py),
        ])
    }

    /// The full search (detrend, BLS, refine, fit, vet, mask and repeat).
    #[pyo3(signature = (settings=None, callback=None))]
    fn search(
        &self,
        py: Python<'_>,
        settings: Option<&Bound<'_, PyDict>>,
        callback: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PySearchResult> {
        let cfg = config(settings)?;
        let lc = &self.lc;
        let result = run_long(py, callback, |c| search_with(lc, &cfg, c))?.py()?;
        Ok(PySearchResult {
            result,
            raw: self.lc.clone(),
        })
    }
}

/// The result of a search.
#[pyclass(module = "orrery._orrery", name = "_SearchResult", frozen)]
pub struct PySearchResult {
    result: SearchResult,
    raw: LightCurve,
}

#[pymethods]
impl PySearchResult {
    /// The document of `orrery transit search --format json`.
    fn result_json(&self) -> PyResult<String> {
        json(&self.result)
    }

    /// Plot data (the library's `SearchView`): thinned raw and detrended curves,
    /// the first periodogram and each candidate folded.
    #[pyo3(signature = (max_points=5000))]
    fn view_json(&self, max_points: usize) -> PyResult<String> {
        json(&search_view(&self.raw, &self.result, max_points))
    }

    /// Periodogram of each pass: `[(periods_days, power, sde)]`.
    #[allow(clippy::type_complexity)]
    fn spectra<'py>(
        &self,
        py: Python<'py>,
    ) -> Vec<(
        Bound<'py, PyArray1<f64>>,
        Bound<'py, PyArray1<f64>>,
        Bound<'py, PyArray1<f64>>,
    )> {
        self.result
            .spectra
            .iter()
            .map(|s| (arr(py, &s.periods_days), arr(py, &s.power), arr(py, &s.sde)))
            .collect()
    }

    /// The detrended light curve searched.
    fn detrended(&self) -> PyLightCurve {
        PyLightCurve {
            lc: self.result.detrended.clone(),
        }
    }
}

/// Reads and searches one file; returns one line of `orrery transit batch`'s output
/// (`{"file", "status": "ok"|"error", "error"?, "result"?, "seconds"}`), never raising
/// for a bad file (its error is in the record).
#[pyfunction]
#[pyo3(signature = (path, settings=None, flux_column="auto"))]
pub fn search_file_json(
    py: Python<'_>,
    path: PathBuf,
    settings: Option<&Bound<'_, PyDict>>,
    flux_column: &str,
) -> PyResult<String> {
    let cfg = config(settings)?;
    let o = load_options(flux_column, None)?;
    let file = path.display().to_string();
    py.detach(|| {
        let t = std::time::Instant::now();
        let res = load(&path, &o).and_then(|lc| orrery::transit::search(&lc, &cfg));
        let rec = match &res {
            Ok(r) => BatchRecord {
                file,
                status: "ok",
                error: None,
                result: Some(r),
                seconds: t.elapsed().as_secs_f64(),
            },
            Err(e) => BatchRecord {
                file,
                status: "error",
                error: Some(e.to_string()),
                result: None,
                seconds: t.elapsed().as_secs_f64(),
            },
        };
        json(&rec)
    })
}

/// The files already recorded in a JSON-lines batch output (`orrery transit batch`'s
/// restart rule); a torn last line (an interrupted write) is dropped from the file.
#[pyfunction]
pub fn finished_files(out: PathBuf) -> PyResult<Vec<String>> {
    let mut done: Vec<String> = orrery::transit::batch::finished(&out)
        .py()?
        .into_iter()
        .collect();
    done.sort();
    Ok(done)
}
