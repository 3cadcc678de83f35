//! Richardson's third-order analytic approximation of halo orbits.
//!
//! D. L. Richardson, "Analytic construction of periodic orbits about the
//! collinear points", Celestial Mechanics 22:241-253 (1980), eqs. 8-13 and
//! the coefficient list in its appendix (also reproduced in Koon, Lo, Marsden
//! & Ross 2011, §6.4, and Grebow 2006, §2.4). Coordinates are centred on the
//! libration point, parallel to the rotating frame, and scaled by γ.

use crate::error::{Cr3bpError, Result};
use crate::lagrange::{gamma, libration_point, Point};

/// Northern (the x-z plane crossing of largest |z| has z > 0) or southern
/// (z < 0). By this definition the Earth-Moon L2 southern family ends in the
/// NRHOs with apolune south of the Moon, such as the Gateway 9:2 NRHO
/// (Zimovan-Spreen, Howell & Davis 2020).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Branch {
    /// z > 0 at the largest excursion.
    North,
    /// z < 0 at the largest excursion.
    South,
}

impl Branch {
    /// Parses `north`/`northern`/`n`, `south`/`southern`/`s`.
    pub fn parse(s: &str) -> Result<Branch> {
        match s.trim().to_ascii_lowercase().as_str() {
            "n" | "north" | "northern" => Ok(Branch::North),
            "s" | "south" | "southern" => Ok(Branch::South),
            _ => Err(Cr3bpError::UnknownBranch {
                name: s.trim().to_string(),
            }),
        }
    }

    /// +1 for the northern branch, −1 for the southern.
    pub fn sign(self) -> f64 {
        match self {
            Branch::North => 1.0,
            Branch::South => -1.0,
        }
    }
}

/// The approximate orbit: its initial state at the x-z plane crossing of
/// largest |z| and its period (non-dimensional).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HaloGuess {
    /// `[x, 0, z, 0, vy, 0]`.
    pub state: [f64; 6],
    /// Period.
    pub period: f64,
    /// In-plane amplitude Ax (non-dimensional, L* units).
    pub ax: f64,
}

/// Legendre coefficient c_n (Richardson eq. 8 and its L2/L3 variants).
fn c_n(mu: f64, g: f64, point: Point, n: i32) -> f64 {
    let sgn = if n % 2 == 0 { 1.0 } else { -1.0 };
    match point {
        Point::L1 => (mu + sgn * (1.0 - mu) * g.powi(n + 1) / (1.0 - g).powi(n + 1)) / g.powi(3),
        Point::L2 => {
            (sgn * mu + sgn * (1.0 - mu) * g.powi(n + 1) / (1.0 + g).powi(n + 1)) / g.powi(3)
        }
        _ => (1.0 - mu + mu * g.powi(n + 1) / (1.0 + g).powi(n + 1)) / g.powi(3),
    }
}

/// Richardson's approximation for a halo orbit of out-of-plane amplitude `az`
/// (non-dimensional, L* units) about a collinear point.
pub fn halo_guess(mu: f64, point: Point, branch: Branch, az: f64) -> Result<HaloGuess> {
    if !point.is_collinear() {
        return Err(Cr3bpError::InvalidPoint {
            name: point.to_string(),
            reason: "halo orbits exist about the collinear points L1, L2, L3".into(),
        });
    }
    if !(az.is_finite() && az >= 0.0) {
        return Err(Cr3bpError::InvalidParameter {
            name: "amplitude Az (non-dimensional)",
            value: az,
            expected: "a non-negative number",
        });
    }
    let g = gamma(mu, point)?;
    let xl = libration_point(mu, point)?.position[0];
    let c2 = c_n(mu, g, point, 2);
    let c3 = c_n(mu, g, point, 3);
    let c4 = c_n(mu, g, point, 4);
    // Linear in-plane frequency λ: λ⁴ + (c2 − 2)λ² − (c2 − 1)(1 + 2c2) = 0.
    let lam2 =
        0.5 * ((2.0 - c2) + ((c2 - 2.0).powi(2) + 4.0 * (c2 - 1.0) * (1.0 + 2.0 * c2)).sqrt());
    let lam = lam2.sqrt();
    let k = (lam2 + 1.0 + 2.0 * c2) / (2.0 * lam);
    let d1 = 3.0 * lam2 / k * (k * (6.0 * lam2 - 1.0) - 2.0 * lam);
    let d2 = 8.0 * lam2 / k * (k * (11.0 * lam2 - 1.0) - 2.0 * lam);
    let a21 = 3.0 * c3 * (k * k - 2.0) / (4.0 * (1.0 + 2.0 * c2));
    let a22 = 3.0 * c3 / (4.0 * (1.0 + 2.0 * c2));
    let a23 =
        -3.0 * c3 * lam / (4.0 * k * d1) * (3.0 * k.powi(3) * lam - 6.0 * k * (k - lam) + 4.0);
    let a24 = -3.0 * c3 * lam / (4.0 * k * d1) * (2.0 + 3.0 * k * lam);
    let b21 = -3.0 * c3 * lam / (2.0 * d1) * (3.0 * k * lam - 4.0);
    let b22 = 3.0 * c3 * lam / d1;
    let d21 = -c3 / (2.0 * lam2);
    let a31 = -9.0 * lam / (4.0 * d2) * (4.0 * c3 * (k * a23 - b21) + k * c4 * (4.0 + k * k))
        + (9.0 * lam2 + 1.0 - c2) / (2.0 * d2)
            * (3.0 * c3 * (2.0 * a23 - k * b21) + c4 * (2.0 + 3.0 * k * k));
    let a32 = -1.0 / d2
        * (9.0 * lam / 4.0 * (4.0 * c3 * (k * a24 - b22) + k * c4)
            + 1.5 * (9.0 * lam2 + 1.0 - c2) * (c3 * (k * b22 + d21 - 2.0 * a24) - c4));
    let b31 = 3.0 / (8.0 * d2)
        * (8.0 * lam * (3.0 * c3 * (k * b21 - 2.0 * a23) - c4 * (2.0 + 3.0 * k * k))
            + (9.0 * lam2 + 1.0 + 2.0 * c2)
                * (4.0 * c3 * (k * a23 - b21) + k * c4 * (4.0 + k * k)));
    let b32 = 1.0 / d2
        * (9.0 * lam * (c3 * (k * b22 + d21 - 2.0 * a24) - c4)
            + 3.0 / 8.0 * (9.0 * lam2 + 1.0 + 2.0 * c2) * (4.0 * c3 * (k * a24 - b22) + k * c4));
    let d31 = 3.0 / (64.0 * lam2) * (4.0 * c3 * a24 + c4);
    let d32 = 3.0 / (64.0 * lam2) * (4.0 * c3 * (a23 - d21) + c4 * (4.0 + k * k));
    let den = 2.0 * lam * (lam * (1.0 + k * k) - 2.0 * k);
    let s1 = (1.5 * c3 * (2.0 * a21 * (k * k - 2.0) - a23 * (k * k + 2.0) - 2.0 * k * b21)
        - 3.0 / 8.0 * c4 * (3.0 * k.powi(4) - 8.0 * k * k + 8.0))
        / den;
    let s2 =
        (1.5 * c3 * (2.0 * a22 * (k * k - 2.0) + a24 * (k * k + 2.0) + 2.0 * k * b22 + 5.0 * d21)
            + 3.0 / 8.0 * c4 * (12.0 - k * k))
            / den;
    let l1 = -1.5 * c3 * (2.0 * a21 + a23 + 5.0 * d21) - 3.0 / 8.0 * c4 * (12.0 - k * k)
        + 2.0 * lam2 * s1;
    let l2 = 1.5 * c3 * (a24 - 2.0 * a22) + 9.0 / 8.0 * c4 + 2.0 * lam2 * s2;
    let delta = lam2 - c2;
    // Amplitudes in γ units.
    let azg = az / g;
    let ax2 = -(l2 * azg * azg + delta) / l1;
    if ax2.is_nan() || ax2 <= 0.0 {
        return Err(Cr3bpError::NoOrbit {
            what: format!("{point} halo"),
            reason: format!(
                "Richardson's amplitude constraint has no real in-plane amplitude for Az = {az:.6} (l1 = {l1:.4}, l2 = {l2:.4}, Δ = {delta:.4})"
            ),
        });
    }
    let ax = ax2.sqrt();
    let omega = 1.0 + s1 * ax2 + s2 * azg * azg;
    // δn picks the branch: the crossing with the larger |z| (τ1 = 0 or π,
    // which one depends on the sign of d21) must have the requested sign.
    let z_at = |dn: f64, c: f64| {
        dn * azg * c
            + dn * d21 * ax * azg * (1.0 - 3.0)
            + dn * (d32 * azg * ax2 - d31 * azg.powi(3)) * c
    };
    let (z0, zpi) = (z_at(1.0, 1.0), z_at(1.0, -1.0));
    let big = if z0.abs() >= zpi.abs() { z0 } else { zpi };
    let dn = branch.sign() * big.signum();
    // τ1 = 0: the x-z plane crossing with z = δn·Az (eqs. 12-13 at τ1 = 0).
    let x = a21 * ax2 + a22 * azg * azg - ax
        + (a23 * ax2 - a24 * azg * azg)
        + (a31 * ax.powi(3) - a32 * ax * azg * azg);
    let z =
        dn * azg + dn * d21 * ax * azg * (1.0 - 3.0) + dn * (d32 * azg * ax2 - d31 * azg.powi(3));
    let vy = lam
        * omega
        * (k * ax
            + 2.0 * (b21 * ax2 - b22 * azg * azg)
            + 3.0 * (b31 * ax.powi(3) - b32 * ax * azg * azg));
    // With these c_n, Richardson's local axes are parallel to the rotating
    // frame's (checked in the tests: the guess nearly closes and the corrector
    // moves it by O(A⁴)).
    let sx = 1.0;
    let state = [xl + sx * g * x, 0.0, g * z, 0.0, sx * g * vy, 0.0];
    Ok(HaloGuess {
        state,
        period: 2.0 * std::f64::consts::PI / (lam * omega),
        ax: ax * g,
    })
}

/// c₂ of a collinear point (the linear coefficient of Richardson's expansion).
pub fn c2(mu: f64, point: Point) -> Result<f64> {
    let g = gamma(mu, point)?;
    Ok(c_n(mu, g, point, 2))
}
