//! Lambert's problem: the orbit through two positions in a given time of flight.
//!
//! Implementation of D. Izzo, "Revisiting Lambert's problem", Celestial Mechanics
//! and Dynamical Astronomy 121:1–15 (2015), written from the paper:
//!
//! * the geometry is reduced to the single parameter λ (eqs. 5 and 8) and the
//!   non-dimensional time of flight T = √(2μ/s³)·Δt (eq. 4);
//! * T(x) is evaluated with Lagrange's form (eq. 9) near x = 1, Battin's
//!   hypergeometric series (eq. 20) very near x = 1, and Lancaster's expression
//!   (eq. 18) elsewhere;
//! * its derivatives are eq. 22; the root of T(x) = T* is found with
//!   Householder's 4th-order iteration from the starting guesses of eqs. 30–31;
//! * the largest number of revolutions N_max uses T_min from Halley iterations
//!   (Section 3.2);
//! * terminal velocities come from the radial/tangential decomposition
//!   (Algorithm 1, last lines; eq. 3 of Section 2).
//!
//! Units: any consistent set (km, s, km³/s² in Orrery). Positions and
//! velocities are in whatever inertial frame the caller uses.

use crate::error::{invalid, Result, TransferError};
use nalgebra::Vector3;
use serde::Serialize;
use std::f64::consts::PI;

/// Which of the two solutions of an N-revolution transfer (N ≥ 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Branch {
    /// The unique zero-revolution solution.
    Single,
    /// Multi-revolution solution with x < x(T_min) (longer semi-major axis side, Izzo eq. 31 first guess).
    Left,
    /// Multi-revolution solution with x > x(T_min) (Izzo eq. 31 second guess).
    Right,
}

impl Branch {
    /// `single`, `left` or `right`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Branch::Single => "single",
            Branch::Left => "left",
            Branch::Right => "right",
        }
    }
}

/// Direction of motion of the transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Angular momentum along +z of the input frame (counter-clockwise seen from +z).
    #[default]
    Prograde,
    /// Angular momentum along −z.
    Retrograde,
}

/// One solution of Lambert's problem.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LambertSolution {
    /// Velocity at r1 (same units/frame as the input, e.g. km/s).
    pub v1: Vector3<f64>,
    /// Velocity at r2.
    pub v2: Vector3<f64>,
    /// Number of complete revolutions.
    pub revolutions: u32,
    /// Branch of the multi-revolution pair.
    pub branch: Branch,
    /// Izzo's free parameter x at the solution.
    pub x: f64,
    /// Householder iterations used.
    pub iterations: u32,
}

/// The reduced geometry of a Lambert problem (Izzo 2015, Section 2 and Algorithm 1).
#[derive(Debug, Clone, Copy)]
struct Geometry {
    lambda: f64,
    t: f64,
    r1n: f64,
    r2n: f64,
    ir1: Vector3<f64>,
    ir2: Vector3<f64>,
    it1: Vector3<f64>,
    it2: Vector3<f64>,
    gamma: f64,
    rho: f64,
    sigma: f64,
}

fn check_vec(name: &str, v: &Vector3<f64>) -> Result<f64> {
    if !v.iter().all(|c| c.is_finite()) {
        return Err(invalid(format!("{name} has a non-finite component: {v:?}")));
    }
    let n = v.norm();
    if n <= 0.0 {
        return Err(invalid(format!("{name} is the zero vector")));
    }
    // |r|² must not overflow (|r| < 1e150): the chord and the geometry square lengths.
    if !(n.is_finite() && n < MAX_RADIUS) {
        return Err(invalid(format!(
            "{name} is {n:e} long; Lambert's problem is solved for |r| < {MAX_RADIUS:e} (in the unit of the input)"
        )));
    }
    Ok(n)
}

/// The longest position vector accepted: lengths are squared in the geometry, and
/// (1e150)² is still far inside the range of an f64.
pub const MAX_RADIUS: f64 = 1e150;

impl Geometry {
    fn new(
        r1: &Vector3<f64>,
        r2: &Vector3<f64>,
        tof: f64,
        mu: f64,
        dir: Direction,
    ) -> Result<Self> {
        let r1n = check_vec("r1", r1)?;
        let r2n = check_vec("r2", r2)?;
        if !(tof.is_finite() && tof > 0.0) {
            return Err(invalid(format!(
                "time of flight must be positive and finite, got {tof} s"
            )));
        }
        if !(mu.is_finite() && mu > 0.0) {
            return Err(invalid(format!(
                "gravitational parameter must be positive, got {mu}"
            )));
        }
        // Chord and semi-perimeter (Izzo 2015, Fig. 1).
        let c = (r2 - r1).norm();
        let s = 0.5 * (r1n + r2n + c);
        let ir1 = r1 / r1n;
        let ir2 = r2 / r2n;
        let h = ir1.cross(&ir2);
        let hn = h.norm();
        if hn < 1e-9 {
            let angle_deg = ir1.dot(&ir2).clamp(-1.0, 1.0).acos().to_degrees();
            return Err(TransferError::Collinear { angle_deg });
        }
        let ih = h / hn;
        // λ² = 1 − c/s (eq. 5); the sign of λ follows the transfer angle (Algorithm 1).
        let mut lambda = (1.0 - c / s).max(0.0).sqrt();
        let (mut it1, mut it2);
        if ih.z < 0.0 {
            lambda = -lambda;
            it1 = ir1.cross(&ih);
            it2 = ir2.cross(&ih);
        } else {
            it1 = ih.cross(&ir1);
            it2 = ih.cross(&ir2);
        }
        if dir == Direction::Retrograde {
            lambda = -lambda;
            it1 = -it1;
            it2 = -it2;
        }
        it1 /= it1.norm();
        it2 /= it2.norm();
        // Non-dimensional time of flight (eq. 4 / Algorithm 1).
        let t = (2.0 * mu / (s * s * s)).sqrt() * tof;
        let gamma = (mu * s / 2.0).sqrt();
        let rho = (r1n - r2n) / c;
        let sigma = (1.0 - rho * rho).max(0.0).sqrt();
        Ok(Geometry {
            lambda,
            t,
            r1n,
            r2n,
            ir1,
            ir2,
            it1,
            it2,
            gamma,
            rho,
            sigma,
        })
    }

    /// Terminal velocities from x (Algorithm 1, velocity reconstruction).
    fn velocities(&self, x: f64) -> (Vector3<f64>, Vector3<f64>) {
        let l = self.lambda;
        let y = (1.0 - l * l * (1.0 - x * x)).max(0.0).sqrt();
        let vr1 = self.gamma * ((l * y - x) - self.rho * (l * y + x)) / self.r1n;
        let vr2 = -self.gamma * ((l * y - x) + self.rho * (l * y + x)) / self.r2n;
        let vt = self.gamma * self.sigma * (y + l * x);
        let v1 = vr1 * self.ir1 + (vt / self.r1n) * self.it1;
        let v2 = vr2 * self.ir2 + (vt / self.r2n) * self.it2;
        (v1, v2)
    }

    /// One solution: Householder iterations on T(x) = T for `n` revolutions from
    /// the starting guess `x0` (Section 3), then the terminal velocities. An error
    /// when the iteration does not converge or a velocity is not finite.
    fn solution(&self, x0: f64, n: u32, tol: f64, branch: Branch) -> Result<LambertSolution> {
        let (x, iterations) = householder(self.t, x0, n, self.lambda, tol)?;
        let (v1, v2) = self.velocities(x);
        if !(v1.iter().chain(v2.iter()).all(|c| c.is_finite())) {
            return Err(TransferError::NoConvergence {
                solver: "Lambert (Householder)",
                iterations,
                detail: format!("non-finite velocity at x = {x}"),
            });
        }
        Ok(LambertSolution {
            v1,
            v2,
            revolutions: n,
            branch,
            x,
            iterations,
        })
    }
}

/// Gauss hypergeometric function ₂F₁(3, 1; 5/2; z) by its series (|z| < 1), used in eq. 20.
fn hyp2f1b(z: f64) -> f64 {
    if z >= 1.0 {
        return f64::INFINITY;
    }
    let mut sum = 1.0;
    let mut term = 1.0;
    let mut j = 0.0;
    while j < 500.0 {
        // term_{j+1} = term_j · (3+j)(1+j)/((5/2+j)(j+1)) · z
        term *= (3.0 + j) * (1.0 + j) / ((2.5 + j) * (j + 1.0)) * z;
        sum += term;
        if term.abs() <= 1e-16 * sum.abs() {
            break;
        }
        j += 1.0;
    }
    sum
}

/// Non-dimensional time of flight T(x) for N revolutions (Lagrange's form, eq. 9).
fn tof_lagrange(x: f64, n: u32, lambda: f64) -> f64 {
    let a = 1.0 / (1.0 - x * x);
    if a > 0.0 {
        let alpha = 2.0 * x.clamp(-1.0, 1.0).acos();
        let mut beta = 2.0 * (lambda * lambda / a).min(1.0).sqrt().asin();
        if lambda < 0.0 {
            beta = -beta;
        }
        a * a.sqrt() * ((alpha - alpha.sin()) - (beta - beta.sin()) + 2.0 * PI * f64::from(n)) / 2.0
    } else {
        let alpha = 2.0 * x.acosh();
        let mut beta = 2.0 * (-lambda * lambda / a).sqrt().asinh();
        if lambda < 0.0 {
            beta = -beta;
        }
        -a * (-a).sqrt() * ((beta - beta.sinh()) - (alpha - alpha.sinh())) / 2.0
    }
}

/// Non-dimensional time of flight T(x) (eqs. 9, 18 and 20, chosen by |x − 1|).
fn tof_of_x(x: f64, n: u32, lambda: f64) -> f64 {
    const BATTIN: f64 = 0.01;
    const LAGRANGE: f64 = 0.2;
    let dist = (x - 1.0).abs();
    if dist < LAGRANGE && dist > BATTIN {
        return tof_lagrange(x, n, lambda);
    }
    let k = lambda * lambda;
    let e = x * x - 1.0;
    let rho = e.abs();
    let z = (1.0 + k * e).max(0.0).sqrt();
    if dist < BATTIN {
        // Battin's series (eq. 20): T = (η³Q + 4λη)/2 + Nπ/ρ^{3/2}.
        let eta = z - lambda * x;
        let s1 = 0.5 * (1.0 - lambda - x * eta);
        let q = 4.0 / 3.0 * hyp2f1b(s1);
        let mut t = (eta * eta * eta * q + 4.0 * lambda * eta) / 2.0;
        if n > 0 {
            t += f64::from(n) * PI / (rho * rho.sqrt());
        }
        t
    } else {
        // Lancaster's expression (eq. 18), ψ from eq. 17.
        let y = rho.sqrt();
        let g = x * z - lambda * e;
        let d = if e < 0.0 {
            f64::from(n) * PI + g.clamp(-1.0, 1.0).acos()
        } else {
            let f = y * (z - lambda * x);
            (f + g).ln()
        };
        (x - lambda * z - d / y) / e
    }
}

/// First three derivatives of T with respect to x (eq. 22).
fn dtdx(x: f64, t: f64, lambda: f64) -> (f64, f64, f64) {
    let l2 = lambda * lambda;
    let l3 = l2 * lambda;
    let umx2 = 1.0 - x * x;
    let y = (1.0 - l2 * umx2).max(0.0).sqrt();
    let y2 = y * y;
    let y3 = y2 * y;
    let d1 = (3.0 * t * x - 2.0 + 2.0 * l3 * x / y) / umx2;
    let d2 = (3.0 * t + 5.0 * x * d1 + 2.0 * (1.0 - l2) * l3 / y3) / umx2;
    let d3 = (7.0 * x * d2 + 8.0 * d1 - 6.0 * (1.0 - l2) * l2 * l3 * x / (y3 * y2)) / umx2;
    (d1, d2, d3)
}

/// Householder iterations on T(x) = T* (Section 3, 4th-order method).
fn householder(t_star: f64, mut x: f64, n: u32, lambda: f64, tol: f64) -> Result<(f64, u32)> {
    const MAX_ITER: u32 = 50;
    for it in 1..=MAX_ITER {
        let t = tof_of_x(x, n, lambda);
        let (d1, d2, d3) = dtdx(x, t, lambda);
        let delta = t - t_star;
        let d1sq = d1 * d1;
        let step = delta * (d1sq - delta * d2 / 2.0)
            / (d1 * (d1sq - delta * d2) + d3 * delta * delta / 6.0);
        let x_new = x - step;
        if !x_new.is_finite() {
            break;
        }
        // The domain of x is (−1, ∞); keep the iterate there.
        let x_new = if x_new <= -1.0 {
            (x - 1.0) / 2.0
        } else {
            x_new
        };
        let err = (x - x_new).abs();
        x = x_new;
        if err <= tol {
            return Ok((x, it));
        }
    }
    Err(TransferError::NoConvergence {
        solver: "Lambert (Householder)",
        iterations: MAX_ITER,
        detail: format!("N = {n}, lambda = {lambda}, T = {t_star}, last x = {x}"),
    })
}

/// Halley iterations for the minimum of T(x) with N revolutions (Section 3.2).
fn tmin(lambda: f64, n: u32, t0: f64) -> f64 {
    let mut x = 0.0;
    let mut t = t0;
    for _ in 0..30 {
        let (d1, d2, d3) = dtdx(x, t, lambda);
        if d1 == 0.0 {
            break;
        }
        let x_new = x - d1 * d2 / (d2 * d2 - d1 * d3 / 2.0);
        if !x_new.is_finite() {
            break;
        }
        let err = (x - x_new).abs();
        x = x_new.clamp(-0.999_999_999, 0.999_999_999);
        t = tof_of_x(x, n, lambda);
        if err < 1e-13 {
            break;
        }
    }
    t
}

/// Largest N for which an N-revolution solution exists (Section 3.2).
fn n_max(lambda: f64, t: f64) -> u32 {
    // T_00 = acos λ + λ√(1−λ²) (eq. 19 at x = 0, N = 0).
    let t00 = lambda.acos() + lambda * (1.0 - lambda * lambda).sqrt();
    let mut nmax = (t / PI).floor();
    if nmax < 1.0 {
        return 0;
    }
    let t0 = t00 + nmax * PI;
    if t < t0 {
        let nm = nmax as u32;
        if tmin(lambda, nm, t0) > t {
            nmax -= 1.0;
        }
    }
    nmax.min(f64::from(u32::MAX)) as u32
}

/// Starting guess for the zero-revolution x (eq. 30).
fn x0_single(lambda: f64, t: f64) -> f64 {
    let t00 = lambda.acos() + lambda * (1.0 - lambda * lambda).sqrt();
    let t1 = 2.0 / 3.0 * (1.0 - lambda * lambda * lambda);
    if t >= t00 {
        (t00 / t).powf(2.0 / 3.0) - 1.0
    } else if t < t1 {
        2.5 * t1 / t * (t1 - t) / (1.0 - lambda.powi(5)) + 1.0
    } else {
        // x0 = (T00/T)^(ln 2 / ln(T00/T1)) − 1: 0 at T00, 1 at T1.
        (t00 / t).powf(std::f64::consts::LN_2 / (t00 / t1).ln()) - 1.0
    }
}

/// Most revolutions [`solve`] lists (2 solutions each).
pub const MAX_REVS: u32 = 100_000;

/// Tolerance on x for the zero-revolution Householder iteration.
const TOL_SINGLE: f64 = 1e-9;
/// Tolerance on x for the multi-revolution iterations.
const TOL_MULTI: f64 = 1e-10;

/// Solves the zero-revolution Lambert problem only: the fast path used by porkchop grids.
/// Returns `(v1, v2)`. No allocation.
pub fn solve_single(
    r1: &Vector3<f64>,
    r2: &Vector3<f64>,
    tof: f64,
    mu: f64,
    dir: Direction,
) -> Result<(Vector3<f64>, Vector3<f64>)> {
    let g = Geometry::new(r1, r2, tof, mu, dir)?;
    let s = g.solution(x0_single(g.lambda, g.t), 0, TOL_SINGLE, Branch::Single)?;
    Ok((s.v1, s.v2))
}

/// Every solution with at most `max_revs` complete revolutions: the zero-revolution
/// one first, then for N = 1..=min(max_revs, N_max) the left and right branches.
///
/// `r1`, `r2` in km (or any unit of length), `tof` in s, `mu` in km³/s².
///
/// ```
/// use nalgebra::Vector3;
/// use orrery_transfer::lambert::{solve, Direction};
///
/// // Vallado (2013), example 7-5: r1, r2 in km, 76 minutes, GM of the Earth.
/// let r1 = Vector3::new(15_945.34, 0.0, 0.0);
/// let r2 = Vector3::new(12_214.838_99, 10_249.467_31, 0.0);
/// let mu = orrery_core::bodies::gm::EARTH;
/// let sols = solve(&r1, &r2, 76.0 * 60.0, mu, Direction::Prograde, 0)?;
/// let v1 = sols[0].v1;
/// // Vallado: v1 = (2.058913, 2.915965, 0) km/s.
/// assert!((v1.x - 2.058913).abs() < 1e-5 && (v1.y - 2.915965).abs() < 1e-5);
/// # Ok::<(), orrery_transfer::TransferError>(())
/// ```
pub fn solve(
    r1: &Vector3<f64>,
    r2: &Vector3<f64>,
    tof: f64,
    mu: f64,
    dir: Direction,
    max_revs: u32,
) -> Result<Vec<LambertSolution>> {
    let g = Geometry::new(r1, r2, tof, mu, dir)?;
    let mut out = Vec::with_capacity(1 + 2 * max_revs.min(16) as usize);
    out.push(g.solution(x0_single(g.lambda, g.t), 0, TOL_SINGLE, Branch::Single)?);
    let nmax = n_max(g.lambda, g.t).min(max_revs);
    if nmax > MAX_REVS {
        return Err(invalid(format!(
            "{nmax} revolutions would be listed; at most {MAX_REVS} are supported"
        )));
    }
    for n in 1..=nmax {
        let nf = f64::from(n);
        // Starting guesses (eq. 31).
        let a = (((nf + 1.0) * PI) / (8.0 * g.t)).powf(2.0 / 3.0);
        let x0l = (a - 1.0) / (a + 1.0);
        let b = ((8.0 * g.t) / (nf * PI)).powf(2.0 / 3.0);
        let x0r = (b - 1.0) / (b + 1.0);
        for (x0, branch) in [(x0l, Branch::Left), (x0r, Branch::Right)] {
            out.push(g.solution(x0, n, TOL_MULTI, branch)?);
        }
    }
    Ok(out)
}

/// Largest number of complete revolutions for which a solution exists.
pub fn max_revolutions(
    r1: &Vector3<f64>,
    r2: &Vector3<f64>,
    tof: f64,
    mu: f64,
    dir: Direction,
) -> Result<u32> {
    let g = Geometry::new(r1, r2, tof, mu, dir)?;
    Ok(n_max(g.lambda, g.t))
}

/// Like [`solve`], but an error when exactly `revs` revolutions were asked for and
/// no such solution exists ([`TransferError::NoMultiRevSolution`]).
pub fn solve_requiring(
    r1: &Vector3<f64>,
    r2: &Vector3<f64>,
    tof: f64,
    mu: f64,
    dir: Direction,
    revs: u32,
) -> Result<Vec<LambertSolution>> {
    let max_possible = max_revolutions(r1, r2, tof, mu, dir)?;
    if revs > max_possible {
        return Err(TransferError::NoMultiRevSolution {
            requested: revs,
            max_possible,
        });
    }
    solve(r1, r2, tof, mu, dir, revs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tof_forms_agree_where_they_overlap() {
        for &l in &[-0.9, -0.3, 0.0, 0.4, 0.95] {
            for &x in &[0.5, 0.995, 1.005, 1.5] {
                for n in 0..3 {
                    if x > 1.0 && n > 0 {
                        continue;
                    }
                    let a = tof_lagrange(x, n, l);
                    // Lancaster / Battin path, forced by calling the pieces directly.
                    let b = tof_of_x(x, n, l);
                    assert!(
                        (a - b).abs() < 1e-9 * a.abs().max(1.0),
                        "{l} {x} {n}: {a} {b}"
                    );
                }
            }
        }
    }

    #[test]
    fn derivative_matches_finite_difference() {
        for &l in &[-0.7, 0.0, 0.6] {
            for &x in &[-0.5, 0.3, 1.6] {
                let t = tof_of_x(x, 0, l);
                let (d1, _, _) = dtdx(x, t, l);
                let h = 1e-6;
                let fd = (tof_of_x(x + h, 0, l) - tof_of_x(x - h, 0, l)) / (2.0 * h);
                assert!((d1 - fd).abs() < 1e-5 * fd.abs().max(1.0), "{d1} {fd}");
            }
        }
    }
}
