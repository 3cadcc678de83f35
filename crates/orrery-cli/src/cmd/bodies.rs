//! `orrery bodies`: what the current ephemeris source can evaluate, and over which span.

use crate::cmd::source::Source;
use crate::output::{write_json, Format, Table};
use hifitime::{Epoch, TimeScale};
use orrery_core::bodies::BODIES;
use orrery_core::time::format_epoch;
use orrery_core::Body;
use serde::Serialize;
use std::path::PathBuf;

/// Arguments of `orrery bodies`.
#[derive(clap::Args)]
pub struct Args {
    /// JPL SPK kernel to list; without it the built-in model is listed.
    #[arg(long, value_name = "FILE")]
    kernel: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Serialize)]
struct Row {
    name: String,
    naif_id: i32,
    center: String,
    center_id: i32,
    start_tdb: String,
    end_tdb: String,
    /// NAIF id evaluated when this body is asked for (a barycentre may stand in).
    evaluated_as: i32,
    note: String,
}

#[derive(Serialize)]
struct Output {
    source: String,
    bodies: Vec<Row>,
}

fn tdb(e: Epoch) -> String {
    format_epoch(e, TimeScale::TDB)
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    let src = Source::open(a.kernel.as_deref())?;
    let eph = src.ephemeris();
    let cov = eph.coverage();
    let mut rows: Vec<Row> = cov
        .iter()
        .map(|c| Row {
            name: c.body.name(),
            naif_id: c.body.0,
            center: c.center.name(),
            center_id: c.center.0,
            start_tdb: tdb(c.start),
            end_tdb: tdb(c.end),
            evaluated_as: c.body.0,
            note: String::new(),
        })
        .collect();
    // Named planets the source answers through their system barycentre.
    for info in BODIES {
        let b = Body(info.id);
        if cov.iter().any(|c| c.body == b) {
            continue;
        }
        if let Ok(used) = src.resolve(b) {
            if used != b {
                if let Some(c) = cov.iter().find(|c| c.body == used) {
                    rows.push(Row {
                        name: b.name(),
                        naif_id: b.0,
                        center: c.center.name(),
                        center_id: c.center.0,
                        start_tdb: tdb(c.start),
                        end_tdb: tdb(c.end),
                        evaluated_as: used.0,
                        note: format!("evaluated as {used} ({})", used.0),
                    });
                }
            }
        }
    }
    let out = Output {
        source: eph.source_name(),
        bodies: rows,
    };
    let w = &mut std::io::stdout().lock();
    if a.format == Format::Json {
        return write_json(w, &out);
    }
    let head: [&str; 6] = if a.format == Format::Csv {
        [
            "name",
            "naif_id",
            "center",
            "center_id",
            "start_tdb",
            "end_tdb",
        ]
    } else {
        [
            "body",
            "NAIF id",
            "relative to",
            "NAIF id",
            "from [TDB]",
            "to [TDB]",
        ]
    };
    let mut t = Table::new(head.into_iter().chain(["evaluated_as", "note"]));
    for r in &out.bodies {
        t.push([
            r.name.clone(),
            r.naif_id.to_string(),
            r.center.clone(),
            r.center_id.to_string(),
            r.start_tdb.clone(),
            r.end_tdb.clone(),
            r.evaluated_as.to_string(),
            r.note.clone(),
        ]);
    }
    if a.format == Format::Csv {
        t.write_csv(w)?;
    } else {
        use std::io::Write;
        writeln!(w, "source: {}", out.source)?;
        t.write_aligned(w)?;
    }
    Ok(())
}
