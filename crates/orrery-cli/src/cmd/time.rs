//! `orrery time [WHEN...]`: instants in every scale, with JD and MJD.

use crate::args;
use crate::output::{write_csv_records, write_json, Format, Table};
use hifitime::Epoch;
use orrery_core::time::{every_scale, tai_minus_utc, tdb_minus_tt};
use std::io::Write;

/// Arguments of `orrery time`.
#[derive(clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Instants: ISO 8601 with an optional scale (`2016-12-31T23:59:60 UTC`),
    /// `JD 2459061.0`, `MJD 59060.5 TDB`, or `now` (the default). Default scale UTC.
    #[arg(value_parser = args::epoch, value_name = "WHEN")]
    when: Vec<Epoch>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    let when = if a.when.is_empty() {
        vec![Epoch::now()?]
    } else {
        a.when
    };
    let out = &mut std::io::BufWriter::new(std::io::stdout().lock());
    match a.format {
        Format::Json if when.len() == 1 => write_json(out, &every_scale(when[0]))?,
        Format::Json => {
            let all: Vec<_> = when.iter().map(|t| every_scale(*t)).collect();
            write_json(out, &all)?
        }
        Format::Csv => write_csv_records(out, when.iter().flat_map(|t| every_scale(*t)), None)?,
        Format::Table => {
            for (k, t) in when.iter().enumerate() {
                if k > 0 {
                    writeln!(out)?;
                }
                let mut table = Table::new(["scale", "ISO 8601", "JD [d]", "MJD [d]"]);
                for r in every_scale(*t) {
                    table.push([r.scale.to_string(), r.iso, r.jd, r.mjd]);
                }
                table.write_aligned(out)?;
                writeln!(
                    out,
                    "TAI-UTC = {} s; TT-TAI = 32.184 s; TDB-TT = {:+.6} s",
                    tai_minus_utc(*t),
                    tdb_minus_tt(*t)
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
