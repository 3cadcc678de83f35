//! `orrery windows FROM TO [--from WHEN] [--to WHEN]`: launch windows with their
//! least-C3 and least-delta-v transfers, departures inside the range, windows cut by a
//! range end flagged partial.

use crate::args::{self, KernelArgs, OrbitArgs};
use crate::output::{write_csv_records, write_json, Format, Table};
use hifitime::{Duration, Epoch, Unit};
use orrery_core::time::format_utc_ms;
use orrery_core::Body;
use orrery_transfer::report::WindowRow;
use orrery_transfer::windows::{find, RangeEnd, WindowSpec};
use std::io::Write;

/// Arguments of `orrery windows`.
#[derive(clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Departure body (e.g. earth).
    body_from: String,
    /// Arrival body (e.g. mars).
    body_to: String,
    /// First departure: a date, or a year meaning its 1 January (default now). No
    /// transfer departs before it, and a window it cuts is flagged partial.
    #[arg(long = "from", value_parser = year_or_date, value_name = "WHEN", allow_hyphen_values = true)]
    start: Option<Epoch>,
    /// Last departure: a date, or a year meaning its 31 December (default four years
    /// after --from). No transfer departs after it, and a window it cuts is flagged partial.
    #[arg(long = "to", value_parser = year_or_date_end, value_name = "WHEN", conflicts_with = "span", allow_hyphen_values = true)]
    end: Option<Epoch>,
    /// Length of the departure range from --from, instead of --to (`1461d`).
    #[arg(long, value_parser = args::duration, value_name = "DUR", allow_hyphen_values = true)]
    span: Option<Duration>,
    /// Shortest time of flight (`80d`).
    #[arg(long, value_parser = args::duration_or_days, default_value = "80d", value_name = "DUR", allow_hyphen_values = true)]
    tof_min: Duration,
    /// Longest time of flight (`500d`).
    #[arg(long, value_parser = args::duration_or_days, default_value = "500d", value_name = "DUR", allow_hyphen_values = true)]
    tof_max: Duration,
    #[command(flatten)]
    kernel: KernelArgs,
    #[command(flatten)]
    orbits: OrbitArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn year_or_date(s: &str) -> Result<Epoch, String> {
    match s.trim().parse::<i32>() {
        Ok(y) if (1000..=9999).contains(&y) => Ok(Epoch::from_gregorian_utc_at_midnight(y, 1, 1)),
        _ => args::epoch(s),
    }
}

fn year_or_date_end(s: &str) -> Result<Epoch, String> {
    match s.trim().parse::<i32>() {
        Ok(y) if (1000..=9999).contains(&y) => Ok(Epoch::from_gregorian_utc_at_midnight(y, 12, 31)),
        _ => args::epoch(s),
    }
}

fn day(e: Epoch) -> String {
    let s = format_utc_ms(e);
    s.get(..10).unwrap_or(&s).to_string()
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    let start = match a.start {
        Some(t) => t,
        None => Epoch::now()?,
    };
    let end = match (a.end, a.span) {
        (Some(t), _) => t,
        (None, Some(d)) => start + d,
        (None, None) => start + Unit::Day * 1461,
    };
    if end <= start {
        anyhow::bail!("--to must come after --from");
    }
    let src = a.kernel.open()?;
    let spec = WindowSpec {
        from: Body::parse(&a.body_from)?,
        to: Body::parse(&a.body_to)?,
        center: Body::SUN,
        start,
        end,
        tof_min_days: args::days(a.tof_min),
        tof_max_days: args::days(a.tof_max),
        orbits: a.orbits.end_orbits(),
    };
    let ws = find(&spec, &src)?;
    let rows: Vec<WindowRow> = ws.iter().map(WindowRow::from).collect();
    let out = &mut std::io::stdout().lock();
    match a.format {
        Format::Json => write_json(out, &rows)?,
        Format::Csv => write_csv_records(out, &rows, None)?,
        Format::Table => {
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
            for (k, w) in rows.iter().enumerate() {
                for (label, x) in [("min C3", w.min_c3), ("min dv", w.min_dv_total)] {
                    let c = x.cell;
                    tb.push([
                        (k + 1).to_string(),
                        label.to_string(),
                        day(x.departure_utc),
                        day(x.arrival_utc),
                        format!("{:.0}", c.tof_days),
                        format!("{:.3}", c.c3),
                        format!("{:.3}", c.vinf_dep),
                        format!("{:.2}", c.dla_deg),
                        format!("{:.3}", c.vinf_arr),
                        format!("{:.3}", c.dv_total),
                        match w.partial {
                            None => "no",
                            Some(RangeEnd::Start) => "start",
                            Some(RangeEnd::End) => "end",
                        }
                        .to_string(),
                    ]);
                }
            }
            if rows.is_empty() {
                writeln!(out, "no launch window departs in the range")?;
            } else {
                tb.write_aligned(out)?;
            }
            for (k, w) in rows.iter().enumerate() {
                let (flag, date) = match w.partial {
                    None => continue,
                    Some(RangeEnd::Start) => ("--from", start),
                    Some(RangeEnd::End) => ("--to", end),
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
    Ok(())
}
