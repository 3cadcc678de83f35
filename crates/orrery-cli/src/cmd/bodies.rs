//! `orrery bodies`: what the ephemeris source can evaluate, and over which span.

use crate::args::KernelArgs;
use crate::output::{write_csv_records, write_json, Format, Table};
use orrery_core::ephem::report::body_list;
use orrery_core::time::format_epoch;
use std::io::Write;

/// Arguments of `orrery bodies`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    kernel: KernelArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    let list = body_list(&a.kernel.open()?);
    let w = &mut std::io::BufWriter::new(std::io::stdout().lock());
    match a.format {
        Format::Json => write_json(w, &list)?,
        Format::Csv => write_csv_records(w, &list.bodies, None)?,
        Format::Table => {
            let tdb = |e| format_epoch(e, hifitime::TimeScale::TDB);
            let mut t = Table::new([
                "body",
                "NAIF id",
                "relative to",
                "NAIF id",
                "from (TDB)",
                "to (TDB)",
                "note",
            ]);
            for r in &list.bodies {
                t.push([
                    r.name.clone(),
                    r.naif_id.to_string(),
                    r.center.clone(),
                    r.center_id.to_string(),
                    tdb(r.start_tdb),
                    tdb(r.end_tdb),
                    r.note.clone(),
                ]);
            }
            writeln!(w, "source: {}", list.source)?;
            t.write_aligned(w)?;
        }
    }
    w.flush()?;
    Ok(())
}
