//! Propagating N satellites × M instants in parallel with the SIMD kernel
//! ([`crate::kernel`]), into structure-of-arrays output. A satellite that fails
//! at some instant (decay, diverging elements) gets NaN from then on and its
//! error is reported; the batch never aborts. The kernel's own error code of
//! every state (python-sgp4's) is kept in [`Batch::codes`].

use crate::error::SatError;
use crate::kernel::{Fleet, Output, Sgp4Code, States};
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
    /// Positions x, y, z, km (NaN from a satellite's first failure on).
    pub x: Vec<f64>,
    /// See `x`.
    pub y: Vec<f64>,
    /// See `x`.
    pub z: Vec<f64>,
    /// Velocities, km/s (NaN after a failure; empty for [`Output::Position`]).
    pub vx: Vec<f64>,
    /// See `vx`.
    pub vy: Vec<f64>,
    /// See `vx`.
    pub vz: Vec<f64>,
    /// python-sgp4's error code of each state ([`Sgp4Code`] as `u8`; 0 = none),
    /// computed at every instant, also after a failure.
    pub codes: Vec<u8>,
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

    /// Velocity of satellite `i` at instant `j`, km/s (None without velocities).
    pub fn velocity(&self, i: usize, j: usize) -> Option<[f64; 3]> {
        let k = i.checked_mul(self.n_times)? + j;
        if j >= self.n_times {
            return None;
        }
        Some([*self.vx.get(k)?, *self.vy.get(k)?, *self.vz.get(k)?])
    }
}

impl Batch {
    /// Positions as one interleaved array, `[x, y, z]` per state, satellite-major:
    /// element `(i * n_times + j) * 3 + k` is component `k` of satellite `i` at instant
    /// `j` (the memory layout of a C-ordered `(n_sats, n_times, 3)` array), km.
    pub fn positions_interleaved(&self) -> Vec<f64> {
        interleave(&self.x, &self.y, &self.z)
    }

    /// Velocities in the layout of [`Self::positions_interleaved`], km/s (empty when
    /// the batch has no velocities).
    pub fn velocities_interleaved(&self) -> Vec<f64> {
        interleave(&self.vx, &self.vy, &self.vz)
    }
}

/// `[x0, y0, z0, x1, y1, z1, ...]` from three columns (in parallel, by blocks).
fn interleave(x: &[f64], y: &[f64], z: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; 3 * x.len()];
    interleave_into(x, y, z, &mut out);
    out
}

/// [`interleave`] into `out` (`3 * x.len()` long).
fn interleave_into(x: &[f64], y: &[f64], z: &[f64], out: &mut [f64]) {
    const BLOCK: usize = 4096;
    out.par_chunks_mut(3 * BLOCK)
        .enumerate()
        .for_each(|(b, chunk)| {
            let start = b * BLOCK;
            for (k, p) in chunk.chunks_exact_mut(3).enumerate() {
                p[0] = x[start + k];
                p[1] = y[start + k];
                p[2] = z[start + k];
            }
        });
}

/// States per block of [`propagate_interleaved_with`] (about 0.5 s on one core):
/// progress is reported and cancellation checked between blocks of satellites.
pub const STATES_PER_BLOCK: usize = 4_000_000;

/// A batch laid out for arrays: see [`propagate_interleaved_with`].
#[derive(Debug, Default)]
pub struct Interleaved {
    /// Number of satellites.
    pub n_sats: usize,
    /// Number of instants.
    pub n_times: usize,
    /// Positions, km, in the layout of [`Batch::positions_interleaved`] (a C-ordered
    /// `(n_sats, n_times, 3)` array); NaN from a satellite's first failure on.
    pub positions: Vec<f64>,
    /// Velocities, km/s, same layout (empty for [`Output::Position`]).
    pub velocities: Vec<f64>,
    /// Per satellite: the first failure, if any.
    pub errors: Vec<Option<SatError>>,
}

/// [`propagate_batch_output`] straight into the interleaved layout, by blocks of
/// satellites of about [`STATES_PER_BLOCK`] states (one block for most calls): one unit
/// of `progress` per satellite, and [`SatError::Cancelled`] (between blocks) when
/// `progress` asks. The call behind the Python package's `(n_sats, n_times, 3)` arrays,
/// which Ctrl-C can stop. `tai_lo`, when given, holds the parts of the instants below
/// `tai_seconds`' rounding ([`orrery_core::time::tai_seconds_split`]; see
/// [`Fleet::propagate_split`]).
pub fn propagate_interleaved_with(
    sats: &[&Satellite],
    tai_seconds: &[f64],
    tai_lo: Option<&[f64]>,
    output: Output,
    progress: &dyn orrery_core::progress::Progress,
) -> Result<Interleaved, SatError> {
    let block = (STATES_PER_BLOCK / tai_seconds.len().max(1)).max(1);
    propagate_blocks(sats, (tai_seconds, tai_lo), output, progress, block)
}

/// Instants as TAI seconds past J1900, with their parts below the rounding when known.
type Instants<'a> = (&'a [f64], Option<&'a [f64]>);

fn propagate_blocks(
    sats: &[&Satellite],
    instants: Instants<'_>,
    output: Output,
    progress: &dyn orrery_core::progress::Progress,
    block: usize,
) -> Result<Interleaved, SatError> {
    let (n, m) = (sats.len(), instants.0.len());
    let vel = output == Output::PositionVelocity;
    let mut out = Interleaved {
        n_sats: n,
        n_times: m,
        positions: vec![0.0; 3 * n * m],
        velocities: vec![0.0; if vel { 3 * n * m } else { 0 }],
        errors: Vec::with_capacity(n),
    };
    progress.start("satellites", n as u64);
    for (k, chunk) in sats.chunks(block).enumerate() {
        if progress.is_cancelled() {
            return Err(SatError::Cancelled);
        }
        let span = 3 * k * block * m..3 * (k * block + chunk.len()) * m;
        let v: &mut [f64] = if vel {
            &mut out.velocities[span.clone()]
        } else {
            &mut []
        };
        let errors = propagate_into(chunk, instants, output, &mut out.positions[span], v);
        out.errors.extend(errors);
        progress.advance(chunk.len() as u64);
    }
    Ok(out)
}

/// Propagates every satellite to every instant with the SIMD kernel
/// (python-sgp4's default mode; see [`crate::kernel`]).
/// The minutes since each epoch are exact to ~1 ns ([`Fleet::propagate_split`]).
pub fn propagate_batch(sats: &[&Satellite], times: &[Epoch]) -> Batch {
    let (tai, lo): (Vec<f64>, Vec<f64>) = times
        .iter()
        .map(|&t| orrery_core::time::tai_seconds_split(t))
        .unzip();
    batch_output(sats, (&tai, Some(&lo)), Output::PositionVelocity)
}

/// As [`propagate_batch`], with instants given as TAI seconds past J1900 (hifitime's
/// `to_tai_seconds`), to skip the conversion when the caller has them.
pub fn propagate_batch_tai(sats: &[&Satellite], tai_seconds: &[f64]) -> Batch {
    propagate_batch_output(sats, tai_seconds, Output::PositionVelocity)
}

/// As [`propagate_batch_tai`], choosing whether velocities are computed.
///
/// Satellites the kernel cannot initialise, and every satellite when an
/// instant is out of range ([`Fleet::check_instants`]), get NaN rows and
/// their error; the others are propagated.
pub fn propagate_batch_output(sats: &[&Satellite], tai_seconds: &[f64], output: Output) -> Batch {
    batch_output(sats, (tai_seconds, None), output)
}

fn batch_output(sats: &[&Satellite], instants: Instants<'_>, output: Output) -> Batch {
    let tai_seconds = instants.0;
    let (n, m) = (sats.len(), tai_seconds.len());
    let (states, src_of, errors) = kernel_run(sats, instants, output);
    let vel = output == Output::PositionVelocity;
    let nv = if vel { n * m } else { 0 };
    let mut b = Batch {
        n_sats: n,
        n_times: m,
        x: vec![f64::NAN; n * m],
        y: vec![f64::NAN; n * m],
        z: vec![f64::NAN; n * m],
        vx: vec![f64::NAN; nv],
        vy: vec![f64::NAN; nv],
        vz: vec![f64::NAN; nv],
        codes: vec![0; n * m],
        errors: Vec::new(),
    };
    if m == 0 {
        b.errors = errors;
        return b;
    }
    // Move each propagated row into place (in parallel), NaN after its first failure.
    let first_failures: Vec<Option<SatError>> =
        b.x.par_chunks_mut(m)
            .zip(b.y.par_chunks_mut(m))
            .zip(b.z.par_chunks_mut(m))
            .zip(b.codes.par_chunks_mut(m))
            .zip(src_of.par_iter())
            .enumerate()
            .map(|(i, ((((x, y), z), codes), &k))| {
                if k == usize::MAX {
                    return None;
                }
                let row = k * m..(k + 1) * m;
                codes.copy_from_slice(&states.codes[row.clone()]);
                let stop = codes.iter().position(|&c| c != 0).unwrap_or(m);
                x[..stop].copy_from_slice(&states.x[row.start..row.start + stop]);
                y[..stop].copy_from_slice(&states.y[row.start..row.start + stop]);
                z[..stop].copy_from_slice(&states.z[row.start..row.start + stop]);
                (stop < m).then(|| failure(sats[i], tai_seconds[stop], codes[stop]))
            })
            .collect();
    if vel {
        b.vx.par_chunks_mut(m)
            .zip(b.vy.par_chunks_mut(m))
            .zip(b.vz.par_chunks_mut(m))
            .zip(b.codes.par_chunks(m))
            .zip(src_of.par_iter())
            .for_each(|((((vx, vy), vz), codes), &k)| {
                if k == usize::MAX {
                    return;
                }
                let start = k * m;
                let stop = codes.iter().position(|&c| c != 0).unwrap_or(m);
                vx[..stop].copy_from_slice(&states.vx[start..start + stop]);
                vy[..stop].copy_from_slice(&states.vy[start..start + stop]);
                vz[..stop].copy_from_slice(&states.vz[start..start + stop]);
            });
    }
    b.errors = errors
        .into_iter()
        .zip(first_failures)
        .map(|(a, b)| a.or(b))
        .collect();
    b
}

/// The kernel's run over `sats`: its states for the satellites it accepted, the row of
/// those states that holds each satellite (`usize::MAX`: none), and each satellite's
/// initialisation error (or every satellite's, when an instant is out of range).
fn kernel_run(
    sats: &[&Satellite],
    (tai_seconds, tai_lo): Instants<'_>,
    output: Output,
) -> (States, Vec<usize>, Vec<Option<SatError>>) {
    let n = sats.len();
    // Satellites the kernel accepts (all that `Satellite::new` accepted, in practice).
    let mut errors: Vec<Option<SatError>> = (0..n).map(|_| None).collect();
    let mut ok: Vec<usize> = Vec::with_capacity(n);
    let fleet = match Fleet::new(sats) {
        Ok(f) => {
            ok.extend(0..n);
            Some(f)
        }
        Err(_) => {
            for (i, s) in sats.iter().enumerate() {
                match Fleet::new(&[*s]) {
                    Ok(_) => ok.push(i),
                    Err(e) => errors[i] = Some(e),
                }
            }
            let kept: Vec<&Satellite> = ok.iter().map(|&i| sats[i]).collect();
            Fleet::new(&kept).ok()
        }
    };
    let states = match fleet.map(|f| f.propagate_split(tai_seconds, tai_lo, output)) {
        Some(Ok(s)) => s,
        Some(Err(e)) => {
            // Instants out of range: every satellite fails with the same reason.
            for (i, slot) in errors.iter_mut().enumerate() {
                if slot.is_none() {
                    *slot = Some(SatError::Propagation {
                        norad_id: sats[i].norad_id(),
                        name: sats[i].name(),
                        minutes: f64::NAN,
                        reason: e.to_string(),
                    });
                }
            }
            ok.clear();
            States::default()
        }
        None => States::default(),
    };
    let mut src_of = vec![usize::MAX; n];
    for (k, &i) in ok.iter().enumerate() {
        src_of[i] = k;
    }
    (states, src_of, errors)
}

/// The error of `sat`'s first failed state, at `tai` with the kernel's `code`.
fn failure(sat: &Satellite, tai: f64, code: u8) -> SatError {
    let code = Sgp4Code::from_u8(code).unwrap_or(Sgp4Code::MeanMotion);
    SatError::Propagation {
        norad_id: sat.norad_id(),
        name: sat.name(),
        minutes: (tai - sat.epoch.to_tai_seconds()) / 60.0,
        reason: code.describe().into(),
    }
}

/// [`propagate_batch_output`] written straight into the interleaved layout of
/// [`Batch::positions_interleaved`] (`pos`, and `vel` unless empty, `3 * n * m` long),
/// without `Batch`'s columns; NaN where a satellite has no state. Returns each
/// satellite's first error.
fn propagate_into(
    sats: &[&Satellite],
    instants: Instants<'_>,
    output: Output,
    pos: &mut [f64],
    vel: &mut [f64],
) -> Vec<Option<SatError>> {
    let tai_seconds = instants.0;
    let m = tai_seconds.len();
    let (states, src_of, errors) = kernel_run(sats, instants, output);
    if m == 0 {
        return errors;
    }
    let with_vel = output == Output::PositionVelocity && !vel.is_empty();
    let mut vel_slots: Vec<Option<&mut [f64]>> = if with_vel {
        vel.chunks_mut(3 * m).map(Some).collect()
    } else {
        (0..sats.len()).map(|_| None).collect()
    };
    let first_failures: Vec<Option<SatError>> = pos
        .par_chunks_mut(3 * m)
        .zip(vel_slots.par_iter_mut())
        .zip(src_of.par_iter())
        .enumerate()
        .map(|(i, ((p, v), &k))| {
            let v = v.as_deref_mut();
            if k == usize::MAX {
                p.fill(f64::NAN);
                if let Some(v) = v {
                    v.fill(f64::NAN);
                }
                return None;
            }
            let row = k * m..(k + 1) * m;
            let codes = &states.codes[row.clone()];
            let stop = codes.iter().position(|&c| c != 0).unwrap_or(m);
            let (sx, sy, sz) = (
                &states.x[row.clone()],
                &states.y[row.clone()],
                &states.z[row.clone()],
            );
            for (j, q) in p.chunks_exact_mut(3).enumerate() {
                if j < stop {
                    q.copy_from_slice(&[sx[j], sy[j], sz[j]]);
                } else {
                    q.fill(f64::NAN);
                }
            }
            if let Some(v) = v {
                let (vx, vy, vz) = (
                    &states.vx[row.clone()],
                    &states.vy[row.clone()],
                    &states.vz[row],
                );
                for (j, q) in v.chunks_exact_mut(3).enumerate() {
                    if j < stop {
                        q.copy_from_slice(&[vx[j], vy[j], vz[j]]);
                    } else {
                        q.fill(f64::NAN);
                    }
                }
            }
            (stop < m).then(|| failure(sats[i], tai_seconds[stop], codes[stop]))
        })
        .collect();
    errors
        .into_iter()
        .zip(first_failures)
        .map(|(a, b)| a.or(b))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interleaved_layout() {
        let b = Batch {
            n_sats: 2,
            n_times: 3,
            x: (0..6).map(f64::from).collect(),
            y: (10..16).map(f64::from).collect(),
            z: (20..26).map(f64::from).collect(),
            ..Batch::default()
        };
        let p = b.positions_interleaved();
        assert_eq!(p.len(), 18);
        // Satellite 1, instant 2: k = 5.
        assert_eq!(&p[15..18], &[5.0, 15.0, 25.0]);
        assert_eq!(b.position(1, 2), Some([5.0, 15.0, 25.0]));
        assert!(b.velocities_interleaved().is_empty());
        let big = interleave(&vec![1.0; 10_000], &vec![2.0; 10_000], &vec![3.0; 10_000]);
        assert!(big.chunks(3).all(|c| c == [1.0, 2.0, 3.0]));
    }

    #[test]
    fn interleaved_by_blocks_and_cancelled() {
        use orrery_core::progress::{Counter, Progress};
        let cat = crate::Catalog::parse(
            &crate::catalog::SAMPLE_CATALOG.repeat(30),
            "x30",
            &ReadOptions::default(),
        )
        .unwrap();
        let sats: Vec<&Satellite> = cat.satellites.iter().collect();
        let t0 = sats[0].epoch.to_tai_seconds();
        let tai = [t0, t0 + 600.0, t0 + 6000.0];
        let whole = propagate_batch_output(&sats, &tai, Output::PositionVelocity);
        let c = Counter::new();
        let b = propagate_blocks(&sats, (&tai, None), Output::PositionVelocity, &c, 100).unwrap();
        assert_eq!(c.get(), (sats.len() as u64, sats.len() as u64));
        assert_eq!(b.positions, whole.positions_interleaved());
        assert_eq!(b.velocities, whole.velocities_interleaved());
        assert_eq!(b.errors.len(), sats.len());
        let p = propagate_interleaved_with(&sats, &tai, None, Output::Position, &c).unwrap();
        assert!(p.velocities.is_empty() && p.positions == b.positions);
        let q = propagate_blocks(&sats, (&tai, None), Output::Position, &c, 7).unwrap();
        // Other blocks put other satellites side by side in the SIMD lanes; a resonant
        // orbit's last bit can differ (seen: 1 ulp on GOES-16), nothing more.
        let worst = q
            .positions
            .iter()
            .zip(&p.positions)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        assert!(worst < 1e-9, "{worst} km");
        c.cancel();
        assert!(c.is_cancelled());
        let e = propagate_interleaved_with(&sats, &tai, None, Output::Position, &c);
        assert!(matches!(e, Err(SatError::Cancelled)));
    }
    use crate::tle::{parse_tle, ReadOptions};

    fn sat(l1: &str, l2: &str) -> Satellite {
        let e = parse_tle(None, l1, l2, "t", 1, &ReadOptions::default()).unwrap();
        Satellite::new(e).unwrap()
    }

    #[test]
    fn batch_matches_the_oracle_and_failures_leave_nan_after_the_first() {
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
        // 3000 instants one minute apart (split into parallel blocks of instants).
        let m = 3000;
        // Whole minutes of TAI after an epoch, as instants.
        let after = |t: Epoch, k: usize| {
            Epoch::from_tai_duration(t.to_tai_duration() + hifitime::Unit::Minute * k as f64)
        };
        let times: Vec<Epoch> = (0..m).map(|k| after(iss.epoch, k)).collect();
        let b = propagate_batch(&[&iss, &decay], &times);
        assert!(b.errors[0].is_none());
        for j in [0, 1, 1023, 1024, m - 1] {
            let s = iss.propagate_minutes(j as f64).unwrap();
            let (p, v) = (b.position(0, j).unwrap(), b.velocity(0, j).unwrap());
            for k in 0..3 {
                assert!((p[k] - s.position[k]).abs() < 1e-8, "{j}");
                assert!((v[k] - s.velocity[k]).abs() < 1e-11, "{j}");
            }
        }
        let times_d: Vec<Epoch> = (0..m).map(|k| after(decay.epoch, k)).collect();
        let b = propagate_batch(&[&iss, &decay], &times_d);
        assert!(matches!(b.errors[1], Some(SatError::Propagation { .. })));
        let first_nan = (0..m)
            .find(|&j| b.position(1, j).is_some_and(|p| p[0].is_nan()))
            .unwrap();
        // The oracle fails at the same instant.
        let at = |j: usize| j as f64;
        assert!(decay.propagate_minutes(at(first_nan)).is_err());
        assert!(decay.propagate_minutes(at(first_nan - 1)).is_ok());
        assert_ne!(b.codes[m + first_nan], 0);
        assert!((first_nan..m).all(|j| b
            .position(1, j)
            .is_some_and(|p| p.iter().all(|v| v.is_nan()))
            && b.velocity(1, j)
                .is_some_and(|v| v.iter().all(|v| v.is_nan()))));
        assert!((0..first_nan).all(|j| b.position(1, j).is_some_and(|p| p[0].is_finite())));
        assert_eq!(b.position(2, 0), None);
        assert_eq!(b.position(0, m), None);
        // Position-only output and out-of-range instants.
        let tai: Vec<f64> = times[..10].iter().map(|t| t.to_tai_seconds()).collect();
        let p = propagate_batch_output(&[&iss], &tai, Output::Position);
        assert!(p.vx.is_empty() && p.velocity(0, 0).is_none() && p.position(0, 9).is_some());
        let bad = propagate_batch_tai(&[&iss, &decay], &[f64::INFINITY]);
        assert!(bad
            .errors
            .iter()
            .all(|e| e.as_ref().is_some_and(|e| e.to_string().contains("finite"))));
        assert!(bad.x.iter().all(|v| v.is_nan()));
    }
}
