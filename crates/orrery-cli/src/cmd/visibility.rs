//! `orrery visibility`: when a telescope near Sun-Earth L2 can observe a
//! target, from its solar-elongation field of regard. See docs/visibility.md.

use crate::args;
use crate::output::{write_json, Format, Table};
use hifitime::{Duration, Epoch, TimeScale};
use orrery_core::ephem::builtin::Builtin;
use orrery_core::time::format_iso_seconds;
use orrery_cr3bp::visibility::{windows, FieldOfRegard, Target};
use serde::Serialize;
use std::io::Write;

/// Arguments of `orrery visibility`.
#[derive(clap::Args)]
pub struct Args {
    /// Target "RA Dec": degrees (`80.894 -69.756`) or RA in hours
    /// (`05:23:34.5 -69:45:22`), ICRF.
    #[arg(long)]
    target: String,
    /// Observatory: jwst (field of regard 84.8-135 deg solar elongation as in
    /// STScI's jwst-gtvt, at Sun-Earth L2).
    #[arg(long, default_value = "jwst")]
    observatory: String,
    /// Override the smallest solar elongation, degrees.
    #[arg(long)]
    min_elongation: Option<f64>,
    /// Override the largest solar elongation, degrees.
    #[arg(long)]
    max_elongation: Option<f64>,
    /// Start of the span (default scale UTC).
    #[arg(long, value_parser = args::epoch)]
    from: Epoch,
    /// End of the span.
    #[arg(long, value_parser = args::epoch)]
    to: Epoch,
    /// Sampling step before edges are refined to 1 s.
    #[arg(long, value_parser = args::duration, default_value = "6h")]
    step: Duration,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Serialize)]
struct Row {
    start_utc: String,
    end_utc: String,
    days: f64,
    open_start: bool,
    open_end: bool,
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    let mut field = match a.observatory.to_ascii_lowercase().as_str() {
        "jwst" | "webb" => FieldOfRegard::JWST,
        other => anyhow::bail!("unknown observatory '{other}': use jwst (or set --min-elongation/--max-elongation with jwst)"),
    };
    if let Some(v) = a.min_elongation {
        field.min_elongation_deg = v;
    }
    if let Some(v) = a.max_elongation {
        field.max_elongation_deg = v;
    }
    let target = Target::parse(&a.target)?;
    let eph = Builtin::new();
    let wins = windows(&eph, &target, &field, a.from, a.to, a.step)?;
    let rows: Vec<Row> = wins
        .iter()
        .map(|w| Row {
            start_utc: format_iso_seconds(w.start, TimeScale::UTC),
            end_utc: format_iso_seconds(w.end, TimeScale::UTC),
            days: w.days,
            open_start: w.open_start,
            open_end: w.open_end,
        })
        .collect();
    let out = &mut std::io::stdout().lock();
    if a.format == Format::Json {
        #[derive(Serialize)]
        struct Doc<'a> {
            target: Target,
            field_of_regard: FieldOfRegard,
            ephemeris: String,
            windows: &'a [Row],
        }
        return write_json(
            out,
            &Doc {
                target,
                field_of_regard: field,
                ephemeris: orrery_core::Ephemeris::source_name(&eph),
                windows: &rows,
            },
        );
    }
    let mut t = Table::new(["start [UTC]", "end [UTC]", "days"]);
    for r in &rows {
        let s = if r.open_start {
            format!("{} (span start)", r.start_utc)
        } else {
            r.start_utc.clone()
        };
        let e = if r.open_end {
            format!("{} (span end)", r.end_utc)
        } else {
            r.end_utc.clone()
        };
        t.push([s, e, format!("{:.2}", r.days)]);
    }
    if a.format == Format::Csv {
        return Ok(t.write_csv(out)?);
    }
    writeln!(
        out,
        "target RA {:.5} deg, Dec {:+.5} deg; telescope at Sun-Earth L2; field of regard {}-{} deg solar elongation; {} window(s)",
        target.ra_deg,
        target.dec_deg,
        field.min_elongation_deg,
        field.max_elongation_deg,
        rows.len()
    )?;
    t.write_aligned(out)?;
    Ok(())
}
