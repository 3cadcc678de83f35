//! Symmetric single shooting: differential correction of periodic orbits that
//! cross a symmetry plane perpendicularly (Howell 1984, §3; Koon, Lo, Marsden
//! & Ross 2011, §4.8).
//!
//! An initial state on the symmetry section is propagated with its STM to the
//! next crossing of the section plane (half a period later); Newton's method
//! drives the target components there to zero. The crossing time varies with
//! the free variables, so the Jacobian is
//! `∂F_i/∂X_j = Φ[t_i][f_j] − ẋ_{t_i} / ẋ_s · Φ[s][f_j]` (Howell 1984, eq. 14),
//! with `s` the section coordinate.

use crate::dop853::Options;
use crate::dynamics::eom;
use crate::error::{Cr3bpError, Result};
use crate::propagate::to_crossing_stm;
use nalgebra::{DMatrix, DVector};

/// The symmetry a family uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symmetry {
    /// Perpendicular crossings of the x-z plane: start `[x, 0, z, 0, vy, 0]`,
    /// at half period `vx = vz = 0` on `y = 0` (Lyapunov and halo orbits).
    XzPlane,
    /// Crossings of the x axis: start `[x, 0, 0, 0, vy, vz]`, at half period
    /// `y = 0, vx = 0` on `z = 0` (vertical orbits).
    XAxis,
}

impl Symmetry {
    /// Section coordinate index and the target components.
    pub fn section_and_targets(self, planar: bool) -> (usize, &'static [usize]) {
        match (self, planar) {
            (Symmetry::XzPlane, true) => (1, &[3]),
            (Symmetry::XzPlane, false) => (1, &[3, 5]),
            (Symmetry::XAxis, _) => (2, &[1, 3]),
        }
    }
}

/// One shooting problem: which state components are free (indices into the
/// 6-state) and which must vanish at the half-period crossing.
#[derive(Debug, Clone, PartialEq)]
pub struct Shooting {
    /// System mass parameter.
    pub mu: f64,
    /// The symmetry.
    pub symmetry: Symmetry,
    /// Planar (z ≡ 0) family.
    pub planar: bool,
    /// Free state components.
    pub free: Vec<usize>,
    /// Integration tolerances.
    pub opts: Options,
    /// Longest half period searched (non-dimensional).
    pub t_max: f64,
}

/// Evaluation of the shooting function at one initial state.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// Residual F (targets at the crossing).
    pub residual: DVector<f64>,
    /// ∂F/∂X over the free components.
    pub jacobian: DMatrix<f64>,
    /// Half period (time of the crossing).
    pub half_period: f64,
    /// ∂(half period)/∂X.
    pub dhalf: DVector<f64>,
}

impl Shooting {
    /// Propagates `s0` to the half-period crossing and forms F and ∂F/∂X.
    pub fn evaluate(&self, s0: &[f64; 6]) -> Result<Evaluation> {
        let (section, targets) = self.symmetry.section_and_targets(self.planar);
        let (t, y) = to_crossing_stm(self.mu, s0, section, 1, self.t_max, &self.opts)?;
        let mut st = [0.0; 6];
        st.copy_from_slice(&y[..6]);
        let mut f = [0.0; 6];
        eom(self.mu, &st, &mut f);
        let phi = |i: usize, j: usize| y[6 + 6 * i + j];
        let n = self.free.len();
        let m = targets.len();
        let mut jac = DMatrix::zeros(m, n);
        let mut dhalf = DVector::zeros(n);
        for (c, &j) in self.free.iter().enumerate() {
            // dt/dX_j from the crossing condition s(t) = 0.
            let dt = -phi(section, j) / f[section];
            dhalf[c] = dt;
            for (r, &i) in targets.iter().enumerate() {
                jac[(r, c)] = phi(i, j) + f[i] * dt;
            }
        }
        let residual = DVector::from_iterator(m, targets.iter().map(|&i| st[i]));
        Ok(Evaluation {
            residual,
            jacobian: jac,
            half_period: t,
            dhalf,
        })
    }

    /// Reads the free components of a state.
    pub fn free_vector(&self, s: &[f64; 6]) -> DVector<f64> {
        DVector::from_iterator(self.free.len(), self.free.iter().map(|&i| s[i]))
    }

    /// Writes free components into a state.
    pub fn set_free(&self, s: &mut [f64; 6], x: &DVector<f64>) {
        for (c, &i) in self.free.iter().enumerate() {
            s[i] = x[c];
        }
    }

    /// Newton's method with as many free components as targets (square system).
    /// Converges when the residual norm is below `tol`.
    pub fn correct(
        &self,
        guess: &[f64; 6],
        tol: f64,
        max_iter: usize,
        what: &str,
    ) -> Result<([f64; 6], f64)> {
        let mut s = *guess;
        let mut last = f64::INFINITY;
        for _ in 0..=max_iter {
            let ev = match self.evaluate(&s) {
                Ok(ev) => ev,
                Err(e) => {
                    return Err(Cr3bpError::NoConvergence {
                        what: format!("{what} ({e})"),
                        iterations: max_iter,
                        residual: last,
                        tolerance: tol,
                    })
                }
            };
            last = ev.residual.norm();
            if last < tol {
                return Ok((s, ev.half_period));
            }
            let dx =
                solve(&ev.jacobian, &ev.residual).ok_or_else(|| Cr3bpError::NoConvergence {
                    what: format!("{what} (singular Jacobian)"),
                    iterations: 0,
                    residual: last,
                    tolerance: tol,
                })?;
            let mut x = self.free_vector(&s);
            x -= dx;
            self.set_free(&mut s, &x);
            if !last.is_finite() {
                break;
            }
        }
        Err(Cr3bpError::NoConvergence {
            what: what.into(),
            iterations: max_iter,
            residual: last,
            tolerance: tol,
        })
    }
}

/// Solves J dx = r: square by LU, otherwise the minimum-norm solution.
pub fn solve(j: &DMatrix<f64>, r: &DVector<f64>) -> Option<DVector<f64>> {
    if j.nrows() == j.ncols() {
        j.clone().lu().solve(r)
    } else {
        let jt = j.transpose();
        let jjt = j * &jt;
        jjt.lu().solve(r).map(|y| jt * y)
    }
}
