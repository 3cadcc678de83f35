//! Pieces shared by the satellite commands (`propagate`, `passes`, `track`):
//! choosing and reading a catalog (a file, the freshest `orrery tle fetch` download,
//! or the bundled sample), observers, staleness warnings.

use anyhow::{bail, Context};
use hifitime::Epoch;
use orrery_core::time::format_utc_ms;
use orrery_sat::cities::{find_city, SAMPLE_CATALOG};
use orrery_sat::earth::{Geodetic, Observer};
use orrery_sat::{Catalog, ReadOptions, Satellite};
use std::path::{Path, PathBuf};

/// Name of the bundled catalog in messages.
const SAMPLE_NAME: &str = "bundled sample catalog (data/tle/sample.txt)";

/// Which catalog a command reads.
#[derive(Debug, Clone, Copy)]
pub enum CatalogChoice<'a> {
    /// A file the user named.
    File(&'a Path),
    /// The bundled sample, explicitly.
    Bundled,
    /// The default: the most recently fetched catalog in the TLE cache directory (see
    /// `orrery tle fetch`) that has every requested satellite, else the bundled sample.
    Auto,
}

impl<'a> CatalogChoice<'a> {
    /// `--tle FILE` if given, else [`CatalogChoice::Auto`].
    pub fn from_option(path: Option<&'a Path>) -> Self {
        path.map_or(CatalogChoice::Auto, CatalogChoice::File)
    }
}

/// Reads the chosen catalog; `wanted` are the satellite queries the command will
/// select (empty: any catalog will do). In lenient mode prints one warning per skipped
/// record and their count. Tells on stderr which catalog was used unless the user
/// named the file.
pub fn load_catalog_for(
    choice: CatalogChoice<'_>,
    lenient: bool,
    wanted: &[&str],
) -> anyhow::Result<Catalog> {
    let opts = ReadOptions {
        lenient,
        ..Default::default()
    };
    let cat = match choice {
        CatalogChoice::File(p) => Catalog::read(p, &opts)?,
        CatalogChoice::Bundled => Catalog::parse(SAMPLE_CATALOG, SAMPLE_NAME, &opts)?,
        CatalogChoice::Auto => match freshest_cached(wanted) {
            Some((cat, path, fetched)) => {
                eprintln!(
                    "orrery: catalog: {} (fetched {}; --tle FILE to choose another)",
                    path.display(),
                    fetched
                );
                cat
            }
            None => {
                eprintln!(
                    "orrery: catalog: {SAMPLE_NAME}; `orrery tle fetch --group NAME` downloads current elements"
                );
                Catalog::parse(SAMPLE_CATALOG, SAMPLE_NAME, &opts)?
            }
        },
    };
    for e in &cat.skipped {
        eprintln!("orrery: warning: skipped: {e}");
    }
    if !cat.skipped.is_empty() {
        eprintln!(
            "orrery: warning: {} record(s) skipped in {}",
            cat.skipped.len(),
            cat.source
        );
    }
    Ok(cat)
}

/// The most recently modified `*.txt` catalog in the TLE cache directory in which
/// every query in `wanted` matches a satellite, with its path and modification time
/// (UTC, to the minute). Unreadable or malformed cache files are skipped with a
/// warning; a missing cache directory means no cached catalog.
fn freshest_cached(wanted: &[&str]) -> Option<(Catalog, PathBuf, String)> {
    let dir = crate::cmd::tle::cache_dir()?;
    let entries = std::fs::read_dir(&dir).ok()?;
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "txt")
                && !p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'))
        })
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .collect();
    files.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let opts = ReadOptions {
        lenient: true,
        ..Default::default()
    };
    for (mtime, path) in files {
        let cat = match Catalog::read(&path, &opts) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("orrery: warning: skipping cached catalog: {e}");
                continue;
            }
        };
        if wanted.iter().all(|q| !cat.find(q).is_empty()) {
            let fetched = mtime
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| {
                    let s = format_utc_ms(Epoch::from_unix_seconds(d.as_secs_f64()));
                    format!("{} UTC", s.get(..16).unwrap_or(&s).replace('T', " "))
                })
                .unwrap_or_else(|_| "before 1970".into());
            return Some((cat, path, fetched));
        }
    }
    None
}

/// Warns when the elements are more than 14 days from the requested time.
pub fn warn_stale(sat: &Satellite, t: Epoch) {
    let age = sat.age_days(t);
    if age.abs() > 14.0 {
        eprintln!(
            "orrery: warning: {} elements are {:.1} days {} the requested time; SGP4 accuracy degrades quickly (`orrery tle fetch --group NAME` or --tle FILE)",
            sat.name(),
            age.abs(),
            if age > 0.0 { "older than" } else { "newer than" }
        );
    }
}

/// [`warn_stale`] for each of a few satellites; for more than 5, one summary line.
pub fn warn_stale_all(sats: &[&Satellite], t: Epoch) {
    if sats.len() <= 5 {
        for s in sats {
            warn_stale(s, t);
        }
        return;
    }
    let stale = sats.iter().filter(|s| s.age_days(t).abs() > 14.0).count();
    if stale > 0 {
        eprintln!(
            "orrery: warning: {stale} of {} satellites have elements more than 14 days from the requested time; SGP4 accuracy degrades quickly (`orrery tle fetch --group NAME` or --tle FILE)",
            sats.len()
        );
    }
}

/// Parses a height: `100m`, `0.1km`, or a bare number of metres. Returns km.
pub fn parse_alt(s: &str) -> Result<f64, String> {
    let t = s.trim();
    let (num, scale) = if let Some(v) = t.strip_suffix("km") {
        (v, 1.0)
    } else if let Some(v) = t.strip_suffix('m') {
        (v, 1e-3)
    } else {
        (t, 1e-3)
    };
    match num.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && (-0.5..=100.0).contains(&(v * scale)) => Ok(v * scale),
        _ => Err(format!(
            "expected a height like 100m or 0.1km (up to 100 km), found {s:?}"
        )),
    }
}

/// Observer options shared by commands that need one.
#[derive(clap::Args, Debug)]
pub struct ObserverArgs {
    /// Observer latitude, degrees north (WGS-84).
    #[arg(
        long,
        allow_hyphen_values = true,
        requires = "lon",
        conflicts_with = "city"
    )]
    pub lat: Option<f64>,
    /// Observer longitude, degrees east.
    #[arg(long, allow_hyphen_values = true, requires = "lat")]
    pub lon: Option<f64>,
    /// Observer height above the ellipsoid: `100m`, `0.1km` (bare number = metres).
    #[arg(long, value_parser = parse_alt, default_value = "0m")]
    pub alt: f64,
    /// A bundled city instead of --lat/--lon (`orrery passes --city list` lists them).
    #[arg(long)]
    pub city: Option<String>,
}

impl ObserverArgs {
    /// The observer, its IANA time zone when it is a bundled city, and its label.
    pub fn observer(
        &self,
        required: bool,
    ) -> anyhow::Result<Option<(Observer, Option<&'static str>, String)>> {
        if let Some(name) = &self.city {
            if name.eq_ignore_ascii_case("list") {
                let names: Vec<&str> = orrery_sat::cities::CITIES.iter().map(|c| c.name).collect();
                bail!("bundled cities: {}", names.join(", "));
            }
            let c = find_city(name)
                .with_context(|| format!("unknown city {name:?} (try --city list)"))?;
            return Ok(Some((
                Observer::new(c.geodetic()),
                Some(c.time_zone),
                c.name.to_string(),
            )));
        }
        match (self.lat, self.lon) {
            (Some(lat), Some(lon)) => {
                if !(-90.0..=90.0).contains(&lat) || !(-180.0..=360.0).contains(&lon) {
                    bail!("observer latitude must be within ±90° and longitude within -180..360°");
                }
                let label = format!("{lat:.4}°, {lon:.4}°");
                Ok(Some((
                    Observer::new(Geodetic::from_degrees(lat, lon, self.alt)),
                    None,
                    label,
                )))
            }
            _ if required => bail!("give the observer with --lat and --lon, or --city"),
            _ => Ok(None),
        }
    }
}
