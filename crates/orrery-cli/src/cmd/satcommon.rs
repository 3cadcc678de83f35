//! Pieces shared by the satellite commands (`propagate`, `passes`, `track`):
//! reading a catalog (or the bundled one), observers, staleness warnings.

use anyhow::{bail, Context};
use hifitime::Epoch;
use orrery_sat::cities::{find_city, SAMPLE_CATALOG};
use orrery_sat::earth::{Geodetic, Observer};
use orrery_sat::{Catalog, ReadOptions, Satellite};
use std::path::Path;

/// Reads `path` (TLE, 3LE, OMM XML or JSON) or the bundled sample catalog; in lenient
/// mode prints one warning per skipped record and their count.
pub fn load_catalog(path: Option<&Path>, lenient: bool) -> anyhow::Result<Catalog> {
    let opts = ReadOptions {
        lenient,
        ..Default::default()
    };
    let cat = match path {
        Some(p) => Catalog::read(p, &opts)?,
        None => Catalog::parse(
            SAMPLE_CATALOG,
            "bundled sample catalog (data/tle/sample.txt)",
            &opts,
        )?,
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

/// Warns when the elements are more than 14 days from the requested time.
pub fn warn_stale(sat: &Satellite, t: Epoch) {
    let age = sat.age_days(t);
    if age.abs() > 14.0 {
        eprintln!(
            "orrery: warning: {} elements are {:.1} days {} the requested time; SGP4 accuracy degrades quickly (fetch fresh TLEs or pass --tle)",
            sat.name(),
            age.abs(),
            if age > 0.0 { "older than" } else { "newer than" }
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
    /// The observer and its UTC offset in hours (cities carry their standard time).
    pub fn observer(&self, required: bool) -> anyhow::Result<Option<(Observer, f64, String)>> {
        if let Some(name) = &self.city {
            if name.eq_ignore_ascii_case("list") {
                let names: Vec<&str> = orrery_sat::cities::CITIES.iter().map(|c| c.name).collect();
                bail!("bundled cities: {}", names.join(", "));
            }
            let c = find_city(name)
                .with_context(|| format!("unknown city {name:?} (try --city list)"))?;
            return Ok(Some((
                Observer::new(c.geodetic()),
                c.utc_offset_h,
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
                    0.0,
                    label,
                )))
            }
            _ if required => bail!("give the observer with --lat and --lon, or --city"),
            _ => Ok(None),
        }
    }
}
