//! What the satellite commands (`propagate`, `passes`, `track`, `conjunctions`) share:
//! reading the catalog the library chooses, and telling the user on stderr which
//! catalog that was and which records or elements to distrust.

use crate::args::CatalogArgs;
use hifitime::Epoch;
use orrery_core::time::format_utc_ms;
use orrery_sat::source::{load_catalog, stale, CatalogChoice, CatalogOrigin, STALE_AFTER_DAYS};
use orrery_sat::{Catalog, Satellite};
use std::path::Path;

/// Reads the catalog of `--catalog FILE` (or `positional`, or `sample`), else the
/// library's default; `wanted` are the satellite queries the command will select.
pub fn load(
    args: &CatalogArgs,
    positional: Option<&Path>,
    wanted: &[&str],
) -> anyhow::Result<Catalog> {
    if let (Some(a), Some(b)) = (args.catalog.as_deref(), positional) {
        if a != b {
            anyhow::bail!(
                "two catalogs given ({} and --catalog {}): give one",
                b.display(),
                a.display()
            );
        }
    }
    let choice = match args.catalog.as_deref().or(positional) {
        Some(p) if p.as_os_str() == "sample" || p.as_os_str() == "-" => CatalogChoice::Bundled,
        Some(p) => CatalogChoice::File(p),
        None => CatalogChoice::Auto,
    };
    let loaded = load_catalog(choice, args.lenient, wanted)?;
    for e in &loaded.unreadable_cache_files {
        eprintln!("orrery: warning: skipping cached catalog: {e}");
    }
    match &loaded.origin {
        CatalogOrigin::File(_) => {}
        CatalogOrigin::Cached { path, fetched } => {
            let s = format_utc_ms(*fetched);
            eprintln!(
                "orrery: catalog: {} (fetched {} UTC; --catalog FILE to choose another)",
                path.display(),
                s.get(..16).unwrap_or(&s).replace('T', " ")
            );
        }
        CatalogOrigin::Bundled if choice_is_auto(args, positional) => eprintln!(
            "orrery: catalog: {}; `orrery tle fetch --group NAME` downloads current elements",
            loaded.catalog.source
        ),
        CatalogOrigin::Bundled => {}
    }
    let cat = loaded.catalog;
    for e in &cat.skipped {
        eprintln!("orrery: warning: skipped: {e}");
    }
    if !cat.skipped.is_empty() {
        eprintln!(
            "orrery: warning: {} record(s) skipped in {}",
            cat.skipped.len(),
            cat.source
        );
    }
    Ok(cat)
}

fn choice_is_auto(args: &CatalogArgs, positional: Option<&Path>) -> bool {
    args.catalog.is_none() && positional.is_none()
}

/// Warns about elements more than 14 days from `t` (one line each for up to five
/// satellites, one summary line for more).
pub fn warn_stale(sats: &[&Satellite], t: Epoch) {
    let old = stale(sats, t);
    let advice =
        "SGP4 accuracy degrades quickly (`orrery tle fetch --group NAME` or --catalog FILE)";
    if sats.len() <= 5 {
        for (s, age) in old {
            eprintln!(
                "orrery: warning: {} elements are {:.1} days {} the requested time; {advice}",
                s.name(),
                age.abs(),
                if age > 0.0 {
                    "older than"
                } else {
                    "newer than"
                }
            );
        }
    } else if !old.is_empty() {
        eprintln!(
            "orrery: warning: {} of {} satellites have elements more than {STALE_AFTER_DAYS} days from the requested time; {advice}",
            old.len(),
            sats.len()
        );
    }
}
