//! A catalog of satellites read from a TLE or OMM file, and selection by name,
//! catalog number or international designator.

use crate::error::{Result, SatError};
use crate::omm::{parse_omm_json, parse_omm_xml};
use crate::satellite::{Mode, Satellite};
use crate::tle::{parse_catalog_number, parse_tle_text, Parsed, ReadOptions};
use rayon::prelude::*;
use std::path::Path;

/// The bundled sample catalog: 18 objects of CelesTrak's active group on 2026-05-07
/// (3LE text; provenance in this crate's `data/README.md`).
pub const SAMPLE_CATALOG: &str = include_str!("../data/sample.txt");

/// Name of the bundled catalog in messages.
pub const SAMPLE_CATALOG_NAME: &str = "bundled sample catalog (CelesTrak active, 2026-05-07)";

/// The bundled whole active catalog: CelesTrak's `active` group of 2026-05-07, 15,347
/// objects (3LE text; provenance in this crate's `data/README.md`), the default
/// catalog of conjunction screening.
pub const ACTIVE_CATALOG: &str = include_str!("../data/celestrak-active-2026-05-07.txt");

/// Name of the bundled active catalog in messages.
pub const ACTIVE_CATALOG_NAME: &str = "bundled active catalog (CelesTrak active, 2026-05-07)";

/// Satellites from one source, plus the records that were skipped.
#[derive(Debug)]
pub struct Catalog {
    /// Where it came from (file name), for messages.
    pub source: String,
    /// Satellites ready to propagate, in file order.
    pub satellites: Vec<Satellite>,
    /// Records skipped in lenient mode (parse errors and SGP4 initialisation errors).
    pub skipped: Vec<SatError>,
}

impl Catalog {
    /// The bundled sample catalog ([`SAMPLE_CATALOG`]): the ISS, the Chinese station,
    /// Hubble, weather and Earth-observation satellites, two Molniya-type orbits, two
    /// GOES and five Starlinks, as published by CelesTrak on 2026-05-07.
    ///
    /// ```
    /// let cat = orrery_sat::Catalog::bundled();
    /// assert_eq!(cat.satellites.len(), 18);
    /// assert_eq!(cat.one("ISS")?.norad_id(), 25544);
    /// # Ok::<(), orrery_sat::SatError>(())
    /// ```
    pub fn bundled() -> Catalog {
        // The bundled text is checked by the test `bundled_catalog_parses`; a failure
        // here would be a broken build, so the empty catalog is the fallback.
        Catalog::parse(SAMPLE_CATALOG, SAMPLE_CATALOG_NAME, &ReadOptions::default()).unwrap_or(
            Catalog {
                source: SAMPLE_CATALOG_NAME.to_string(),
                satellites: Vec::new(),
                skipped: Vec::new(),
            },
        )
    }

    /// The bundled whole active catalog ([`ACTIVE_CATALOG`], 15,347 objects).
    pub fn bundled_active() -> Result<Catalog> {
        Catalog::parse(ACTIVE_CATALOG, ACTIVE_CATALOG_NAME, &ReadOptions::default())
    }

    /// Reads a catalog file: TLE/3LE text, OMM XML or OMM JSON (detected from content).
    pub fn read(path: &Path, opts: &ReadOptions) -> Result<Catalog> {
        let text = std::fs::read_to_string(path).map_err(|source| SatError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let name = path.display().to_string();
        Catalog::parse(&text, &name, opts)
    }

    /// Parses catalog text of any supported format (detected from content).
    pub fn parse(text: &str, source: &str, opts: &ReadOptions) -> Result<Catalog> {
        let body = text.trim_start_matches('\u{feff}').trim_start();
        let parsed = if body.starts_with('<') {
            parse_omm_xml(body, source, opts)?
        } else if body.starts_with('[') || body.starts_with('{') {
            parse_omm_json(body, source, opts)?
        } else {
            parse_tle_text(text, source, opts)?
        };
        Catalog::from_parsed(parsed, source, opts, Mode::Improved)
    }

    /// Initialises SGP4 for parsed records (in parallel).
    pub fn from_parsed(
        parsed: Parsed,
        source: &str,
        opts: &ReadOptions,
        mode: Mode,
    ) -> Result<Catalog> {
        let Parsed {
            elements,
            mut skipped,
        } = parsed;
        let results: Vec<Result<Satellite>> = elements
            .into_par_iter()
            .map(|e| Satellite::with_mode(e, mode))
            .collect();
        let mut satellites = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok(s) => satellites.push(s),
                Err(e) if opts.lenient => skipped.push(e),
                Err(e) => return Err(e),
            }
        }
        if satellites.is_empty() {
            return Err(SatError::EmptyCatalog {
                file: source.to_string(),
            });
        }
        Ok(Catalog {
            source: source.to_string(),
            satellites,
            skipped,
        })
    }

    /// Satellites matching one query: a catalog number (`25544`, Alpha-5 `A1234`),
    /// an international designator (`1998-067A` or `98067A`), or a name (case-insensitive;
    /// an exact name wins over a prefix, a prefix over a substring).
    pub fn find(&self, query: &str) -> Vec<&Satellite> {
        let q = query.trim();
        if let Some(n) = parse_catalog_number(q) {
            let hits: Vec<&Satellite> = self
                .satellites
                .iter()
                .filter(|s| s.norad_id() == n)
                .collect();
            if !hits.is_empty() {
                return hits;
            }
        }
        if let Some(d) = normalise_designator(q) {
            let hits: Vec<&Satellite> = self
                .satellites
                .iter()
                .filter(|s| {
                    s.elements
                        .international_designator
                        .as_deref()
                        .and_then(normalise_designator)
                        .as_deref()
                        == Some(d.as_str())
                })
                .collect();
            if !hits.is_empty() {
                return hits;
            }
        }
        let q = q.to_uppercase();
        let names: Vec<(usize, String)> = self
            .satellites
            .iter()
            .enumerate()
            .map(|(i, s)| {
                (
                    i,
                    s.elements
                        .object_name
                        .clone()
                        .unwrap_or_default()
                        .to_uppercase(),
                )
            })
            .collect();
        for tier in 0..3 {
            let hits: Vec<&Satellite> = names
                .iter()
                .filter(|(_, n)| match tier {
                    0 => *n == q,
                    1 => n.starts_with(&q),
                    _ => n.contains(&q),
                })
                .filter_map(|(i, _)| self.satellites.get(*i))
                .collect();
            if !hits.is_empty() {
                return hits;
            }
        }
        Vec::new()
    }

    /// The satellites matching any of the queries (each query must match something),
    /// without duplicates, in catalog order. No queries selects everything.
    pub fn select(&self, queries: &[String]) -> Result<Vec<&Satellite>> {
        if queries.is_empty() {
            return Ok(self.satellites.iter().collect());
        }
        let mut ids = std::collections::HashSet::new();
        for q in queries {
            let hits = self.find(q);
            if hits.is_empty() {
                return Err(SatError::NoMatch {
                    query: q.clone(),
                    catalog: self.source.clone(),
                });
            }
            ids.extend(
                hits.iter()
                    .map(|s| (s.norad_id(), s.epoch.to_tai_seconds().to_bits())),
            );
        }
        Ok(self
            .satellites
            .iter()
            .filter(|s| ids.contains(&(s.norad_id(), s.epoch.to_tai_seconds().to_bits())))
            .collect())
    }

    /// The catalog name closest to `query` (a few typing errors away), for a
    /// "did you mean" after [`SatError::NoMatch`].
    ///
    /// ```
    /// let cat = orrery_sat::Catalog::bundled();
    /// assert_eq!(cat.suggest("HSTT").as_deref(), Some("HST"));
    /// ```
    pub fn suggest(&self, query: &str) -> Option<String> {
        let names: Vec<String> = self.satellites.iter().map(|s| s.name()).collect();
        orrery_core::bodies::closest(query, names.iter().map(String::as_str)).map(str::to_string)
    }

    /// The one satellite a query names.
    ///
    /// When several match, the query must name a station by the name its modules
    /// share: CelesTrak names them `ISS (ZARYA)`, `ISS (UNITY)`, ..., so `ISS` is the
    /// station's first module, the lowest catalog number (25544), and `CSS` is
    /// `CSS (TIANHE)`. Any other several matches (`GOES`: GOES 16, GOES 18, ...) are
    /// [`SatError::Ambiguous`], listing them, rather than a silent pick.
    ///
    /// ```
    /// let cat = orrery_sat::Catalog::bundled();
    /// assert_eq!(cat.one("ISS")?.norad_id(), 25544);
    /// assert!(matches!(cat.one("GOES"), Err(orrery_sat::SatError::Ambiguous { .. })));
    /// # Ok::<(), orrery_sat::SatError>(())
    /// ```
    pub fn one(&self, query: &str) -> Result<&Satellite> {
        let hits = self.find(query);
        if hits.len() <= 1 {
            return hits.into_iter().next().ok_or_else(|| SatError::NoMatch {
                query: query.to_string(),
                catalog: self.source.clone(),
            });
        }
        let q = query.trim().to_uppercase();
        let module_of_station = |s: &&Satellite| {
            s.name()
                .to_uppercase()
                .strip_prefix(&q)
                .is_some_and(|rest| rest.starts_with(" (") && rest.ends_with(')'))
        };
        // Several element sets of one object (the same catalog number) are one satellite.
        let same_object = hits.iter().all(|s| s.norad_id() == hits[0].norad_id());
        if same_object || hits.iter().all(module_of_station) {
            return hits
                .into_iter()
                .min_by_key(|s| s.norad_id())
                .ok_or_else(|| SatError::NoMatch {
                    query: query.to_string(),
                    catalog: self.source.clone(),
                });
        }
        let mut names: Vec<String> = hits
            .iter()
            .take(8)
            .map(|s| format!("{} ({})", s.name(), s.norad_id()))
            .collect();
        if hits.len() > 8 {
            names.push(format!("and {} more", hits.len() - 8));
        }
        Err(SatError::Ambiguous {
            query: query.to_string(),
            catalog: self.source.clone(),
            count: hits.len(),
            matches: names.join(", "),
        })
    }
}

/// `1998-067A` / `98067A` / `98067 A` → `1998-067A`.
fn normalise_designator(s: &str) -> Option<String> {
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let (year, rest) = if s.len() >= 5 && s.as_bytes().get(4) == Some(&b'-') {
        (s.get(..4)?.parse::<u32>().ok()?, s.get(5..)?.to_string())
    } else {
        let yy = s.get(..2)?.parse::<u32>().ok()?;
        (
            if yy < 57 { 2000 + yy } else { 1900 + yy },
            s.get(2..)?.to_string(),
        )
    };
    let launch = rest.get(..3)?;
    let piece = rest.get(3..)?;
    if !launch.bytes().all(|c| c.is_ascii_digit())
        || !piece.bytes().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    Some(format!("{year}-{launch}{piece}"))
}
