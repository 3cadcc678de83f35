//! A piece's result as text, so that a scheduler on other machines (the Python
//! package's Dask path) can ship it back to the one that calls [`assemble`].
//!
//! The format carries what [`assemble`] needs and nothing it can recompute:
//! each approach as its two object indices, its TCA (TAI nanoseconds past J1900,
//! exact), its seconds from the start and both TEME states; each failure as its
//! object index, time and reason. Approaches are rebuilt with [`Approach::new`],
//! so a report assembled from shipped pieces equals the single-machine one.
//! The approaches' floats travel as their IEEE-754 bits (`serde_json` is built
//! without `float_roundtrip`, so a decimal could come back one ulp off), which
//! keeps the round trip bit for bit (tested below).
//!
//! [`assemble`]: super::assemble

use super::report::{Approach, ObjectFailure};
use super::sieve::{PieceResult, RawApproach, SieveStats, Timings};
use super::Piece;
use crate::error::{Result, SatError};
use crate::satellite::{Satellite, Teme};
use hifitime::{Duration, Epoch};
use nalgebra::Vector3;
use serde::{Deserialize, Serialize};

/// Version of the format; a reader refuses any other.
const VERSION: u32 = 1;

/// `[object1, object2]`, TCA (TAI ns), `tca_s`, state 1, state 2 (float bits).
type WireApproach = ([usize; 2], i128, u64, [u64; 6], [u64; 6]);

#[derive(Serialize, Deserialize)]
struct Wire {
    version: u32,
    first: usize,
    end: usize,
    /// `[object1, object2]`, TCA in TAI ns, seconds from the start, then
    /// `[x, y, z, vx, vy, vz]` of object 1 and of object 2 (km, km/s), the floats
    /// as `f64::to_bits`.
    approaches: Vec<WireApproach>,
    /// Object index, time in TAI ns (none: not initialised), reason.
    failures: Vec<(usize, Option<i128>, String)>,
    /// samples, objects propagated, pairs tested, candidates, approaches.
    stats: [u64; 5],
    /// propagation, sieve, refinement, s.
    timings: [f64; 3],
}

fn tai_ns(t: Epoch) -> i128 {
    t.to_tai_duration().total_nanoseconds()
}

fn from_tai_ns(ns: i128) -> Epoch {
    Epoch::from_tai_duration(Duration::from_total_nanoseconds(ns))
}

fn six(s: &Teme) -> [u64; 6] {
    let (r, v) = (s.position, s.velocity);
    [r[0], r[1], r[2], v[0], v[1], v[2]].map(f64::to_bits)
}

fn teme(a: &[u64; 6]) -> Teme {
    let a = a.map(f64::from_bits);
    Teme {
        position: Vector3::new(a[0], a[1], a[2]),
        velocity: Vector3::new(a[3], a[4], a[5]),
    }
}

impl PieceResult {
    /// The result as one line of JSON ([`PieceResult::from_wire`] reads it back).
    pub fn to_wire(&self) -> String {
        let s = &self.stats;
        let w = Wire {
            version: VERSION,
            first: self.piece.first,
            end: self.piece.end,
            approaches: self
                .approaches
                .iter()
                .map(|a| {
                    let p = &a.approach;
                    (
                        [a.object1, a.object2],
                        tai_ns(p.tca),
                        p.tca_s.to_bits(),
                        six(&p.state1),
                        six(&p.state2),
                    )
                })
                .collect(),
            failures: self
                .failures
                .iter()
                .map(|f| (f.index, f.time.map(tai_ns), f.reason.clone()))
                .collect(),
            stats: [
                s.samples,
                s.objects_propagated,
                s.pairs_tested,
                s.candidates,
                s.approaches,
            ],
            timings: [
                self.timings.propagation_s,
                self.timings.sieve_s,
                self.timings.refinement_s,
            ],
        };
        // A struct of numbers, strings and vectors always serialises.
        serde_json::to_string(&w).unwrap_or_default()
    }

    /// Reads [`PieceResult::to_wire`]'s text for a screening of `sats` (the same
    /// satellites, in the same order, as the piece was screened on).
    pub fn from_wire(sats: &[&Satellite], text: &str) -> Result<PieceResult> {
        let bad = |reason: String| SatError::InvalidArgument {
            what: "piece result".into(),
            reason,
        };
        let w: Wire = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        if w.version != VERSION {
            return Err(bad(format!(
                "format version {} (this build reads {VERSION})",
                w.version
            )));
        }
        if w.end < w.first {
            return Err(bad(format!("samples {}..{} run backwards", w.first, w.end)));
        }
        let n = sats.len();
        let check = |i: usize| {
            if i < n {
                Ok(i)
            } else {
                Err(bad(format!(
                    "object index {i} is beyond the {n} satellites: was it screened on another catalog?"
                )))
            }
        };
        let mut approaches = Vec::with_capacity(w.approaches.len());
        for ([o1, o2], ns, tca_s, s1, s2) in &w.approaches {
            approaches.push(RawApproach {
                object1: check(*o1)?,
                object2: check(*o2)?,
                approach: Approach::new(
                    from_tai_ns(*ns),
                    f64::from_bits(*tca_s),
                    teme(s1),
                    teme(s2),
                ),
            });
        }
        let mut failures = Vec::with_capacity(w.failures.len());
        for (i, ns, reason) in w.failures {
            let i = check(i)?;
            failures.push(ObjectFailure::new(i, sats[i], ns.map(from_tai_ns), reason));
        }
        let [samples, objects_propagated, pairs_tested, candidates, found] = w.stats;
        Ok(PieceResult {
            piece: Piece {
                first: w.first,
                end: w.end,
            },
            approaches,
            failures,
            stats: SieveStats {
                samples,
                objects_propagated,
                pairs_tested,
                candidates,
                approaches: found,
            },
            timings: Timings {
                propagation_s: w.timings[0],
                sieve_s: w.timings[1],
                refinement_s: w.timings[2],
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{assemble, pieces, screen, screen_piece, ScreenRequest};
    use super::*;
    use crate::catalog::Catalog;
    use orrery_core::progress::Silent;

    #[test]
    fn shipped_pieces_assemble_to_the_single_machine_report() {
        let cat = Catalog::bundled_active().unwrap();
        // Every 10th object plus the ISS's neighbours: approaches and co-located pairs.
        let sats: Vec<&Satellite> = cat.satellites.iter().step_by(10).collect();
        let start = orrery_core::time::parse_epoch("2026-05-07T00:00:00 UTC").unwrap();
        let req = ScreenRequest::new(start, 6.0 * 3600.0, 10.0);
        let whole = screen(&sats, &req, &Silent).unwrap();
        assert!(!whole.conjunctions.is_empty());
        let shipped: Vec<PieceResult> = pieces(&req, 5)
            .into_iter()
            .map(|p| {
                let r = screen_piece(&sats, &req, p, &Silent).unwrap();
                let text = r.to_wire();
                let back = PieceResult::from_wire(&sats, &text).unwrap();
                assert_eq!(back.approaches, r.approaches, "approaches bit for bit");
                assert_eq!(back.failures, r.failures);
                back
            })
            .collect();
        assert_eq!(assemble(&sats, &req, shipped).unwrap(), whole);
    }

    #[test]
    fn bad_wire_text_is_a_named_error() {
        let cat = Catalog::bundled();
        let sats: Vec<&Satellite> = cat.satellites.iter().collect();
        for (text, says) in [
            ("{", "piece result"),
            (
                r#"{"version":2,"first":0,"end":1,"approaches":[],"failures":[],"stats":[0,0,0,0,0],"timings":[0,0,0]}"#,
                "format version 2",
            ),
            (
                r#"{"version":1,"first":0,"end":1,"approaches":[[[0,99999],0,0,[0,0,0,0,0,0],[0,0,0,0,0,0]]],"failures":[],"stats":[0,0,0,0,0],"timings":[0,0,0]}"#,
                "another catalog",
            ),
            (
                r#"{"version":1,"first":5,"end":1,"approaches":[],"failures":[],"stats":[0,0,0,0,0],"timings":[0,0,0]}"#,
                "backwards",
            ),
        ] {
            let e = PieceResult::from_wire(&sats, text).unwrap_err().to_string();
            assert!(e.contains(says), "{e}");
        }
    }
}
