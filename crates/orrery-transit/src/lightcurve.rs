//! Light curves: reading MAST FITS (Kepler/K2 `*_llc.fits`/`*_slc.fits`, TESS
//! SPOC `*_lc.fits`, K2SFF HLSP) and CSV files, quality masking, NaN removal,
//! normalisation and stitching.
//!
//! Times are kept as `f64` days in the file's own system, `BJD_TDB - bjd_ref`
//! (Kepler/K2 "BKJD": `bjd_ref = 2454833`; TESS "BTJD": `bjd_ref = 2457000`).

use crate::csv::CsvColumns;
use crate::error::{Result, TransitError, ValueProblem};
use crate::fits::{parse_hdus, BinTable, Hdu};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Default quality bitmask: cadences with any of these bits set are dropped.
///
/// Bits 1, 2, 3, 4, 6, 8 (values 1+2+4+8+32+128 = 175): attitude tweak, safe
/// mode, coarse point, Earth point, reaction-wheel desaturation, manual
/// exclude. These have the same meaning for Kepler/K2 (`SAP_QUALITY`,
/// Kepler Archive Manual table 2-3) and TESS (`QUALITY`, TESS Science Data
/// Products Description table 28), and are lightkurve's "default" set for TESS.
pub const DEFAULT_QUALITY_BITMASK: u32 = 175;

/// Which flux column of a MAST light curve to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FluxColumn {
    /// PDCSAP_FLUX if present, else FCOR (K2SFF), else FLUX, else SAP_FLUX.
    #[default]
    Auto,
    /// PDCSAP_FLUX (systematics-corrected).
    Pdcsap,
    /// SAP_FLUX (simple aperture photometry).
    Sap,
}

/// How to read a light curve file.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Flux column choice.
    pub flux: FluxColumn,
    /// Cadences whose quality value has any of these bits set are dropped.
    pub quality_bitmask: u32,
    /// For CSV files (no header keywords): `BJD_TDB - time`, if known.
    pub csv_bjd_ref: Option<f64>,
    /// For CSV files: the time, flux and flux-error columns, by header name
    /// or 1-based position; `None`: by header name, else by position.
    pub csv_columns: Option<CsvColumns>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            flux: FluxColumn::Auto,
            quality_bitmask: DEFAULT_QUALITY_BITMASK,
            csv_bjd_ref: None,
            csv_columns: None,
        }
    }
}

/// A light curve of one star: finite, time-sorted points.
#[derive(Debug, Clone)]
pub struct LightCurve {
    /// Time, days, `BJD_TDB - bjd_ref` (or the CSV's own unit when `bjd_ref` is `None`).
    pub time: Vec<f64>,
    /// Flux (normalised to median 1 by [`LightCurve::normalise`]).
    pub flux: Vec<f64>,
    /// 1-sigma flux uncertainty, same units as `flux`; `None` if the file has none.
    pub flux_err: Option<Vec<f64>>,
    /// `BJD_TDB = time + bjd_ref` (days), if the file says.
    pub bjd_ref: Option<f64>,
    /// Target name (FITS `OBJECT`, or the file stem).
    pub target: String,
    /// Mission (`Kepler`, `K2`, `TESS`, `CSV`...).
    pub mission: String,
    /// The file(s) read.
    pub sources: Vec<PathBuf>,
    /// Cadences in the file before masking.
    pub n_raw: usize,
}

impl LightCurve {
    /// A light curve from arrays (days, relative flux), time system unknown.
    ///
    /// ```
    /// use orrery_transit::LightCurve;
    /// let lc = LightCurve::from_arrays(vec![0.0, 0.02, 0.04], vec![1.0, 0.999, 1.001], None);
    /// assert_eq!(lc.len(), 3);
    /// assert!((lc.baseline() - 0.04).abs() < 1e-15);
    /// ```
    pub fn from_arrays(time: Vec<f64>, flux: Vec<f64>, flux_err: Option<Vec<f64>>) -> Self {
        let n_raw = time.len();
        LightCurve {
            time,
            flux,
            flux_err,
            bjd_ref: None,
            target: String::new(),
            mission: String::new(),
            sources: Vec::new(),
            n_raw,
        }
    }

    /// The time system, in words: `BJD_TDB - 2457000` (or `BJD_TDB` when
    /// the reference is 0), or `unknown` when the file does not say.
    pub fn time_system(&self) -> String {
        match self.bjd_ref {
            Some(0.0) => "BJD_TDB".to_string(),
            Some(r) => format!("BJD_TDB - {r}"),
            None => "unknown".to_string(),
        }
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.time.len()
    }

    /// Whether there are no points.
    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    /// Time span (last - first), days.
    pub fn baseline(&self) -> f64 {
        match (self.time.first(), self.time.last()) {
            (Some(a), Some(b)) => b - a,
            _ => 0.0,
        }
    }

    /// Divides flux and errors by the median flux.
    pub fn normalise(&mut self) {
        let m = median(&self.flux);
        if m.is_finite() && m != 0.0 {
            self.flux.iter_mut().for_each(|f| *f /= m);
            if let Some(e) = &mut self.flux_err {
                e.iter_mut().for_each(|x| *x /= m);
            }
        }
    }

    /// Keeps only the points where `keep` is true.
    pub fn retain(&mut self, keep: &[bool]) {
        self.time = pick(&self.time, keep);
        self.flux = pick(&self.flux, keep);
        if let Some(e) = &self.flux_err {
            self.flux_err = Some(pick(e, keep));
        }
    }

    /// A copy holding only the points where `keep` is true.
    pub fn select(&self, keep: &[bool]) -> LightCurve {
        LightCurve {
            time: pick(&self.time, keep),
            flux: pick(&self.flux, keep),
            flux_err: self.flux_err.as_ref().map(|e| pick(e, keep)),
            bjd_ref: self.bjd_ref,
            target: self.target.clone(),
            mission: self.mission.clone(),
            sources: self.sources.clone(),
            n_raw: self.n_raw,
        }
    }

    /// Checks that the values are what a light curve's claim to be (after
    /// sorting by time): not all flux zero, a positive median flux, and time
    /// stamps that increase (at most 1 % repeated).
    pub fn check_values(&self, path: &Path) -> Result<()> {
        let bad = |problem| {
            Err(TransitError::BadValues {
                path: path.to_path_buf(),
                problem,
            })
        };
        let n = self.len();
        if n > 0 && self.flux.iter().all(|f| *f == 0.0) {
            return bad(ValueProblem::FluxAllZero { n });
        }
        let m = median(&self.flux);
        if n > 0 && !(m > 0.0) {
            return bad(ValueProblem::FluxNotPositive { median: m });
        }
        let n_repeated = self.time.windows(2).filter(|w| w[1] <= w[0]).count();
        if n_repeated > 0 && n_repeated * 100 > n {
            return bad(ValueProblem::TimeNotIncreasing { n_repeated, n });
        }
        Ok(())
    }

    /// Per-point uncertainties: the file's, or the robust scatter (1.4826 MAD)
    /// for every point when the file has none or they are unusable.
    pub fn errors_or_scatter(&self) -> Vec<f64> {
        if let Some(e) = &self.flux_err {
            if e.iter().all(|x| x.is_finite() && *x > 0.0) {
                return e.clone();
            }
        }
        let s = robust_std(&self.flux).max(1e-12);
        vec![s; self.len()]
    }

    fn sort_by_time(&mut self) {
        let mut idx: Vec<usize> = (0..self.len()).collect();
        idx.sort_by(|&a, &b| self.time[a].total_cmp(&self.time[b]));
        if idx.windows(2).all(|w| w[0] < w[1]) {
            return;
        }
        self.time = idx.iter().map(|&i| self.time[i]).collect();
        self.flux = idx.iter().map(|&i| self.flux[i]).collect();
        if let Some(e) = &self.flux_err {
            self.flux_err = Some(idx.iter().map(|&i| e[i]).collect());
        }
    }
}

/// The elements of `v` where `keep` is true.
pub(crate) fn pick(v: &[f64], keep: &[bool]) -> Vec<f64> {
    v.iter()
        .zip(keep)
        .filter(|(_, &k)| k)
        .map(|(x, _)| *x)
        .collect()
}

/// Median of finite values (NaN if none). Does not modify the input.
pub fn median(v: &[f64]) -> f64 {
    let mut w: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    median_in_place(&mut w)
}

/// Median, reordering `w` (must be finite).
pub fn median_in_place(w: &mut [f64]) -> f64 {
    let n = w.len();
    if n == 0 {
        return f64::NAN;
    }
    let (_, &mut hi, _) = w.select_nth_unstable_by(n / 2, f64::total_cmp);
    if n % 2 == 1 {
        hi
    } else {
        let lo = w[..n / 2].iter().copied().fold(f64::NEG_INFINITY, f64::max);
        0.5 * (lo + hi)
    }
}

/// Robust standard deviation: 1.4826 × median absolute deviation.
pub fn robust_std(v: &[f64]) -> f64 {
    let m = median(v);
    let mut d: Vec<f64> = v
        .iter()
        .filter(|x| x.is_finite())
        .map(|x| (x - m).abs())
        .collect();
    1.4826 * median_in_place(&mut d)
}

/// Reads a light curve (FITS by content, CSV otherwise), masks quality flags,
/// drops non-finite points, sorts by time, checks the values
/// ([`LightCurve::check_values`]) and normalises to median 1.
///
/// ```
/// use orrery_transit::{load, LoadOptions};
/// let path = orrery_transit::sample::wasp_126_tess();
/// let lc = load(&path, &LoadOptions::default())?;
/// assert_eq!(lc.mission, "TESS");
/// assert_eq!(lc.bjd_ref, Some(2_457_000.0)); // TESS BTJD
/// assert!(lc.len() > 18_000 && (lc.baseline() - 27.9).abs() < 0.1);
/// # Ok::<(), orrery_transit::TransitError>(())
/// ```
pub fn load(path: &Path, opts: &LoadOptions) -> Result<LightCurve> {
    let bytes = std::fs::read(path).map_err(|source| TransitError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    load_bytes(&bytes, path, opts)
}

/// [`load`] of a file already in memory (an upload): FITS or CSV from the content,
/// with the same checks; `path` only names it in errors.
///
/// ```
/// use orrery_transit::{lightcurve::load_bytes, LoadOptions};
/// let e = load_bytes(b"SIMPLE  =  T  truncated", "upload.fits".as_ref(), &LoadOptions::default());
/// assert!(e.unwrap_err().to_string().contains("upload.fits"));
/// ```
pub fn load_bytes(bytes: &[u8], path: &Path, opts: &LoadOptions) -> Result<LightCurve> {
    let mut lc = if bytes.starts_with(b"SIMPLE") {
        from_fits_bytes(bytes, path, opts)?
    } else if bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(TransitError::Fits {
            path: path.to_path_buf(),
            reason: "gzip-compressed; decompress it first (gunzip)".into(),
        });
    } else {
        crate::csv::from_csv_bytes(bytes, path, opts)?
    };
    lc.sort_by_time();
    lc.check_values(path)?;
    lc.normalise();
    if lc.len() < 10 {
        return Err(TransitError::TooFewPoints {
            what: path.display().to_string(),
            n: lc.len(),
            min: 10,
        });
    }
    Ok(lc)
}

/// Reads several files of one star and stitches them: each is normalised on
/// its own, then all are merged in time order. Times are put on the first
/// file's BJD reference.
pub fn load_stitched(paths: &[PathBuf], opts: &LoadOptions) -> Result<LightCurve> {
    let mut parts = Vec::with_capacity(paths.len());
    for p in paths {
        parts.push(load(p, opts)?);
    }
    stitch(parts)
}

/// Stitches normalised light curves of one star into one (see [`load_stitched`]).
pub fn stitch(parts: Vec<LightCurve>) -> Result<LightCurve> {
    let mut it = parts.into_iter();
    let mut out = it.next().ok_or(TransitError::NothingToStitch)?;
    for mut p in it {
        let shift = match (out.bjd_ref, p.bjd_ref) {
            (Some(a), Some(b)) => b - a,
            (None, None) => 0.0,
            _ => {
                return Err(TransitError::TimeSystems {
                    target: p.target.clone(),
                    this: p.time_system(),
                    other_target: out.target.clone(),
                    other: out.time_system(),
                })
            }
        };
        p.normalise();
        out.time.extend(p.time.iter().map(|t| t + shift));
        out.flux.extend(&p.flux);
        out.flux_err = match (out.flux_err.take(), p.flux_err) {
            (Some(mut a), Some(b)) => {
                a.extend(b);
                Some(a)
            }
            _ => None,
        };
        out.sources.extend(p.sources);
        out.n_raw += p.n_raw;
    }
    out.sort_by_time();
    Ok(out)
}

fn fits_err(path: &Path, reason: impl Into<String>) -> TransitError {
    TransitError::Fits {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

fn not_lc(path: &Path, reason: impl Into<String>) -> TransitError {
    TransitError::NotLightCurve {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Picks the light-curve table: `LIGHTCURVE`, else K2SFF `BESTAPER`, else the
/// first BINTABLE with a time column.
fn pick_table(hdus: &[Hdu]) -> Option<&Hdu> {
    let named = |n: &str| {
        hdus.iter()
            .find(|h| h.is_bintable() && h.extname().eq_ignore_ascii_case(n))
    };
    named("LIGHTCURVE")
        .or_else(|| named("BESTAPER"))
        .or_else(|| {
            hdus.iter().find(|h| {
                h.is_bintable()
                    && (1..=999).any(|i| {
                        h.get(&format!("TTYPE{i}"))
                            .is_some_and(|n| n.eq_ignore_ascii_case("TIME"))
                    })
            })
        })
}

/// Parses a FITS light curve already in memory (`path` only names it in errors).
pub fn from_fits_bytes(bytes: &[u8], path: &Path, opts: &LoadOptions) -> Result<LightCurve> {
    let hdus = parse_hdus(bytes).map_err(|e| fits_err(path, e))?;
    let primary = hdus.first().ok_or_else(|| fits_err(path, "no HDU"))?;
    let hdu = pick_table(&hdus).ok_or_else(|| {
        not_lc(
            path,
            format!(
                "no LIGHTCURVE binary table (HDUs: {})",
                hdus.iter()
                    .map(|h| if h.extname().is_empty() {
                        "PRIMARY"
                    } else {
                        h.extname()
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })?;
    let table = BinTable::new(bytes, hdu).map_err(|e| fits_err(path, e))?;
    let has = |n: &str| table.column(n).is_some();
    let read = |n: &str| table.read_f64(n).map_err(|e| fits_err(path, e));

    let time_col = ["TIME", "T"].into_iter().find(|n| has(n));
    let time_col = time_col.ok_or_else(|| not_lc(path, "no TIME column"))?;
    let (flux_col, err_col) = match opts.flux {
        FluxColumn::Pdcsap => ("PDCSAP_FLUX", Some("PDCSAP_FLUX_ERR")),
        FluxColumn::Sap => ("SAP_FLUX", Some("SAP_FLUX_ERR")),
        FluxColumn::Auto => {
            if has("PDCSAP_FLUX") {
                ("PDCSAP_FLUX", Some("PDCSAP_FLUX_ERR"))
            } else if has("FCOR") {
                ("FCOR", None)
            } else if has("FLUX") {
                ("FLUX", Some("FLUX_ERR"))
            } else {
                ("SAP_FLUX", Some("SAP_FLUX_ERR"))
            }
        }
    };
    if !has(flux_col) {
        return Err(not_lc(path, format!("no {flux_col} column")));
    }
    let time = read(time_col)?;
    let flux = read(flux_col)?;
    let err = match err_col {
        Some(c) if has(c) => Some(read(c)?),
        _ => None,
    };
    let quality = match ["QUALITY", "SAP_QUALITY"].into_iter().find(|n| has(n)) {
        Some(q) => Some(read(q)?),
        None => None,
    };

    let telescope = primary.get("TELESCOP").unwrap_or("").trim().to_string();
    let mission = if primary.get("CAMPAIGN").is_some() || hdu.get("CAMPAIGN").is_some() {
        "K2".to_string()
    } else if telescope.is_empty() {
        "unknown".to_string()
    } else {
        telescope.clone()
    };
    let bjdrefi = hdu
        .get_f64("BJDREFI")
        .or_else(|| primary.get_f64("BJDREFI"));
    let bjdreff = hdu
        .get_f64("BJDREFF")
        .or_else(|| primary.get_f64("BJDREFF"));
    let bjd_ref = match bjdrefi {
        Some(i) => Some(i + bjdreff.unwrap_or(0.0)),
        // K2SFF / lightkurve exports of Kepler data: BKJD without BJDREF keywords.
        None if telescope.eq_ignore_ascii_case("Kepler") => Some(2_454_833.0),
        None if telescope.eq_ignore_ascii_case("TESS") => Some(2_457_000.0),
        None => None,
    };
    let target = primary
        .get("OBJECT")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| file_stem(path));

    let n_raw = time.len();
    let mut lc = LightCurve {
        time: Vec::with_capacity(n_raw),
        flux: Vec::with_capacity(n_raw),
        flux_err: err.as_ref().map(|_| Vec::with_capacity(n_raw)),
        bjd_ref,
        target,
        mission,
        sources: vec![path.to_path_buf()],
        n_raw,
    };
    for i in 0..n_raw {
        let q = quality.as_ref().map_or(0.0, |q| q[i]);
        let bad_q = q.is_finite() && (q as i64 as u64 & u64::from(opts.quality_bitmask)) != 0;
        let e = err.as_ref().map_or(1.0, |e| e[i]);
        if bad_q || !time[i].is_finite() || !flux[i].is_finite() || !e.is_finite() {
            continue;
        }
        lc.time.push(time[i]);
        lc.flux.push(flux[i]);
        if let Some(v) = &mut lc.flux_err {
            v.push(e);
        }
    }
    Ok(lc)
}

pub(crate) fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_table_without_flux_is_not_a_light_curve() {
        let f = crate::fits::tests::tiny();
        let e = from_fits_bytes(&f, Path::new("t.fits"), &LoadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("t.fits") && e.contains("not a light curve"),
            "{e}"
        );
    }

    #[test]
    fn median_and_scatter() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(&[]).is_nan());
        assert!((robust_std(&[1.0, 2.0, 3.0, 4.0, 5.0]) - 1.4826).abs() < 1e-12);
    }
}
