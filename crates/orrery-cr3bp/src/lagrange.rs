//! Lagrange (libration) points L1-L5.
//!
//! The collinear points solve Euler's quintic in γ, the distance from the
//! nearer primary (Szebehely 1967, §4.5, eqs. 4.22-4.24; Koon, Lo, Marsden &
//! Ross 2011, §2.5), by Newton's method to machine precision:
//!
//! * L1: γ⁵ − (3−μ)γ⁴ + (3−2μ)γ³ − μγ² + 2μγ − μ = 0, x = 1 − μ − γ
//! * L2: γ⁵ + (3−μ)γ⁴ + (3−2μ)γ³ − μγ² − 2μγ − μ = 0, x = 1 − μ + γ
//! * L3: γ⁵ + (2+μ)γ⁴ + (1+2μ)γ³ − (1−μ)γ² − 2(1−μ)γ − (1−μ) = 0, x = −μ − γ
//!
//! L4/L5 are the equilateral points (½ − μ, ±√3/2, 0).

use crate::dynamics::jacobi;
use crate::error::{Cr3bpError, Result};
use serde::Serialize;
use std::fmt;

/// One of the five libration points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
pub enum Point {
    /// Between the primaries.
    L1,
    /// Beyond the smaller primary.
    L2,
    /// Beyond the larger primary.
    L3,
    /// Leading equilateral point.
    L4,
    /// Trailing equilateral point.
    L5,
}

impl Point {
    /// All five.
    pub const ALL: [Point; 5] = [Point::L1, Point::L2, Point::L3, Point::L4, Point::L5];

    /// Parses `L1`..`L5` (case-insensitive, `1`..`5` too).
    pub fn parse(s: &str) -> Result<Point> {
        let t = s.trim().to_ascii_uppercase();
        let t = t.strip_prefix('L').unwrap_or(&t);
        match t {
            "1" => Ok(Point::L1),
            "2" => Ok(Point::L2),
            "3" => Ok(Point::L3),
            "4" => Ok(Point::L4),
            "5" => Ok(Point::L5),
            _ => Err(Cr3bpError::InvalidPoint {
                name: s.into(),
                reason: "expected L1, L2, L3, L4 or L5".into(),
            }),
        }
    }

    /// Whether the point lies on the x axis.
    pub fn is_collinear(self) -> bool {
        matches!(self, Point::L1 | Point::L2 | Point::L3)
    }
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

/// A libration point's position and energy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LibrationPoint {
    /// Which point.
    pub point: Point,
    /// Position (non-dimensional, rotating frame).
    pub position: [f64; 3],
    /// γ: distance to the nearer primary (collinear points), non-dimensional.
    pub gamma: f64,
    /// Jacobi constant of the point at rest.
    pub jacobi: f64,
}

/// γ for a collinear point: Newton on the quintic until the update stops shrinking.
pub fn gamma(mu: f64, point: Point) -> Result<f64> {
    let (c, g0): ([f64; 6], f64) = match point {
        Point::L1 => (
            [1.0, -(3.0 - mu), 3.0 - 2.0 * mu, -mu, 2.0 * mu, -mu],
            (mu / 3.0).cbrt(),
        ),
        Point::L2 => (
            [1.0, 3.0 - mu, 3.0 - 2.0 * mu, -mu, -2.0 * mu, -mu],
            (mu / 3.0).cbrt(),
        ),
        Point::L3 => (
            [
                1.0,
                2.0 + mu,
                1.0 + 2.0 * mu,
                -(1.0 - mu),
                -2.0 * (1.0 - mu),
                -(1.0 - mu),
            ],
            1.0 - 7.0 * mu / 12.0,
        ),
        _ => {
            return Err(Cr3bpError::InvalidPoint {
                name: point.to_string(),
                reason: "γ is defined for the collinear points L1-L3 only".into(),
            })
        }
    };
    let mut g = g0;
    let mut last_step = f64::INFINITY;
    for _ in 0..100 {
        let (mut p, mut dp) = (0.0, 0.0);
        for &ci in &c {
            dp = dp * g + p;
            p = p * g + ci;
        }
        let step = p / dp;
        g -= step;
        if step.abs() < 1e-16 * g.abs() || step.abs() >= last_step {
            break;
        }
        last_step = step.abs();
    }
    Ok(g)
}

/// Position and Jacobi constant of a libration point.
pub fn libration_point(mu: f64, point: Point) -> Result<LibrationPoint> {
    let (position, gamma) = match point {
        Point::L1 => {
            let g = gamma(mu, point)?;
            ([1.0 - mu - g, 0.0, 0.0], g)
        }
        Point::L2 => {
            let g = gamma(mu, point)?;
            ([1.0 - mu + g, 0.0, 0.0], g)
        }
        Point::L3 => {
            let g = gamma(mu, point)?;
            ([-mu - g, 0.0, 0.0], g)
        }
        Point::L4 => ([0.5 - mu, 3f64.sqrt() / 2.0, 0.0], 1.0),
        Point::L5 => ([0.5 - mu, -(3f64.sqrt()) / 2.0, 0.0], 1.0),
    };
    let s = [position[0], position[1], position[2], 0.0, 0.0, 0.0];
    Ok(LibrationPoint {
        point,
        position,
        gamma,
        jacobi: jacobi(mu, &s),
    })
}

/// All five points.
pub fn all_points(mu: f64) -> Result<Vec<LibrationPoint>> {
    Point::ALL.iter().map(|&p| libration_point(mu, p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamics::grad_u;

    #[test]
    fn gradient_vanishes_at_every_point() {
        for mu in [1e-7, 3.04e-6, 0.0121505856, 0.1, 0.5] {
            for lp in all_points(mu).unwrap() {
                let g = grad_u(mu, lp.position[0], lp.position[1], lp.position[2]);
                assert!(
                    g.iter().all(|v| v.abs() < 1e-14),
                    "{mu} {:?} {g:?}",
                    lp.point
                );
            }
        }
    }

    #[test]
    fn parse_points() {
        assert_eq!(Point::parse("l2").unwrap(), Point::L2);
        assert_eq!(Point::parse("4").unwrap(), Point::L4);
        assert!(Point::parse("L6").is_err());
        assert!(gamma(0.01, Point::L4).is_err());
    }
}
