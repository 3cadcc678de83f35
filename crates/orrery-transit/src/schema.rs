//! Output schemas: the rows that every front end (CLI table/CSV/JSON, a
//! web server, a Python package) emits, so they all emit one schema. Field
//! names carry their units; values are unrounded (a human table may round
//! them). Each field is documented once, in `docs/transit.md` ("Output
//! schema"), and on the struct below.

use crate::error::{Result, TransitError};
use crate::search::{Candidate, SearchResult};
use crate::vet::Flag;
use serde::{Serialize, Serializer};
use std::io::Write;
use std::path::Path;

/// Where a candidate's headline ephemeris comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EphemerisSource {
    /// The converged Mandel & Agol fit.
    Fit,
    /// The refined BLS box (no fit, or the fit did not converge).
    #[default]
    Bls,
}

/// One candidate as a flat row: the CSV columns, and the top-level fields
/// of each JSON candidate (which adds the nested `vetting` and `fit`).
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct CandidateRow {
    /// 1-based order of detection.
    pub index: usize,
    /// Headline period, days (the fit's when `ephemeris_source` is `fit`).
    pub period_days: f64,
    /// 1-sigma period uncertainty, days (fit only).
    pub period_err_days: Option<f64>,
    /// Headline mid-transit time of the first transit in the data, days in
    /// the light curve's time system (`time_system` of the result).
    pub t0_days: f64,
    /// 1-sigma uncertainty of `t0_days`, days (fit only).
    pub t0_err_days: Option<f64>,
    /// `t0_days` as BJD_TDB, when the time system is known.
    pub t0_bjd_tdb: Option<f64>,
    /// Headline duration, hours (fit: T14; BLS: the box).
    pub duration_hours: f64,
    /// Headline depth, ppm (fit: model depth at mid-transit; BLS: the box).
    pub depth_ppm: f64,
    /// Which of the two the headline values are.
    pub ephemeris_source: EphemerisSource,
    /// Refined BLS period, days.
    pub bls_period_days: f64,
    /// BLS mid-transit time (first transit in the data), days, light-curve time.
    pub bls_t0_days: f64,
    /// BLS box duration, hours.
    pub bls_duration_hours: f64,
    /// BLS box depth, ppm.
    pub bls_depth_ppm: f64,
    /// 1-sigma uncertainty of the box depth, ppm.
    pub bls_depth_err_ppm: f64,
    /// Box depth / its uncertainty.
    pub snr: f64,
    /// Signal detection efficiency of the periodogram peak.
    pub sde: f64,
    /// SDE of the peak rescored with a limb-darkened template (template
    /// ranking only, [`crate::template`]); `null` with box ranking.
    pub template_sde: Option<f64>,
    /// False-alarm probability of the peak's SDE (the template SDE with
    /// template ranking), measured on planet-free real light curves
    /// ([`crate::fap`]; resolved to 1/203).
    pub fap: f64,
    /// BLS power (objective value) at the refined period.
    pub power: f64,
    /// Transits with data.
    pub n_transits: usize,
    /// |odd − even depth| in sigma.
    pub odd_even_sigma: f64,
    /// Phase-0.5 depth / its uncertainty (negative: a brightening).
    pub secondary_snr: f64,
    /// Transit SNR with white and red noise (Pont et al. 2006 eq. 12).
    pub snr_pink: f64,
    /// Fitted Rp/R*.
    pub rp_rs: Option<f64>,
    /// Fitted a/R*.
    pub a_rs: Option<f64>,
    /// Fitted impact parameter.
    pub impact: Option<f64>,
    /// Fitted model depth at mid-transit, ppm.
    pub fit_depth_ppm: Option<f64>,
    /// Whether the fit converged (false also when there is no fit).
    pub fit_converged: bool,
    /// SDE ≥ threshold and no false-positive flag.
    pub significant: bool,
    /// Failed false-positive tests, `;`-separated snake_case names (empty: none).
    #[serde(serialize_with = "joined")]
    #[schemars(with = "String")]
    pub flags: Vec<Flag>,
}

fn flag_name(f: &Flag) -> String {
    serde_json::to_value(f)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// `;`-joined names of the flags.
pub fn flag_names(flags: &[Flag]) -> String {
    flags.iter().map(flag_name).collect::<Vec<_>>().join(";")
}

fn joined<S: Serializer>(flags: &[Flag], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&flag_names(flags))
}

/// Writes the candidates as CSV: a snake_case header with the
/// [`CandidateRow`] field names, one row per candidate, unrounded values,
/// empty cells for absent values, no summary rows.
pub fn write_candidates_csv(w: &mut dyn Write, candidates: &[Candidate]) -> Result<()> {
    let fail = |e: &dyn std::fmt::Display| TransitError::Output {
        path: Path::new("-").to_path_buf(),
        reason: e.to_string(),
    };
    if candidates.is_empty() {
        // The header alone, so that an empty result is still a valid table.
        let mut tmp = csv::Writer::from_writer(Vec::new());
        tmp.serialize(CandidateRow::default())
            .map_err(|e| fail(&e))?;
        let bytes = tmp.into_inner().map_err(|e| fail(&e))?;
        let header = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
        w.write_all(header).map_err(|e| fail(&e))?;
        w.write_all(b"\n").map_err(|e| fail(&e))?;
        return Ok(());
    }
    let mut out = csv::Writer::from_writer(w);
    for c in candidates {
        out.serialize(&c.summary).map_err(|e| fail(&e))?;
    }
    out.flush().map_err(|e| fail(&e))?;
    Ok(())
}

/// One line of a batch output file (JSON lines).
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct BatchRecord<'a> {
    /// The light-curve file, as given.
    pub file: String,
    /// `"ok"` or `"error"`.
    pub status: &'static str,
    /// Error message when `status == "error"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Search result when `status == "ok"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<&'a SearchResult>,
    /// Wall time spent on this file, seconds.
    pub seconds: f64,
}
