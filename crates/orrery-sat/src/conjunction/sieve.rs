//! The sieve: sampled positions and velocities of every object, a spatial hash grid
//! per sample, and the extrapolation test that keeps a pair as a candidate (the bound
//! is derived in the [module documentation](super)).

use super::refine::{approaches_near, Track};
use super::report::{Approach, ObjectFailure};
use super::shell::{self, MU_WGS72};
use super::{Piece, ScreenRequest, CHUNK_SAMPLES};
use crate::error::{Result, SatError};
use crate::kernel::{Fleet, Frames, Output};
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
        let states = setup
            .fleet
            .propagate_frames(&tai, Output::PositionVelocity)?;
        timings.propagation_s += clock.elapsed().as_secs_f64();
        let clock = Instant::now();
        let m = c1 - c0;
        // Each object's first failure, row by row (the frames are time-major).
        for j in 0..m {
            let codes = &states.codes[(j + 1) * n..(j + 2) * n];
            for (i, f) in failed.iter_mut().enumerate() {
                if *f || codes[i] == 0 {
                    continue;
                }
                *f = true;
                let code = crate::kernel::Sgp4Code::from_u8(codes[i])
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

/// Cells are `R / SUB` wide: pairs within R are at most SUB cells apart on each axis.
/// With cells of R (SUB = 1) a cell of a dense shell holds several objects and the
/// forward neighbours are 13 cells in 5 contiguous columns of keys; smaller cells
/// (SUB = 2: 62 cells in 13 columns) search less volume but spend more time finding
/// the cells than comparing the points in them.
const SUB: u64 = 1;
/// Forward columns searched per cell: 1 + SUB + SUB·(2·SUB + 1).
const N_COLUMNS: usize = (1 + SUB + SUB * (2 * SUB + 1)) as usize;

/// How a sample's positions map to packed cell keys: `bits` per axis (x, y, z from
/// the most significant), cells `1/inv` km wide, each coordinate clamped to
/// `SUB..2^bits − 1 − SUB` so that ±SUB never borrows from the next field. Clamping
/// never moves two cells further apart (it is 1-Lipschitz), so two points at most
/// SUB cells apart stay so: objects beyond the covered cube share its edge cells and
/// are still compared.
#[derive(Clone, Copy)]
struct CellMap {
    inv: f64,
    bits: u32,
    offset: f64,
}

impl CellMap {
    /// Cells `size` km wide (at least), covering coordinates up to `extent` km.
    fn new(size: f64, extent: f64) -> CellMap {
        // A part in 10⁹ wider than asked, so that rounding in `x·inv` cannot put two
        // points `size` apart two cells apart.
        let inv = 1.0 / (size * (1.0 + 1e-9));
        let cells = 2.0 * extent * inv + 2.0 * SUB as f64 + 2.0;
        let bits = (cells.max(16.0).log2().ceil() as u32).min(21);
        CellMap {
            inv,
            bits,
            offset: (1u64 << (bits - 1)) as f64,
        }
    }

    #[inline]
    fn field(&self) -> u64 {
        1 << self.bits
    }

    /// The packed cell of `(x, y, z)`, km. `as i64` truncates towards zero: below
    /// zero (after the offset) it differs from `floor`, but both clamp to SUB.
    #[inline]
    fn key(&self, x: f64, y: f64, z: f64) -> u64 {
        let hi = (self.field() - 1 - SUB) as i64;
        let c = |x: f64| ((x * self.inv + self.offset) as i64).clamp(SUB as i64, hi) as u64;
        (((c(x) << self.bits) | c(y)) << self.bits) | c(z)
    }

    /// The forward half of the neighbouring cells as ranges of keys
    /// `[key + lo, key + hi]`, each a column of z: (0, 0, 1..=SUB), (0, 1..=SUB, ±SUB),
    /// (1..=SUB, ±SUB, ±SUB). With the cell itself (its pairs taken once) they hold
    /// every pair of cells at most SUB apart on each axis exactly once.
    fn forward_columns(&self) -> [(u64, u64); N_COLUMNS] {
        let f = self.field();
        let mut v = [(0, 0); N_COLUMNS];
        let mut n = 0;
        v[n] = (1, SUB);
        n += 1;
        for dy in 1..=SUB {
            v[n] = (dy * f - SUB, dy * f + SUB);
            n += 1;
        }
        for dx in 1..=SUB {
            for dy in 0..=2 * SUB {
                let base = dx * f * f + dy * f - SUB * f;
                v[n] = (base - SUB, base + SUB);
                n += 1;
            }
        }
        debug_assert_eq!(n, N_COLUMNS);
        v
    }
}

/// Sorts `keys` by key (stable: LSD radix sort, 11 bits a pass over the `bits` low
/// bits that keys use), with `tmp` as the second buffer.
fn radix_sort(keys: &mut Vec<(u64, u32)>, tmp: &mut Vec<(u64, u32)>, bits: u32) {
    const DIGIT: u32 = 11;
    let mask = (1u64 << DIGIT) - 1;
    let mut shift = 0;
    while shift < bits {
        let mut count = [0u32; 1 << DIGIT];
        for &(k, _) in keys.iter() {
            count[((k >> shift) & mask) as usize] += 1;
        }
        let mut sum = 0;
        for c in count.iter_mut() {
            let n = *c;
            *c = sum;
            sum += n;
        }
        tmp.clear();
        tmp.resize(keys.len(), (0, 0));
        for &e in keys.iter() {
            let d = ((e.0 >> shift) & mask) as usize;
            tmp[count[d] as usize] = e;
            count[d] += 1;
        }
        std::mem::swap(keys, tmp);
        shift += DIGIT;
    }
}

/// Whether the sampled range rate (`Δr·Δv` from the kernel's states) has one sign at
/// samples `j − 1`, `j`, `j + 1` of `states`, so that no closest approach lies in the
/// half-intervals of sample `j` and refining it would find nothing. This holds when
/// the distance has at most one extremum per two steps and when the root of `Δr·Δv`
/// lies within `h/2` of the root of the position-only range rate, which the check
/// demands: `|Δr|·δv/|Δv|² ≤ h/2` with δv = [`VELOCITY_INCONSISTENCY_KM_S`] (pairs
/// slower than about 2 m/s are always refined). `a`, `b` are indices of objects.
fn receding_throughout(
    states: &Frames,
    j: usize,
    a: usize,
    b: usize,
    dr: &[f64; 3],
    dv: &[f64; 3],
    h: f64,
) -> bool {
    let vv = dot(dv, dv);
    if vv * h < 2.0 * dot(dr, dr).sqrt() * VELOCITY_INCONSISTENCY_KM_S {
        return false;
    }
    let n = states.n_sats;
    let g = |k: usize| -> f64 {
        let (ka, kb) = (k * n + a, k * n + b);
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

/// One valid object at one sample.
#[derive(Clone, Copy, Default)]
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

/// Buffers reused from sample to sample by one worker (no allocation per sample).
#[derive(Default)]
struct Scratch {
    /// Valid objects at the sample, in object order.
    valid: Vec<Pt>,
    /// (cell key, index into `valid`) of the grid's points, sorted; and a buffer.
    keys: Vec<(u64, u32)>,
    tmp: Vec<(u64, u32)>,
    /// (cell key, first point) of each occupied cell, then a sentinel.
    cells: Vec<(u64, u32)>,
    /// The points: the grid's in cell order, then the fast ones.
    pts: Vec<Pt>,
    /// Positions of `pts`, as arrays (the distance check vectorises).
    x: Vec<f64>,
    y: Vec<f64>,
    z: Vec<f64>,
    /// Points within the grid radius of the current one.
    hits: Vec<u32>,
}

/// Maxima over a sample's valid objects.
#[derive(Default)]
struct Maxima {
    speed_all: f64,
    /// Of those not faster than [`GRID_SPEED_KM_S`].
    speed_slow: f64,
    acc: f64,
    n_fast: usize,
    /// Largest |coordinate|, km.
    extent: f64,
}

/// Every valid object's point at sample `j` of `states` into `valid`, in object order.
#[inline(never)]
fn sample_points(s: &Setup, states: &Frames, j: usize, valid: &mut Vec<Pt>) -> Maxima {
    let row = j * states.n_sats;
    let n = s.idx.len();
    let half = 0.5 * s.req.step_s;
    let (codes, x, y, z) = (
        &states.codes[row..row + n],
        &states.x[row..row + n],
        &states.y[row..row + n],
        &states.z[row..row + n],
    );
    let (vx, vy, vz) = (
        &states.vx[row..row + n],
        &states.vy[row..row + n],
        &states.vz[row..row + n],
    );
    valid.clear();
    let mut m = Maxima::default();
    for i in 0..n {
        if codes[i] != 0 {
            continue;
        }
        let r = [x[i], y[i], z[i]];
        let v = [vx[i], vy[i], vz[i]];
        let (rn, vn) = (dot(&r, &r).sqrt(), dot(&v, &v).sqrt());
        if !(rn.is_finite() && vn.is_finite()) {
            continue;
        }
        let r_lo = (rn - vn * half).max(6000.0);
        let acc = ACCELERATION_FACTOR * MU_WGS72 / (r_lo * r_lo);
        m.acc = m.acc.max(acc);
        m.speed_all = m.speed_all.max(vn);
        if vn > GRID_SPEED_KM_S {
            m.n_fast += 1;
        } else {
            m.speed_slow = m.speed_slow.max(vn);
        }
        m.extent = m.extent.max(r[0].abs()).max(r[1].abs()).max(r[2].abs());
        valid.push(Pt {
            r,
            v,
            speed: vn,
            acc,
            norad: s.norad[i],
            obj: i as u32,
            primary: s.primary[i],
        });
    }
    m
}

/// The grid of one sample: the points in cell order (then the fast ones, when
/// `split`), their positions as arrays, and the occupied cells. Returns the number
/// of points in the grid.
#[inline(never)]
fn build_grid(sc: &mut Scratch, map: &CellMap, split: bool) -> usize {
    sc.keys.clear();
    for (p, pt) in sc.valid.iter().enumerate() {
        if split && pt.speed > GRID_SPEED_KM_S {
            continue;
        }
        sc.keys.push((map.key(pt.r[0], pt.r[1], pt.r[2]), p as u32));
    }
    radix_sort(&mut sc.keys, &mut sc.tmp, 3 * map.bits);
    sc.pts.clear();
    sc.pts
        .extend(sc.keys.iter().map(|&(_, p)| sc.valid[p as usize]));
    let len = sc.pts.len();
    if split {
        sc.pts
            .extend(sc.valid.iter().filter(|p| p.speed > GRID_SPEED_KM_S));
    }
    sc.x.clear();
    sc.y.clear();
    sc.z.clear();
    sc.x.extend(sc.pts.iter().map(|p| p.r[0]));
    sc.y.extend(sc.pts.iter().map(|p| p.r[1]));
    sc.z.extend(sc.pts.iter().map(|p| p.r[2]));
    // Occupied cells in key order, then a sentinel above every key + offset.
    sc.cells.clear();
    let keys = &sc.keys;
    for (p, &(key, _)) in keys.iter().enumerate() {
        if p == 0 || keys[p - 1].0 != key {
            sc.cells.push((key, p as u32));
        }
    }
    sc.cells.push((u64::MAX, len as u32));
    len
}

/// The extrapolation test of one pair of points at sample `j` (see the module
/// documentation): whether it is a candidate.
struct PairTest<'a> {
    s: &'a Setup<'a>,
    states: &'a Frames,
    j: usize,
    d: f64,
    half: f64,
    q: f64,
    slack: f64,
    tested: u64,
}

impl PairTest<'_> {
    #[inline]
    fn test(&mut self, a: &Pt, b: &Pt, out: &mut Vec<(u32, u32)>) {
        if a.norad == b.norad || (self.s.n_primaries > 0 && !a.primary && !b.primary) {
            return;
        }
        let (oa, ob) = (a.obj as usize, b.obj as usize);
        self.tested += 1;
        let dp = self.d + 0.5 * (a.acc + b.acc) * self.q + self.slack;
        let dr = [b.r[0] - a.r[0], b.r[1] - a.r[1], b.r[2] - a.r[2]];
        // |Δr| ≤ D' + |Δv|·h/2 ≤ D' + (|v₁| + |v₂|)·h/2 for any candidate.
        let reach = dp + (a.speed + b.speed) * self.half;
        if dot(&dr, &dr) > reach * reach {
            return;
        }
        let dv = [b.v[0] - a.v[0], b.v[1] - a.v[1], b.v[2] - a.v[2]];
        if segment_min_sq(&dr, &dv, self.half) <= dp * dp
            && !receding_throughout(self.states, self.j, oa, ob, &dr, &dv, 2.0 * self.half)
        {
            out.push((a.obj, b.obj));
        }
    }
}

/// Candidate pairs (indices among the propagated objects) at sample `j` of `states`,
/// and how many pairs were tested.
fn sample_candidates(
    s: &Setup,
    states: &Frames,
    j: usize,
    sc: &mut Scratch,
) -> (Vec<(u32, u32)>, u64) {
    let req = s.req;
    let h = req.step_s;
    let half = 0.5 * h;
    let max = sample_points(s, states, j, &mut sc.valid);
    let d = req.threshold_km;
    // Velocities off by δv each move the extrapolation by up to 2·δv·h/2.
    let slack = SLACK_KM + VELOCITY_INCONSISTENCY_KM_S * h;
    let mut pt = PairTest {
        s,
        states,
        j,
        d,
        half,
        q: half * half,
        slack,
        tested: 0,
    };
    let mut out = Vec::new();
    if s.n_primaries > 0 && s.n_primaries <= DIRECT_PRIMARIES {
        let pts = &sc.valid;
        for a in pts.iter().filter(|p| s.primary[p.obj as usize]) {
            for b in pts.iter() {
                // A pair of primaries once, from the lower one.
                if b.obj == a.obj || (s.primary[b.obj as usize] && b.obj < a.obj) {
                    continue;
                }
                pt.test(a, b, &mut out);
            }
        }
        return (out, pt.tested);
    }
    // Fast objects (eccentric orbits near perigee: few at any instant) are compared
    // with every object; the grid holds the others, its cells sized from their speed.
    let split = max.n_fast <= MAX_FAST;
    let vmax = if split { max.speed_slow } else { max.speed_all };
    // Every pair within R of each other at this sample is in neighbouring cells.
    let reach = d + max.acc * pt.q + slack + vmax * h;
    let map = CellMap::new(reach / SUB as f64, max.extent);
    let len = build_grid(sc, &map, split);
    let pts = &sc.pts;
    let n = pts.len();
    // Fast points against every point (pairs of fast points once).
    for f in len..n {
        for b in 0..n {
            if b == f || (b >= len && b < f) {
                continue;
            }
            pt.test(&pts[f], &pts[b], &mut out);
        }
    }
    sweep(sc, &map, reach * reach, &mut |a, b| pt.test(a, b, &mut out));
    (out, pt.tested)
}

/// Every pair of grid points within `sqrt(r2)` of each other, once, to `f` (with
/// AVX2 where the CPU has it: the same operations, so the same pairs).
fn sweep<F: FnMut(&Pt, &Pt)>(sc: &mut Scratch, map: &CellMap, r2: f64, f: &mut F) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: AVX2 was detected at run time just above, the only requirement of
        // a `#[target_feature]` function.
        unsafe { sweep_avx2(sc, map, r2, f) };
        return;
    }
    sweep_body(sc, map, r2, f);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline(never)]
unsafe fn sweep_avx2<F: FnMut(&Pt, &Pt)>(sc: &mut Scratch, map: &CellMap, r2: f64, f: &mut F) {
    sweep_body(sc, map, r2, f);
}

/// Appends to `hits[*n..]` (branch-free: `hits` has room for every point) the
/// indices `base + k` of the points `k` of `xs, ys, zs` within `sqrt(r2)` of `a`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn near(
    xs: &[f64],
    ys: &[f64],
    zs: &[f64],
    base: usize,
    (ax, ay, az): (f64, f64, f64),
    r2: f64,
    hits: &mut [u32],
    n: &mut usize,
) {
    for (k, ((&x, &y), &z)) in xs.iter().zip(ys).zip(zs).enumerate() {
        let (dx, dy, dz) = (x - ax, y - ay, z - az);
        hits[*n] = (base + k) as u32;
        *n += usize::from(dx * dx + dy * dy + dz * dz <= r2);
    }
}

#[inline(always)]
fn sweep_body<F: FnMut(&Pt, &Pt)>(sc: &mut Scratch, map: &CellMap, r2: f64, f: &mut F) {
    let forward = map.forward_columns();
    let mut ptr = [0usize; N_COLUMNS];
    let mut ranges = [(0usize, 0usize); N_COLUMNS];
    let mut hits = std::mem::take(&mut sc.hits);
    let cells = &sc.cells;
    let (xs, ys, zs, pts) = (&sc.x[..], &sc.y[..], &sc.z[..], &sc.pts[..]);
    // Room for every point (and one more for the branch-free write).
    hits.clear();
    hits.resize(pts.len() + 1, 0);
    for c in 0..cells.len() - 1 {
        let (key, s0) = cells[c];
        let (s0, s1) = (s0 as usize, cells[c + 1].1 as usize);
        // The points of each forward column: cells `key + lo ..= key + hi`. The
        // pointers only move forward, as the keys do; the sentinel stops them.
        for (o, &(lo, hi)) in forward.iter().enumerate() {
            let (lo, hi) = (key + lo, key + hi);
            let mut p = ptr[o];
            while cells[p].0 < lo {
                p += 1;
            }
            ptr[o] = p;
            let mut t = p;
            while cells[t].0 <= hi {
                t += 1;
            }
            ranges[o] = (cells[p].1 as usize, cells[t].1 as usize);
        }
        for a in s0..s1 {
            let pa = (xs[a], ys[a], zs[a]);
            let mut n = 0;
            near(
                &xs[a + 1..s1],
                &ys[a + 1..s1],
                &zs[a + 1..s1],
                a + 1,
                pa,
                r2,
                &mut hits,
                &mut n,
            );
            for &(b0, b1) in &ranges {
                near(
                    &xs[b0..b1],
                    &ys[b0..b1],
                    &zs[b0..b1],
                    b0,
                    pa,
                    r2,
                    &mut hits,
                    &mut n,
                );
            }
            for &b in &hits[..n] {
                f(&pts[a], &pts[b as usize]);
            }
        }
    }
    sc.hits = hits;
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

#[cfg(test)]
mod grid_tests {
    use super::*;
    use crate::catalog::Catalog;

    /// The points of the first `n` objects of the active catalog at `tai`.
    fn points(n: usize, tai: f64) -> Vec<Pt> {
        let cat = Catalog::bundled_active().unwrap();
        let sats: Vec<&Satellite> = cat.satellites.iter().take(n).collect();
        let fleet = Fleet::new(&sats).unwrap();
        let f = fleet
            .propagate_frames(&[tai], Output::PositionVelocity)
            .unwrap();
        (0..f.n_sats)
            .filter(|&i| f.codes[i] == 0)
            .map(|i| Pt {
                r: [f.x[i], f.y[i], f.z[i]],
                v: [f.vx[i], f.vy[i], f.vz[i]],
                norad: i as u64,
                obj: i as u32,
                ..Default::default()
            })
            .collect()
    }

    /// Pairs within `reach` by the grid (cells sized `reach`, covering `extent`).
    fn grid_pairs(pts: &[Pt], reach: f64, extent: f64) -> Vec<(u32, u32)> {
        let mut sc = Scratch {
            valid: pts.to_vec(),
            ..Default::default()
        };
        let map = CellMap::new(reach / SUB as f64, extent);
        let len = build_grid(&mut sc, &map, false);
        assert_eq!(len, pts.len());
        let mut out = Vec::new();
        sweep(&mut sc, &map, reach * reach, &mut |a, b| {
            out.push((a.obj.min(b.obj), a.obj.max(b.obj)))
        });
        out.sort_unstable();
        out
    }

    fn brute_pairs(pts: &[Pt], reach: f64) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        for (i, a) in pts.iter().enumerate() {
            for b in &pts[i + 1..] {
                let d = [b.r[0] - a.r[0], b.r[1] - a.r[1], b.r[2] - a.r[2]];
                if dot(&d, &d) <= reach * reach {
                    out.push((a.obj.min(b.obj), a.obj.max(b.obj)));
                }
            }
        }
        out.sort_unstable();
        out
    }

    #[test]
    fn the_grid_finds_every_pair_within_its_radius_once() {
        let t0 = orrery_core::time::parse_epoch("2026-05-07T00:00:00 UTC")
            .unwrap()
            .to_tai_seconds();
        let pts = points(4000, t0 + 3600.0);
        let extent = pts
            .iter()
            .flat_map(|p| p.r)
            .fold(0.0f64, |m, x| m.max(x.abs()));
        // The radius of the default step (≈ 250 km), a short step's, and a long one's.
        for reach in [250.0, 30.0, 1000.0] {
            let brute = brute_pairs(&pts, reach);
            assert!(!brute.is_empty());
            assert_eq!(grid_pairs(&pts, reach, extent), brute, "reach {reach} km");
            // A cube far too small for the catalog: objects outside share its edge
            // cells (clamping keeps neighbours neighbours) and are still found.
            assert_eq!(grid_pairs(&pts, reach, 500.0), brute, "clamped, {reach} km");
        }
    }

    #[test]
    fn radix_sort_sorts_stably() {
        let mut keys: Vec<(u64, u32)> = (0..5000u32)
            .map(|i| ((u64::from(i) * 2_654_435_761) % 100_003 % (1 << 30), i))
            .collect();
        let mut want = keys.clone();
        want.sort_by_key(|&(k, _)| k);
        radix_sort(&mut keys, &mut Vec::new(), 30);
        assert_eq!(keys, want);
    }
}
