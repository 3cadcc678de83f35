//! `orrery sky`: the sky tonight for an observer: where the Sun, Moon and planets are,
//! their rises, transits and sets, the twilights and the Moon's phase.

use crate::args::{self, KernelArgs, ObserverArgs};
use crate::output::{write_csv_records, write_json, Table};
use crate::progress::Bar;
use clap::ValueEnum;
use hifitime::{Duration, Epoch, Unit};
use orrery_core::ical::write_calendar;
use orrery_core::localtime::LocalZone;
use orrery_core::time::format_utc_ms;
use orrery_sky::almanac::{
    almanac_with, calendar_events, serde_json_name, AlmanacRequest, ObserverInfo, SkyBody,
};
use std::io::Write;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum SkyFormat {
    /// Aligned columns.
    #[default]
    Table,
    /// JSON (the whole almanac).
    Json,
    /// CSV of the events.
    Csv,
    /// iCalendar (RFC 5545), one event per rise, transit, set and twilight.
    Ics,
}

/// Arguments of `orrery sky`.
#[derive(clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    #[command(flatten)]
    observer: ObserverArgs,
    /// The night of this local date: from local noon to the next local noon (in the
    /// city's zone, --tz, or UTC).
    #[arg(long, value_name = "DATE", conflicts_with_all = ["from", "to", "span"])]
    night: Option<String>,
    /// Start of the span searched (default now).
    #[arg(long, value_parser = args::epoch, value_name = "WHEN", allow_hyphen_values = true)]
    from: Option<Epoch>,
    /// End of the span (instead of --span).
    #[arg(long, value_parser = args::epoch, value_name = "WHEN", conflicts_with = "span", allow_hyphen_values = true)]
    to: Option<Epoch>,
    /// Length of the span (`1d`, `12h`; default 1d, at most 366d).
    #[arg(long, value_parser = args::duration, value_name = "DUR", allow_hyphen_values = true)]
    span: Option<Duration>,
    /// The instant of the positions (default the start of the span).
    #[arg(long, value_parser = args::epoch, value_name = "WHEN", allow_hyphen_values = true)]
    at: Option<Epoch>,
    /// Bodies, comma-separated (default all: sun,moon,mercury,venus,mars,jupiter,saturn,uranus,neptune).
    #[arg(long, value_delimiter = ',', value_name = "BODY,...")]
    bodies: Vec<String>,
    /// Time zone of the local times (IANA name; default the city's, else UTC).
    #[arg(long, value_name = "ZONE")]
    tz: Option<String>,
    #[command(flatten)]
    kernel: KernelArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: SkyFormat,
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    let Some(obs) = a.observer.observer(true)? else {
        anyhow::bail!("give the observer with --lat and --lon, or --city");
    };
    let zone = match a.tz.as_deref().or(obs.time_zone) {
        Some(z) => LocalZone::named(z)?,
        None => LocalZone::utc(),
    };
    let (start, end) = match &a.night {
        Some(date) => orrery_sky::almanac::night(date, &zone)
            .map_err(|e| anyhow::anyhow!("--night {date}: {e}"))?,
        None => {
            let start = match a.from {
                Some(t) => t,
                None => Epoch::now()?,
            };
            let end = match (a.to, a.span) {
                (Some(t), _) => t,
                (None, Some(d)) => start + d,
                (None, None) => start + Unit::Day * 1,
            };
            (start, end)
        }
    };
    let bodies = if a.bodies.is_empty() {
        SkyBody::ALL.to_vec()
    } else {
        a.bodies
            .iter()
            .map(|b| SkyBody::parse(b))
            .collect::<Result<Vec<_>, _>>()?
    };
    let g = obs.observer.geodetic;
    let req = AlmanacRequest {
        observer: obs.observer,
        info: ObserverInfo {
            name: obs.label.clone(),
            lat_deg: g.lat.to_degrees(),
            lon_deg: g.lon.to_degrees(),
            alt_m: g.alt * 1000.0,
            time_zone: Some(zone.label().to_string()),
        },
        zone: Some(zone.clone()),
        start,
        end,
        at: a.at.unwrap_or(start),
        bodies,
    };
    let eph = a.kernel.open()?;
    let bar = Bar::new("sky");
    let alm = almanac_with(&eph, &req, &bar)?;
    bar.finish();
    let out = &mut std::io::BufWriter::new(std::io::stdout().lock());
    match a.format {
        SkyFormat::Json => write_json(out, &alm)?,
        SkyFormat::Csv => write_csv_records(out, &alm.events, None)?,
        SkyFormat::Ics => write_calendar(
            out,
            "orrery sky",
            &calendar_events(&alm),
            Epoch::now().unwrap_or(start),
        )?,
        SkyFormat::Table => {
            writeln!(
                out,
                "Sky over {} from {} to {}, local time {}; ephemeris {}",
                obs.label,
                format_utc_ms(start),
                format_utc_ms(end),
                zone.label(),
                alm.ephemeris
            )?;
            writeln!(
                out,
                "\nAt {} ({}):",
                format_utc_ms(alm.at_utc),
                zone.datetime(alm.at_utc)
            )?;
            let mut t = Table::new([
                "body",
                "alt [deg]",
                "az [deg]",
                "up",
                "lit [%]",
                "distance [km]",
            ]);
            for p in &alm.positions {
                t.push([
                    p.body.name().to_string(),
                    format!("{:.2}", p.altitude_deg),
                    format!("{:.2}", p.azimuth_deg),
                    if p.above_horizon { "yes" } else { "no" }.to_string(),
                    format!("{:.0}", p.illuminated_fraction * 100.0),
                    format!("{:.0}", p.distance_km),
                ]);
            }
            t.write_aligned(out)?;
            writeln!(
                out,
                "Moon: {}, {:.0} % lit (elongation {:.1}°)",
                alm.moon.phase,
                alm.moon.illuminated_fraction * 100.0,
                alm.moon.elongation_deg
            )?;
            writeln!(out)?;
            let mut t = Table::new([
                "time (UTC)",
                "time (local)",
                "body",
                "event",
                "az [deg]",
                "alt [deg]",
            ]);
            for e in &alm.events {
                t.push([
                    format_utc_ms(e.time_utc),
                    zone.datetime(e.time_utc),
                    e.body.name().to_string(),
                    serde_json_name(e.kind).replace('_', " "),
                    format!("{:.1}", e.azimuth_deg),
                    format!("{:.2}", e.altitude_deg),
                ]);
            }
            if alm.events.is_empty() {
                writeln!(out, "no rise, transit, set or twilight in the span")?;
            } else {
                t.write_aligned(out)?;
            }
            let names = |v: &[SkyBody]| v.iter().map(|b| b.name()).collect::<Vec<_>>().join(", ");
            if !alm.always_up.is_empty() {
                writeln!(out, "up all the span: {}", names(&alm.always_up))?;
            }
            if !alm.always_down.is_empty() {
                writeln!(out, "down all the span: {}", names(&alm.always_down))?;
            }
            let phases: Vec<String> = alm
                .moon_phases
                .iter()
                .map(|p| format!("{} {}", serde_json_name_phase(p), zone.datetime(p.time_utc)))
                .collect();
            writeln!(out, "Moon phases: {}", phases.join("; "))?;
        }
    }
    out.flush()?;
    Ok(())
}

fn serde_json_name_phase(p: &orrery_sky::almanac::MoonPhase) -> String {
    serde_json::to_value(p.phase)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_default()
}
