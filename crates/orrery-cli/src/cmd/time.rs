//! `orrery time <when>`: one instant in every scale, with JD and MJD.

use crate::args;
use crate::output::{write_json, Format, Table};
use hifitime::{Epoch, TimeScale};
use orrery_core::time::{format_epoch, format_jd, format_mjd, scale_name};
use serde::Serialize;
use std::io::Write;

/// Arguments of `orrery time`.
#[derive(clap::Args)]
pub struct Args {
    /// The instant: ISO 8601 with an optional scale (`2016-12-31T23:59:60 UTC`),
    /// `JD 2459061.0`, `MJD 59060.5 TDB`, or `now`. Default scale UTC.
    #[arg(value_parser = args::epoch, num_args = 1.., value_name = "WHEN")]
    when: Vec<Epoch>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Serialize)]
struct Row {
    scale: &'static str,
    iso: String,
    jd: String,
    mjd: String,
}

const SCALES: [TimeScale; 5] = [
    TimeScale::UTC,
    TimeScale::TAI,
    TimeScale::TT,
    TimeScale::TDB,
    TimeScale::GPST,
];

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    let out = &mut std::io::stdout().lock();
    for (k, epoch) in a.when.iter().enumerate() {
        let rows: Vec<Row> = SCALES
            .iter()
            .map(|&s| Row {
                scale: scale_name(s),
                iso: format_epoch(*epoch, s),
                jd: format_jd(*epoch, s),
                mjd: format_mjd(*epoch, s),
            })
            .collect();
        match a.format {
            Format::Json => write_json(out, &rows)?,
            Format::Table | Format::Csv => {
                let mut t = Table::new(["scale", "ISO 8601", "JD [d]", "MJD [d]"]);
                for r in &rows {
                    t.push([
                        r.scale.to_string(),
                        r.iso.clone(),
                        r.jd.clone(),
                        r.mjd.clone(),
                    ]);
                }
                if a.format == Format::Csv {
                    t.write_csv(out)?;
                } else {
                    if k > 0 {
                        writeln!(out)?;
                    }
                    t.write_aligned(out)?;
                    let tai_utc = orrery_core::time::tai_minus_utc(*epoch);
                    writeln!(
                        out,
                        "TAI-UTC = {tai_utc} s; TT-TAI = 32.184 s; TDB-TT = {:+.6} s",
                        orrery_core::time::tdb_minus_tt(*epoch)
                    )?;
                }
            }
        }
    }
    Ok(())
}
