//! Propagating N satellites × M instants in parallel (rayon over satellites), into
//! structure-of-arrays output. A satellite that fails at some instant (decay,
//! diverging elements) gets NaN from then on and its error is reported; the batch
//! never aborts.

use crate::error::SatError;
use crate::satellite::{Satellite, Teme};
use hifitime::Epoch;
use rayon::prelude::*;

/// States of every satellite at every instant, in TEME, satellite-major:
/// index `i * n_times + j` is satellite `i` at instant `j`.
#[derive(Debug, Default)]
pub struct Batch {
    /// Number of satellites.
    pub n_sats: usize,
    /// Number of instants.
    pub n_times: usize,
    /// Positions x, y, z, km (NaN after a failure).
    pub x: Vec<f64>,
    /// See `x`.
    pub y: Vec<f64>,
    /// See `x`.
    pub z: Vec<f64>,
    /// Velocities, km/s (NaN after a failure).
    pub vx: Vec<f64>,
    /// See `vx`.
    pub vy: Vec<f64>,
    /// See `vx`.
    pub vz: Vec<f64>,
    /// Per satellite: the first failure, if any.
    pub errors: Vec<Option<SatError>>,
}

impl Batch {
    /// Position of satellite `i` at instant `j`, km (None out of range).
    pub fn position(&self, i: usize, j: usize) -> Option<[f64; 3]> {
        let k = i.checked_mul(self.n_times)? + j;
        if j >= self.n_times {
            return None;
        }
        Some([*self.x.get(k)?, *self.y.get(k)?, *self.z.get(k)?])
    }

    /// Velocity of satellite `i` at instant `j`, km/s.
    pub fn velocity(&self, i: usize, j: usize) -> Option<[f64; 3]> {
        let k = i.checked_mul(self.n_times)? + j;
        if j >= self.n_times {
            return None;
        }
        Some([*self.vx.get(k)?, *self.vy.get(k)?, *self.vz.get(k)?])
    }
}

/// Instants per work item when one satellite's instants are split between threads.
/// Big enough (≈ 0.5 ms of SGP4) that scheduling costs nothing measurable, small
/// enough that a catalog of fewer satellites than threads still keeps every core busy.
pub const TIME_BLOCK: usize = 1024;

/// Propagates every satellite to every instant, in parallel over satellites (and,
/// when there are fewer than 4 satellites per thread, over blocks of [`TIME_BLOCK`]
/// instants within a satellite, except resonant deep-space orbits whose integrator
/// runs in order).
pub fn propagate_batch(sats: &[&Satellite], times: &[Epoch]) -> Batch {
    let tai: Vec<f64> = times.iter().map(|t| t.to_tai_seconds()).collect();
    propagate_batch_tai(sats, &tai)
}

/// The six output rows of one satellite (or of one block of its instants).
struct Rows<'a>([&'a mut [f64]; 6]);

impl<'a> Rows<'a> {
    fn set(&mut self, j: usize, s: &Teme) {
        let [x, y, z, vx, vy, vz] = &mut self.0;
        x[j] = s.position.x;
        y[j] = s.position.y;
        z[j] = s.position.z;
        vx[j] = s.velocity.x;
        vy[j] = s.velocity.y;
        vz[j] = s.velocity.z;
    }

    /// NaN in every slot from `j` on.
    fn nan_from(&mut self, j: usize) {
        for r in self.0.iter_mut() {
            if let Some(tail) = r.get_mut(j..) {
                tail.fill(f64::NAN);
            }
        }
    }

    /// Splits into consecutive pieces of `len` slots (the last may be shorter).
    fn into_blocks(self, len: usize) -> Vec<Rows<'a>> {
        let [x, y, z, vx, vy, vz] = self.0;
        x.chunks_mut(len)
            .zip(y.chunks_mut(len))
            .zip(z.chunks_mut(len))
            .zip(vx.chunks_mut(len))
            .zip(vy.chunks_mut(len))
            .zip(vz.chunks_mut(len))
            .map(|(((((x, y), z), vx), vy), vz)| Rows([x, y, z, vx, vy, vz]))
            .collect()
    }
}

/// Propagates `sat` to `tai` into `rows`; on failure fills NaN from the failed
/// instant on and returns the index of that instant with the error.
fn run(sat: &Satellite, tai: &[f64], rows: &mut Rows<'_>) -> Option<(usize, SatError)> {
    let mut done = 0;
    let r = sat.propagate_each_tai(tai, |j, s| {
        rows.set(j, &s);
        done = j + 1;
    });
    match r {
        Ok(()) => None,
        Err(e) => {
            rows.nan_from(done);
            Some((done, e))
        }
    }
}

/// One satellite's row: in one piece, or in parallel blocks of instants. With
/// blocks, a failure in one block makes every later instant NaN too, as in the
/// sequential case (the first failure is reported).
fn propagate_row(sat: &Satellite, tai: &[f64], rows: Rows<'_>, split: bool) -> Option<SatError> {
    let mut rows = rows;
    if !split || sat.is_resonant() || tai.len() <= TIME_BLOCK {
        return run(sat, tai, &mut rows).map(|(_, e)| e);
    }
    let mut blocks = rows.into_blocks(TIME_BLOCK);
    let fails: Vec<Option<(usize, SatError)>> = blocks
        .par_iter_mut()
        .zip(tai.par_chunks(TIME_BLOCK))
        .map(|(r, t)| run(sat, t, r))
        .collect();
    let (first_block, (j, err)) = fails
        .into_iter()
        .enumerate()
        .find_map(|(b, f)| f.map(|f| (b, f)))?;
    for (b, r) in blocks.iter_mut().enumerate().skip(first_block) {
        r.nan_from(if b == first_block { j } else { 0 });
    }
    Some(err)
}

/// As [`propagate_batch`], with instants given as TAI seconds past J1900 (hifitime's
/// `to_tai_seconds`), to skip the conversion when the caller has them.
///
/// Scaling notes: the outputs are allocated zeroed (large zeroed allocations are
/// fresh pages from the OS, touched first by the worker threads, instead of a serial
/// NaN fill of 48 bytes per state before any work starts); every worker writes its
/// own contiguous rows (no false sharing but at row ends); no allocation per
/// satellite; instants are converted to minutes on the fly.
pub fn propagate_batch_tai(sats: &[&Satellite], tai_seconds: &[f64]) -> Batch {
    let m = tai_seconds.len();
    let n = sats.len();
    let mut out = Batch {
        n_sats: n,
        n_times: m,
        x: vec![0.0; n * m],
        y: vec![0.0; n * m],
        z: vec![0.0; n * m],
        vx: vec![0.0; n * m],
        vy: vec![0.0; n * m],
        vz: vec![0.0; n * m],
        errors: Vec::new(),
    };
    if m == 0 {
        out.errors = (0..n).map(|_| None).collect();
        return out;
    }
    // Enough satellites to keep every thread busy: no splitting of instants.
    let split = n < 4 * rayon::current_num_threads();
    let Batch {
        x,
        y,
        z,
        vx,
        vy,
        vz,
        ..
    } = &mut out;
    out.errors = x
        .par_chunks_mut(m)
        .zip(y.par_chunks_mut(m))
        .zip(z.par_chunks_mut(m))
        .zip(vx.par_chunks_mut(m))
        .zip(vy.par_chunks_mut(m))
        .zip(vz.par_chunks_mut(m))
        .zip(sats.par_iter())
        .map(|((((((x, y), z), vx), vy), vz), sat)| {
            propagate_row(sat, tai_seconds, Rows([x, y, z, vx, vy, vz]), split)
        })
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tle::{parse_tle, ReadOptions};

    fn sat(l1: &str, l2: &str) -> Satellite {
        let e = parse_tle(None, l1, l2, "t", 1, &ReadOptions::default()).unwrap();
        Satellite::new(e).unwrap()
    }

    #[test]
    fn blocks_equal_one_by_one_and_failures_leave_nan_after_the_first() {
        // ISS (near Earth) and a decaying object (Vallado's 28872, fails after ~50 min).
        let stations = crate::Catalog::parse(
            include_str!("../tests/fixtures/stations-2020-06-25.tle"),
            "stations",
            &ReadOptions::default(),
        )
        .unwrap();
        let iss = stations.one("ISS").unwrap().clone();
        let ver = include_str!("../tests/fixtures/SGP4-VER.TLE");
        let line = |p: &str| {
            let l = ver.lines().find(|l| l.starts_with(p)).unwrap();
            l.get(..69).unwrap().to_string()
        };
        let decay = sat(&line("1 28872U"), &line("2 28872 "));
        // 3000 instants one minute apart: three blocks, the failure inside the first.
        let m = 3 * TIME_BLOCK - 72;
        let tai: Vec<f64> = (0..m)
            .map(|k| iss.epoch.to_tai_seconds() + 60.0 * k as f64)
            .collect();
        let b = propagate_batch_tai(&[&iss, &decay], &tai);
        assert!(b.errors[0].is_none());
        for j in [0, 1, TIME_BLOCK - 1, TIME_BLOCK, m - 1] {
            let s = iss
                .propagate_minutes((tai[j] - iss.epoch.to_tai_seconds()) / 60.0)
                .unwrap();
            assert_eq!(b.position(0, j), Some(s.position.into()));
            assert_eq!(b.velocity(0, j), Some(s.velocity.into()));
        }
        let tai_d: Vec<f64> = (0..m)
            .map(|k| decay.epoch.to_tai_seconds() + 60.0 * k as f64)
            .collect();
        let b = propagate_batch_tai(&[&iss, &decay], &tai_d);
        assert!(matches!(b.errors[1], Some(SatError::Propagation { .. })));
        let first_nan = (0..m)
            .find(|&j| b.position(1, j).is_some_and(|p| p[0].is_nan()))
            .unwrap();
        assert!(first_nan > 0 && first_nan < TIME_BLOCK, "{first_nan}");
        assert!((first_nan..m).all(|j| b
            .position(1, j)
            .is_some_and(|p| p.iter().all(|v| v.is_nan()))
            && b.velocity(1, j)
                .is_some_and(|v| v.iter().all(|v| v.is_nan()))));
        assert!((0..first_nan).all(|j| b.position(1, j).is_some_and(|p| p[0].is_finite())));
        assert_eq!(b.position(2, 0), None);
        assert_eq!(b.position(0, m), None);
    }
}
