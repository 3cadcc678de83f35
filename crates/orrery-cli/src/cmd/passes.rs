//! `orrery passes <sat>`: every pass of a satellite (or of the whole catalog) over an
//! observer, with visibility, as a table, JSON, CSV or iCalendar.

use crate::args;
use crate::cmd::localtime::LocalZone;
use crate::cmd::satcommon::{load_catalog_for, warn_stale_all, CatalogChoice, ObserverArgs};
use crate::cmd::source::Source;
use crate::output::{write_json, Table};
use anyhow::bail;
use clap::ValueEnum;
use hifitime::{Duration, Epoch};
use orrery_core::time::format_utc_ms;
use orrery_sat::passes::{find_passes_batch, Event, Pass, PassOptions};
use orrery_sat::Satellite;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum PassFormat {
    /// Aligned columns.
    #[default]
    Table,
    /// JSON array of passes.
    Json,
    /// CSV with a header row.
    Csv,
    /// iCalendar (RFC 5545), one event per pass.
    Ics,
}

/// Arguments of `orrery passes`.
#[derive(clap::Args)]
pub struct Args {
    /// Satellite: name (`ISS`), catalog number, international designator, or `all`.
    sat: String,
    /// Catalog file (TLE/3LE or OMM XML/JSON); default the freshest `orrery tle fetch`
    /// download that has the satellite, else the bundled sample catalog.
    #[arg(long = "tle", value_name = "FILE")]
    tle: Option<PathBuf>,
    #[command(flatten)]
    observer: ObserverArgs,
    /// Start of the search (default now).
    #[arg(long, value_parser = args::epoch)]
    from: Option<Epoch>,
    /// Length of the search, days.
    #[arg(long, default_value_t = 1.0)]
    days: f64,
    /// Elevation that counts as a pass, degrees.
    #[arg(long, default_value_t = 0.0, allow_hyphen_values = true)]
    min_elevation: f64,
    /// The sky counts as dark when the Sun is below this elevation, degrees.
    #[arg(long, default_value_t = -6.0, allow_hyphen_values = true)]
    twilight: f64,
    /// Only passes with a visible part (sunlit satellite, dark sky).
    #[arg(long)]
    visible_only: bool,
    /// Time zone of the local-time columns, an IANA name such as `Europe/Paris` (daylight
    /// saving applied). Default: the city's zone, else UTC.
    #[arg(long, value_name = "ZONE", conflicts_with = "utc_offset")]
    tz: Option<String>,
    /// A fixed offset from UTC in hours for the local-time columns, instead of a zone.
    #[arg(long, allow_hyphen_values = true)]
    utc_offset: Option<f64>,
    /// JPL SPK kernel for the Sun (e.g. de421.bsp); default: the built-in model.
    // `--ephem`, the earlier name, is kept as a hidden alias.
    #[arg(long, alias = "ephem", value_name = "FILE")]
    kernel: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: PassFormat,
    /// Skip malformed catalog records with a warning instead of failing.
    #[arg(long)]
    lenient: bool,
}

#[derive(Serialize)]
struct PassOut<'a> {
    norad_id: u64,
    name: String,
    #[serde(flatten)]
    pass: &'a Pass,
    duration_s: Option<f64>,
    local: LocalTimes,
}

/// The pass's events in the local-time zone (RFC 3339 with the UTC offset).
#[derive(Serialize)]
struct LocalTimes {
    time_zone: String,
    rise: Option<String>,
    culmination: String,
    set: Option<String>,
}

impl LocalTimes {
    fn new(p: &Pass, zone: &LocalZone) -> Self {
        Self {
            time_zone: zone.label().to_string(),
            rise: p.rise.map(|e| zone.rfc3339(e.time)),
            culmination: zone.rfc3339(p.culmination.time),
            set: p.set.map(|e| zone.rfc3339(e.time)),
        }
    }
}

fn deg(x: f64) -> String {
    format!("{:.1}", x.to_degrees())
}

fn ev_time(e: &Option<Event>) -> String {
    e.map(|e| format_utc_ms(e.time))
        .unwrap_or_else(|| "-".into())
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    if !(a.days > 0.0 && a.days <= 366.0) {
        bail!("--days must be in (0, 366]");
    }
    if !(-90.0..90.0).contains(&a.min_elevation) {
        bail!("--min-elevation must be within -90..90 degrees");
    }
    let Some((obs, city_zone, obs_label)) = a.observer.observer(true)? else {
        bail!("give the observer with --lat and --lon, or --city");
    };
    let zone = match (a.utc_offset, a.tz.as_deref().or(city_zone)) {
        (Some(h), _) => LocalZone::fixed_hours(h)?,
        (None, Some(name)) => LocalZone::named(name)?,
        (None, None) => LocalZone::utc(),
    };
    let all = a.sat.eq_ignore_ascii_case("all");
    let wanted: Vec<&str> = if all { vec![] } else { vec![a.sat.as_str()] };
    let cat = load_catalog_for(
        CatalogChoice::from_option(a.tle.as_deref()),
        a.lenient,
        &wanted,
    )?;
    let sats: Vec<&Satellite> = if all {
        cat.satellites.iter().collect()
    } else {
        vec![cat.one(&a.sat)?]
    };
    let start = match a.from {
        Some(t) => t,
        None => Epoch::now()?,
    };
    let end = start + Duration::from_seconds(a.days * 86_400.0);
    warn_stale_all(&sats, start);
    let source = Source::open(a.kernel.as_deref())?;
    let opts = PassOptions {
        min_elevation: a.min_elevation.to_radians(),
        twilight: a.twilight.to_radians(),
        ..Default::default()
    };
    let results = find_passes_batch(&sats, &obs, start, end, &opts, Some(source.ephemeris()));
    let mut all: Vec<(&Satellite, Pass)> = Vec::new();
    let mut failed = 0;
    for (s, r) in sats.iter().zip(results) {
        match r {
            Ok(ps) => all.extend(ps.into_iter().map(|p| (*s, p))),
            Err(e) => {
                failed += 1;
                eprintln!("orrery: warning: {e}");
            }
        }
    }
    if failed > 0 {
        eprintln!("orrery: warning: {failed} satellite(s) could not be propagated over the span");
    }
    if a.visible_only {
        all.retain(|(_, p)| p.visibility.is_some_and(|v| v.visible));
    }
    all.sort_by(|x, y| {
        let t = |p: &Pass| p.rise.map_or(p.culmination.time, |e| e.time);
        t(&x.1).cmp(&t(&y.1))
    });
    let out = &mut std::io::BufWriter::new(std::io::stdout().lock());
    let duration = |p: &Pass| match (p.rise, p.set) {
        (Some(r), Some(s)) => Some((s.time - r.time).to_seconds()),
        _ => None,
    };
    match a.format {
        PassFormat::Json => {
            let v: Vec<PassOut> = all
                .iter()
                .map(|(s, p)| PassOut {
                    norad_id: s.norad_id(),
                    name: s.name(),
                    pass: p,
                    duration_s: duration(p),
                    local: LocalTimes::new(p, &zone),
                })
                .collect();
            write_json(out, &v)?;
        }
        PassFormat::Table | PassFormat::Csv => {
            let mut t = Table::new([
                "satellite",
                "rise (UTC)",
                "rise (local)",
                "rise az [deg]",
                "culmination (UTC)",
                "culmination (local)",
                "max el [deg]",
                "culm az [deg]",
                "set (UTC)",
                "set (local)",
                "set az [deg]",
                "duration [s]",
                "visible",
                "visible from (UTC)",
                "visible to (UTC)",
            ]);
            for (s, p) in &all {
                let vis = p.visibility;
                t.push([
                    s.name(),
                    ev_time(&p.rise),
                    p.rise
                        .map(|e| zone.clock(e.time))
                        .unwrap_or_else(|| "-".into()),
                    p.rise.map(|e| deg(e.azimuth)).unwrap_or_else(|| "-".into()),
                    format_utc_ms(p.culmination.time),
                    zone.clock(p.culmination.time),
                    deg(p.culmination.elevation),
                    deg(p.culmination.azimuth),
                    ev_time(&p.set),
                    p.set
                        .map(|e| zone.clock(e.time))
                        .unwrap_or_else(|| "-".into()),
                    p.set.map(|e| deg(e.azimuth)).unwrap_or_else(|| "-".into()),
                    duration(p)
                        .map(|d| format!("{d:.0}"))
                        .unwrap_or_else(|| "-".into()),
                    match vis {
                        Some(v) if v.visible => "yes".into(),
                        Some(_) => "no".into(),
                        None => "?".into(),
                    },
                    vis.and_then(|v| v.start)
                        .map(format_utc_ms)
                        .unwrap_or_else(|| "-".into()),
                    vis.and_then(|v| v.end)
                        .map(format_utc_ms)
                        .unwrap_or_else(|| "-".into()),
                ]);
            }
            if a.format == PassFormat::Csv {
                t.write_csv(out)?;
            } else {
                writeln!(
                    out,
                    "Passes over {obs_label} from {} for {} day(s), above {}°, local time {}",
                    format_utc_ms(start),
                    a.days,
                    a.min_elevation,
                    zone.label()
                )?;
                t.write_aligned(out)?;
            }
        }
        PassFormat::Ics => write_ics(out, &all, &obs_label)?,
    }
    out.flush()?;
    Ok(())
}

fn ics_time(t: Epoch) -> String {
    let s = format_utc_ms(t);
    // 2020-06-25T13:08:18.802Z → 20200625T130818Z
    let digits: String = s
        .get(..19)
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == 'T')
        .collect();
    format!("{digits}Z")
}

/// RFC 5545 calendar, CRLF line endings, one VEVENT per pass.
fn write_ics(
    out: &mut dyn Write,
    all: &[(&Satellite, Pass)],
    obs_label: &str,
) -> anyhow::Result<()> {
    // Content lines longer than 75 octets are folded (RFC 5545 §3.1).
    let mut w = |line: &str| -> std::io::Result<()> {
        let mut rest = line;
        let mut first = true;
        while !rest.is_empty() {
            let max = if first { 75 } else { 74 };
            let mut cut = rest.len().min(max);
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            let (head, tail) = rest.split_at(cut);
            write!(out, "{}{head}\r\n", if first { "" } else { " " })?;
            rest = tail;
            first = false;
        }
        Ok(())
    };
    w("BEGIN:VCALENDAR")?;
    w("VERSION:2.0")?;
    w("PRODID:-//Orrery//orrery passes//EN")?;
    w("CALSCALE:GREGORIAN")?;
    let stamp = ics_time(
        Epoch::now().unwrap_or_else(|_| Epoch::from_gregorian_utc_at_midnight(2000, 1, 1)),
    );
    for (s, p) in all {
        let start = p.rise.map_or(p.culmination.time, |e| e.time);
        let end = p.set.map_or(p.culmination.time, |e| e.time);
        let vis = match p.visibility {
            Some(v) if v.visible => " (visible)",
            _ => "",
        };
        w("BEGIN:VEVENT")?;
        w(&format!("UID:{}-{}@orrery", s.norad_id(), ics_time(start)))?;
        w(&format!("DTSTAMP:{stamp}"))?;
        w(&format!("DTSTART:{}", ics_time(start)))?;
        w(&format!("DTEND:{}", ics_time(end)))?;
        w(&format!(
            "SUMMARY:{} pass{vis}\\, max {:.0}°",
            s.name().replace(',', "\\,"),
            p.culmination.elevation.to_degrees()
        ))?;
        w(&format!(
            "DESCRIPTION:Observer {}. Culmination {} at azimuth {:.0}°\\, elevation {:.1}°.",
            obs_label.replace(',', "\\,"),
            format_utc_ms(p.culmination.time),
            p.culmination.azimuth.to_degrees(),
            p.culmination.elevation.to_degrees()
        ))?;
        w("END:VEVENT")?;
    }
    w("END:VCALENDAR")?;
    Ok(())
}
