//! `orrery passes <sat>`: every pass of a satellite (or of the whole catalog) over an
//! observer, with visibility, as a table, JSON, CSV or iCalendar.

use crate::args::{self, CatalogArgs, KernelArgs, ObserverArgs, SpanArgs};
use crate::cmd::satcommon::{load, warn_stale};
use crate::output::{write_csv_records, write_json, Table};
use clap::ValueEnum;
use hifitime::{Epoch, Unit};
use orrery_core::localtime::LocalZone;
use orrery_core::time::format_utc_ms;
use orrery_sat::ics::write_ics;
use orrery_sat::passes::{predict_passes_with, Event, PassOptions, PassRow};
use orrery_sat::Satellite;
use std::io::Write;

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
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Satellite: name (`ISS`), catalog number, international designator, or `all`.
    sat: String,
    #[command(flatten)]
    catalog: CatalogArgs,
    #[command(flatten)]
    observer: ObserverArgs,
    /// The search span: --from (default now) and --to or --span (default 1d).
    #[command(flatten)]
    span: SpanArgs,
    /// Elevation that counts as a pass, degrees.
    #[arg(long, default_value_t = 0.0, value_parser = args::finite, value_name = "DEG")]
    min_elevation: f64,
    /// The sky counts as dark when the Sun is below this elevation, degrees.
    #[arg(long, default_value_t = -6.0, value_parser = args::finite, value_name = "DEG")]
    twilight: f64,
    /// Only passes with a visible part (sunlit satellite, dark sky).
    #[arg(long)]
    visible_only: bool,
    /// Time zone of the local-time columns, an IANA name such as `Europe/Paris` (daylight
    /// saving applied). Default: the city's zone, else UTC.
    #[arg(long, value_name = "ZONE", conflicts_with = "utc_offset")]
    tz: Option<String>,
    /// A fixed offset from UTC in hours for the local-time columns, instead of a zone.
    #[arg(long, value_parser = args::finite, value_name = "HOURS")]
    utc_offset: Option<f64>,
    #[command(flatten)]
    kernel: KernelArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: PassFormat,
}

fn ev_utc(e: &Option<Event>) -> String {
    e.map(|e| format_utc_ms(e.time))
        .unwrap_or_else(|| "-".into())
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    let (start, end) = a.span.resolve(Unit::Day * 1)?;
    if (end - start).to_unit(Unit::Day) > 366.0 {
        anyhow::bail!("the pass search is limited to 366 days (--span)");
    }
    if !(-90.0..90.0).contains(&a.min_elevation) {
        anyhow::bail!("--min-elevation must be within -90..90 degrees");
    }
    let Some(obs) = a.observer.observer(true)? else {
        anyhow::bail!("give the observer with --lat and --lon, or --city");
    };
    let zone = match (a.utc_offset, a.tz.as_deref().or(obs.time_zone)) {
        (Some(h), _) => LocalZone::fixed_hours(h)?,
        (None, Some(name)) => LocalZone::named(name)?,
        (None, None) => LocalZone::utc(),
    };
    let all = a.sat.eq_ignore_ascii_case("all");
    let wanted: Vec<&str> = if all { vec![] } else { vec![a.sat.as_str()] };
    let cat = load(&a.catalog, None, &wanted)?;
    let sats: Vec<&Satellite> = if all {
        cat.satellites.iter().collect()
    } else {
        vec![cat.one(&a.sat)?]
    };
    warn_stale(&sats, start);
    let source = a.kernel.open()?;
    let opts = PassOptions {
        min_elevation_deg: a.min_elevation,
        twilight_deg: a.twilight,
        ..Default::default()
    };
    let bar = crate::progress::Bar::new("passes");
    let list = predict_passes_with(
        &sats,
        &obs.observer,
        start,
        end,
        &opts,
        Some(&source),
        a.visible_only,
        &bar,
    );
    bar.finish();
    for e in &list.failures {
        eprintln!("orrery: warning: {e}");
    }
    if !list.failures.is_empty() {
        eprintln!(
            "orrery: warning: {} satellite(s) could not be propagated over the span",
            list.failures.len()
        );
    }
    let rows: Vec<PassRow> = list
        .passes
        .iter()
        .map(|(s, p)| PassRow::new(s, p, &zone))
        .collect();
    let out = &mut std::io::BufWriter::new(std::io::stdout().lock());
    match a.format {
        PassFormat::Json => write_json(out, &rows)?,
        PassFormat::Csv => write_csv_records(out, &rows, None)?,
        PassFormat::Ics => write_ics(out, &list.passes, &obs.label, Epoch::now().unwrap_or(start))?,
        PassFormat::Table => {
            let deg = |x: f64| format!("{x:.1}");
            let local = |e: &Option<Event>| e.map_or_else(|| "-".into(), |e| zone.datetime(e.time));
            let mut t = Table::new([
                "satellite",
                "rise (UTC)",
                "rise (local)",
                "rise az [deg]",
                "culmination (UTC)",
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
            for (s, p) in &list.passes {
                let vis = p.visibility;
                t.push([
                    s.name(),
                    ev_utc(&p.rise),
                    local(&p.rise),
                    p.rise.map_or("-".into(), |e| deg(e.azimuth_deg)),
                    format_utc_ms(p.culmination.time),
                    deg(p.culmination.elevation_deg),
                    deg(p.culmination.azimuth_deg),
                    ev_utc(&p.set),
                    local(&p.set),
                    p.set.map_or("-".into(), |e| deg(e.azimuth_deg)),
                    p.duration_s().map_or("-".into(), |d| format!("{d:.0}")),
                    match vis {
                        Some(v) if v.visible => "yes".into(),
                        Some(_) => "no".into(),
                        None => "?".into(),
                    },
                    vis.and_then(|v| v.start).map_or("-".into(), format_utc_ms),
                    vis.and_then(|v| v.end).map_or("-".into(), format_utc_ms),
                ]);
            }
            writeln!(
                out,
                "Passes over {} from {} to {}, above {}°, local time {}",
                obs.label,
                format_utc_ms(start),
                format_utc_ms(end),
                a.min_elevation,
                zone.label()
            )?;
            if list.passes.is_empty() {
                writeln!(
                    out,
                    "no {}pass of {} in the span",
                    if a.visible_only { "visible " } else { "" },
                    if all { "any satellite" } else { &a.sat }
                )?;
            } else {
                t.write_aligned(out)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
