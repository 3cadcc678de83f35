//! CSV (and whitespace-separated text) light curves.
//!
//! With a header row the columns are chosen **by name** (case-insensitive;
//! the common spellings of Kepler/K2/TESS tools and exports, see
//! [`TIME_NAMES`], [`FLUX_NAMES`], [`FLUX_ERR_NAMES`]) or by
//! [`CsvColumns`]; a header that names no time or flux column is an error,
//! never a guess. Without a header the columns are `time, flux[, flux_err]`
//! by position. `#` lines are comments. A header's time column can also say
//! the time system: `btjd` (TESS, BJD_TDB − 2457000), `bkjd` (Kepler/K2,
//! BJD_TDB − 2454833), `bjd`/`bjd_tdb` (full BJD_TDB).

use crate::error::{Result, TransitError, ValueProblem};
use crate::lightcurve::{LightCurve, LoadOptions};
use std::path::Path;

/// Header names taken as the time column, in order of preference.
pub const TIME_NAMES: &[&str] = &[
    "time",
    "t",
    "bjd_tdb",
    "bjd",
    "btjd",
    "bkjd",
    "tbjd",
    "time_bjd",
    "jd",
    "bjd-2457000",
    "bjd-2454833",
    "mjd",
    "hjd",
    "date",
];
/// Header names taken as the flux column, in order of preference.
pub const FLUX_NAMES: &[&str] = &[
    "flux",
    "pdcsap_flux",
    "fcor",
    "flux_norm",
    "norm_flux",
    "normalized_flux",
    "relative_flux",
    "rel_flux",
    "detrended_flux",
    "sap_flux",
    "f",
    "y",
];
/// Header names taken as the flux-error column, in order of preference.
pub const FLUX_ERR_NAMES: &[&str] = &[
    "flux_err",
    "pdcsap_flux_err",
    "flux_error",
    "fluxerr",
    "flux_unc",
    "e_flux",
    "sap_flux_err",
    "err",
    "error",
    "dy",
    "sigma",
    "e",
];

/// Columns named by the caller: header names, or 1-based positions (`"2"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvColumns {
    /// Time column.
    pub time: String,
    /// Flux column.
    pub flux: String,
    /// Flux-error column, if any.
    pub flux_err: Option<String>,
}

impl CsvColumns {
    /// Parses `time,flux[,flux_err]` (names or 1-based positions).
    pub fn parse(spec: &str) -> Option<CsvColumns> {
        let parts: Vec<&str> = spec.split(',').map(str::trim).collect();
        match parts.as_slice() {
            [t, f] if !t.is_empty() && !f.is_empty() => Some(CsvColumns {
                time: t.to_string(),
                flux: f.to_string(),
                flux_err: None,
            }),
            [t, f, e] if !t.is_empty() && !f.is_empty() && !e.is_empty() => Some(CsvColumns {
                time: t.to_string(),
                flux: f.to_string(),
                flux_err: Some(e.to_string()),
            }),
            _ => None,
        }
    }
}

/// Where the three columns are (0-based), and the time system a header name implies.
struct Layout {
    time: usize,
    flux: usize,
    err: Option<usize>,
    /// `BJD_TDB − time` implied by the header (`btjd`, `bkjd`, `bjd`).
    bjd_ref: Option<f64>,
}

fn clean(name: &str) -> String {
    name.trim().trim_matches('"').trim().to_ascii_lowercase()
}

fn split_fields(line: &str) -> Vec<&str> {
    line.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect()
}

fn parse_value(field: &str) -> Option<f64> {
    let f = field.trim_matches('"');
    if f.eq_ignore_ascii_case("nan") || f.is_empty() {
        Some(f64::NAN)
    } else {
        f.parse().ok()
    }
}

fn implied_bjd_ref(time_name: &str) -> Option<f64> {
    match time_name {
        "btjd" | "tbjd" | "bjd-2457000" => Some(2_457_000.0),
        "bkjd" | "bjd-2454833" => Some(2_454_833.0),
        "bjd" | "bjd_tdb" | "time_bjd" => Some(0.0),
        _ => None,
    }
}

fn layout(header: Option<&[&str]>, opts: &LoadOptions, path: &Path) -> Result<Layout> {
    let names: Vec<String> = header.map_or_else(Vec::new, |h| h.iter().map(|s| clean(s)).collect());
    let missing = |what: &'static str, accepted: String| TransitError::CsvColumns {
        path: path.to_path_buf(),
        header: names.join(","),
        missing: what,
        accepted,
    };
    // A column named by the caller: a 1-based position or a header name.
    let named = |spec: &str, what: &'static str| -> Result<usize> {
        if let Ok(k) = spec.parse::<usize>() {
            if k >= 1 {
                return Ok(k - 1);
            }
        }
        let want = clean(spec);
        names
            .iter()
            .position(|n| *n == want)
            .ok_or_else(|| missing(what, format!("'{spec}' as given")))
    };
    if let Some(c) = &opts.csv_columns {
        let time = named(&c.time, "time")?;
        return Ok(Layout {
            time,
            flux: named(&c.flux, "flux")?,
            err: c
                .flux_err
                .as_deref()
                .map(|e| named(e, "flux_err"))
                .transpose()?,
            bjd_ref: names.get(time).and_then(|n| implied_bjd_ref(n)),
        });
    }
    if header.is_none() {
        return Ok(Layout {
            time: 0,
            flux: 1,
            err: Some(2),
            bjd_ref: None,
        });
    }
    let find = |list: &[&str]| list.iter().find_map(|w| names.iter().position(|n| n == w));
    let time = find(TIME_NAMES).ok_or_else(|| missing("time", TIME_NAMES.join(",")))?;
    let flux = find(FLUX_NAMES).ok_or_else(|| missing("flux", FLUX_NAMES.join(",")))?;
    Ok(Layout {
        time,
        flux,
        err: find(FLUX_ERR_NAMES),
        bjd_ref: implied_bjd_ref(&names[time]),
    })
}

/// Parses CSV text (see the module documentation); `path` only names the
/// file in errors and in the light curve's `sources`.
pub fn from_csv_bytes(bytes: &[u8], path: &Path, opts: &LoadOptions) -> Result<LightCurve> {
    let text = std::str::from_utf8(bytes).map_err(|e| TransitError::Csv {
        path: path.to_path_buf(),
        line: 0,
        reason: format!("not UTF-8 text ({e}); neither FITS nor CSV"),
    })?;
    let mut rows = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .peekable();
    let first: Vec<&str> = rows.peek().map_or_else(Vec::new, |(_, l)| split_fields(l));
    let has_header = first.iter().any(|f| parse_value(f).is_none());
    let layout = layout(has_header.then_some(&first[..]), opts, path)?;
    if has_header {
        rows.next();
    }
    let needed = layout.time.max(layout.flux) + 1;
    let (mut time, mut flux, mut err) = (Vec::new(), Vec::new(), Vec::new());
    let mut positional_err: Option<bool> = None;
    let mut n_raw = 0;
    let mut n_backward = 0;
    let mut last_time = f64::NEG_INFINITY;
    for (line, l) in rows {
        let fields = split_fields(l);
        let bad = |reason: String| TransitError::Csv {
            path: path.to_path_buf(),
            line,
            reason,
        };
        if fields.len() < needed.max(2) {
            return Err(bad(format!(
                "expected at least {} columns (time, flux), found {}",
                needed.max(2),
                fields.len()
            )));
        }
        let value = |k: usize| -> Result<f64> {
            parse_value(fields[k])
                .ok_or_else(|| bad(format!("column {}: '{}' is not a number", k + 1, fields[k])))
        };
        let t = value(layout.time)?;
        let f = value(layout.flux)?;
        // Without a header the third column is the error if the first row has one.
        let has_err = match layout.err {
            Some(k) if has_header || opts.csv_columns.is_some() => {
                if k >= fields.len() {
                    return Err(bad(format!("no column {} (flux_err)", k + 1)));
                }
                true
            }
            Some(k) => *positional_err.get_or_insert(fields.len() > k),
            None => false,
        };
        let e = match (has_err, layout.err) {
            (true, Some(k)) if k < fields.len() => value(k)?,
            (true, _) => f64::NAN,
            (false, _) => 1.0,
        };
        n_raw += 1;
        if t.is_finite() {
            if t < last_time {
                n_backward += 1;
            }
            last_time = t;
        }
        if t.is_finite() && f.is_finite() && e.is_finite() {
            time.push(t);
            flux.push(f);
            if has_err {
                err.push(e);
            }
        }
    }
    if n_raw == 0 {
        return Err(TransitError::Csv {
            path: path.to_path_buf(),
            line: 0,
            reason: "no data rows".into(),
        });
    }
    // Light-curve files are written in time order; a column that steps
    // back at more than 1 % of its rows is not a time column.
    if n_backward > 0 && n_backward * 100 > n_raw {
        return Err(TransitError::BadValues {
            path: path.to_path_buf(),
            problem: ValueProblem::TimeOutOfOrder {
                n_backward,
                n: n_raw,
            },
        });
    }
    let has_err = !err.is_empty() && err.len() == time.len();
    let bjd_ref = match (opts.csv_bjd_ref, layout.bjd_ref) {
        (Some(r), _) => Some(r),
        // Full BJD values in a `bjd` column: BJD_TDB = time.
        (None, Some(0.0)) => time.first().is_some_and(|&t| t > 2.0e6).then_some(0.0),
        (None, r) => r,
    };
    Ok(LightCurve {
        time,
        flux,
        flux_err: has_err.then_some(err),
        bjd_ref,
        target: crate::lightcurve::file_stem(path),
        mission: "CSV".into(),
        sources: vec![path.to_path_buf()],
        n_raw,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<LightCurve> {
        from_csv_bytes(text.as_bytes(), Path::new("x.csv"), &LoadOptions::default())
    }

    #[test]
    fn with_and_without_header() {
        let lc = read("time,flux,flux_err\n1,2,0.1\n2,nan,0.1\n3,4,0.2\n").unwrap();
        assert_eq!(lc.time, vec![1.0, 3.0]);
        assert_eq!(lc.flux_err, Some(vec![0.1, 0.2]));
        let lc = read("1.0,1.0\n2.0,0.9\n").unwrap();
        assert_eq!(lc.flux, vec![1.0, 0.9]);
        assert!(lc.flux_err.is_none());
        let e = read("1,2\n3,abc\n").unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("abc"), "{e}");
        let e = read("1\n").unwrap_err().to_string();
        assert!(e.contains("at least 2 columns"), "{e}");
        assert!(read("# only a comment\n").is_err());
        assert!(
            from_csv_bytes(&[0xff, 0xfe, 0x00], Path::new("x"), &LoadOptions::default()).is_err()
        );
    }

    #[test]
    fn columns_by_header_name_in_any_order() {
        // The header says flux first: read by name, not position.
        let lc = read("flux,time\n0.99,100.0\n1.01,100.1\n1.0,100.2\n").unwrap();
        assert_eq!(lc.time, vec![100.0, 100.1, 100.2]);
        assert_eq!(lc.flux, vec![0.99, 1.01, 1.0]);
        let lc = read("# TESS\nBTJD, PDCSAP_FLUX, PDCSAP_FLUX_ERR, QUALITY\n1325.3,1.0,0.001,0\n1325.4,0.99,0.001,0\n").unwrap();
        assert_eq!(lc.bjd_ref, Some(2_457_000.0));
        assert_eq!(lc.flux_err, Some(vec![0.001, 0.001]));
        let lc = read("bjd,flux\n2458325.1,1\n2458325.2,1\n").unwrap();
        assert_eq!(lc.bjd_ref, Some(0.0));
        // A header that names no flux column is an error listing what is accepted.
        let e = read("when,brightness\n1,1\n2,1\n").unwrap_err();
        assert!(
            matches!(
                &e,
                TransitError::CsvColumns {
                    missing: "time",
                    ..
                }
            ),
            "{e}"
        );
        let e = read("time,brightness\n1,1\n2,1\n").unwrap_err().to_string();
        assert!(
            e.contains("no flux column") && e.contains("pdcsap_flux"),
            "{e}"
        );
    }

    #[test]
    fn columns_named_by_the_caller() {
        let opts = LoadOptions {
            csv_columns: CsvColumns::parse("when,brightness"),
            ..LoadOptions::default()
        };
        let lc = from_csv_bytes(b"brightness,when\n0.9,1\n1.1,2\n", Path::new("x"), &opts).unwrap();
        assert_eq!(
            (lc.time.clone(), lc.flux.clone()),
            (vec![1.0, 2.0], vec![0.9, 1.1])
        );
        let opts = LoadOptions {
            csv_columns: CsvColumns::parse("2,1,3"),
            ..LoadOptions::default()
        };
        let lc = from_csv_bytes(b"0.9,1,0.01\n1.1,2,0.01\n", Path::new("x"), &opts).unwrap();
        assert_eq!(lc.time, vec![1.0, 2.0]);
        assert_eq!(lc.flux_err, Some(vec![0.01, 0.01]));
        assert!(CsvColumns::parse("time").is_none());
        assert!(CsvColumns::parse("a,b,c,d").is_none());
    }

    #[test]
    fn a_flux_column_read_as_time_is_refused() {
        // No header, flux first: the "time" goes back and forth.
        let text: String = (0..200)
            .map(|i| {
                format!(
                    "{},{}\n",
                    1.0 + 0.001 * ((i * 37) % 11) as f64,
                    100.0 + i as f64 * 0.02
                )
            })
            .collect();
        let e = read(&text).unwrap_err();
        assert!(
            matches!(
                e,
                TransitError::BadValues {
                    problem: ValueProblem::TimeOutOfOrder { .. },
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn arbitrary_bytes_are_ok_or_err_never_a_panic() {
        // Mutations of a valid file and random bytes (the fuzz target
        // fuzz/fuzz_targets/transit_fits.rs runs the same parser at scale).
        let valid =
            b"# c\nbtjd,flux,flux_err\n1325.1,1.0,0.001\n1325.2,0.99,0.001\n1325.3,nan,0.001\n";
        let mut s: u64 = 99;
        let mut next = || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (s >> 33) as usize
        };
        for _ in 0..3000 {
            let mut b = valid.to_vec();
            for _ in 0..1 + next() % 6 {
                let k = next() % b.len();
                match next() % 3 {
                    0 => b[k] = (next() % 256) as u8,
                    1 => {
                        b.remove(k);
                    }
                    _ => b.insert(k, b",\n-e.9"[next() % 6]),
                }
            }
            let _ = from_csv_bytes(&b, Path::new("m.csv"), &LoadOptions::default());
            let opts = LoadOptions {
                csv_columns: CsvColumns::parse("3,1,2"),
                ..LoadOptions::default()
            };
            let _ = from_csv_bytes(&b, Path::new("m.csv"), &opts);
        }
    }
}
