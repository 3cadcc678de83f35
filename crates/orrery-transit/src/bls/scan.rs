//! The per-period BLS kernel: phase binning and the box scan.
//!
//! Same result as astropy's `bls.c` (the best box, first one on ties, in
//! duration-then-start order), but organised for speed:
//! * binning multiplies by `1/period` and `1/bin` instead of dividing, in a
//!   first pass that the compiler vectorises; for cadences shorter than a
//!   bin, runs of consecutive points that share a bin are added as
//!   differences of a cumulative sum. A point within about one rounding
//!   error of a bin edge (or of a multiple of the period) can land in the
//!   neighbouring bin where astropy's division puts it; real time stamps
//!   essentially never do, but times on an exact grid commensurate with the
//!   bin width (t = 0.0204·i with 0.003-d bins) do, and then the power at
//!   those periods differs. Checking every point for this cost 20-70 %
//!   (measured), so it is documented instead. For time-sorted data with
//!   points closer than a bin, the prefix sums come straight from look-ups
//!   of the bin boundaries (`bounds.rs`), chosen per period by a measured
//!   cost ratio;
//! * prefix sums and their single-precision copies are formed in one pass
//!   (`prefix.rs`, AVX2 four bins at a time);
//! * the scan over box starts needs no division: with prefix sums `Y`, `W`,
//!   totals `S_y`, `S_w`, a box with `w_in = ΔW`, `y_in = ΔY`,
//!   `w_out = S_w − w_in` has depth `δ = (S_y·w_in − y_in·S_w)/(w_in·w_out)`,
//!   so its log-likelihood `½·w_in·δ²` beats the best so far `L` only if
//!   `ν² > 2L·w_in·w_out²` with `ν = S_y·w_in − y_in·S_w > 0` (and its SNR
//!   `δ/sqrt(1/w_in + 1/w_out)` beats `R` only if `ν² > R²·w_in·w_out·S_w`).
//!   `ν` is a difference of per-prefix values `Z = S_y·W − S_w·Y`.
//!   Blocks of 16 starts are screened in single precision (8 lanes per
//!   AVX2 register) with margins that bound every rounding error
//!   (`Screen32`); where those bounds do not hold, in double precision with
//!   a bound on `ν`'s rounding (`screen64`). A block that may hold a better
//!   box is screened start by start in double precision, and the survivors
//!   are evaluated with astropy's exact expressions, which decide. The
//!   thresholds are lowered (1e-9 relative in f64, 1e-6 in f32), so
//!   rounding can only send more boxes to the exact path, never skip a
//!   better box;
//! * the previous period's best box is evaluated first, at its duration and
//!   start ±2, and its value sets the screen's threshold from the start; it
//!   is not itself kept, so the result does not depend on the order of the
//!   periods.
//! * On x86-64 CPUs with AVX2 and FMA the same code is compiled a second time
//!   for them and chosen at run time.

use super::bounds::TimeIndex;
use super::Objective;

/// Per-thread scratch buffers (empty until `ensure`).
#[derive(Default)]
pub(super) struct Scratch {
    /// Bin of each point, plus a 0 sentinel (no point is in bin 0).
    idx: Vec<i32>,
    bins: Vec<[f64; 2]>,
    /// Prefix sums `[Y, W]` of the bins.
    sp: Vec<[f64; 2]>,
    /// `Z = S_y·W − S_w·Y` times `Screen32::z_scale`, and `W`, in single
    /// precision (the pre-screen's `ν` is a difference of two `Z`).
    zf: Vec<f32>,
    wf: Vec<f32>,
    /// The previous period's best box (duration index, start), tried first
    /// at the next period to give the pre-screen a high threshold at once.
    seed: Option<(usize, usize)>,
}

impl Scratch {
    /// Grows the buffers to hold `n_points` points and `max_bins` bins
    /// (new entries zero, as the kernel expects of the bins) and resets the
    /// sentinel after the points.
    pub(super) fn ensure(&mut self, n_points: usize, max_bins: usize) {
        if self.idx.len() < n_points + 1 {
            self.idx.resize(n_points + 1, 0);
        }
        self.idx[n_points] = 0;
        if self.bins.len() < max_bins + 1 {
            self.bins.resize(max_bins + 1, [0.0; 2]);
            self.sp.resize(max_bins + 1, [0.0; 2]);
            self.zf.resize(max_bins + 1 + L, 0.0);
            self.wf.resize(max_bins + 1 + L, 0.0);
        }
    }
}

/// Data and grid shared by all periods.
pub(super) struct Kernel<'a> {
    /// Times relative to the first, days.
    pub t: &'a [f64],
    /// `[w·y, w]` per point (scaled weights).
    pub wyw: &'a [[f64; 2]],
    /// Cumulative sums of `wyw`, `cum[i]` = sum over the first `i` points.
    pub cum: &'a [[f64; 2]],
    /// Whether consecutive points usually share a bin (cadence shorter than
    /// the bin): then runs are summed from `cum` instead of point by point.
    pub runs: bool,
    /// Boundary look-up table: when set, bins are filled from bin
    /// boundaries (see `bounds.rs`) instead of point by point.
    pub bounds: Option<&'a TimeIndex>,
    /// Bin width, days.
    pub bin: f64,
    pub oversample: usize,
    /// Durations in bins.
    pub dur_bins: &'a [usize],
    pub objective: Objective,
    /// astropy's `DBL_EPSILON` floor on `w_in`, `w_out`, in scaled weights.
    pub eps: f64,
    /// Largest `|y − median|` (flux units): `|δ| ≤ 2·y_max` for every box.
    pub y_max: f64,
    /// Smallest point weight (scaled).
    pub w_min: f64,
    /// A power of two with `(|S_y·W| + |S_w·Y|)·z_scale ≤ 1` for every
    /// prefix `W`, `Y` of every period (`None`: no single-precision screen).
    pub z_scale: Option<f64>,
    /// Totals of `w·y` and `w` over all points.
    pub s_y: f64,
    pub s_w: f64,
}

/// Tests set this to run the portable kernel on AVX2 machines too.
#[cfg(test)]
pub(super) static FORCE_PORTABLE: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Box starts tested together by the pre-screens.
const L: usize = 16;

/// Prefix sums at one period (all `n_bins + 1` long).
struct Prefix<'a> {
    /// `[Y, W]`: sums of `w·y` and `w` over bins `1..=i`.
    sp: &'a [[f64; 2]],
    /// `Z·z_scale` and `W` rounded to single precision (set when `screen`
    /// is), `n_bins + 1 + L` long: the padding fails the screen.
    zf: &'a [f32],
    wf: &'a [f32],
    screen: Option<Screen32>,
}

/// Error bounds of the single-precision pre-screen at one period.
///
/// `Z = S_y·W − S_w·Y` is formed in f64 times `z_scale`, a power of two that
/// makes `|S_y·W| + |S_w·Y| ≤ 1` for every prefix (`Kernel::z_scale`), so its
/// f64 rounding error is below `2ε`; rounding it to f32 adds at most
/// `u·Z_max` (`u = 2⁻²⁴`, `Z_max` the largest `|Z·z_scale|`) and so does
/// rounding `W ≤ W_max`, relative to `W_max`. Subtracting two of them gives
/// `ν` within `4u·Z_max + 4ε` and `w_in` within `3.01u·W_max`. The screen
/// tests `ν + e_nu` (an upper bound of `ν`, `e_nu = 8u·Z_max + 4ε`) against
/// lower bounds `w_in − e_w` and `(S_w − 10u·W_max) − w_in` (`e_w =
/// 8u·W_max`), each margin covering the rounding of the operation that
/// applies it, with the threshold lowered by 1e-6 relative for the three f32
/// products. `Z_max` is not smaller than `2⁻³⁰`, so that `(ν + e_nu)²`
/// (at least `e_nu²/4` when `ν > 0`) is a normal f32.
///
/// A box whose lower bound of `w_in` is negative has `w_in < 2·e_w`. When
/// every point weighs more than `4·e_w` such a box is empty. Otherwise,
/// since any box has `|δ| ≤ 2·y_max`, its `2L = w_in·δ²` and its `SNR² ≤
/// w_in·δ²` are below `8·e_w·y_max²`, and the screen is used only while the
/// threshold is at least twice that. It is also used only while the
/// products stay far from f32 overflow; otherwise the double-precision
/// screen runs.
#[derive(Debug, Clone, Copy)]
struct Screen32 {
    /// The power of two `Z` is multiplied by.
    z_scale: f64,
    e_nu: f32,
    e_w: f32,
    /// `S_w − 10u·W_max` rounded to f32 (a lower bound of `S_w − 9u·W_max`).
    c_out: f32,
    /// `S_w·(1 − 2u)` rounded to f32 (a lower bound of `S_w`).
    s_w: f32,
    /// Smallest threshold (unscaled) at which skipping `w_in < 2·e_w` is safe.
    thr_min: f64,
    /// Largest scaled threshold keeping `thr·den` below 1e37.
    thr_max: f64,
}

impl Screen32 {
    const U: f64 = 1.0 / 16_777_216.0;

    /// `z_max` = largest `|Z·z_scale|` in f32, `w_max` the last prefix
    /// weight, `s_w` the total weight, `w_min` the smallest point weight and
    /// `y_max` the largest `|y − median|`.
    fn new(z_scale: f64, z_max: f64, w_max: f64, s_w: f64, w_min: f64, y_max: f64) -> Option<Self> {
        if !(z_max >= 2f64.powi(-30) && w_max.is_finite()) {
            return None;
        }
        // The f32 maximum may be rounded down by u relative.
        let z_max = z_max * (1.0 + 2.0 * Self::U);
        let e_nu = 8.0 * Self::U * z_max + 4.0 * f64::EPSILON;
        let e_w = 8.0 * Self::U * w_max;
        let den_max = w_max * w_max * w_max.max(s_w);
        let thr_min = if w_min > 4.0 * e_w {
            0.0
        } else {
            16.0 * e_w * y_max * y_max
        };
        Some(Screen32 {
            z_scale,
            e_nu: e_nu as f32,
            e_w: e_w as f32,
            c_out: (s_w - 10.0 * Self::U * w_max) as f32,
            s_w: (s_w * (1.0 - 2.0 * Self::U)) as f32,
            thr_min,
            thr_max: 1e37 / den_max,
        })
        .filter(|sc| sc.thr_min.is_finite() && sc.thr_max.is_finite())
    }

    /// The f32 threshold for double-precision threshold `thr`, when the
    /// bounds above hold.
    #[inline(always)]
    fn threshold<const SNR: bool>(&self, thr: f64) -> Option<(&Self, f32)> {
        let scaled = thr * self.z_scale * self.z_scale;
        (thr >= self.thr_min && scaled <= self.thr_max)
            .then_some((self, (scaled * (1.0 - 1e-6)) as f32))
    }
}

/// First block of `L` starts (offset into the slices) holding a box that
/// may beat `thr`, by the single-precision screen (see `Screen32`).
#[inline(always)]
fn first_hit32<const SNR: bool>(
    lo_z: &[f32],
    hi_z: &[f32],
    lo_w: &[f32],
    hi_w: &[f32],
    sc: &Screen32,
    thr: f32,
) -> Option<usize> {
    let blocks = lo_z
        .chunks_exact(L)
        .zip(hi_z.chunks_exact(L))
        .zip(lo_w.chunks_exact(L).zip(hi_w.chunks_exact(L)));
    for (b, ((lz, hz), (lw, hw))) in blocks.enumerate() {
        let mut hit = false;
        for j in 0..L {
            let w_in = hw[j] - lw[j];
            let nu = (hz[j] - lz[j]) + sc.e_nu;
            let w_in_lo = w_in - sc.e_w;
            let w_out_lo = sc.c_out - w_in;
            let w_out_lo = if w_out_lo > 0.0 { w_out_lo } else { 0.0 };
            let den = if SNR {
                w_in_lo * w_out_lo * sc.s_w
            } else {
                w_in_lo * w_out_lo * w_out_lo
            };
            // ν·|ν| > thr·den: ν > 0 and ν² > thr·den (den ≥ 0 here).
            hit |= (w_in_lo >= 0.0) & (nu * nu.abs() > thr * den);
        }
        if hit {
            return Some(b * L);
        }
    }
    None
}

/// Whether the box between prefixes `p0` and `p1` may beat `thr`, in
/// double precision: `ν > 0` and `ν² > thr·den` (module doc) with `ν`
/// enlarged by a bound of its rounding error, `4ε·(|S_y·W_1| + |S_w·Y_1| +
/// |S_y·W_0| + |S_w·Y_0|)`, so that cancellation cannot hide a better box.
#[inline(always)]
fn screen64<const SNR: bool>(p0: [f64; 2], p1: [f64; 2], s_y: f64, s_w: f64, thr: f64) -> bool {
    let w_in = p1[1] - p0[1];
    let w_out = s_w - w_in;
    let (a1, b1, a0, b0) = (s_y * p1[1], s_w * p1[0], s_y * p0[1], s_w * p0[0]);
    let err = 4.0 * f64::EPSILON * (a1.abs() + b1.abs() + a0.abs() + b0.abs());
    let nu = ((a1 - b1) - (a0 - b0)) + err;
    let den = if SNR {
        w_in * w_out * s_w
    } else {
        w_in * w_out * w_out
    };
    (nu > 0.0) & (nu * nu > thr * den)
}

/// First block of `L` starts (offset into the slices) holding a box that
/// may beat `thr`, by `screen64`.
#[inline(always)]
fn first_hit64<const SNR: bool>(
    lo: &[[f64; 2]],
    hi: &[[f64; 2]],
    s_y: f64,
    s_w: f64,
    thr: f64,
) -> Option<usize> {
    let blocks = lo.chunks_exact(L).zip(hi.chunks_exact(L));
    for (b, (l, h)) in blocks.enumerate() {
        let mut hit = false;
        for j in 0..L {
            hit |= screen64::<SNR>(l[j], h[j], s_y, s_w, thr);
        }
        if hit {
            return Some(b * L);
        }
    }
    None
}

/// The best box at one period, in scaled weights.
#[derive(Debug, Clone, Copy)]
pub(super) struct Best {
    /// Objective in scaled weights (likelihood) or SNR (scale-free).
    pub value: f64,
    /// Index into the duration grid.
    pub kd: usize,
    /// First bin of the box (box covers bins `start+1 ..= start+db`).
    pub start: usize,
    pub w_in: f64,
    pub w_out: f64,
    pub depth: f64,
}

impl Kernel<'_> {
    /// The best box at `period` with at most `max_db` bins, `None` when no
    /// box has points both in and out of transit.
    pub(super) fn best_box(&self, period: f64, max_db: usize, s: &mut Scratch) -> Option<Best> {
        #[cfg(test)]
        if FORCE_PORTABLE.load(std::sync::atomic::Ordering::Relaxed) {
            return self.best_box_portable::<false>(period, max_db, s);
        }
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            // SAFETY: the CPU has AVX2 and FMA (checked just above), the only
            // requirement of a `#[target_feature]` function.
            return unsafe { self.best_box_avx2(period, max_db, s) };
        }
        self.best_box_portable::<false>(period, max_db, s)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn best_box_avx2(&self, period: f64, max_db: usize, s: &mut Scratch) -> Option<Best> {
        self.best_box_portable::<true>(period, max_db, s)
    }

    /// `AVX2`: the CPU has AVX2 and FMA (checked by the caller).
    #[inline(always)]
    fn best_box_portable<const AVX2: bool>(
        &self,
        period: f64,
        max_db: usize,
        s: &mut Scratch,
    ) -> Option<Best> {
        let n_bins = (period / self.bin).ceil() as usize + self.oversample;
        let z_max = self.bin_and_sum(period, n_bins, s, AVX2);
        let s_w = self.s_w;
        let sp = &s.sp[..=n_bins];
        let screen = self.z_scale.and_then(|z_scale| {
            Screen32::new(
                z_scale,
                f64::from(z_max),
                sp[n_bins][1],
                s_w,
                self.w_min,
                self.y_max,
            )
        });
        // Padding: boxes ending past the last prefix get ν ≈ −1e30 and fail.
        s.zf[n_bins + 1..n_bins + 1 + L].fill(-1e30);
        let w_last = s.wf[n_bins];
        s.wf[n_bins + 1..n_bins + 1 + L].fill(w_last);
        let pre = Prefix {
            sp,
            zf: &s.zf[..n_bins + 1 + L],
            wf: &s.wf[..n_bins + 1 + L],
            screen,
        };
        // Seed: the value of the previous period's best box (and its
        // neighbours) here. It is reached by a box of this period, so the
        // best box is at least as good; it only raises the pre-screen's
        // threshold and is not itself kept, so the result (the first best
        // box in scan order) does not depend on which period came before.
        let mut seed: Option<Best> = None;
        if let Some((kd, start)) = s.seed {
            if let Some(&db) = self
                .dur_bins
                .get(kd)
                .filter(|&&db| db <= n_bins.min(max_db))
            {
                let lo = start.saturating_sub(2).min(n_bins - db);
                let hi = (start + 2).min(n_bins - db);
                for n in lo..=hi {
                    match self.objective {
                        Objective::Likelihood => self.exact::<false>(sp, kd, db, n, &mut seed),
                        Objective::Snr => self.exact::<true>(sp, kd, db, n, &mut seed),
                    };
                }
            }
        }
        let floor = seed.map_or(f64::NEG_INFINITY, |b| b.value);
        let mut best: Option<Best> = None;
        for (kd, &db) in self.dur_bins.iter().enumerate() {
            if db > n_bins || db > max_db {
                continue;
            }
            match self.objective {
                Objective::Likelihood => self.scan::<false>(&pre, kd, db, floor, &mut best),
                Objective::Snr => self.scan::<true>(&pre, kd, db, floor, &mut best),
            }
        }
        if best.is_none() {
            // Only boxes of zero depth (or none with points in and out): the
            // fast test skips zero depths, astropy keeps the first one.
            for (kd, &db) in self.dur_bins.iter().enumerate() {
                if db > n_bins || db > max_db {
                    continue;
                }
                for n in 0..=n_bins - db {
                    match self.objective {
                        Objective::Likelihood => self.exact::<false>(sp, kd, db, n, &mut best),
                        Objective::Snr => self.exact::<true>(sp, kd, db, n, &mut best),
                    };
                }
            }
        }
        s.seed = best.map(|b| (b.kd, b.start));
        best
    }

    /// Bins the data in phase at `period` (bin 0 stays empty, the last
    /// `oversample` bins repeat the first ones so boxes may straddle phase 0,
    /// as in astropy), and leaves the prefix sums in `s.sp` and their f32
    /// copies in `s.zf`, `s.wf`; returns the largest `|zf|`.
    #[inline(always)]
    fn bin_and_sum(&self, period: f64, n_bins: usize, s: &mut Scratch, avx2: bool) -> f32 {
        let n = self.t.len();
        if let Some(ix) = self
            .bounds
            .filter(|ix| ix.cheaper(period, n_bins - self.oversample))
        {
            let nb = n_bins - self.oversample;
            let sp = &mut s.sp[..=n_bins];
            ix.prefix(period, self.bin, nb, self.oversample, self.cum, sp);
            let z_scale = self.z_scale.unwrap_or(0.0);
            return super::prefix::convert(
                sp,
                &mut s.zf[..=n_bins],
                &mut s.wf[..=n_bins],
                self.s_y * z_scale,
                -self.s_w * z_scale,
                avx2,
            );
        }
        let inv_p = 1.0 / period;
        let inv_bin = 1.0 / self.bin;
        let last = (n_bins - self.oversample) as f64;
        // Bin of each point: `(t mod P)/bin + 1`, vectorised (no division).
        for (k, &t) in s.idx[..n].iter_mut().zip(self.t) {
            let phase = t - period * (t * inv_p).floor();
            let x = (phase * inv_bin).clamp(0.0, last);
            // SAFETY: `x` is finite (t and the period are) and in
            // [0, last] with last ≤ 5e7 < i32::MAX (checked in `run`), so the
            // truncation is defined; this lets the conversion vectorise.
            *k = unsafe { x.to_int_unchecked::<i32>() } + 1;
        }
        // All zero: `new` allocates them so and the prefix pass re-zeroes them.
        let bins = &mut s.bins[..=n_bins];
        let idx = &s.idx[..=n];
        if self.runs {
            // Runs of equal bins end where idx[i] != idx[i+1] (the sentinel
            // ends the last one); a run's sum is a difference of `cum`. The
            // ends are found 64 points at a time as a bit mask, so there is
            // no branch per point to mispredict.
            let mut start = 0usize;
            let mut add_run = |end: usize, bins: &mut [[f64; 2]]| {
                if let (Some(&k), Some(c1), Some(c0)) =
                    (idx.get(end - 1), self.cum.get(end), self.cum.get(start))
                {
                    if let Some(b) = bins.get_mut(k as usize) {
                        b[0] += c1[0] - c0[0];
                        b[1] += c1[1] - c0[1];
                    }
                }
                start = end;
            };
            let (a, b) = (&idx[..n], &idx[1..]);
            let mut base = 0;
            for (ca, cb) in a.chunks_exact(64).zip(b.chunks_exact(64)) {
                let mut mask = 0u64;
                for j in 0..64 {
                    mask |= u64::from(ca[j] != cb[j]) << j;
                }
                while mask != 0 {
                    add_run(base + mask.trailing_zeros() as usize + 1, bins);
                    mask &= mask - 1;
                }
                base += 64;
            }
            for i in base..n {
                if a[i] != b[i] {
                    add_run(i + 1, bins);
                }
            }
        } else {
            for (&k, v) in idx.iter().zip(self.wyw) {
                if let Some(b) = bins.get_mut(k as usize) {
                    *b = [b[0] + v[0], b[1] + v[1]];
                }
            }
        }
        self.fold_and_sum(n_bins, s, avx2)
    }

    /// Copies the first `oversample` bins after the last ones (astropy's
    /// wrap-around), turns the bins into prefix sums in `s.sp` and their
    /// single-precision copies `s.zf`, `s.wf` (`prefix.rs`), zeroes the bins
    /// for the next period, and returns the largest `|zf|`.
    #[inline(always)]
    fn fold_and_sum(&self, n_bins: usize, s: &mut Scratch, avx2: bool) -> f32 {
        let bins = &mut s.bins[..=n_bins];
        for j in 1..=self.oversample {
            bins[n_bins - self.oversample + j - 1] = bins[j];
        }
        let z_scale = self.z_scale.unwrap_or(0.0);
        super::prefix::prefix_and_convert(
            bins,
            &mut s.sp[..=n_bins],
            &mut s.zf[..=n_bins],
            &mut s.wf[..=n_bins],
            self.s_y * z_scale,
            -self.s_w * z_scale,
            avx2,
        )
    }

    /// Scans every start of a `db`-bin box, updating `best`; boxes with an
    /// objective below `floor` (one reached by some box) need not be looked at.
    #[inline(always)]
    fn scan<const SNR: bool>(
        &self,
        pre: &Prefix,
        kd: usize,
        db: usize,
        floor: f64,
        best: &mut Option<Best>,
    ) {
        let sp = pre.sp;
        let (s_y, s_w) = (self.s_y, self.s_w);
        let n_bins = sp.len() - 1;
        let m = n_bins - db + 1;
        // Threshold on ν²/den (see module doc), lowered by 1e-9 relative.
        let threshold = |b: &Option<Best>| {
            let v = b.map_or(floor, |b| b.value.max(floor)).max(0.0);
            if SNR {
                v * v * (1.0 - 1e-9)
            } else {
                2.0 * v * (1.0 - 1e-9)
            }
        };
        let mut thr = threshold(best);
        // Whole blocks for the f64 screen; the f32 arrays are padded by
        // `L` entries that fail the screen, so its blocks may run past `m`.
        let (full64, full32) = (m / L * L, m.div_ceil(L) * L);
        let mut o = 0;
        let end = loop {
            // The single-precision screen where its error bounds hold at
            // this threshold, else the double-precision one.
            let (hit, end) = match pre.screen.as_ref().and_then(|sc| sc.threshold::<SNR>(thr)) {
                Some((sc, thr32)) => (
                    first_hit32::<SNR>(
                        &pre.zf[o..full32],
                        &pre.zf[o + db..full32 + db],
                        &pre.wf[o..full32],
                        &pre.wf[o + db..full32 + db],
                        sc,
                        thr32,
                    ),
                    full32,
                ),
                None if o < full64 => (
                    first_hit64::<SNR>(&sp[o..full64], &sp[o + db..full64 + db], s_y, s_w, thr),
                    full64,
                ),
                None => break o,
            };
            let Some(h) = hit else {
                break end;
            };
            // Each start of the block: the f64 screen, then astropy's formulas.
            let blk = o + h;
            for n in blk..(blk + L).min(m) {
                if screen64::<SNR>(sp[n], sp[n + db], s_y, s_w, thr)
                    && self.exact::<SNR>(sp, kd, db, n, best)
                {
                    thr = threshold(best);
                }
            }
            o = blk + L;
            if o >= m {
                break o;
            }
        };
        for n in end.min(m)..m {
            if screen64::<SNR>(sp[n], sp[n + db], s_y, s_w, thr)
                && self.exact::<SNR>(sp, kd, db, n, best)
            {
                thr = threshold(best);
            }
        }
    }

    /// astropy's expressions for the box of `db` bins after bin `n`;
    /// replaces `best` (and returns true) when strictly better.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn exact<const SNR: bool>(
        &self,
        sp: &[[f64; 2]],
        kd: usize,
        db: usize,
        n: usize,
        best: &mut Option<Best>,
    ) -> bool {
        let (Some(p0), Some(p1)) = (sp.get(n), sp.get(n + db)) else {
            return false;
        };
        let (s_y, s_w) = (self.s_y, self.s_w);
        let y_in = p1[0] - p0[0];
        let w_in = p1[1] - p0[1];
        let w_out = s_w - w_in;
        if w_in < self.eps || w_out < self.eps {
            return false;
        }
        let depth = (s_y - y_in) / w_out - y_in / w_in;
        if depth < 0.0 {
            return false;
        }
        let value = if SNR {
            depth / (1.0 / w_in + 1.0 / w_out).sqrt()
        } else {
            0.5 * w_in * depth * depth
        };
        if best.is_none_or(|b| value > b.value) {
            *best = Some(Best {
                value,
                kd,
                start: n,
                w_in,
                w_out,
                depth,
            });
            true
        } else {
            false
        }
    }
}
