//! SPK segments of types 2 and 3: Chebyshev polynomials over fixed-length intervals.
//!
//! NAIF *SPK Required Reading*, "Type 2: Chebyshev (position only)" and
//! "Type 3: Chebyshev (position and velocity)". A segment's data are `N`
//! records of `RSIZE` doubles followed by a directory `INIT, INTLEN, RSIZE, N`
//! (INIT and INTLEN in TDB seconds past J2000). Each record holds `MID, RADIUS`
//! and then the Chebyshev coefficients of X, Y, Z (type 2; km) or of X, Y, Z,
//! VX, VY, VZ (type 3; km and km/s), `(RSIZE - 2) / 3` or `/ 6` each.
//!
//! The record index and the normalised time are computed as jplephem does
//! (`divmod(t - INIT, INTLEN)`, `s = 2 offset / INTLEN - 1`, the last record
//! also serving its end instant), so that both agree to the last bits.

use super::daf::{word_offset, Endian};

/// The SPK segment types this reader evaluates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentType {
    /// Type 2: Chebyshev position; velocity is its time derivative.
    Chebyshev2,
    /// Type 3: Chebyshev position and velocity.
    Chebyshev3,
}

/// A validated type 2 or 3 segment: every record lies inside the file.
#[derive(Debug, Clone)]
pub struct Segment {
    /// NAIF id of the target body.
    pub target: i32,
    /// NAIF id of the centre body.
    pub center: i32,
    /// NAIF id of the reference frame (1 = J2000/ICRF, 17 = ECLIPJ2000).
    pub frame: i32,
    /// Segment type.
    pub kind: SegmentType,
    /// First instant covered, TDB seconds past J2000.
    pub start: f64,
    /// Last instant covered, TDB seconds past J2000.
    pub end: f64,
    /// Segment name from the DAF name record.
    pub name: String,
    /// Start of the first record, TDB seconds past J2000.
    init: f64,
    /// Length of each record's interval, s.
    intlen: f64,
    /// Doubles per record.
    rsize: usize,
    /// Number of records.
    n: usize,
    /// Chebyshev coefficients per component.
    ncoef: usize,
    /// Byte offset of the first record in the file.
    offset: usize,
}

/// Largest |time| accepted in a segment summary, TDB s past J2000 (about
/// ±31,700 years; DE441 spans −13,200 to +17,191).
pub const MAX_SECONDS: f64 = 1e12;

/// Largest Chebyshev degree + 1 accepted (DE kernels use at most 15).
pub const MAX_COEFFICIENTS: usize = 64;

impl Segment {
    /// Builds a segment from a summary's components and checks it against the file.
    ///
    /// `doubles` = (start, end) and `ints` = (target, centre, frame, type,
    /// first address, last address), the SPK summary layout. Returns `Ok(None)`
    /// for a segment type this reader does not evaluate (the caller lists it).
    pub fn new(
        data: &[u8],
        endian: Endian,
        doubles: &[f64],
        ints: &[i32],
        name: String,
    ) -> Result<Option<Segment>, String> {
        let (&[start, end], &[target, center, frame, kind, first, last]) = (doubles, ints) else {
            return Err("summary is not an SPK summary (ND=2, NI=6)".into());
        };
        let what = format!("segment '{name}' ({target} wrt {center})");
        if !(start.abs() <= MAX_SECONDS && end.abs() <= MAX_SECONDS && start <= end) {
            return Err(format!("{what}: bad time span {start} .. {end}"));
        }
        let kind = match kind {
            2 => SegmentType::Chebyshev2,
            3 => SegmentType::Chebyshev3,
            _ => return Ok(None),
        };
        let (Some(lo), Some(hi)) = (word_offset(first.into()), word_offset(last.into())) else {
            return Err(format!("{what}: bad addresses {first}..{last}"));
        };
        if hi < lo + 8 * 4 || hi + 8 > data.len() {
            return Err(format!(
                "{what}: addresses {first}..{last} do not fit in the {} bytes of the file",
                data.len()
            ));
        }
        let dir = |k: usize| super::daf::read_f64(data, hi - 8 * (3 - k), endian);
        let (init, intlen, rsize, n) = (dir(0)?, dir(1)?, dir(2)?, dir(3)?);
        let words = (hi - lo) / 8 + 1;
        let ok = |v: f64| v.is_finite() && v >= 1.0 && v.fract() == 0.0 && v <= words as f64;
        if !(init.is_finite() && intlen.is_finite() && intlen > 0.0 && ok(rsize) && ok(n)) {
            return Err(format!(
                "{what}: bad directory INIT={init} INTLEN={intlen} RSIZE={rsize} N={n}"
            ));
        }
        let (rsize, n) = (rsize as usize, n as usize);
        let components = match kind {
            SegmentType::Chebyshev2 => 3,
            SegmentType::Chebyshev3 => 6,
        };
        let ncoef = rsize.saturating_sub(2) / components;
        if ncoef == 0 || ncoef > MAX_COEFFICIENTS || 2 + ncoef * components != rsize {
            return Err(format!("{what}: record size {rsize} does not fit type {components}-component Chebyshev data"));
        }
        if n.checked_mul(rsize).is_none_or(|w| w + 4 > words) {
            return Err(format!(
                "{what}: {n} records of {rsize} words overrun the segment's {words} words"
            ));
        }
        Ok(Some(Segment {
            target,
            center,
            frame,
            kind,
            start,
            end,
            name,
            init,
            intlen,
            rsize,
            n,
            ncoef,
            offset: lo,
        }))
    }

    /// Byte range of the segment's records in the file.
    pub fn byte_range(&self) -> (usize, usize) {
        (self.offset, self.offset + self.n * self.rsize * 8)
    }

    /// Whether `t` (TDB s past J2000) lies in the segment's span.
    #[inline]
    pub fn covers(&self, t: f64) -> bool {
        self.start <= t && t <= self.end
    }

    /// Position (km) and velocity (km/s) of the target relative to the centre,
    /// in the segment's frame, at `t` TDB seconds past J2000.
    ///
    /// The bytes must be the (little-endian) file this segment was built from.
    /// Returns `None` when `t` falls outside the records (a damaged directory).
    #[inline]
    pub fn evaluate(&self, data: &[u8], t: f64) -> Option<([f64; 3], [f64; 3])> {
        // Python's float divmod, as jplephem: offset = fmod, index = (a - offset) / b.
        let a = t - self.init;
        let mut offset = a.rem_euclid(self.intlen);
        let q = ((a - offset) / self.intlen).round();
        if !(q >= 0.0 && q <= self.n as f64) {
            return None;
        }
        let mut index = q as usize;
        if index == self.n {
            index -= 1;
            offset += self.intlen;
        }
        let start = self.offset + index * self.rsize * 8;
        let record = data.get(start + 16..start + self.rsize * 8)?;
        let s = 2.0 * offset / self.intlen - 1.0;
        let bytes = self.ncoef * 8;
        let mut pos = [0.0; 3];
        let mut vel = [0.0; 3];
        match self.kind {
            SegmentType::Chebyshev2 => {
                let rate = 2.0 / self.intlen;
                for (c, coef) in record.chunks_exact(bytes).take(3).enumerate() {
                    let (p, v) = chebyshev(coef, s);
                    pos[c] = p;
                    vel[c] = v * rate;
                }
            }
            SegmentType::Chebyshev3 => {
                for (c, coef) in record.chunks_exact(bytes).take(6).enumerate() {
                    let p = chebyshev(coef, s).0;
                    if c < 3 {
                        pos[c] = p;
                    } else {
                        vel[c - 3] = p;
                    }
                }
            }
        }
        Some((pos, vel))
    }
}

#[inline(always)]
fn le(chunk: &[u8]) -> f64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(chunk);
    f64::from_le_bytes(b)
}

/// Value and derivative (d/ds) of Σ cₖ Tₖ(s) by Clenshaw's recurrence
/// (Press et al., *Numerical Recipes* 3rd ed., eq. 5.8.11 and §5.9):
/// `bₖ = cₖ + 2s bₖ₊₁ − bₖ₊₂`, `f = c₀ + s b₁ − b₂`, differentiated term by term.
/// `coef` holds the little-endian coefficients c₀ … cₙ₋₁.
#[inline(always)]
pub fn chebyshev(coef: &[u8], s: f64) -> (f64, f64) {
    let s2 = 2.0 * s;
    let (mut w0, mut w1) = (0.0, 0.0);
    let (mut dw0, mut dw1) = (0.0, 0.0);
    let mut it = coef.chunks_exact(8);
    let c0 = it.next().map_or(0.0, le);
    for chunk in it.rev() {
        let w2 = w1;
        w1 = w0;
        w0 = le(chunk) + (s2 * w1 - w2);
        let dw2 = dw1;
        dw1 = dw0;
        dw0 = 2.0 * w1 + dw1 * s2 - dw2;
    }
    (c0 + (s * w0 - w1), w0 + s * dw0 - dw1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(c: &[f64]) -> Vec<u8> {
        c.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    #[test]
    fn chebyshev_matches_closed_form() {
        // 1 + 2 T1 + 3 T2 + 4 T3 with T2 = 2s²−1, T3 = 4s³−3s.
        let c = bytes(&[1.0, 2.0, 3.0, 4.0]);
        for s in [-1.0, -0.3, 0.0, 0.5, 1.0] {
            let f = 1.0 + 2.0 * s + 3.0 * (2.0 * s * s - 1.0) + 4.0 * (4.0 * s * s * s - 3.0 * s);
            let df = 2.0 + 12.0 * s + 4.0 * (12.0 * s * s - 3.0);
            let (v, d) = chebyshev(&c, s);
            assert!((v - f).abs() < 1e-12 && (d - df).abs() < 1e-12, "{s}");
        }
        assert_eq!(chebyshev(&bytes(&[7.5]), 0.3), (7.5, 0.0));
    }
}
