//! `orrery windows FROM TO --from YEAR --to YEAR`: launch windows with their
//! least-C3 and least-delta-v transfers, departures inside the range, windows
//! cut by a range end flagged partial.

use crate::cmd::source::Source;
use crate::output::{write_json, Format, Table};
use anyhow::bail;
use hifitime::{Epoch, TimeScale};
use orrery_core::time::format_epoch;
use orrery_core::Body;
use orrery_transfer::porkchop::EndOrbits;
use orrery_transfer::windows::{find, RangeEnd, Transfer, WindowSpec};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `orrery windows`.
#[derive(clap::Args)]
pub struct Args {
    /// Departure body (e.g. earth).
    body_from: String,
    /// Arrival body (e.g. mars).
    body_to: String,
    /// First year (or date) of departure; no transfer departs before it, and a
    /// window it cuts is flagged partial.
    #[arg(long = "from", value_parser = year_or_date)]
    start: Epoch,
    /// Last year (or date) of departure; a year means its 31 December. No
    /// transfer departs after it, and a window it cuts is flagged partial.
    #[arg(long = "to", value_parser = year_or_date_end)]
    end: Epoch,
    /// Shortest time of flight, days.
    #[arg(long, default_value_t = 80.0)]
    tof_min: f64,
    /// Longest time of flight, days.
    #[arg(long, default_value_t = 500.0)]
    tof_max: f64,
    /// JPL SPK kernel (e.g. de421.bsp); default: the built-in model.
    #[arg(long, visible_alias = "ephem", value_name = "FILE")]
    kernel: Option<PathBuf>,
    /// Circular parking orbit altitude at departure, km.
    #[arg(long, default_value_t = 200.0)]
    parking_alt: f64,
    /// Capture orbit periapsis altitude at arrival, km.
    #[arg(long, default_value_t = 400.0)]
    capture_alt: f64,
    /// Capture orbit eccentricity.
    #[arg(long, default_value_t = 0.0)]
    capture_ecc: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn year_or_date(s: &str) -> Result<Epoch, String> {
    match s.trim().parse::<i32>() {
        Ok(y) if (1000..=9999).contains(&y) => Ok(Epoch::from_gregorian_utc_at_midnight(y, 1, 1)),
        _ => crate::args::epoch(s),
    }
}

fn year_or_date_end(s: &str) -> Result<Epoch, String> {
    match s.trim().parse::<i32>() {
        Ok(y) if (1000..=9999).contains(&y) => Ok(Epoch::from_gregorian_utc_at_midnight(y, 12, 31)),
        _ => crate::args::epoch(s),
    }
}

fn day(e: Epoch) -> String {
    let s = format_epoch(e, TimeScale::UTC);
    s.get(..10).unwrap_or(&s).to_string()
}

#[derive(Serialize)]
struct TOut {
    departure: String,
    arrival: String,
    #[serde(flatten)]
    t: Transfer,
}

#[derive(Serialize)]
struct WOut {
    min_c3: TOut,
    min_dv_total: TOut,
    /// `null`, or the range end ("start" / "end") that cuts the window.
    partial: Option<RangeEnd>,
}

fn partial_label(p: Option<RangeEnd>) -> &'static str {
    match p {
        None => "no",
        Some(RangeEnd::Start) => "start",
        Some(RangeEnd::End) => "end",
    }
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    if a.end <= a.start {
        bail!("--to must come after --from");
    }
    let src = Source::open(a.kernel.as_deref())?;
    let eph = src.ephemeris();
    let spec = WindowSpec {
        from: Body::parse(&a.body_from)?,
        to: Body::parse(&a.body_to)?,
        center: Body::SUN,
        start: a.start,
        end: a.end,
        tof_min_days: a.tof_min,
        tof_max_days: a.tof_max,
        orbits: EndOrbits {
            parking_altitude_km: a.parking_alt,
            capture_altitude_km: a.capture_alt,
            capture_eccentricity: a.capture_ecc,
        },
    };
    let ws = find(&spec, eph)?;
    let out = &mut std::io::stdout().lock();
    let t = |t: Transfer| TOut {
        departure: day(t.departure),
        arrival: day(t.arrival),
        t,
    };
    match a.format {
        Format::Json => {
            let v: Vec<WOut> = ws
                .iter()
                .map(|w| WOut {
                    min_c3: t(w.min_c3),
                    min_dv_total: t(w.min_dv),
                    partial: w.partial,
                })
                .collect();
            write_json(out, &v)?;
        }
        f => {
            let mut tb = Table::new([
                "window",
                "optimum",
                "departure",
                "arrival",
                "tof [d]",
                "C3 [km2/s2]",
                "vinf_dep [km/s]",
                "DLA [deg]",
                "vinf_arr [km/s]",
                "dv_total [km/s]",
                "partial",
            ]);
            for (k, w) in ws.iter().enumerate() {
                for (label, x) in [("min C3", w.min_c3), ("min dv", w.min_dv)] {
                    let c = x.cell;
                    tb.push([
                        (k + 1).to_string(),
                        label.to_string(),
                        day(x.departure),
                        day(x.arrival),
                        format!("{:.0}", c.tof_days),
                        format!("{:.3}", c.c3),
                        format!("{:.3}", c.vinf_dep),
                        format!("{:.2}", c.dla_deg),
                        format!("{:.3}", c.vinf_arr),
                        format!("{:.3}", c.dv_total),
                        partial_label(w.partial).to_string(),
                    ]);
                }
            }
            if f == Format::Csv {
                tb.write_csv(out)?;
            } else {
                tb.write_aligned(out)?;
                for (k, w) in ws.iter().enumerate() {
                    let (flag, date) = match w.partial {
                        None => continue,
                        Some(RangeEnd::Start) => ("--from", a.start),
                        Some(RangeEnd::End) => ("--to", a.end),
                    };
                    writeln!(
                        out,
                        "window {} is cut by {flag} {}: an optimum departs on that day, \
                         the window's true optimum lies outside the range",
                        k + 1,
                        day(date)
                    )?;
                }
            }
        }
    }
    Ok(())
}
