//! Four `f64` lanes in one AVX2 register (`std::arch`, x86-64 only).
//!
//! # Safety model
//!
//! AVX2 and FMA instructions may only run on a CPU that has them. An [`Avx2`]
//! value is created only inside the kernels of this module tree that are
//! entered through [`super::dispatch`], which checks the CPU at run time
//! (`is_x86_feature_detected!`) before calling a `#[target_feature(enable =
//! "avx2,fma")]` function; the type is private to the kernel. Every `unsafe`
//! block below relies on that invariant and on nothing else: the intrinsics
//! used touch no memory except the arrays passed by reference to
//! [`Avx2::from_array`] and [`Avx2::to_array`], which have exactly four lanes.

use super::lanes::Real;
use std::arch::x86_64::*;
use std::ops::{Add, BitAnd, BitOr, Div, Mul, Neg, Not, Sub};

/// Four `f64` lanes (satellites) in one `__m256d`.
#[derive(Clone, Copy, Debug)]
#[repr(transparent)]
pub(crate) struct Avx2(__m256d);

/// Four lane masks (all-ones or all-zeros per lane).
#[derive(Clone, Copy, Debug)]
#[repr(transparent)]
pub(crate) struct Avx2Mask(__m256d);

/// Runs one AVX2 expression; see the module documentation for why it is sound.
macro_rules! avx {
    ($e:expr) => {
        // SAFETY: `Avx2` values exist only on CPUs where AVX2 and FMA were
        // detected at run time (module documentation); the intrinsic reads
        // and writes registers only.
        unsafe { $e }
    };
}

impl Avx2 {
    /// Loads four lanes.
    #[inline(always)]
    pub(crate) fn from_array(a: [f64; 4]) -> Self {
        // SAFETY: as in `avx!`; the load reads the four elements of `a`.
        Avx2(unsafe { _mm256_loadu_pd(a.as_ptr()) })
    }

    /// Stores four lanes.
    #[inline(always)]
    pub(crate) fn to_array(self) -> [f64; 4] {
        let mut a = [0.0; 4];
        // SAFETY: as in `avx!`; the store writes the four elements of `a`.
        unsafe { _mm256_storeu_pd(a.as_mut_ptr(), self.0) };
        a
    }
}

impl Avx2Mask {
    /// One bit per lane (bit `l` set when lane `l` is).
    #[inline(always)]
    pub(crate) fn bits(self) -> u32 {
        avx!(_mm256_movemask_pd(self.0)) as u32
    }
}

macro_rules! binary {
    ($trait:ident, $method:ident, $ty:ident, $intrinsic:ident) => {
        impl $trait for $ty {
            type Output = $ty;
            #[inline(always)]
            fn $method(self, o: $ty) -> $ty {
                $ty(avx!($intrinsic(self.0, o.0)))
            }
        }
    };
}
binary!(Add, add, Avx2, _mm256_add_pd);
binary!(Sub, sub, Avx2, _mm256_sub_pd);
binary!(Mul, mul, Avx2, _mm256_mul_pd);
binary!(Div, div, Avx2, _mm256_div_pd);
binary!(BitAnd, bitand, Avx2Mask, _mm256_and_pd);
binary!(BitOr, bitor, Avx2Mask, _mm256_or_pd);

impl Neg for Avx2 {
    type Output = Avx2;
    #[inline(always)]
    fn neg(self) -> Avx2 {
        Avx2(avx!(_mm256_xor_pd(self.0, _mm256_set1_pd(-0.0))))
    }
}

impl Not for Avx2Mask {
    type Output = Avx2Mask;
    #[inline(always)]
    fn not(self) -> Avx2Mask {
        Avx2Mask(avx!(_mm256_xor_pd(
            self.0,
            _mm256_castsi256_pd(_mm256_set1_epi64x(-1))
        )))
    }
}

impl Real for Avx2 {
    type Mask = Avx2Mask;

    #[inline(always)]
    fn splat(v: f64) -> Self {
        Avx2(avx!(_mm256_set1_pd(v)))
    }
    #[inline(always)]
    fn mul_add(self, b: Self, c: Self) -> Self {
        Avx2(avx!(_mm256_fmadd_pd(self.0, b.0, c.0)))
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        Avx2(avx!(_mm256_sqrt_pd(self.0)))
    }
    #[inline(always)]
    fn abs(self) -> Self {
        Avx2(avx!(_mm256_andnot_pd(_mm256_set1_pd(-0.0), self.0)))
    }
    #[inline(always)]
    fn min(self, other: Self) -> Self {
        Avx2(avx!(_mm256_min_pd(self.0, other.0)))
    }
    #[inline(always)]
    fn max(self, other: Self) -> Self {
        Avx2(avx!(_mm256_max_pd(self.0, other.0)))
    }
    #[inline(always)]
    fn round(self) -> Self {
        Avx2(avx!(_mm256_round_pd::<
            { _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC },
        >(self.0)))
    }
    #[inline(always)]
    fn trunc(self) -> Self {
        Avx2(avx!(_mm256_round_pd::<
            { _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC },
        >(self.0)))
    }
    #[inline(always)]
    fn floor(self) -> Self {
        Avx2(avx!(_mm256_floor_pd(self.0)))
    }
    #[inline(always)]
    fn lt(self, other: Self) -> Avx2Mask {
        Avx2Mask(avx!(_mm256_cmp_pd::<_CMP_LT_OQ>(self.0, other.0)))
    }
    #[inline(always)]
    fn le(self, other: Self) -> Avx2Mask {
        Avx2Mask(avx!(_mm256_cmp_pd::<_CMP_LE_OQ>(self.0, other.0)))
    }
    #[inline(always)]
    fn eq(self, other: Self) -> Avx2Mask {
        Avx2Mask(avx!(_mm256_cmp_pd::<_CMP_EQ_OQ>(self.0, other.0)))
    }
    #[inline(always)]
    fn select(mask: Avx2Mask, a: Self, b: Self) -> Self {
        Avx2(avx!(_mm256_blendv_pd(b.0, a.0, mask.0)))
    }
    #[inline(always)]
    fn any(mask: Avx2Mask) -> bool {
        mask.bits() != 0
    }
}
