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
//!   (measured), so it is documented instead; for time-sorted data with
//!   several points per bin and cycle, the bins are instead filled from
//!   look-ups of the bin boundaries (`bounds.rs`), chosen per period by a
//!   measured cost ratio;
//! * the scan over box starts needs no division: with prefix sums `Y`, `W`,
//!   totals `S_y`, `S_w`, a box with `w_in = ΔW`, `y_in = ΔY`,
//!   `w_out = S_w − w_in` has depth `δ = (S_y·w_in − y_in·S_w)/(w_in·w_out)`,
//!   so its log-likelihood `½·w_in·δ²` beats the best so far `L` only if
//!   `ν² > 2L·w_in·w_out²` with `ν = S_y·w_in − y_in·S_w > 0` (and its SNR
//!   `δ/sqrt(1/w_in + 1/w_out)` beats `R` only if `ν² > R²·w_in·w_out·S_w`).
//!   `ν` is formed as a difference of per-bin values `Z = S_y·W − S_w·Y`
//!   (computed once per period for all durations; same error order as
//!   forming `ΔW`, `ΔY` first, 3-5 % faster on the long-cadence bench).
//!   Blocks of 8 starts are tested with multiplications only (vectorised);
//!   the rare block that may hold a better box is re-evaluated with astropy's
//!   exact expressions, which decide. The test uses a threshold lowered by
//!   1e-9 relative, so rounding can only send more blocks to the exact path,
//!   never skip a better box.
//! * On x86-64 CPUs with AVX2 and FMA the same code is compiled a second time
//!   for them and chosen at run time.

use super::bounds::TimeIndex;
use super::Objective;

/// Per-thread scratch buffers.
pub(super) struct Scratch {
    /// Bin of each point, plus a 0 sentinel (no point is in bin 0).
    idx: Vec<i32>,
    bins: Vec<[f64; 2]>,
    /// Bin end indices of one cycle (boundary path).
    ends: Vec<u32>,
    sy: Vec<f64>,
    sw: Vec<f64>,
    /// `S_y·W − S_w·Y` per prefix (the pre-screen's `ν` is a difference of two).
    z: Vec<f64>,
}

impl Scratch {
    pub(super) fn new(n_points: usize, max_bins: usize) -> Self {
        Scratch {
            idx: vec![0; n_points + 1],
            bins: vec![[0.0; 2]; max_bins + 1],
            ends: vec![0; max_bins + 1],
            sy: vec![0.0; max_bins + 1],
            sw: vec![0.0; max_bins + 1],
            z: vec![0.0; max_bins + 1],
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
    /// Totals of `w·y` and `w` over all points.
    pub s_y: f64,
    pub s_w: f64,
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
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            // SAFETY: the CPU has AVX2 and FMA (checked just above), the only
            // requirement of a `#[target_feature]` function.
            return unsafe { self.best_box_avx2(period, max_db, s) };
        }
        self.best_box_portable(period, max_db, s)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn best_box_avx2(&self, period: f64, max_db: usize, s: &mut Scratch) -> Option<Best> {
        self.best_box_portable(period, max_db, s)
    }

    #[inline(always)]
    fn best_box_portable(&self, period: f64, max_db: usize, s: &mut Scratch) -> Option<Best> {
        let n_bins = (period / self.bin).ceil() as usize + self.oversample;
        self.bin_and_sum(period, n_bins, s);
        let (s_wy, s_w) = (self.s_y, self.s_w);
        for ((z, &y), &w) in s.z[..=n_bins]
            .iter_mut()
            .zip(&s.sy[..=n_bins])
            .zip(&s.sw[..=n_bins])
        {
            *z = s_wy * w - s_w * y;
        }
        let (sy, sw, z) = (&s.sy[..=n_bins], &s.sw[..=n_bins], &s.z[..=n_bins]);
        let mut best: Option<Best> = None;
        for (kd, &db) in self.dur_bins.iter().enumerate() {
            if db > n_bins || db > max_db {
                continue;
            }
            match self.objective {
                Objective::Likelihood => {
                    self.scan::<false>(sy, sw, z, s_wy, s_w, kd, db, &mut best)
                }
                Objective::Snr => self.scan::<true>(sy, sw, z, s_wy, s_w, kd, db, &mut best),
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
                        Objective::Likelihood => {
                            self.exact::<false>(sy, sw, s_wy, s_w, kd, db, n, &mut best)
                        }
                        Objective::Snr => {
                            self.exact::<true>(sy, sw, s_wy, s_w, kd, db, n, &mut best)
                        }
                    };
                }
            }
        }
        best
    }

    /// Bins the data in phase at `period` (bin 0 stays empty, the last
    /// `oversample` bins repeat the first ones so boxes may straddle phase 0,
    /// as in astropy), and leaves the prefix sums in `s.sy`, `s.sw`.
    #[inline(always)]
    fn bin_and_sum(&self, period: f64, n_bins: usize, s: &mut Scratch) {
        let n = self.t.len();
        if let Some(ix) = self
            .bounds
            .filter(|ix| ix.cheaper(period, n_bins - self.oversample))
        {
            let bins = &mut s.bins[..=n_bins];
            let nb = n_bins - self.oversample;
            ix.bin(period, self.bin, nb, self.cum, bins, &mut s.ends);
            self.fold_and_sum(n_bins, s);
            return;
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
        self.fold_and_sum(n_bins, s);
    }

    /// Copies the first `oversample` bins after the last ones (astropy's
    /// wrap-around) and turns the bins into prefix sums in `s.sy`, `s.sw`,
    /// zeroing the bins for the next period.
    #[inline(always)]
    fn fold_and_sum(&self, n_bins: usize, s: &mut Scratch) {
        let bins = &mut s.bins[..=n_bins];
        for j in 1..=self.oversample {
            bins[n_bins - self.oversample + j - 1] = bins[j];
        }
        // Prefix sums, zeroing the bins for the next period. Two halves run
        // as independent dependency chains, then the first half's total is
        // added to the second.
        let half = (n_bins + 2) / 2;
        let (b1, b2) = bins.split_at_mut(half);
        let (y1, y2) = s.sy[..=n_bins].split_at_mut(half);
        let (w1, w2) = s.sw[..=n_bins].split_at_mut(half);
        let (mut ya, mut wa, mut yb, mut wb) = (0.0, 0.0, 0.0, 0.0);
        let m = b2.len();
        for i in 0..half {
            if let (Some(b), Some(oy), Some(ow)) = (b1.get_mut(i), y1.get_mut(i), w1.get_mut(i)) {
                ya += b[0];
                wa += b[1];
                *oy = ya;
                *ow = wa;
                *b = [0.0; 2];
            }
            if i < m {
                if let (Some(b), Some(oy), Some(ow)) = (b2.get_mut(i), y2.get_mut(i), w2.get_mut(i))
                {
                    yb += b[0];
                    wb += b[1];
                    *oy = yb;
                    *ow = wb;
                    *b = [0.0; 2];
                }
            }
        }
        for (oy, ow) in y2.iter_mut().zip(w2.iter_mut()) {
            *oy += ya;
            *ow += wa;
        }
    }

    /// Scans every start of a `db`-bin box, updating `best`.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn scan<const SNR: bool>(
        &self,
        sy: &[f64],
        sw: &[f64],
        z: &[f64],
        s_y: f64,
        s_w: f64,
        kd: usize,
        db: usize,
        best: &mut Option<Best>,
    ) {
        let n_bins = sy.len() - 1;
        let m = n_bins - db + 1;
        let (Some(lo_z), Some(hi_z)) = (z.get(..m), z.get(db..)) else {
            return;
        };
        let (lo_w, hi_w) = (&sw[..m], &sw[db..]);
        // Threshold on ν²/den (see module doc), lowered by 1e-9 relative.
        let threshold = |b: &Option<Best>| match b {
            None => 0.0,
            Some(b) if SNR => b.value.max(0.0).powi(2) * (1.0 - 1e-9),
            Some(b) => 2.0 * b.value.max(0.0) * (1.0 - 1e-9),
        };
        let mut thr = threshold(best);
        const L: usize = 8;
        let blocks = m / L;
        for blk in 0..blocks {
            let o = blk * L;
            let (lz, hz) = (&lo_z[o..o + L], &hi_z[o..o + L]);
            let (lw, hw) = (&lo_w[o..o + L], &hi_w[o..o + L]);
            let mut hit = false;
            for j in 0..L {
                let w_in = hw[j] - lw[j];
                let w_out = s_w - w_in;
                // ν = S_y·w_in − y_in·S_w as a difference of prefix values
                // (same rounding order as forming w_in, y_in first).
                let nu = hz[j] - lz[j];
                let den = if SNR {
                    w_in * w_out * s_w
                } else {
                    w_in * w_out * w_out
                };
                hit |= (nu > 0.0) & (nu * nu > thr * den);
            }
            if hit {
                for n in o..o + L {
                    if self.exact::<SNR>(sy, sw, s_y, s_w, kd, db, n, best) {
                        thr = threshold(best);
                    }
                }
            }
        }
        for n in blocks * L..m {
            self.exact::<SNR>(sy, sw, s_y, s_w, kd, db, n, best);
        }
    }

    /// astropy's expressions for the box of `db` bins after bin `n`;
    /// replaces `best` (and returns true) when strictly better.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn exact<const SNR: bool>(
        &self,
        sy: &[f64],
        sw: &[f64],
        s_y: f64,
        s_w: f64,
        kd: usize,
        db: usize,
        n: usize,
        best: &mut Option<Best>,
    ) -> bool {
        let (Some(&y0), Some(&y1), Some(&w0), Some(&w1)) =
            (sy.get(n), sy.get(n + db), sw.get(n), sw.get(n + db))
        else {
            return false;
        };
        let y_in = y1 - y0;
        let w_in = w1 - w0;
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
