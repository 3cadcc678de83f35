//! `orrery visibility`: when a telescope near Sun-Earth L2 can observe a target, from
//! its solar-elongation field of regard. See docs/visibility.md.

use crate::args::{self, SpanArgs};
use crate::output::{write_csv_records, write_json, Format, Table};
use clap::ValueEnum;
use hifitime::{Duration, TimeScale, Unit};
use orrery_core::ephem::Source;
use orrery_core::time::format_iso_seconds;
use orrery_cr3bp::visibility::{visibility_report, FieldOfRegard, Target};
use std::io::Write;

/// Observatories with a built-in field of regard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Observatory {
    /// JWST: 84.8-135 degrees of solar elongation, as in STScI's jwst-gtvt.
    Jwst,
}

/// Arguments of `orrery visibility`.
#[derive(clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Target "RA Dec": degrees (`80.894 -69.756`) or RA in hours
    /// (`05:23:34.5 -69:45:22`), ICRF.
    #[arg(long)]
    target: String,
    /// Observatory (its field of regard, at Sun-Earth L2).
    #[arg(long, value_enum, default_value = "jwst")]
    observatory: Observatory,
    /// Override the smallest solar elongation, degrees.
    #[arg(long, value_parser = args::finite, value_name = "DEG")]
    min_elongation: Option<f64>,
    /// Override the largest solar elongation, degrees.
    #[arg(long, value_parser = args::finite, value_name = "DEG")]
    max_elongation: Option<f64>,
    /// The span: --from (default now) and --to or --span (default 365d).
    #[command(flatten)]
    span: SpanArgs,
    /// Sampling step before window edges are refined to 1 s (`6h`, `1d`); a step too coarse for the target's windows is refused.
    #[arg(long, value_parser = args::duration_or_hours, default_value = "6h", value_name = "DUR", allow_hyphen_values = true)]
    step: Duration,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    let mut field = match a.observatory {
        Observatory::Jwst => FieldOfRegard::JWST,
    };
    if let Some(v) = a.min_elongation {
        field.min_elongation_deg = v;
    }
    if let Some(v) = a.max_elongation {
        field.max_elongation_deg = v;
    }
    let (from, to) = a.span.resolve(Unit::Day * 365)?;
    let target = Target::parse(&a.target)?;
    let bar = crate::progress::Bar::new("visibility");
    let report = visibility_report(&Source::builtin(), &target, &field, from, to, a.step, &bar)?;
    bar.finish();
    let out = &mut std::io::stdout().lock();
    match a.format {
        Format::Json => write_json(out, &report)?,
        Format::Csv => write_csv_records(out, &report.windows, None)?,
        Format::Table => {
            let mut t = Table::new(["start (UTC)", "end (UTC)", "days"]);
            for w in &report.windows {
                let s = format_iso_seconds(w.start, TimeScale::UTC);
                let e = format_iso_seconds(w.end, TimeScale::UTC);
                t.push([
                    if w.open_start {
                        format!("{s} (span start)")
                    } else {
                        s
                    },
                    if w.open_end {
                        format!("{e} (span end)")
                    } else {
                        e
                    },
                    format!("{:.2}", w.days),
                ]);
            }
            writeln!(
                out,
                "target RA {:.5} deg, Dec {:+.5} deg; telescope at Sun-Earth L2; field of regard {}-{} deg solar elongation; {} window(s)",
                target.ra_deg,
                target.dec_deg,
                field.min_elongation_deg,
                field.max_elongation_deg,
                report.windows.len()
            )?;
            t.write_aligned(out)?;
        }
    }
    Ok(())
}
