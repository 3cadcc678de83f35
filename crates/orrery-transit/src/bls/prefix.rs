//! Prefix sums of the phase bins, and their single-precision copy for the
//! box pre-screen (`scan.rs`), in one pass.
//!
//! For bins `b_i = [Σw·y, Σw]` the pass writes `P_i = b_0 + … + b_i`
//! (`[Y_i, W_i]`), `zf_i = f32(kw·W_i + ky·Y_i)`, `wf_i = f32(W_i)`, zeroes
//! the bins for the next period and returns `max |zf_i|`. The AVX2 version
//! sums four bins at a time: the in-block prefix is formed in registers and
//! one running total is carried from block to block, so the only loop-carried
//! dependency is one addition per four bins. Sums are formed in a different
//! order from a sequential loop, which changes them by rounding only.

/// Prefix sums and their f32 copies (see module doc); all slices have the
/// same length. Returns `max |zf|`.
#[inline(always)]
pub(super) fn prefix_and_convert(
    bins: &mut [[f64; 2]],
    sp: &mut [[f64; 2]],
    zf: &mut [f32],
    wf: &mut [f32],
    kw: f64,
    ky: f64,
    avx2: bool,
) -> f32 {
    let n = bins.len();
    assert!(sp.len() == n && zf.len() == n && wf.len() == n);
    #[cfg(target_arch = "x86_64")]
    if avx2 {
        // SAFETY: `avx2` is only passed true after run-time detection of
        // AVX2 and FMA; the lengths are equal (asserted above).
        return unsafe { avx2_impl(bins, sp, zf, wf, kw, ky) };
    }
    let _ = avx2;
    portable(bins, sp, zf, wf, kw, ky, 0, [0.0; 2], 0.0)
}

/// From bin `from` on, with running total `acc` and maximum `z_max` so far.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn portable(
    bins: &mut [[f64; 2]],
    sp: &mut [[f64; 2]],
    zf: &mut [f32],
    wf: &mut [f32],
    kw: f64,
    ky: f64,
    from: usize,
    mut acc: [f64; 2],
    mut z_max: f32,
) -> f32 {
    for (((b, p), z), w) in bins[from..]
        .iter_mut()
        .zip(&mut sp[from..])
        .zip(&mut zf[from..])
        .zip(&mut wf[from..])
    {
        acc = [acc[0] + b[0], acc[1] + b[1]];
        *b = [0.0; 2];
        *p = acc;
        (*z, *w) = to_f32(acc, kw, ky);
        z_max = z_max.max(z.abs());
    }
    z_max
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn avx2_impl(
    bins: &mut [[f64; 2]],
    sp: &mut [[f64; 2]],
    zf: &mut [f32],
    wf: &mut [f32],
    kw: f64,
    ky: f64,
) -> f32 {
    use std::arch::x86_64::*;
    // SAFETY: every pointer offset below stays inside the slices (block
    // `k` reads and writes bins `4k..4k+4`, and `4k + 4 ≤ n`).
    unsafe {
        let n = bins.len();
        let blocks = n / 4;
        let bp = bins.as_mut_ptr().cast::<f64>();
        let pp = sp.as_mut_ptr().cast::<f64>();
        let (zp, wp) = (zf.as_mut_ptr(), wf.as_mut_ptr());
        let zero = _mm256_setzero_pd();
        let (kwv, kyv) = (_mm256_set1_pd(kw), _mm256_set1_pd(ky));
        let abs_mask = _mm_castsi128_ps(_mm_set1_epi32(0x7fff_ffff));
        let mut carry = zero;
        let mut z_max = _mm_setzero_ps();
        for k in 0..blocks {
            let i = 4 * k;
            let a = _mm256_loadu_pd(bp.add(2 * i)); // [y0 w0 y1 w1]
            let b = _mm256_loadu_pd(bp.add(2 * i + 4)); // [y2 w2 y3 w3]
            _mm256_storeu_pd(bp.add(2 * i), zero);
            _mm256_storeu_pd(bp.add(2 * i + 4), zero);
            // In-block prefix: [b0, b0+b1], then [s01+b2, s01+b2+b3].
            let a1 = _mm256_add_pd(a, _mm256_permute2f128_pd(a, a, 0x08));
            let b1 = _mm256_add_pd(b, _mm256_permute2f128_pd(b, b, 0x08));
            let b2 = _mm256_add_pd(b1, _mm256_permute2f128_pd(a1, a1, 0x11));
            let total = _mm256_permute2f128_pd(b2, b2, 0x11);
            let oa = _mm256_add_pd(a1, carry);
            let ob = _mm256_add_pd(b2, carry);
            carry = _mm256_add_pd(carry, total);
            _mm256_storeu_pd(pp.add(2 * i), oa);
            _mm256_storeu_pd(pp.add(2 * i + 4), ob);
            let z4 = to_f32_x4(oa, ob, kwv, kyv, zp.add(i), wp.add(i));
            z_max = _mm_max_ps(z_max, _mm_and_ps(z4, abs_mask));
        }
        let mut acc = [0.0f64; 2];
        _mm_storeu_pd(acc.as_mut_ptr(), _mm256_castpd256_pd128(carry));
        portable(bins, sp, zf, wf, kw, ky, 4 * blocks, acc, max_lane(z_max))
    }
}

/// `zf_i = f32(kw·W_i + ky·Y_i)`, `wf_i = f32(W_i)` from prefix sums `sp`
/// (`[Y, W]`); returns `max |zf|`. All slices have the same length.
#[inline(always)]
pub(super) fn convert(
    sp: &[[f64; 2]],
    zf: &mut [f32],
    wf: &mut [f32],
    kw: f64,
    ky: f64,
    avx2: bool,
) -> f32 {
    let n = sp.len();
    assert!(zf.len() == n && wf.len() == n);
    // Whole blocks of four in AVX2 where available, the rest here.
    #[cfg(target_arch = "x86_64")]
    let (from, mut z_max) = if avx2 {
        // SAFETY: `avx2` is only passed true after run-time detection of
        // AVX2 and FMA; the lengths are equal (asserted above).
        unsafe { convert_avx2(sp, zf, wf, kw, ky) }
    } else {
        (0, 0.0f32)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let (from, mut z_max) = {
        let _ = avx2;
        (0, 0.0f32)
    };
    for ((p, z), w) in sp[from..].iter().zip(&mut zf[from..]).zip(&mut wf[from..]) {
        (*z, *w) = to_f32(*p, kw, ky);
        z_max = z_max.max(z.abs());
    }
    z_max
}

/// `(f32(kw·W + ky·Y), f32(W))` of one prefix `[Y, W]`.
#[inline(always)]
fn to_f32(p: [f64; 2], kw: f64, ky: f64) -> (f32, f32) {
    ((kw * p[1] + ky * p[0]) as f32, p[1] as f32)
}

/// The AVX2 form of `to_f32` for four prefixes, `oa = [Y0 W0 Y1 W1]`,
/// `ob = [Y2 W2 Y3 W3]`: stores the four `zf` at `zp` and `wf` at `wp`,
/// returns the `zf` (to track their largest magnitude).
///
/// # Safety
/// The CPU has AVX2 and FMA; `zp` and `wp` are valid for 4 writes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[inline]
unsafe fn to_f32_x4(
    oa: std::arch::x86_64::__m256d,
    ob: std::arch::x86_64::__m256d,
    kw: std::arch::x86_64::__m256d,
    ky: std::arch::x86_64::__m256d,
    zp: *mut f32,
    wp: *mut f32,
) -> std::arch::x86_64::__m128 {
    use std::arch::x86_64::*;
    // [Y0 Y2 Y1 Y3], [W0 W2 W1 W3] → lanes in order 0 1 2 3.
    let ys = _mm256_unpacklo_pd(oa, ob);
    let ws = _mm256_unpackhi_pd(oa, ob);
    let z = _mm256_add_pd(_mm256_mul_pd(kw, ws), _mm256_mul_pd(ky, ys));
    let z4 = _mm256_cvtpd_ps(_mm256_permute4x64_pd(z, 0b11_01_10_00));
    let w4 = _mm256_cvtpd_ps(_mm256_permute4x64_pd(ws, 0b11_01_10_00));
    // SAFETY: the caller guarantees 4 writable floats at `zp` and `wp`.
    unsafe {
        _mm_storeu_ps(zp, z4);
        _mm_storeu_ps(wp, w4);
    }
    z4
}

/// Largest lane of `|x|`-maxima kept in `m`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[inline]
fn max_lane(m: std::arch::x86_64::__m128) -> f32 {
    let mut v = [0.0f32; 4];
    // SAFETY: `v` holds 4 floats.
    unsafe { std::arch::x86_64::_mm_storeu_ps(v.as_mut_ptr(), m) };
    v.iter().fold(0.0f32, |a, &x| a.max(x))
}

/// Whole blocks of four of `convert`; returns where it stopped and the maximum.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn convert_avx2(
    sp: &[[f64; 2]],
    zf: &mut [f32],
    wf: &mut [f32],
    kw: f64,
    ky: f64,
) -> (usize, f32) {
    use std::arch::x86_64::*;
    let blocks = sp.len() / 4;
    // SAFETY: block `k` reads `sp[4k..4k+4]` and writes `zf`, `wf` there,
    // all inside the slices as `4k + 4 ≤ len`.
    unsafe {
        let pp = sp.as_ptr().cast::<f64>();
        let (zp, wp) = (zf.as_mut_ptr(), wf.as_mut_ptr());
        let (kwv, kyv) = (_mm256_set1_pd(kw), _mm256_set1_pd(ky));
        let abs_mask = _mm_castsi128_ps(_mm_set1_epi32(0x7fff_ffff));
        let mut z_max = _mm_setzero_ps();
        for k in 0..blocks {
            let i = 4 * k;
            let oa = _mm256_loadu_pd(pp.add(2 * i));
            let ob = _mm256_loadu_pd(pp.add(2 * i + 4));
            let z4 = to_f32_x4(oa, ob, kwv, kyv, zp.add(i), wp.add(i));
            z_max = _mm_max_ps(z_max, _mm_and_ps(z4, abs_mask));
        }
        (4 * blocks, max_lane(z_max))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_avx2() -> bool {
        #[cfg(target_arch = "x86_64")]
        return std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("fma");
        #[cfg(not(target_arch = "x86_64"))]
        false
    }

    #[test]
    fn avx2_and_portable_agree_with_a_sequential_sum() {
        for n in [1usize, 3, 4, 7, 8, 33, 1001] {
            let bins0: Vec<[f64; 2]> = (0..n)
                .map(|i| [((i * 37) % 11) as f64 - 5.0, 1.0 + (i % 3) as f64])
                .collect();
            let mut want = Vec::with_capacity(n);
            let mut acc = [0.0; 2];
            for b in &bins0 {
                acc = [acc[0] + b[0], acc[1] + b[1]];
                want.push(acc);
            }
            for avx2 in [false, has_avx2()] {
                let mut bins = bins0.clone();
                let (mut sp, mut zf, mut wf) =
                    (vec![[0.0; 2]; n], vec![0.0f32; n], vec![0.0f32; n]);
                let z_max =
                    prefix_and_convert(&mut bins, &mut sp, &mut zf, &mut wf, 0.5, -0.25, avx2);
                let mut zm = 0.0f32;
                for i in 0..n {
                    // Integers: exact in any order.
                    assert_eq!(sp[i], want[i], "n {n} i {i} avx2 {avx2}");
                    let z = (0.5 * want[i][1] - 0.25 * want[i][0]) as f32;
                    assert_eq!(zf[i], z);
                    assert_eq!(wf[i], want[i][1] as f32);
                    zm = zm.max(z.abs());
                }
                assert_eq!(z_max, zm);
                assert!(bins.iter().all(|b| *b == [0.0; 2]));
                let (mut zf2, mut wf2) = (vec![0.0f32; n], vec![0.0f32; n]);
                assert_eq!(convert(&sp, &mut zf2, &mut wf2, 0.5, -0.25, avx2), zm);
                assert_eq!((zf2, wf2), (zf.clone(), wf.clone()));
            }
        }
    }
}
