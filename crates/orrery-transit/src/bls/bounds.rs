//! Phase-bin prefix sums from bin boundaries, for time-sorted data sampled
//! more densely than the phase bins (short cadence).
//!
//! In cycle `k` of period `P`, phase bin `j` (astropy's
//! `floor(phase / bin)`) holds exactly the points with
//! `k·P + j·bin ≤ t < k·P + (j + 1)·bin` (the last bin of a cycle ends at
//! `(k + 1)·P`). With the points sorted in time and `cum` their cumulative
//! sums of `[w·y, w]`, the sum over bins `1..=j` is then
//! `Σ_k cum[e_k(j)] − Σ_k cum[e_k(0)]`, `e_k(j)` being the first point at or
//! after the end of bin `j` in cycle `k`: a period costs one boundary
//! look-up per bin and cycle (`≈ T/bin + T/P`) instead of one visit per
//! point, and each prefix is written once, with no scatter into bins. The
//! look-up is a table of first indices on a uniform time grid; when every
//! grid cell holds at most one point (regular cadence, grid step just under
//! the smallest time step), the table also stores each cell's first time
//! and cumulative sum, so a look-up reads its cell's time and then its own
//! or the next entry's sum (neighbouring memory).
//!
//! Rounding: a boundary `k·P + j·bin` is formed in floating point, where
//! astropy computes `t − P·floor(t/P)` and divides by the bin width; the two
//! can differ only for a point within a few rounding errors of a bin edge,
//! the same caveat as the point-by-point path (see `scan.rs`).

/// One grid cell of the table: the first point at or after its start.
#[derive(Debug, Clone, Copy)]
#[repr(C)]
struct Cell {
    /// `t[i]` (`+∞` when there is no such point).
    t: f64,
    /// `i` = number of points with `fl(t·inv_h) < m` for cell `m`.
    i: u32,
}

/// First-index table over a uniform time grid.
pub(super) struct TimeIndex {
    /// Sorted times (relative to the first), with a `+∞` sentinel at the end.
    t: Vec<f64>,
    cells: Vec<Cell>,
    inv_h: f64,
    /// Every cell holds at most one point: a look-up is then its cell's
    /// entry plus at most one step, decided by the time stored with it.
    single: bool,
    /// When `single`: per cell `[t, cum]` of its first point at or after
    /// its start (`set_sums`), plus a last copy, so that a look-up reads one
    /// or two neighbouring entries and no other array.
    sums: Vec<[f64; 3]>,
    /// `cum` at the first point at or after `j·first_bin`, `j = 0, 1, …`:
    /// the look-ups of cycle 0, the same at every period (`set_first_cycle`).
    first: Vec<[f64; 2]>,
    first_bin: f64,
}

impl TimeIndex {
    /// Builds the table for non-decreasing times `t` (≥ 0) with grid step
    /// `h`, or a step up to 0.99 of the smallest time step if that is
    /// larger (a smaller table, one point per cell); `None` if the times
    /// are not sorted, the step is not usable or the table would exceed
    /// `max_len` entries.
    pub(super) fn new(t: &[f64], h: f64, max_len: usize) -> Option<Self> {
        if t.is_empty() || t.len() >= u32::MAX as usize || !(h > 0.0 && h.is_finite()) {
            return None;
        }
        if t.windows(2).any(|w| !(w[0] <= w[1])) || !(t[0] >= 0.0) {
            return None;
        }
        let t_max = *t.last()?;
        let min_step = t
            .windows(2)
            .map(|w| w[1] - w[0])
            .fold(f64::INFINITY, f64::min);
        let h = if 0.99 * min_step > h && t_max / (0.99 * min_step) + 2.0 <= max_len as f64 {
            0.99 * min_step
        } else {
            h
        };
        let inv_h = 1.0 / h;
        let cells = (t_max * inv_h).floor();
        if !(cells.is_finite() && cells + 2.0 <= max_len.min(u32::MAX as usize) as f64) {
            return None;
        }
        let m_len = cells as usize + 2;
        let mut table = Vec::with_capacity(m_len);
        let mut i = 0usize;
        for m in 0..m_len {
            while t.get(i).is_some_and(|&x| x * inv_h < m as f64) {
                i += 1;
            }
            table.push(Cell {
                t: t.get(i).copied().unwrap_or(f64::INFINITY),
                i: i as u32,
            });
        }
        // (Truncation is the floor here, t ≥ 0; `floor` is a libm call on
        // baseline x86-64.)
        let single = t
            .windows(2)
            .all(|w| ((w[0] * inv_h) as u64) < ((w[1] * inv_h) as u64));
        let mut tt = Vec::with_capacity(t.len() + 1);
        tt.extend_from_slice(t);
        tt.push(f64::INFINITY);
        Some(TimeIndex {
            t: tt,
            cells: table,
            inv_h,
            single,
            sums: Vec::new(),
            first: Vec::new(),
            first_bin: f64::NAN,
        })
    }

    /// Stores the cumulative sums (`cum[i]` = sum of `[w·y, w]` over the
    /// first `i` points) with the cells, for the one-point-per-cell look-up,
    /// and pads the table with copies of its last entry (no point, the
    /// totals) up to time `t_max + pad_days` (at most `max_pad` entries),
    /// so that look-ups up to that time need no clamp.
    pub(super) fn set_sums(&mut self, cum: &[[f64; 2]], pad_days: f64, max_pad: usize) {
        if !self.single || cum.len() != self.t.len() {
            return;
        }
        self.sums = self
            .cells
            .iter()
            .map(|c| {
                let s = cum.get(c.i as usize).copied().unwrap_or([0.0; 2]);
                [c.t, s[0], s[1]]
            })
            .collect();
        let pad = (pad_days * self.inv_h).ceil() + 2.0;
        let pad = if pad.is_finite() && pad >= 0.0 && pad <= max_pad as f64 {
            pad as usize
        } else {
            0
        };
        if let Some(&last) = self.sums.last() {
            self.sums.resize(self.sums.len() + 1 + pad, last);
        }
    }

    /// Stores the look-ups of cycle 0 (bin ends `j·bin`, `j < n`), which
    /// do not depend on the period: each period then reads them in order
    /// instead of looking them up.
    pub(super) fn set_first_cycle(&mut self, cum: &[[f64; 2]], bin: f64, n: usize) {
        if cum.len() != self.t.len() || !(bin > 0.0) {
            return;
        }
        self.first = (0..n)
            .map(|j| {
                let i = self.first_at_or_after(j as f64 * bin);
                cum.get(i).copied().unwrap_or([0.0; 2])
            })
            .collect();
        self.first_bin = bin;
    }

    /// Whether binning at `period` with `nb` bins per cycle is cheaper by
    /// boundary look-ups than point by point: a look-up costs about as much
    /// as 2 point visits of the run path (measured on the 2-vCPU AMD EPYC
    /// development machine, AVX2, TESS 2-minute light curve: factor 2 and 1
    /// timed the same, 4, which sent those periods to the run path, 10 %
    /// slower).
    pub(super) fn cheaper(&self, period: f64, nb: usize) -> bool {
        let n = self.t.len() - 1;
        let t_max = self.t.get(n.wrapping_sub(1)).copied().unwrap_or(0.0);
        let cycles = (t_max / period).floor() + 1.0;
        2.0 * cycles * (nb as f64) < n as f64
    }

    /// Index of the first point with `t ≥ tau` (`tau ≥ 0`), or the number of
    /// points if there is none.
    ///
    /// Every point before `first[m]`, `m = floor(fl(tau·inv_h))`, has
    /// `fl(t·inv_h) < m ≤ fl(tau·inv_h)`, hence `t < tau` (rounding of a
    /// product by a positive number is monotone): the walk starts at or
    /// before the answer and stops at it (the `+∞` sentinel ends it).
    #[inline(always)]
    fn first_at_or_after(&self, tau: f64) -> usize {
        let last = self.cells.len() - 1;
        // SAFETY-free conversion: `as` saturates, and the value is clamped.
        let m = ((tau * self.inv_h) as usize).min(last);
        let mut i = self.cells.get(m).map_or(0, |c| c.i as usize);
        // With a grid step below the cadence a cell holds at most one
        // point: one branch-free step, then a loop that is rarely entered.
        i += usize::from(self.t.get(i).is_some_and(|&x| x < tau));
        while self.t.get(i).is_some_and(|&x| x < tau) {
            i += 1;
        }
        i
    }

    /// The prefix sums over phase bins at `period` straight from the
    /// boundary look-ups, without forming the bins: with `e_k(j)` the first
    /// point at or after the end of bin `j` in cycle `k` (end `k·P + j·bin`,
    /// the last bin ending at `(k + 1)·P`) and `cum` the cumulative sums of
    /// the sorted points' `[w·y, w]`, bins `1..=j` hold
    /// `Σ_k cum[e_k(j)] − Σ_k cum[e_k(0)]`. Each prefix is thus a sum of
    /// look-ups, written once (no scatter into bins, whose stores are what
    /// binning costs). Fills `sp[..=nb + oversample]` as the bins of
    /// `scan.rs` would give after astropy's wrap-around copy of the first
    /// `oversample` bins to positions `nb..`.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub(super) fn prefix(
        &self,
        period: f64,
        bin: f64,
        nb: usize,
        oversample: usize,
        cum: &[[f64; 2]],
        sp: &mut [[f64; 2]],
    ) {
        let n = self.t.len() - 1;
        let n_bins = nb + oversample;
        let (Some(&t_max), Some(sp)) = (self.t.get(n.wrapping_sub(1)), sp.get_mut(..=n_bins))
        else {
            return;
        };
        if nb < oversample.max(1) || cum.len() != n + 1 {
            return;
        }
        // Cycles k with k·P ≤ t_max (later ones hold no points).
        let cycles = (t_max / period).floor() as usize + 1;
        // Every look-up is at a time of at most `cycles·P` (the last bin of
        // a cycle ends at the next cycle's start; `(nb − 1)·bin < P`), which
        // is at most `t_max + P`: when the padded table reaches past it, no
        // clamp is needed.
        let tau_max = cycles as f64 * period;
        let padded = self.single
            && self.sums.len() > self.cells.len()
            && tau_max * self.inv_h + 2.0 < self.sums.len() as f64;
        if padded {
            self.real_prefix::<true, true>(period, bin, nb, cycles, cum, sp);
        } else if !self.real_prefix::<true, false>(period, bin, nb, cycles, cum, sp) {
            self.real_prefix::<false, false>(period, bin, nb, cycles, cum, sp);
        }
        // astropy's wrap-around: bins nb.. become copies of bins 1..; the
        // copy to bin nb comes first, so a copy of bin nb (only when
        // nb = oversample) is a copy of bin 1.
        let last = sp[nb - 1];
        for i in 0..oversample {
            let j = i + 1;
            let add = if j < nb {
                sp[j]
            } else {
                [last[0] + sp[1][0], last[1] + sp[1][1]]
            };
            sp[nb + i] = [last[0] + add[0], last[1] + add[1]];
        }
        sp[n_bins] = sp[n_bins - 1];
    }

    /// Prefix sums of the real bins `1..=nb` into `sp[..=nb]`. `FAST`: each
    /// look-up takes at most one step past its table entry, and false is
    /// returned (the caller then runs the general walk) if one needed more.
    /// `PADDED`: the padded table of `set_sums` covers every look-up time
    /// (checked by the caller), so the cell index needs no clamp.
    #[inline(always)]
    fn real_prefix<const FAST: bool, const PADDED: bool>(
        &self,
        period: f64,
        bin: f64,
        nb: usize,
        cycles: usize,
        cum: &[[f64; 2]],
        sp: &mut [[f64; 2]],
    ) -> bool {
        let last_f = (self.cells.len() - 1) as f64;
        // The last point's time (`t` ends with a +∞ sentinel) and the sums
        // over all points.
        let t_max = self.t.len().checked_sub(2).map_or(0.0, |i| self.t[i]);
        let total = cum.last().copied().unwrap_or([0.0; 2]);
        let single = self.single;
        let sums = (single && self.sums.len() > self.cells.len()).then_some(&self.sums[..]);
        let mut behind = false;
        let mut look = |tau: f64| -> [f64; 2] {
            if let (true, Some(sums)) = (FAST, sums) {
                // One point per cell: cum at this cell's first point, or at
                // the next point (the next cell's first) if it is before tau.
                // tau ≥ 0, so only the upper clamp is needed.
                let x = if PADDED {
                    tau * self.inv_h
                } else {
                    (tau * self.inv_h).min(last_f)
                };
                // SAFETY: `x` is finite and ≥ 0; unpadded it is at most
                // last < u32::MAX (checked in `new`) and m + 1 ≤ last + 1 <
                // sums.len(); padded, the caller checked x + 2 < sums.len()
                // (≤ u32::MAX + pad, far below 2⁶³), so the truncation to i64 is
                // defined and m + 1 < sums.len().
                let e = unsafe {
                    let m = x.to_int_unchecked::<i64>() as usize;
                    let step = usize::from(sums.get_unchecked(m)[0] < tau);
                    *sums.get_unchecked(m + step)
                };
                return [e[1], e[2]];
            }
            let i = if FAST {
                // SAFETY: `x` is finite (tau is), ≥ 0 and ≤ last < u32::MAX
                // (checked in `new`), so the truncation is defined;
                // m ≤ last < cells.len(); cells[m].i ≤ n < t.len(), and
                // t[n] = +∞ is never < tau, so i stays ≤ n < cum.len().
                unsafe {
                    let x = (tau * self.inv_h).clamp(0.0, last_f);
                    let m = x.to_int_unchecked::<u32>() as usize;
                    let c = *self.cells.get_unchecked(m);
                    let i = c.i as usize + usize::from(c.t < tau);
                    if !single {
                        // More than one point per cell: check the step.
                        behind |= *self.t.get_unchecked(i) < tau;
                    }
                    i
                }
            } else {
                self.first_at_or_after(tau)
            };
            cum.get(i).copied().unwrap_or([0.0; 2])
        };
        let mut c0 = [0.0f64; 2];
        for k in 0..cycles {
            let c = look(k as f64 * period);
            c0 = [c0[0] + c[0], c0[1] + c[1]];
        }
        sp[0] = [0.0; 2];
        // Cycle 0's look-ups, when stored for this bin width (the same
        // values: bin ends `0·P + j·bin = j·bin` exactly).
        let first = (self.first_bin == bin && self.first.len() >= nb).then_some(&self.first[..]);
        // Cycles in groups of `G`: within a group each bin's look-ups walk
        // `G` time-ordered streams (which the prefetchers follow), and the
        // group's sum is added to the bin's prefix with one store.
        const G: usize = 16;
        for g in (0..cycles).step_by(G) {
            let m = (cycles - g).min(G);
            let bases: [f64; G] = std::array::from_fn(|q| (g + q) as f64 * period);
            let bases = &bases[..m];
            // The first group starts from the stored cycle-0 look-ups.
            let (first, later) = match first {
                Some(f) if g == 0 => (Some(f), &bases[1..]),
                _ => (None, bases),
            };
            // The last cycle ends after the last point: its bin ends past
            // `t_max` find no point, and their look-up is the total (the
            // same value, without the look-up).
            let (later, last) = match later.split_last() {
                Some((&b, rest)) if g + m == cycles => (rest, Some(b)),
                _ => (later, None),
            };

            let put = |j: usize, acc: [f64; 2], sp: &mut [[f64; 2]]| {
                if let Some(o) = sp.get_mut(j) {
                    *o = if g == 0 {
                        [acc[0] - c0[0], acc[1] - c0[1]]
                    } else {
                        [o[0] + acc[0], o[1] + acc[1]]
                    };
                }
            };
            // Bins 1..nb four at a time (independent look-ups and sums).
            let mut j = 1;
            while j + 4 <= nb {
                let mut acc = match first {
                    Some(f) => std::array::from_fn(|q| f.get(j + q).copied().unwrap_or([0.0; 2])),
                    None => [[0.0f64; 2]; 4],
                };
                let jb = [j, j + 1, j + 2, j + 3].map(|x| x as f64 * bin);
                for &base in later {
                    for q in 0..4 {
                        let c = look(base + jb[q]);
                        acc[q] = [acc[q][0] + c[0], acc[q][1] + c[1]];
                    }
                }
                if let Some(base) = last {
                    for q in 0..4 {
                        let tau = base + jb[q];
                        let c = if tau > t_max { total } else { look(tau) };
                        acc[q] = [acc[q][0] + c[0], acc[q][1] + c[1]];
                    }
                }
                for (q, a) in acc.iter().enumerate() {
                    put(j + q, *a, sp);
                }
                j += 4;
            }
            for j in j..=nb {
                let tau = |base: f64| {
                    if j == nb {
                        base + period
                    } else {
                        base + j as f64 * bin
                    }
                };
                let mut acc = match first {
                    Some(f) if j < nb => f.get(j).copied().unwrap_or([0.0; 2]),
                    // Cycle 0 is looked up here (bin nb ends at P, not nb·bin).
                    Some(_) => look(tau(0.0)),
                    None => [0.0f64; 2],
                };
                for &base in later {
                    let c = look(tau(base));
                    acc = [acc[0] + c[0], acc[1] + c[1]];
                }
                if let Some(base) = last {
                    let tau = tau(base);
                    let c = if tau > t_max { total } else { look(tau) };
                    acc = [acc[0] + c[0], acc[1] + c[1]];
                }
                put(j, acc, sp);
            }
        }
        !(FAST && behind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_up_matches_a_linear_search() {
        // Uneven steps, duplicate times and a gap.
        let mut t = vec![0.0, 0.0, 0.3, 0.31, 0.31, 0.7];
        t.extend((0..50).map(|i| 5.0 + 0.1 * i as f64));
        for h in [0.05, 0.1, 0.37, 2.0] {
            let ix = TimeIndex::new(&t, h, 10_000).unwrap();
            for k in 0..1000 {
                let tau = k as f64 * 0.0107;
                let want = t.iter().position(|&x| x >= tau).unwrap_or(t.len());
                assert_eq!(ix.first_at_or_after(tau), want, "h {h} tau {tau}");
            }
        }
    }

    #[test]
    fn prefix_matches_point_by_point_bins_with_wrap() {
        let t: Vec<f64> = (0..3000)
            .map(|i| i as f64 * 0.001 + 1e-7 * (i as f64 * 0.618_034).fract())
            .map(|x| if x > 1.0 { x + 0.5 } else { x })
            .collect();
        let v: Vec<[f64; 2]> = (0..3000)
            .map(|i| [(i as f64).sin(), 1.0 + (i % 3) as f64])
            .collect();
        let mut cum = vec![[0.0; 2]];
        for x in &v {
            let c = *cum.last().unwrap();
            cum.push([c[0] + x[0], c[1] + x[1]]);
        }
        // Regular case, nb = oversample (wrap copies bin nb too) and a
        // cadence irregular enough for the general walk (h = 0.003).
        for (period, bin, oversample, h) in [
            (0.37_f64, 0.004_f64, 10usize, 0.0005),
            (0.04, 0.004, 10, 0.0005),
            (0.37, 0.004, 10, 0.003),
        ] {
            let nb = (period / bin).ceil() as usize;
            let n_bins = nb + oversample;
            let mut ix = TimeIndex::new(&t, h, 100_000).unwrap();
            // Unpadded and padded table, with and without stored cycle 0.
            let mut sps = Vec::new();
            for (pad, first) in [
                (0.0, false),
                (period + 2.0 * bin, false),
                (period + 2.0 * bin, true),
            ] {
                ix.set_sums(&cum, pad, 100_000);
                if first {
                    ix.set_first_cycle(&cum, bin, n_bins + 1);
                }
                let mut sp = vec![[0.0; 2]; n_bins + 1];
                ix.prefix(period, bin, nb, oversample, &cum, &mut sp);
                sps.push(sp);
            }
            // The same sums in the same order: equal to the bit.
            assert_eq!(sps[0], sps[1]);
            assert_eq!(sps[0], sps[2]);
            let sp = &sps[0];
            let mut bins = vec![[0.0; 2]; n_bins + 1];
            for (x, v) in t.iter().zip(&v) {
                let j = ((x - period * (x / period).floor()) / bin) as usize + 1;
                bins[j][0] += v[0];
                bins[j][1] += v[1];
            }
            for j in 1..=oversample {
                bins[nb + j - 1] = bins[j];
            }
            let mut acc = [0.0; 2];
            for (j, b) in bins.iter().enumerate() {
                acc = [acc[0] + b[0], acc[1] + b[1]];
                assert!(
                    (sp[j][0] - acc[0]).abs() < 1e-9 && (sp[j][1] - acc[1]).abs() < 1e-9,
                    "P {period} j {j}: {:?} vs {acc:?}",
                    sp[j]
                );
            }
        }
    }

    #[test]
    fn unsorted_or_bad_step_gives_no_table() {
        assert!(TimeIndex::new(&[0.0, 2.0, 1.0], 0.5, 100).is_none());
        assert!(TimeIndex::new(&[0.0, 1.0], 0.0, 100).is_none());
        assert!(TimeIndex::new(&[0.0, 1.0, 1e6], 1e-3, 100).is_none());
        // A step of 0.99 of the smallest time step when that is larger.
        let ix = TimeIndex::new(&[0.0, 1.0, 3.0], 0.1, 100).unwrap();
        assert!(ix.single && (ix.inv_h - 1.0 / 0.99).abs() < 1e-12);
    }
}
