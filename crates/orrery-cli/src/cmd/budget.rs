//! `orrery budget MISSION.toml`: each leg's delta-v and propellant, and the totals.

use crate::output::{write_csv_records, write_json, Format, Table};
use orrery_transfer::budget::{compute, parse};
use std::path::PathBuf;

/// Arguments of `orrery budget`.
#[derive(clap::Args)]
pub struct Args {
    /// Mission file (TOML; schema in docs/budget.md, examples in data/missions/).
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    let name = a.file.display().to_string();
    let text = std::fs::read_to_string(&a.file)
        .map_err(|e| anyhow::anyhow!("cannot read mission file {name}: {e}"))?;
    let b = compute(&parse(&text, &name)?, &name)?;
    let out = &mut std::io::stdout().lock();
    match a.format {
        Format::Json => write_json(out, &b)?,
        // The legs only: the totals are in the JSON and the table, not a CSV row.
        Format::Csv => write_csv_records(out, &b.legs, None)?,
        Format::Table => {
            let mut t = Table::new([
                "leg",
                "kind",
                "dv [km/s]",
                "Isp [s]",
                "mass before [kg]",
                "propellant [kg]",
            ]);
            for l in &b.legs {
                t.push([
                    l.name.clone(),
                    l.kind.to_string(),
                    format!("{:.4}", l.dv_km_s),
                    format!("{:.0}", l.isp_s),
                    format!("{:.1}", l.mass_before_kg),
                    format!("{:.1}", l.propellant_kg),
                ]);
            }
            println!("{} (dry mass {:.1} kg)", b.name, b.dry_mass_kg);
            t.write_aligned(out)?;
            println!(
                "total: dv {:.4} km/s, propellant {:.1} kg, initial mass {:.1} kg",
                b.total_dv_km_s, b.total_propellant_kg, b.initial_mass_kg
            );
        }
    }
    Ok(())
}
