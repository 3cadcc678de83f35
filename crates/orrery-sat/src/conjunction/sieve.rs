//! The sieve: sampled positions and velocities of every object, a spatial hash grid
//! per sample, and the extrapolation test that keeps a pair as a candidate (the bound
//! is derived in the [module documentation](super)).

use super::refine::{approaches_near, Track};
use super::report::{Approach, ObjectFailure};
use super::shell::{self, MU_WGS72};
use super::{Piece, ScreenRequest, CHUNK_SAMPLES};
use crate::error::{Result, SatError};
use crate::kernel::{Fleet, Output, States};
use crate::satellite::{Satellite, Teme};
use hifitime::Duration;
use orrery_core::progress::Progress;
use rayon::prelude::*;
use serde::Serialize;
use std::time::Instant;

/// Bound on SGP4's acceleration as a multiple of the two-body term μ/r² (the J2 part
/// is 1.5·J2·(Rₑ/r)² ≈ 0.16 % at the surface; drag and lunar-solar terms are far
/// smaller; 1.0016 measured on the whole catalog by `sgp4_acceleration_and_velocity_are_within_the_bounds`
/// in `tests/conjunction_bounds.rs`).
pub const ACCELERATION_FACTOR: f64 = 1.1;
/// Added to the candidate radius for the small inconsistency between SGP4's velocity
/// and the derivative of its position (and the resonance integrator's steps), km.
pub const SLACK_KM: f64 = 0.01;
/// Largest difference between SGP4's velocity and the derivative of its position,
/// km/s: 2.1 m/s measured on the whole active catalog (test
/// `sgp4_acceleration_and_velocity_are_within_the_bounds`), most objects far less.
/// It widens the extrapolation test by `2·δv·h/2` and limits the range-rate check.
pub const VELOCITY_INCONSISTENCY_KM_S: f64 = 5e-3;
/// Objects faster than this (km/s; circular LEO is slower) are compared with every
/// object instead of sizing the grid's cells...
const GRID_SPEED_KM_S: f64 = 7.95;
/// ...as long as there are at most this many at a sample.
const MAX_FAST: usize = 48;
/// Up to this many primaries each is compared with every object directly; more use
/// the grid.
const DIRECT_PRIMARIES: usize = 16;

/// Work counts of a screening.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SieveStats {
    /// Samples screened.
    pub samples: u64,
    /// Objects kept by the shell filter and propagated.
    pub objects_propagated: u64,
    /// Pairs within the grid radius whose extrapolated segments were tested, all samples.
    pub pairs_tested: u64,
    /// (pair, sample) candidates refined on the continuous trajectories.
    pub candidates: u64,
    /// Approaches under the threshold found.
    pub approaches: u64,
}

impl SieveStats {
    /// Adds another piece's counts (objects propagated: the largest of them).
    pub fn add(&mut self, o: &SieveStats) {
        self.samples += o.samples;
        self.objects_propagated = self.objects_propagated.max(o.objects_propagated);
        self.pairs_tested += o.pairs_tested;
        self.candidates += o.candidates;
        self.approaches += o.approaches;
    }
}

/// One approach with its objects (indices into the screened satellites; `object1`
/// is the primary, or the earlier in the catalog).
#[derive(Debug, Clone, PartialEq)]
pub struct RawApproach {
    /// Index of object 1.
    pub object1: usize,
    /// Index of object 2.
    pub object2: usize,
    /// The approach.
    pub approach: Approach,
}

/// What one piece found.
#[derive(Debug, Clone)]
pub struct PieceResult {
    /// The samples screened.
    pub piece: Piece,
    /// Approaches whose TCA lies in the piece's half-intervals.
    pub approaches: Vec<RawApproach>,
    /// Objects that failed (first failure in the piece).
    pub failures: Vec<ObjectFailure>,
    /// Work counts.
    pub stats: SieveStats,
    /// Where the time went (not part of the report, which is exact).
    pub timings: Timings,
}

/// Wall-clock seconds of a piece's phases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Timings {
    /// Propagating the samples (SIMD kernel).
    pub propagation_s: f64,
    /// Grid and candidate tests.
    pub sieve_s: f64,
    /// Refining candidates on the continuous trajectories.
    pub refinement_s: f64,
}

/// One object at one sample.
#[derive(Clone, Copy)]
struct Pt {
    r: [f64; 3],
    v: [f64; 3],
    /// |v|, km/s.
    speed: f64,
    /// Bound on the acceleration over the sample's interval, km/s².
    acc: f64,
    /// NORAD number (a pair of one object's element sets is no conjunction).
    norad: u64,
    /// Index among the propagated objects.
    obj: u32,
    /// Whether it is a primary.
    primary: bool,
}

/// What is fixed for a request.
struct Setup<'a> {
    /// Objects kept, as indices into the caller's satellites.
    idx: Vec<usize>,
    primary: Vec<bool>,
    norad: Vec<u64>,
    tracks: Vec<Track>,
    fleet: Fleet,
    req: &'a ScreenRequest,
    n_primaries: usize,
}

/// Screens the samples of `piece` (see [`super::pieces`]): the approaches whose TCA
/// lies in those samples' half-intervals and within the span.
pub fn screen_piece(
    sats: &[&Satellite],
    req: &ScreenRequest,
    piece: Piece,
    progress: &dyn Progress,
) -> Result<PieceResult> {
    req.validate(sats.len())?;
    if piece.first >= piece.end || piece.end > req.n_samples() {
        return Err(SatError::InvalidArgument {
            what: "piece".into(),
            reason: format!(
                "samples {}..{} are not within the request's 0..{}",
                piece.first,
                piece.end,
                req.n_samples()
            ),
        });
    }
    let mut failures = Vec::new();
    let setup = prepare(sats, req, &mut failures)?;
    let h = req.step_s;
    let start_tai = req.start.to_tai_seconds();
    let n = setup.idx.len();
    let mut failed = vec![false; n];
    let mut stats = SieveStats {
        objects_propagated: n as u64,
        ..Default::default()
    };
    let mut candidates: Vec<(u32, u32, u32)> = Vec::new();
    let mut timings = Timings::default();
    progress.start("samples", (piece.end - piece.first) as u64);
    let mut c0 = piece.first;
    while c0 < piece.end {
        if progress.is_cancelled() {
            return Err(SatError::Cancelled);
        }
        let c1 = (c0 + CHUNK_SAMPLES).min(piece.end);
        // One sample more on each side (the halo), for the range-rate check.
        let tai: Vec<f64> = (0..c1 - c0 + 2)
            .map(|j| start_tai + ((c0 + j) as f64 - 1.0) * h)
            .collect();
        let clock = Instant::now();
        let states = setup.fleet.propagate(&tai, Output::PositionVelocity)?;
        timings.propagation_s += clock.elapsed().as_secs_f64();
        let clock = Instant::now();
        let mh = tai.len();
        let m = c1 - c0;
        for (i, f) in failed.iter_mut().enumerate() {
            if *f {
                continue;
            }
            let inner = &states.codes[i * mh + 1..i * mh + 1 + m];
            if let Some(j) = inner.iter().position(|&c| c != 0) {
                *f = true;
                let code = crate::kernel::Sgp4Code::from_u8(inner[j])
                    .unwrap_or(crate::kernel::Sgp4Code::MeanMotion);
                let k = setup.idx[i];
                failures.push(ObjectFailure::new(
                    k,
                    sats[k],
                    Some(req.start + Duration::from_seconds((c0 + j) as f64 * h)),
                    code.describe().into(),
                ));
            }
        }
        let per_sample: Vec<(Vec<(u32, u32)>, u64)> = (0..m)
            .into_par_iter()
            .map_init(Scratch::default, |scratch, j| {
                sample_candidates(&setup, &states, j + 1, scratch)
            })
            .collect();
        for (j, (pairs, tested)) in per_sample.into_iter().enumerate() {
            stats.pairs_tested += tested;
            let k = (c0 + j) as u32;
            candidates.extend(pairs.into_iter().map(|(a, b)| (a, b, k)));
        }
        stats.samples += m as u64;
        timings.sieve_s += clock.elapsed().as_secs_f64();
        progress.advance(m as u64);
        c0 = c1;
    }
    stats.candidates = candidates.len() as u64;
    let clock = Instant::now();
    let approaches: Vec<RawApproach> = candidates
        .par_iter()
        .flat_map_iter(|&(a, b, k)| refine_candidate(&setup, a as usize, b as usize, k))
        .collect();
    stats.approaches = approaches.len() as u64;
    timings.refinement_s = clock.elapsed().as_secs_f64();
    Ok(PieceResult {
        piece,
        approaches,
        failures,
        stats,
        timings,
    })
}

fn prepare<'a>(
    sats: &[&Satellite],
    req: &'a ScreenRequest,
    failures: &mut Vec<ObjectFailure>,
) -> Result<Setup<'a>> {
    let n = sats.len();
    let mut is_primary = vec![false; n];
    for &i in req.primaries.iter().flatten() {
        is_primary[i] = true;
    }
    let keep = shell::keep(
        sats,
        req.primaries.as_ref().map(|_| is_primary.as_slice()),
        req.threshold_km,
        req.start.to_tai_seconds(),
        req.span_s,
    );
    let mut idx: Vec<usize> = (0..n).filter(|&i| keep[i]).collect();
    let pick = |idx: &[usize]| idx.iter().map(|&i| sats[i]).collect::<Vec<_>>();
    let fleet = match Fleet::new(&pick(&idx)) {
        Ok(f) => f,
        Err(_) => {
            let mut ok = Vec::with_capacity(idx.len());
            for &i in &idx {
                match Fleet::new(&[sats[i]]) {
                    Ok(_) => ok.push(i),
                    Err(e) => failures.push(ObjectFailure::new(i, sats[i], None, e.to_string())),
                }
            }
            idx = ok;
            Fleet::new(&pick(&idx))?
        }
    };
    let start_tai = req.start.to_tai_seconds();
    let tracks = (0..idx.len())
        .map(|k| {
            let prop = fleet
                .propagator(k)
                .ok_or_else(|| SatError::InvalidArgument {
                    what: "fleet".into(),
                    reason: format!("no propagator for object {k}"),
                })?;
            Ok(Track {
                prop,
                minutes_at_start: (start_tai - fleet.epochs_tai_s()[k]) / 60.0,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let primary: Vec<bool> = idx.iter().map(|&i| is_primary[i]).collect();
    Ok(Setup {
        n_primaries: primary.iter().filter(|&&p| p).count(),
        norad: idx.iter().map(|&i| sats[i].norad_id()).collect(),
        primary,
        idx,
        tracks,
        fleet,
        req,
    })
}

#[inline]
fn sub(a: &[f64; 3], b: &[f64; 3]) -> [f64; 3] {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

#[inline]
fn dot(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

/// The least squared distance of `dr + dv·τ` over |τ| ≤ `half`, km².
#[inline]
fn segment_min_sq(dr: &[f64; 3], dv: &[f64; 3], half: f64) -> f64 {
    let vv = dot(dv, dv);
    let tau = if vv > 0.0 {
        (-dot(dr, dv) / vv).clamp(-half, half)
    } else {
        0.0
    };
    let p = [
        dr[0] + dv[0] * tau,
        dr[1] + dv[1] * tau,
        dr[2] + dv[2] * tau,
    ];
    dot(&p, &p)
}

/// Cell coordinates packed 21 bits each (x, y, z from the most significant); a
/// coordinate is kept within 1..2²¹−2 so that ±1 never borrows from the next field.
const FIELD: u64 = 1 << 21;
const ORIGIN: i64 = 1 << 20;
/// Cells are `R / SUB` wide: pairs within R are at most SUB cells apart on each axis,
/// and the (2·SUB + 1)³ cells searched hug the sphere of radius R more closely than
/// 27 cells of size R (for SUB = 2, 42 % less volume).
const SUB: u64 = 2;

/// Packed cell of `r` for cells of `size` km (coordinates kept within
/// SUB..2²¹−1−SUB so that ±SUB never borrows from the next field).
fn cell_key(r: &[f64; 3], size: f64) -> u64 {
    let c = |x: f64| {
        ((x / size).floor() as i64 + ORIGIN).clamp(SUB as i64, (FIELD - 1 - SUB) as i64) as u64
    };
    (c(r[0]) * FIELD + c(r[1])) * FIELD + c(r[2])
}

/// The forward half of the neighbouring cells as ranges of keys `[key + lo, key + hi]`,
/// each a column of z: (0, 0, 1..=SUB), (0, 1..=SUB, ±SUB), (1..=SUB, ±SUB, ±SUB).
fn forward_columns() -> Vec<(u64, u64)> {
    let mut v = vec![(1, SUB)];
    for dy in 1..=SUB {
        v.push((dy * FIELD - SUB, dy * FIELD + SUB));
    }
    for dx in 1..=SUB {
        for dy in 0..=2 * SUB {
            let base = dx * FIELD * FIELD + dy * FIELD - SUB * FIELD;
            v.push((base - SUB, base + SUB));
        }
    }
    v
}

/// Whether the sampled range rate (`Δr·Δv` from the kernel's states) has one sign at
/// samples `j − 1`, `j`, `j + 1` of `states`, so that no closest approach lies in the
/// half-intervals of sample `j` and refining it would find nothing. This holds when
/// the distance has at most one extremum per two steps and when the root of `Δr·Δv`
/// lies within `h/2` of the root of the position-only range rate, which the check
/// demands: `|Δr|·δv/|Δv|² ≤ h/2` with δv = [`VELOCITY_INCONSISTENCY_KM_S`] (pairs
/// slower than about 2 m/s are always refined).
fn receding_throughout(
    states: &States,
    j: usize,
    a: &Pt,
    b: &Pt,
    dr: &[f64; 3],
    dv: &[f64; 3],
    h: f64,
) -> bool {
    let vv = dot(dv, dv);
    if vv * h < 2.0 * dot(dr, dr).sqrt() * VELOCITY_INCONSISTENCY_KM_S {
        return false;
    }
    let m = states.n_times;
    let g = |k: usize| -> f64 {
        let (ka, kb) = (a.obj as usize * m + k, b.obj as usize * m + k);
        if states.codes[ka] != 0 || states.codes[kb] != 0 {
            return f64::NAN;
        }
        (states.x[kb] - states.x[ka]) * (states.vx[kb] - states.vx[ka])
            + (states.y[kb] - states.y[ka]) * (states.vy[kb] - states.vy[ka])
            + (states.z[kb] - states.z[ka]) * (states.vz[kb] - states.vz[ka])
    };
    // NaN (an invalid state) fails every comparison: no skip.
    let (g0, g1, g2) = (g(j - 1), dot(dr, dv), g(j + 1));
    (g0 < 0.0 && g1 < 0.0 && g2 < 0.0) || (g0 > 0.0 && g1 > 0.0 && g2 > 0.0)
}

/// Buffers reused from sample to sample by one worker (a fresh 2.5 MB vector per
/// sample would be a fresh mapping, and page faults, every time).
#[derive(Default)]
struct Scratch {
    pts: Vec<Pt>,
    sorted: Vec<Pt>,
    keys: Vec<(u64, u32)>,
    xs: Vec<f64>,
    ys: Vec<f64>,
    zs: Vec<f64>,
}

/// Every valid object's point at sample `j` of `states` (with the halo samples
/// `j − 1`, `j + 1`), into `pts`.
fn sample_points(s: &Setup, states: &States, j: usize, pts: &mut Vec<Pt>) {
    let mh = states.n_times;
    let half = 0.5 * s.req.step_s;
    pts.clear();
    for i in 0..s.idx.len() {
        let k = i * mh + j;
        if states.codes[k] != 0 {
            continue;
        }
        let r = [states.x[k], states.y[k], states.z[k]];
        let v = [states.vx[k], states.vy[k], states.vz[k]];
        let (rn, vn) = (dot(&r, &r).sqrt(), dot(&v, &v).sqrt());
        if !(rn.is_finite() && vn.is_finite()) {
            continue;
        }
        let r_lo = (rn - vn * half).max(6000.0);
        pts.push(Pt {
            r,
            v,
            speed: vn,
            acc: ACCELERATION_FACTOR * MU_WGS72 / (r_lo * r_lo),
            norad: s.norad[i],
            obj: i as u32,
            primary: s.primary[i],
        });
    }
}

/// Candidate pairs (indices among the propagated objects) at sample `j` of `states`,
/// and how many pairs were tested.
fn sample_candidates(
    s: &Setup,
    states: &States,
    j: usize,
    scratch: &mut Scratch,
) -> (Vec<(u32, u32)>, u64) {
    let Scratch {
        pts,
        sorted,
        keys,
        xs,
        ys,
        zs,
    } = scratch;
    sample_points(s, states, j, pts);
    let req = s.req;
    let half = 0.5 * req.step_s;
    let q = half * half;
    // Velocities off by δv each move the extrapolation by up to 2·δv·h/2.
    let slack = SLACK_KM + VELOCITY_INCONSISTENCY_KM_S * req.step_s;
    let (vmax, accmax) = pts
        .iter()
        .fold((0.0f64, 0.0f64), |(v, a), p| (v.max(p.speed), a.max(p.acc)));
    let d = req.threshold_km;
    let mut out = Vec::new();
    let mut tested = 0u64;
    let mut test = |a: &Pt, b: &Pt, out: &mut Vec<(u32, u32)>| {
        if a.norad == b.norad || (s.n_primaries > 0 && !a.primary && !b.primary) {
            return;
        }
        tested += 1;
        let dp = d + 0.5 * (a.acc + b.acc) * q + slack;
        let dr = sub(&b.r, &a.r);
        // |Δr| ≤ D' + |Δv|·h/2 ≤ D' + (|v₁| + |v₂|)·h/2 for any candidate.
        let reach = dp + (a.speed + b.speed) * half;
        if dot(&dr, &dr) > reach * reach {
            return;
        }
        let dv = sub(&b.v, &a.v);
        if segment_min_sq(&dr, &dv, half) <= dp * dp
            && !receding_throughout(states, j, a, b, &dr, &dv, req.step_s)
        {
            out.push((a.obj, b.obj));
        }
    };
    if s.n_primaries > 0 && s.n_primaries <= DIRECT_PRIMARIES {
        for a in pts.iter().filter(|p| p.primary) {
            for b in pts.iter() {
                // A pair of primaries once, from the lower one.
                if b.obj == a.obj || (b.primary && b.obj < a.obj) {
                    continue;
                }
                test(a, b, &mut out);
            }
        }
        return (out, tested);
    }
    // Fast objects (eccentric orbits near perigee: few at any instant) are compared
    // with every object; the grid holds the others, its cells sized from their speed.
    let fast: Vec<usize> = (0..pts.len())
        .filter(|&p| pts[p].speed > GRID_SPEED_KM_S)
        .collect();
    let split = fast.len() <= MAX_FAST;
    if split {
        for &f in &fast {
            for (p, b) in pts.iter().enumerate() {
                if p == f || (b.speed > GRID_SPEED_KM_S && p < f) {
                    continue;
                }
                test(&pts[f], b, &mut out);
            }
        }
    }
    let vmax = if split && !fast.is_empty() {
        pts.retain(|p| p.speed <= GRID_SPEED_KM_S);
        pts.iter().fold(0.0f64, |v, p| v.max(p.speed))
    } else {
        vmax
    };
    // Every pair within R of each other at this sample is in neighbouring cells.
    let reach = d + accmax * q + slack + vmax * req.step_s;
    let size = reach / SUB as f64;
    keys.clear();
    keys.extend(
        pts.iter()
            .enumerate()
            .map(|(p, pt)| (cell_key(&pt.r, size), p as u32)),
    );
    keys.sort_unstable();
    // The points in cell order, so that neighbours are read in sequence.
    sorted.clear();
    sorted.extend(keys.iter().map(|&(_, p)| pts[p as usize]));
    let pts = &*sorted;
    let len = keys.len();
    // Positions in cell order, as arrays: the distance check below vectorises.
    xs.clear();
    ys.clear();
    zs.clear();
    xs.extend(pts.iter().map(|p| p.r[0]));
    ys.extend(pts.iter().map(|p| p.r[1]));
    zs.extend(pts.iter().map(|p| p.r[2]));
    let (xs, ys, zs) = (&*xs, &*ys, &*zs);
    let r2 = reach * reach;
    let mut near = |a: usize, lo: usize, hi: usize, out: &mut Vec<(u32, u32)>| {
        let (ax, ay, az) = (xs[a], ys[a], zs[a]);
        for b in lo..hi {
            let (dx, dy, dz) = (xs[b] - ax, ys[b] - ay, zs[b] - az);
            if dx * dx + dy * dy + dz * dz <= r2 {
                test(&pts[a], &pts[b], out);
            }
        }
    };
    let forward = forward_columns();
    let mut ptr = vec![0usize; forward.len()];
    let mut s0 = 0;
    while s0 < len {
        let key = keys[s0].0;
        let mut s1 = s0 + 1;
        while s1 < len && keys[s1].0 == key {
            s1 += 1;
        }
        for a in s0..s1 {
            near(a, a + 1, s1, &mut out);
        }
        for (o, &(lo, hi)) in forward.iter().enumerate() {
            let (lo, hi) = (key + lo, key + hi);
            let p = &mut ptr[o];
            while *p < len && keys[*p].0 < lo {
                *p += 1;
            }
            let mut t = *p;
            while t < len && keys[t].0 <= hi {
                t += 1;
            }
            for a in s0..s1 {
                near(a, *p, t, &mut out);
            }
        }
        s0 = s1;
    }
    (out, tested)
}

/// The approaches of candidate (`a`, `b`) at sample `k`, as indices of the caller's
/// satellites with object 1 first.
fn refine_candidate(s: &Setup, a: usize, b: usize, k: u32) -> Vec<RawApproach> {
    let req = s.req;
    let h = req.step_s;
    let (ta, tb) = (&s.tracks[a], &s.tracks[b]);
    // Object 1: the primary, else the earlier in the catalog.
    let (ia, ib) = (s.idx[a], s.idx[b]);
    let a_first = match (s.primary[a], s.primary[b]) {
        (true, false) => true,
        (false, true) => false,
        _ => ia < ib,
    };
    let (o1, o2, t1, t2) = if a_first {
        (ia, ib, ta, tb)
    } else {
        (ib, ia, tb, ta)
    };
    approaches_near(t1, t2, f64::from(k) * h, h)
        .into_iter()
        .filter(|&t| (0.0..=req.span_s).contains(&t))
        .filter_map(|t| {
            let (r1, v1) = t1.state(t)?;
            let (r2, v2) = t2.state(t)?;
            let miss = (r2 - r1).norm();
            (miss <= req.threshold_km).then(|| RawApproach {
                object1: o1,
                object2: o2,
                approach: Approach::new(
                    req.start + Duration::from_seconds(t),
                    t,
                    Teme {
                        position: r1,
                        velocity: v1,
                    },
                    Teme {
                        position: r2,
                        velocity: v2,
                    },
                ),
            })
        })
        .collect()
}
