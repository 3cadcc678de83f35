//! `orrery conjunctions [CATALOG]`: which objects come within a threshold of one
//! another (or of the primaries) over a span, with the time of closest approach, the
//! miss distance and its radial/in-track/cross-track parts, as a table, JSON, CSV
//! and CCSDS CDM files. The method is `orrery_sat::conjunction` (docs/conjunctions.md).

use crate::args::{self, CatalogArgs, SpanArgs};
use crate::cmd::satcommon::load;
use crate::output::{write_csv_records, write_json, Table};
use anyhow::Context;
use clap::ValueEnum;
use hifitime::{Duration, Epoch, Unit};
use orrery_core::time::format_utc_ms;
use orrery_sat::conjunction::{cdm, screen, ConjunctionRow, ScreenRequest, DEFAULT_STEP_S};
use orrery_sat::{Catalog, SatError, Satellite};
use std::io::Write;
use std::path::PathBuf;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ConjunctionFormat {
    /// Aligned columns, one row per pair.
    #[default]
    Table,
    /// The whole report as JSON (every approach of every pair).
    Json,
    /// CSV, one row per pair (its closest approach).
    Csv,
}

/// Arguments of `orrery conjunctions`.
#[derive(clap::Args)]
pub struct Args {
    /// Catalog file (TLE/3LE, OMM XML or JSON); default the bundled whole active
    /// catalog (CelesTrak, 2026-05-07, 15,347 objects); `sample` is the 18-object sample.
    #[arg(value_name = "CATALOG")]
    catalog_file: Option<PathBuf>,
    #[command(flatten)]
    catalog: CatalogArgs,
    /// A primary (name, catalog number or international designator), screened
    /// against the whole catalog; repeat for several. Default: all against all.
    #[arg(long, value_name = "SAT")]
    primary: Vec<String>,
    /// The span: --from (default now) and --to or --span (default 1d, at most 30d).
    #[command(flatten)]
    span: SpanArgs,
    /// Miss-distance threshold (`5km`, `500m`; at most 100 km).
    #[arg(long, value_parser = args::length, default_value = "5km", value_name = "LEN", allow_hyphen_values = true)]
    threshold: f64,
    /// Elements older (or newer) than this at the TCA are flagged stale (`7d`, `36h`).
    #[arg(long, value_parser = args::duration, default_value = "7d", value_name = "DUR", allow_hyphen_values = true)]
    max_age: Duration,
    /// Sample step of the sieve (default `45s`; 1 s to 2 min): changes the speed, not the result.
    #[arg(long, value_parser = args::duration, value_name = "DUR", allow_hyphen_values = true)]
    step: Option<Duration>,
    /// Write one CCSDS CDM (KVN) per pair, at its closest approach, into this directory.
    #[arg(long, value_name = "DIR")]
    cdm_dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: ConjunctionFormat,
}

fn read_catalog(a: &Args, wanted: &[&str]) -> anyhow::Result<Catalog> {
    if a.catalog_file.is_none() && a.catalog.catalog.is_none() {
        let cat = Catalog::bundled_active()?;
        eprintln!(
            "orrery: catalog: {} ({} objects); give CATALOG for another",
            cat.source,
            cat.satellites.len()
        );
        return Ok(cat);
    }
    load(&a.catalog, a.catalog_file.as_deref(), wanted)
}

/// The primary a query names, with a suggestion when it names none.
fn find_primary<'a>(cat: &'a Catalog, q: &str) -> anyhow::Result<&'a Satellite> {
    match cat.one(q) {
        Err(e @ SatError::NoMatch { .. }) => match cat.suggest(q) {
            Some(s) => anyhow::bail!("{e} (did you mean '{s}'?)"),
            None => Err(e.into()),
        },
        r => Ok(r?),
    }
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    let (start, end) = a.span.resolve(Unit::Day * 1)?;
    let mut req = ScreenRequest {
        primaries: None,
        start,
        span_s: (end - start).to_seconds(),
        threshold_km: a.threshold,
        step_s: a.step.map_or(DEFAULT_STEP_S, |d| d.to_seconds()),
        max_age_days: args::days(a.max_age),
    };
    // The limits first, before reading a catalog.
    req.validate(0)?;
    let wanted: Vec<&str> = a.primary.iter().map(String::as_str).collect();
    let cat = read_catalog(&a, &wanted)?;
    let sats: Vec<&Satellite> = cat.satellites.iter().collect();
    req.primaries = if a.primary.is_empty() {
        None
    } else {
        let mut idx = Vec::new();
        for q in &a.primary {
            let p = find_primary(&cat, q)?;
            if let Some(i) = sats.iter().position(|s| std::ptr::eq(*s, p)) {
                if !idx.contains(&i) {
                    idx.push(i);
                }
            }
        }
        Some(idx)
    };
    let bar = crate::progress::Bar::new("conjunctions");
    let report = screen(&sats, &req, &bar);
    bar.finish();
    let report = report?;
    for f in report.failures.iter().take(5) {
        eprintln!(
            "orrery: warning: {} ({}) could not be propagated from {}: {}",
            f.name,
            f.norad_id,
            f.time.map_or("the start".into(), format_utc_ms),
            f.reason
        );
    }
    if report.failures.len() > 5 {
        eprintln!(
            "orrery: warning: {} objects could not be propagated over the whole span (listed in the JSON)",
            report.failures.len()
        );
    }
    if report.stale_in_catalog > 0 {
        eprintln!(
            "orrery: warning: {} of {} objects have elements more than {} days from the middle of the span; `orrery tle fetch --group active` gets current ones",
            report.stale_in_catalog, report.objects, req.max_age_days
        );
    }
    if report.stale_objects > 0 {
        eprintln!(
            "orrery: warning: {} object(s) in these conjunctions have elements more than {} days from the TCA (flagged `stale`); SGP4 errors grow by kilometres per day: screen with fresh elements",
            report.stale_objects, req.max_age_days
        );
    }
    if let Some(dir) = &a.cdm_dir {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let created = Epoch::now().unwrap_or(start);
        for row in &report.conjunctions {
            let path = dir.join(cdm::file_name(row));
            let mut f = std::io::BufWriter::new(
                std::fs::File::create(&path)
                    .with_context(|| format!("cannot write {}", path.display()))?,
            );
            cdm::write_cdm(&mut f, row, &report, created)
                .and_then(|_| f.flush())
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        eprintln!(
            "orrery: wrote {} CDM file(s) to {}",
            report.conjunctions.len(),
            dir.display()
        );
    }
    let out = &mut std::io::BufWriter::new(std::io::stdout().lock());
    match a.format {
        ConjunctionFormat::Json => write_json(out, &report)?,
        ConjunctionFormat::Csv => {
            let rows = report.conjunctions.iter().map(|r| ConjunctionRow {
                approaches: Vec::new(),
                ..r.clone()
            });
            write_csv_records(out, rows, Some(&CSV_HEADER))?;
        }
        ConjunctionFormat::Table => {
            writeln!(
                out,
                "Conjunctions under {} km from {} to {} ({} objects, {}): {} pair(s), {} approach(es)",
                req.threshold_km,
                format_utc_ms(report.start),
                format_utc_ms(report.end),
                report.objects,
                if report.primaries.is_empty() {
                    "all against all".to_string()
                } else {
                    format!("primaries {:?}", report.primaries)
                },
                report.conjunctions.len(),
                report.approach_count
            )?;
            if report.conjunctions.is_empty() {
                writeln!(out, "no conjunction in the span")?;
            } else {
                let mut t = Table::new([
                    "TCA (UTC)",
                    "object 1",
                    "object 2",
                    "miss [km]",
                    "rel speed [km/s]",
                    "radial [km]",
                    "in-track [km]",
                    "cross-track [km]",
                    "approaches",
                    "age 1 [d]",
                    "age 2 [d]",
                ]);
                let obj = |o: &orrery_sat::conjunction::ObjectInfo| {
                    format!(
                        "{} ({}){}",
                        o.name,
                        o.norad_id,
                        if o.stale { " *" } else { "" }
                    )
                };
                for r in &report.conjunctions {
                    let c = &r.closest;
                    t.push([
                        format_utc_ms(c.tca),
                        obj(&r.object1),
                        obj(&r.object2),
                        format!("{:.3}", c.miss_distance_km),
                        format!("{:.3}", c.relative_speed_km_s),
                        format!("{:.3}", c.radial_km),
                        format!("{:.3}", c.in_track_km),
                        format!("{:.3}", c.cross_track_km),
                        r.approach_count.to_string(),
                        format!("{:.1}", r.object1.element_age_days),
                        format!("{:.1}", r.object2.element_age_days),
                    ]);
                }
                t.write_aligned(out)?;
                if report.stale_in_catalog > 0 {
                    eprintln!(
            "orrery: warning: {} of {} objects have elements more than {} days from the middle of the span; `orrery tle fetch --group active` gets current ones",
            report.stale_in_catalog, report.objects, req.max_age_days
        );
                }
                if report.stale_objects > 0 {
                    writeln!(
                        out,
                        "* elements more than {} days from the TCA",
                        req.max_age_days
                    )?;
                }
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// CSV columns when there is no row.
const CSV_HEADER: [&str; 24] = [
    "object1_norad_id",
    "object1_name",
    "object1_international_designator",
    "object1_element_epoch_utc",
    "object1_element_age_days",
    "object1_stale",
    "object2_norad_id",
    "object2_name",
    "object2_international_designator",
    "object2_element_epoch_utc",
    "object2_element_age_days",
    "object2_stale",
    "tca_utc",
    "miss_distance_km",
    "relative_speed_km_s",
    "radial_km",
    "in_track_km",
    "cross_track_km",
    "relative_velocity_rtn_km_s_0",
    "relative_velocity_rtn_km_s_1",
    "relative_velocity_rtn_km_s_2",
    "approach_count",
    "first_tca_utc",
    "last_tca_utc",
];
