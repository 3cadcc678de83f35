//! Elementary functions on [`Real`] lanes, branch-free so that four
//! satellites share one instruction stream: `sin_cos`, `atan2`, remainders by
//! 2π and `x^(2/3)`.
//!
//! `sin`/`cos` and `atan` use the minimax polynomials of Moshier's Cephes
//! library (S. L. Moshier, *Methods and Programs for Mathematical Functions*,
//! 1989: `sin.c`, `atan.c`), with the argument reduced by Cody and Waite's
//! method against π/2 split in three parts (the split of fdlibm's
//! `__ieee754_rem_pio2`). Measured against the standard library (tests below):
//! within 2 ulp of the result for |x| ≤ 10⁶ rad, the range SGP4 meets
//! (a mean anomaly grows ≈ 0.07 rad per minute).

// The coefficients are kept with the digits their sources publish.
#![allow(clippy::excessive_precision)]

use super::lanes::Real;
use std::f64::consts::{FRAC_2_PI, FRAC_PI_2, FRAC_PI_4, PI};

/// π/2 = P1 + P2 + P3; P1 and P2 have enough trailing zero bits that `j·P1`
/// and `j·P2` are exact for |j| < 2²⁰.
const PIO2_1: f64 = 1.570_796_326_734_125_614_17e+00;
const PIO2_2: f64 = 6.077_100_506_303_965_976_60e-11;
const PIO2_3: f64 = 2.022_266_248_795_950_631_54e-21;

/// Cephes `sincof`: sin r = r + r³ Σ Sₖ r^(2k), |r| ≤ π/4.
const SIN: [f64; 6] = [
    1.589_623_015_765_465_680_60e-10,
    -2.505_074_776_285_780_728_66e-8,
    2.755_731_362_138_572_452_13e-6,
    -1.984_126_982_958_953_859_96e-4,
    8.333_333_333_322_118_588_78e-3,
    -1.666_666_666_666_663_072_95e-1,
];

/// Cephes `coscof`: cos r = 1 − r²/2 + r⁴ Σ Cₖ r^(2k), |r| ≤ π/4.
const COS: [f64; 6] = [
    -1.135_853_652_138_768_173_00e-11,
    2.087_570_084_197_473_167_78e-9,
    -2.755_731_417_929_673_881_12e-7,
    2.480_158_728_885_170_453_48e-5,
    -1.388_888_888_887_305_641_16e-3,
    4.166_666_666_666_659_292_18e-2,
];

/// Cephes `atan.c` P and Q: atan x = x + x³ P(x²)/Q(x²), |x| ≤ 0.66.
const ATAN_P: [f64; 5] = [
    -8.750_608_600_031_904_122_785e-1,
    -1.615_753_718_733_365_076_637e1,
    -7.500_855_792_314_704_667_340e1,
    -1.228_866_684_490_136_173_410e2,
    -6.485_021_904_942_025_371_773e1,
];
const ATAN_Q: [f64; 5] = [
    2.485_846_490_142_306_297_962e1,
    1.650_270_098_316_988_542_046e2,
    4.328_810_604_912_902_668_951e2,
    4.853_903_996_359_136_964_868e2,
    1.945_506_571_482_613_964_425e2,
];
/// The low part of π/4 (π/4 − `FRAC_PI_4`), Cephes' `MOREBITS`/2.
const PIO4_LO: f64 = 3.061_616_997_868_383_017_7e-17;

/// Horner: Σ c[k] z^(n−1−k).
#[inline(always)]
fn horner<R: Real, const N: usize>(z: R, c: &[f64; N]) -> R {
    let mut p = R::splat(c[0]);
    for &ck in &c[1..] {
        p = p.mul_add(z, R::splat(ck));
    }
    p
}

/// `(sin x, cos x)`.
#[inline(always)]
pub(crate) fn sin_cos<R: Real>(x: R) -> (R, R) {
    // Quadrant j = nearest integer to x / (π/2); r = x − j·π/2 ∈ [−π/4, π/4].
    let j = (x * R::splat(FRAC_2_PI)).round();
    let r = ((x - j * R::splat(PIO2_1)) - j * R::splat(PIO2_2)) - j * R::splat(PIO2_3);
    let z = r * r;
    let s = (r * z).mul_add(horner(z, &SIN), r);
    let c = (z * z).mul_add(horner(z, &COS), R::splat(1.0) - R::splat(0.5) * z);
    // q = j mod 4.
    let q = j - R::splat(4.0) * (j * R::splat(0.25)).floor();
    let odd = q.eq(R::splat(1.0)) | q.eq(R::splat(3.0));
    let sin0 = R::select(odd, c, s);
    let cos0 = R::select(odd, s, c);
    let sin = R::select(q.ge(R::splat(2.0)), -sin0, sin0);
    let cos_neg = q.eq(R::splat(1.0)) | q.eq(R::splat(2.0));
    (sin, R::select(cos_neg, -cos0, cos0))
}

/// `atan2(y, x)` in (−π, π] (0 for y = x = 0).
#[inline(always)]
pub(crate) fn atan2<R: Real>(y: R, x: R) -> R {
    let (ax, ay) = (x.abs(), y.abs());
    let big = ax.max(ay);
    let small = ax.min(ay);
    // t = small / big ∈ [0, 1]; 0/0 gives 0.
    let t = R::select(big.gt(R::splat(0.0)), small / big, R::splat(0.0));
    // atan t directly up to 0.66, else π/4 + atan((t − 1)/(t + 1)).
    let upper = t.gt(R::splat(0.66));
    let w = R::select(upper, (t - R::splat(1.0)) / (t + R::splat(1.0)), t);
    let z = w * w;
    let p = (w * z).mul_add(horner(z, &ATAN_P) / q_poly(z), w);
    let a = R::select(upper, R::splat(FRAC_PI_4) + (p + R::splat(PIO4_LO)), p);
    // Undo the reductions: octant, then the quadrant and sign of (x, y).
    let a = R::select(ay.gt(ax), R::splat(FRAC_PI_2) - a, a);
    let a = R::select(x.lt(R::splat(0.0)), R::splat(PI) - a, a);
    R::select(y.lt(R::splat(0.0)), -a, a)
}

/// Q(z) of Cephes' atan with its leading coefficient 1.
#[inline(always)]
fn q_poly<R: Real>(z: R) -> R {
    let mut q = z + R::splat(ATAN_Q[0]);
    for &ck in &ATAN_Q[1..] {
        q = q.mul_add(z, R::splat(ck));
    }
    q
}

/// `x % 2π` with Rust's (C's `fmod`) sign convention: the sign of `x`,
/// magnitude below 2π (up to one rounding at exact multiples).
#[inline(always)]
pub(crate) fn fmod_2pi<R: Real>(x: R) -> R {
    let k = (x * R::splat(1.0 / (2.0 * PI))).trunc();
    let four = R::splat(4.0);
    ((x - k * four * R::splat(PIO2_1)) - k * four * R::splat(PIO2_2)) - k * four * R::splat(PIO2_3)
}

/// `x` modulo 2π in [0, 2π) (`f64::rem_euclid`).
#[inline(always)]
pub(crate) fn rem_euclid_2pi<R: Real>(x: R) -> R {
    let r = fmod_2pi(x);
    R::select(r.lt(R::splat(0.0)), r + R::splat(2.0 * PI), r)
}

/// `x^(2/3)` for `x > 0`, by Newton's method on y³ = x² from a guess `y0`
/// near the answer (the kernel passes the epoch semi-major axis, which the
/// resonant orbits' `(kₑ/n)^(2/3)` stays within 10⁻³ of): three steps take a
/// 10⁻³ guess to the last bit, the loop stops when every lane has converged.
#[inline(always)]
pub(crate) fn pow_two_thirds<R: Real>(x: R, y0: R) -> R {
    let x2 = x * x;
    let mut y = y0;
    for _ in 0..40 {
        // y ← y − (y³ − x²) / (3 y²) = (2 y + x² / y²) / 3
        let next = (R::splat(2.0) * y + x2 / (y * y)) * R::splat(1.0 / 3.0);
        let done = (next - y).abs().le(R::splat(4e-16) * next.abs());
        y = next;
        if !R::any(!done) {
            break;
        }
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Differences in units of the last place of `want` (at least 1e-300).
    fn ulps(got: f64, want: f64) -> f64 {
        let ulp = (f64::EPSILON * want.abs()).max(f64::MIN_POSITIVE);
        (got - want).abs() / ulp
    }

    fn args() -> Vec<f64> {
        let mut v: Vec<f64> = (-20_000..=20_000).map(|k| k as f64 * 1.0e-3).collect();
        v.extend((0..20_000).map(|k| (k as f64 * 0.618_033_988_75).powi(2) * 1e-2));
        v.extend((0..2000).map(|k| -(k as f64) * 498.7654));
        v.extend([0.0, -0.0, FRAC_PI_4, FRAC_PI_2, PI, 2.0 * PI, 1e6, -1e6]);
        v
    }

    fn check_sin_cos(f: impl Fn(f64) -> (f64, f64)) {
        let (mut worst_s, mut worst_c) = (0.0f64, 0.0f64);
        for x in args() {
            let (s, c) = f(x);
            // Error relative to the size of the result or of 1 ulp of x's
            // reduction (cos near a zero is ill-conditioned by x's own ulp).
            let floor = f64::EPSILON * x.abs().max(1.0) * 0.5;
            let es = (s - x.sin()).abs() / (f64::EPSILON * x.sin().abs()).max(floor);
            let ec = (c - x.cos()).abs() / (f64::EPSILON * x.cos().abs()).max(floor);
            worst_s = worst_s.max(es);
            worst_c = worst_c.max(ec);
        }
        assert!(
            worst_s < 2.0 && worst_c < 2.0,
            "sin {worst_s} cos {worst_c}"
        );
    }

    fn check_atan2(f: impl Fn(f64, f64) -> f64) {
        let mut worst = 0.0f64;
        for i in -300..=300 {
            for k in -300..=300 {
                let (y, x) = (i as f64 * 0.37 + 0.001 * k as f64, k as f64 * 0.53);
                worst = worst.max(ulps(f(y, x), y.atan2(x)));
            }
        }
        for (y, x) in [
            (0.0, 0.0),
            (0.0, -1.0),
            (1.0, 0.0),
            (-1.0, 0.0),
            (1e-300, 1.0),
        ] {
            worst = worst.max(ulps(f(y, x), y.atan2(x)));
        }
        assert!(worst < 2.0, "atan2 {worst} ulp");
    }

    #[test]
    fn scalar_functions_match_the_standard_library() {
        check_sin_cos(sin_cos::<f64>);
        check_atan2(atan2::<f64>);
        for x in [-7.0, -1e-3, 0.0, 1.0, 6.3, 1000.0, -1234.5678] {
            assert!((fmod_2pi(x) - x % (2.0 * PI)).abs() < 1e-12, "{x}");
            assert!(
                (rem_euclid_2pi(x) - x.rem_euclid(2.0 * PI)).abs() < 1e-12,
                "{x}"
            );
        }
        for x in [5.0, 17.0, 17.2, 30.0] {
            let want = f64::powf(x, 2.0 / 3.0);
            assert!(ulps(pow_two_thirds(x, want * 1.001), want) <= 1.0, "{x}");
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn avx2_functions_match_the_standard_library() {
        use crate::kernel::avx2::Avx2;
        if !(std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("fma"))
        {
            return;
        }
        // SAFETY: AVX2 and FMA were detected just above.
        unsafe { avx2_checks() }
        #[target_feature(enable = "avx2,fma")]
        unsafe fn avx2_checks() {
            let lane = |f: &dyn Fn(Avx2) -> Avx2, x: f64| {
                f(Avx2::from_array([x, x + 0.25, -x, 2.0 * x])).to_array()[0]
            };
            check_sin_cos(|x| (lane(&|v| sin_cos(v).0, x), lane(&|v| sin_cos(v).1, x)));
            check_atan2(|y, x| {
                atan2(
                    Avx2::from_array([y, 1.0, y, -y]),
                    Avx2::from_array([x, x, 2.0, x]),
                )
                .to_array()[0]
            });
        }
    }
}
