//! Lanes of `f64`: the arithmetic the SGP4 kernel is written in, once, for one
//! satellite at a time (`f64`, the portable path) or four at a time
//! ([`super::avx2::Avx2`], x86-64 with AVX2 and FMA).
//!
//! Branches that differ between satellites are written as masks and
//! [`Real::select`], so four satellites in one register follow the same
//! instruction stream; loops whose trip count differs per satellite (Kepler's
//! equation, the resonance integrator) run while [`Real::any`] lane is unfinished.

use std::ops::{Add, BitAnd, BitOr, Div, Mul, Neg, Not, Sub};

/// A vector of `f64` lanes with the operations the kernel needs.
///
/// Comparisons are ordered: a NaN lane compares false, so a check written as
/// "value is in range" flags NaN as out of range.
pub(crate) trait Real:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    /// One boolean per lane.
    type Mask: Copy
        + BitAnd<Output = Self::Mask>
        + BitOr<Output = Self::Mask>
        + Not<Output = Self::Mask>;

    /// Every lane `v`.
    fn splat(v: f64) -> Self;
    /// `self · b + c`, fused (one rounding) where the lanes have FMA.
    fn mul_add(self, b: Self, c: Self) -> Self;
    /// Square root (correctly rounded on every path).
    fn sqrt(self) -> Self;
    /// Absolute value.
    fn abs(self) -> Self;
    /// Lane-wise minimum (for non-NaN lanes).
    fn min(self, other: Self) -> Self;
    /// Lane-wise maximum (for non-NaN lanes).
    fn max(self, other: Self) -> Self;
    /// Nearest integer, ties to even.
    fn round(self) -> Self;
    /// Integer part (towards zero).
    fn trunc(self) -> Self;
    /// Largest integer not above.
    fn floor(self) -> Self;
    /// `self < other`.
    fn lt(self, other: Self) -> Self::Mask;
    /// `self <= other`.
    fn le(self, other: Self) -> Self::Mask;
    /// `self == other`.
    fn eq(self, other: Self) -> Self::Mask;
    /// `a` where the mask is set, else `b`.
    fn select(mask: Self::Mask, a: Self, b: Self) -> Self;
    /// Whether any lane of the mask is set.
    fn any(mask: Self::Mask) -> bool;

    /// `self > other`.
    #[inline(always)]
    fn gt(self, other: Self) -> Self::Mask {
        other.lt(self)
    }
    /// `self >= other`.
    #[inline(always)]
    fn ge(self, other: Self) -> Self::Mask {
        other.le(self)
    }
    /// Finite lanes (not NaN, not ±∞).
    #[inline(always)]
    fn is_finite(self) -> Self::Mask {
        self.abs().lt(Self::splat(f64::INFINITY))
    }
    /// `self` clamped to `[lo, hi]`.
    #[inline(always)]
    fn clamp(self, lo: f64, hi: f64) -> Self {
        self.max(Self::splat(lo)).min(Self::splat(hi))
    }
}

/// One lane: the portable path, and the one-satellite propagator.
impl Real for f64 {
    type Mask = bool;

    #[inline(always)]
    fn splat(v: f64) -> Self {
        v
    }
    /// Not fused: `f64::mul_add` is a slow library call on CPUs without FMA.
    #[inline(always)]
    fn mul_add(self, b: Self, c: Self) -> Self {
        self * b + c
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }
    #[inline(always)]
    fn abs(self) -> Self {
        f64::abs(self)
    }
    #[inline(always)]
    fn min(self, other: Self) -> Self {
        f64::min(self, other)
    }
    #[inline(always)]
    fn max(self, other: Self) -> Self {
        f64::max(self, other)
    }
    #[inline(always)]
    fn round(self) -> Self {
        f64::round_ties_even(self)
    }
    #[inline(always)]
    fn trunc(self) -> Self {
        f64::trunc(self)
    }
    #[inline(always)]
    fn floor(self) -> Self {
        f64::floor(self)
    }
    #[inline(always)]
    fn lt(self, other: Self) -> bool {
        self < other
    }
    #[inline(always)]
    fn le(self, other: Self) -> bool {
        self <= other
    }
    #[inline(always)]
    fn eq(self, other: Self) -> bool {
        self == other
    }
    #[inline(always)]
    fn select(mask: bool, a: Self, b: Self) -> Self {
        if mask {
            a
        } else {
            b
        }
    }
    #[inline(always)]
    fn any(mask: bool) -> bool {
        mask
    }
}

/// Declares a struct of per-satellite constants generic over the lane type
/// `T` (`f64` for one satellite, `[f64; 4]` for four stored side by side, a
/// [`Real`] while propagating), with `map` (the same fields through a
/// function) and `gather` (four satellites' fields side by side).
macro_rules! lane_struct {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $( $(#[$fmeta:meta])* $field:ident ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default, PartialEq)]
        $vis struct $name<T> {
            $( $(#[$fmeta])* pub(crate) $field: T, )*
        }

        impl<T: Copy> $name<T> {
            /// Every field through `f`.
            #[inline(always)]
            #[allow(dead_code)]
            pub(crate) fn map<U>(&self, f: &impl Fn(T) -> U) -> $name<U> {
                $name { $( $field: f(self.$field), )* }
            }
        }

        impl $name<f64> {
            /// Four satellites side by side: lane `l` of every field from `s[l]`.
            #[allow(dead_code)]
            pub(crate) fn gather(s: [&Self; 4]) -> $name<[f64; 4]> {
                $name { $( $field: [s[0].$field, s[1].$field, s[2].$field, s[3].$field], )* }
            }
        }
    };
}
pub(crate) use lane_struct;

#[cfg(test)]
mod tests {
    use super::*;

    lane_struct! {
        struct Pair { a, b }
    }

    #[test]
    fn gather_and_map_move_fields_lane_by_lane() {
        let p: Vec<Pair<f64>> = (0..4)
            .map(|i| Pair {
                a: i as f64,
                b: 10.0 + i as f64,
            })
            .collect();
        let g = Pair::gather([&p[0], &p[1], &p[2], &p[3]]);
        assert_eq!(g.a, [0.0, 1.0, 2.0, 3.0]);
        assert_eq!(g.b, [10.0, 11.0, 12.0, 13.0]);
        assert_eq!(g.map(&|x| x[2]), p[2]);
    }

    #[test]
    fn scalar_lanes_compare_nan_as_false() {
        let nan = f64::NAN;
        assert!(!nan.lt(1.0) && !nan.le(1.0) && !nan.gt(1.0) && !nan.ge(1.0));
        assert!(!Real::is_finite(nan) && !Real::is_finite(f64::INFINITY) && Real::is_finite(1.0));
        assert_eq!(Real::round(2.5), 2.0);
        assert_eq!(Real::round(-3.5), -4.0);
        assert_eq!(Real::clamp(3.0, -0.95, 0.95), 0.95);
    }
}
