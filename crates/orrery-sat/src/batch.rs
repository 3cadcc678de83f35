//! Propagating N satellites × M instants in parallel (rayon over satellites), into
//! structure-of-arrays output. A satellite that fails at some instant (decay,
//! diverging elements) gets NaN from then on and its error is reported; the batch
//! never aborts.

use crate::error::SatError;
use crate::satellite::Satellite;
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

/// Propagates every satellite to every instant, in parallel over satellites.
pub fn propagate_batch(sats: &[&Satellite], times: &[Epoch]) -> Batch {
    let tai: Vec<f64> = times.iter().map(|t| t.to_tai_seconds()).collect();
    propagate_batch_tai(sats, &tai)
}

/// As [`propagate_batch`], with instants given as TAI seconds past J1900 (hifitime's
/// `to_tai_seconds`), to skip the conversion when the caller has them.
pub fn propagate_batch_tai(sats: &[&Satellite], tai_seconds: &[f64]) -> Batch {
    let m = tai_seconds.len();
    let n = sats.len();
    let mut out = Batch {
        n_sats: n,
        n_times: m,
        x: vec![f64::NAN; n * m],
        y: vec![f64::NAN; n * m],
        z: vec![f64::NAN; n * m],
        vx: vec![f64::NAN; n * m],
        vy: vec![f64::NAN; n * m],
        vz: vec![f64::NAN; n * m],
        errors: Vec::new(),
    };
    if m == 0 {
        out.errors = (0..n).map(|_| None).collect();
        return out;
    }
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
            let t0 = sat.epoch.to_tai_seconds();
            let minutes: Vec<f64> = tai_seconds.iter().map(|t| (t - t0) / 60.0).collect();
            sat.propagate_each(&minutes, |j, s| {
                x[j] = s.position.x;
                y[j] = s.position.y;
                z[j] = s.position.z;
                vx[j] = s.velocity.x;
                vy[j] = s.velocity.y;
                vz[j] = s.velocity.z;
            })
            .err()
        })
        .collect();
    out
}
