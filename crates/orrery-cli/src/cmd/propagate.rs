//! `orrery propagate [CATALOG]`: SGP4 states of every selected satellite on a time
//! grid, in TEME, ITRF or geodetic coordinates, as a table, CSV, JSON or CCSDS OEM.

use crate::args::{self, CatalogArgs, SpanArgs};
use crate::cmd::satcommon::{load, warn_stale};
use crate::output::{write_json, Table};
use crate::progress::Bar;
use clap::ValueEnum;
use hifitime::{Duration, Epoch, Unit};
use orrery_core::grid::TimeGrid;
use orrery_core::time::format_utc_ms;
use orrery_sat::oem::write_oem;
use orrery_sat::states::{propagate_states_with, StateFrame, StateValues};
use std::io::Write;
use std::path::PathBuf;

/// Output frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutFrame {
    /// True Equator Mean Equinox (SGP4's own frame), km and km/s.
    #[default]
    Teme,
    /// Earth-fixed (ITRF without polar motion), km and km/s relative to the Earth.
    Itrf,
    /// WGS-84 latitude, longitude (degrees) and altitude (km).
    Geodetic,
}

impl From<OutFrame> for StateFrame {
    fn from(f: OutFrame) -> Self {
        match f {
            OutFrame::Teme => StateFrame::Teme,
            OutFrame::Itrf => StateFrame::Itrf,
            OutFrame::Geodetic => StateFrame::Geodetic,
        }
    }
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum PropFormat {
    /// Aligned columns.
    #[default]
    Table,
    /// CSV with a header row, one state per row.
    Csv,
    /// JSON: one object per satellite with its states.
    Json,
    /// CCSDS OEM 2.0 (KVN), one satellite only.
    Oem,
}

/// Arguments of `orrery propagate`.
#[derive(clap::Args)]
#[command(allow_negative_numbers = true)]
pub struct Args {
    /// Catalog file (same as --catalog; `sample` = the bundled one).
    #[arg(value_name = "CATALOG")]
    positional: Option<PathBuf>,
    #[command(flatten)]
    catalog: CatalogArgs,
    /// Satellites: name, catalog number or international designator (repeatable or
    /// comma-separated; default every satellite of the catalog).
    #[arg(long = "sat", value_name = "SAT", value_delimiter = ',')]
    sats: Vec<String>,
    #[command(flatten)]
    span: SpanArgs,
    /// Step (`60s`, `1min`, `1h`).
    #[arg(long, value_parser = args::duration, default_value = "1min", value_name = "DUR", allow_hyphen_values = true)]
    step: Duration,
    /// Output frame.
    #[arg(long, value_enum, default_value_t)]
    frame: OutFrame,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: PropFormat,
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    let (start, end) = a.span.resolve(Unit::Day * 1)?;
    let wanted: Vec<&str> = a.sats.iter().map(String::as_str).collect();
    let cat = load(&a.catalog, a.positional.as_deref(), &wanted)?;
    let sats = cat.select(&a.sats)?;
    if a.format == PropFormat::Oem && sats.len() != 1 {
        anyhow::bail!(
            "--format oem writes one satellite; select it with --sat ({} selected)",
            sats.len()
        );
    }
    if a.format == PropFormat::Oem && a.frame == OutFrame::Geodetic {
        anyhow::bail!("--format oem needs a Cartesian frame (--frame teme or itrf)");
    }
    let grid = TimeGrid::new(start, end, a.step)?;
    warn_stale(&sats, start);
    let bar = Bar::new("propagate");
    let states = propagate_states_with(&sats, &grid, a.frame.into(), &bar)?;
    bar.finish();
    for e in states.batch.errors.iter().flatten() {
        eprintln!("orrery: warning: {e} (later states omitted)");
    }
    let out = &mut std::io::BufWriter::new(std::io::stdout().lock());
    match a.format {
        PropFormat::Csv => {
            // One row per state: the satellite's id and name, then the state's fields.
            #[derive(serde::Serialize)]
            struct Row<'a> {
                norad_id: u64,
                name: &'a str,
                #[serde(flatten)]
                state: orrery_sat::states::StateRow,
            }
            let names: Vec<String> = sats.iter().map(|s| s.name()).collect();
            let rows = (0..sats.len()).flat_map(|i| {
                let (id, name) = (sats[i].norad_id(), names[i].as_str());
                states.rows(i).map(move |state| Row {
                    norad_id: id,
                    name,
                    state,
                })
            });
            crate::output::write_csv_records(out, rows, None)?;
        }
        PropFormat::Json => {
            let docs: Vec<_> = (0..sats.len()).filter_map(|i| states.document(i)).collect();
            write_json(out, &docs)?;
        }
        PropFormat::Oem => {
            let created = Epoch::now().unwrap_or(start);
            write_oem(
                out,
                sats[0],
                a.frame.into(),
                states.rows(0),
                &cat.source,
                created,
            )?;
        }
        PropFormat::Table => {
            let cartesian = a.frame != OutFrame::Geodetic;
            let mut t = if cartesian {
                Table::new([
                    "satellite",
                    "time (UTC)",
                    "x [km]",
                    "y [km]",
                    "z [km]",
                    "vx [km/s]",
                    "vy [km/s]",
                    "vz [km/s]",
                ])
            } else {
                Table::new([
                    "satellite",
                    "time (UTC)",
                    "lat [deg]",
                    "lon [deg]",
                    "alt [km]",
                    "speed [km/s]",
                ])
            };
            for (i, s) in sats.iter().enumerate() {
                for r in states.rows(i) {
                    let mut row = vec![s.name(), format_utc_ms(r.time)];
                    match r.values {
                        StateValues::Cartesian { .. } => {
                            let v = r.values.as_array();
                            row.extend(v[..3].iter().map(|x| format!("{x:.3}")));
                            row.extend(v[3..].iter().map(|x| format!("{x:.6}")));
                        }
                        StateValues::Geodetic {
                            lat_deg,
                            lon_deg,
                            alt_km,
                            speed_km_s,
                        } => row.extend([
                            format!("{lat_deg:.4}"),
                            format!("{lon_deg:.4}"),
                            format!("{alt_km:.3}"),
                            format!("{speed_km_s:.4}"),
                        ]),
                    }
                    t.push(row);
                }
            }
            writeln!(
                out,
                "{} satellite(s) from {}, {} instants from {} every {}, frame {}",
                sats.len(),
                cat.source,
                grid.len(),
                format_utc_ms(start),
                a.step,
                StateFrame::from(a.frame).name()
            )?;
            t.write_aligned(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
