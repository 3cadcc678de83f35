//! Families of periodic orbits: the first member from linear theory or
//! Richardson's approximation, then natural-parameter or pseudo-arclength
//! continuation (Keller 1977; Doedel et al. 2007, "Elemental periodic orbits
//! associated with the libration points in the CR3BP", IJBC 17:2625, §3).

use crate::dop853::Options;
use crate::error::{Cr3bpError, Result};
use crate::lagrange::{gamma, libration_point, Point};
use crate::orbit::PeriodicOrbit;
use crate::richardson::{halo_guess, Branch};
use crate::shooting::{solve, Shooting, Symmetry};
use nalgebra::{DMatrix, DVector};
use serde::Serialize;

/// Which family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FamilyKind {
    /// Planar Lyapunov orbits.
    Lyapunov,
    /// Halo orbits, northern or southern.
    Halo(Branch),
    /// Vertical (figure-eight) orbits.
    Vertical,
}

impl FamilyKind {
    /// Parses `lyapunov`, `halo` (with a branch), `vertical`.
    pub fn parse(kind: &str, branch: Option<Branch>) -> Result<Self> {
        match kind.trim().to_ascii_lowercase().as_str() {
            "lyapunov" | "planar-lyapunov" | "lyap" => Ok(FamilyKind::Lyapunov),
            "halo" => Ok(FamilyKind::Halo(branch.unwrap_or(Branch::North))),
            "vertical" => Ok(FamilyKind::Vertical),
            other => Err(Cr3bpError::UnknownFamily {
                name: other.to_string(),
            }),
        }
    }

    /// Human name of the family at a point.
    pub fn name(self, point: Point) -> String {
        match self {
            FamilyKind::Lyapunov => format!("{point} Lyapunov"),
            FamilyKind::Halo(Branch::North) => format!("{point} northern halo"),
            FamilyKind::Halo(Branch::South) => format!("{point} southern halo"),
            FamilyKind::Vertical => format!("{point} vertical"),
        }
    }

    fn shooting(self, mu: f64, all_free: bool) -> Shooting {
        let (symmetry, planar, free_all, free_fixed): (Symmetry, bool, Vec<usize>, Vec<usize>) =
            match self {
                FamilyKind::Lyapunov => (Symmetry::XzPlane, true, vec![0, 4], vec![4]),
                FamilyKind::Halo(_) => (Symmetry::XzPlane, false, vec![0, 2, 4], vec![0, 4]),
                FamilyKind::Vertical => (Symmetry::XAxis, false, vec![0, 4, 5], vec![0, 4]),
            };
        Shooting {
            mu,
            symmetry,
            planar,
            free: if all_free { free_all } else { free_fixed },
            opts: Options::default(),
            t_max: 20.0,
        }
    }

    /// Index (into the free vector of the continuation) of the amplitude
    /// component that grows along the family from the libration point.
    fn amplitude_index(self) -> usize {
        match self {
            FamilyKind::Lyapunov => 0,
            FamilyKind::Halo(_) => 1,
            FamilyKind::Vertical => 2,
        }
    }
}

/// Continuation settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContinuationOptions {
    /// First step length (in the space of free initial-state components).
    pub step: f64,
    /// Smallest step before giving up.
    pub min_step: f64,
    /// Largest step.
    pub max_step: f64,
    /// Most members.
    pub max_members: usize,
    /// Residual tolerance of the corrector (non-dimensional velocity).
    pub tol: f64,
    /// Most Newton iterations per member.
    pub max_iter: usize,
    /// Adapt the step to the corrector's iteration count (`false`: fixed step).
    pub adaptive: bool,
}

impl Default for ContinuationOptions {
    fn default() -> Self {
        ContinuationOptions {
            step: 2e-3,
            min_step: 1e-7,
            max_step: 2e-2,
            max_members: 400,
            tol: 1e-12,
            max_iter: 12,
            adaptive: true,
        }
    }
}

/// A traced family.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Family {
    /// Family name.
    pub name: String,
    /// Members in continuation order.
    pub members: Vec<PeriodicOrbit>,
    /// Why tracing stopped.
    pub stop_reason: String,
    /// Differential corrections (Newton iterations) done.
    pub corrections: usize,
    /// Bifurcations found between consecutive members (pseudo-arclength
    /// tracing only; empty for natural-parameter continuation).
    pub bifurcations: Vec<Bifurcation>,
}

/// A bifurcation of a family: a member at which one non-trivial pair of
/// monodromy-matrix eigenvalues passes through +1, i.e. a stability index
/// ν = (λ + 1/λ)/2 crosses 1 (Howell 1984; Doedel et al. 2007). A
/// new family of the same period branches off there: halo orbits from the
/// planar Lyapunov family, axial orbits from the Lyapunov and vertical ones.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Bifurcation {
    /// Index of the member before the crossing (the crossing lies between
    /// `after` and `after + 1`).
    pub after: usize,
    /// The bifurcating member, refined until ν = 1 (to ~1e-11; the nearer of
    /// the two members if the refinement fails, e.g. right at a fold).
    pub orbit: PeriodicOrbit,
}

/// (ν₁ − 1)(ν₂ − 1) / max(|ν₁ − 1|, |ν₂ − 1|), i.e. ± the smaller of
/// |ν₁ − 1| and |ν₂ − 1| with the sign of the product: changes sign exactly
/// when one stability index passes through 1, independently of how the two
/// indices are ordered, and is scaled like the crossing index (not like the
/// other, often large one) so the root is refined to ν − 1 ≈ 1e-11.
pub fn bifurcation_function(o: &PeriodicOrbit) -> f64 {
    let (a, b) = (o.stability[0] - 1.0, o.stability[1] - 1.0);
    let m = a.abs().max(b.abs());
    if m == 0.0 {
        0.0
    } else {
        a * b / m
    }
}

/// The family's first member: a small orbit near the libration point,
/// corrected with the amplitude fixed.
pub fn first_member(mu: f64, kind: FamilyKind, point: Point) -> Result<PeriodicOrbit> {
    if !point.is_collinear() {
        return Err(Cr3bpError::InvalidPoint {
            name: point.to_string(),
            reason: "these families start at the collinear points L1, L2, L3".into(),
        });
    }
    let g = gamma(mu, point)?;
    let xl = libration_point(mu, point)?.position[0];
    let c2 = crate::richardson::c2(mu, point)?;
    let name = kind.name(point);
    let (guess, half) = match kind {
        FamilyKind::Lyapunov => {
            // Linear solution ξ = −A cos λt, η = κ A sin λt (Szebehely §5.3).
            let lam = (0.5
                * ((2.0 - c2) + ((c2 - 2.0).powi(2) + 4.0 * (c2 - 1.0) * (1.0 + 2.0 * c2)).sqrt()))
            .sqrt();
            let kappa = (lam * lam + 1.0 + 2.0 * c2) / (2.0 * lam);
            let a = 0.01 * g;
            (
                [xl - a, 0.0, 0.0, 0.0, kappa * lam * a, 0.0],
                std::f64::consts::PI / lam,
            )
        }
        FamilyKind::Halo(branch) => {
            let h = halo_guess(mu, point, branch, 0.02 * g)?;
            (h.state, 0.5 * h.period)
        }
        FamilyKind::Vertical => {
            // Linear vertical oscillation z = (v/ν) sin νt, ν = √c2.
            let nu = c2.sqrt();
            let a = 0.01 * g;
            ([xl, 0.0, 0.0, 0.0, 0.0, a * nu], std::f64::consts::PI / nu)
        }
    };
    let sh = Shooting {
        t_max: 3.0 * half,
        ..kind.shooting(mu, false)
    };
    let (s, half) = sh.correct(&guess, 1e-12, 25, &format!("{name} (first member)"))?;
    PeriodicOrbit::from_state(mu, name, point, s, 2.0 * half)
}

/// Corrects an orbit of `kind` from an initial guess, keeping one component
/// fixed (`fixed`: state index 0 = x, 2 = z, 5 = vz) and adjusting the others.
pub fn correct_with_fixed(
    mu: f64,
    kind: FamilyKind,
    point: Point,
    guess: &[f64; 6],
    fixed: usize,
    tol: f64,
) -> Result<PeriodicOrbit> {
    let mut sh = kind.shooting(mu, true);
    sh.free.retain(|&i| i != fixed);
    let name = kind.name(point);
    let (s, half) = sh.correct(guess, tol, 25, &name)?;
    PeriodicOrbit::from_state(mu, name, point, s, 2.0 * half)
}

/// Branch switching at a halo bifurcation of a planar Lyapunov family: the
/// first member of the `branch` halo family next to the bifurcating Lyapunov
/// orbit `bifurcation` (a [`Bifurcation::orbit`] of a Lyapunov [`Family`]).
///
/// Near the bifurcation (a pitchfork; Howell 1984, Doedel et al. 2007) the
/// halo family leaves the plane with z₀ growing as the square root of the
/// distance along it, while x₀ and vy₀ change by only O(z₀²). So the
/// bifurcating state with z₀ = ±`z0` is a good guess, corrected with z₀ held
/// fixed.
/// `z0` is the out-of-plane start (non-dimensional, > 0; 1e-3 is about
/// 400 km in the Earth-Moon system).
pub fn halo_from_bifurcation(
    mu: f64,
    point: Point,
    branch: Branch,
    bifurcation: &PeriodicOrbit,
    z0: f64,
) -> Result<PeriodicOrbit> {
    if !(z0.is_finite() && z0 > 0.0) {
        return Err(Cr3bpError::InvalidParameter {
            name: "out-of-plane start z0 (non-dimensional)",
            value: z0,
            expected: "positive",
        });
    }
    if bifurcation.state[2] != 0.0 || bifurcation.state[5] != 0.0 {
        return Err(Cr3bpError::NotPlanar);
    }
    // The branch is named by the sign of z at the crossing of largest |z|
    // (`Branch`); which crossing that is near the bifurcation is decided by
    // the bifurcating eigenvector, so try one sign and flip if needed.
    let mut guess = bifurcation.state;
    guess[2] = z0 * branch.sign();
    let kind = FamilyKind::Halo(branch);
    let orbit = correct_with_fixed(mu, kind, point, &guess, 2, 1e-12)?;
    if z_extreme(&orbit) * branch.sign() > 0.0 {
        return Ok(orbit);
    }
    guess[2] = -guess[2];
    correct_with_fixed(mu, kind, point, &guess, 2, 1e-12)
}

/// z at the x-z plane crossing of largest |z|.
fn z_extreme(o: &PeriodicOrbit) -> f64 {
    if o.state[2].abs() >= o.state_half[2].abs() {
        o.state[2]
    } else {
        o.state_half[2]
    }
}

/// The `branch` halo family at `point` traced by branch switching: the planar
/// Lyapunov family is continued until its first bifurcation (a stability index
/// through +1, refined), the halo family is entered there with z₀ = ±`z0`
/// ([`halo_from_bifurcation`]) and continued by pseudo-arclength. The returned
/// family starts at the bifurcation; its name says so.
pub fn trace_halo_from_bifurcation(
    mu: f64,
    point: Point,
    branch: Branch,
    z0: f64,
    opts: &ContinuationOptions,
    keep_going: Monitor<'_>,
) -> Result<Family> {
    let mut prev: Option<f64> = None;
    let mut until_bifurcation = |o: &PeriodicOrbit| {
        let f = bifurcation_function(o);
        let crossed = prev.is_some_and(|p| p * f < 0.0);
        prev = Some(f);
        !crossed
    };
    let lyap_opts = ContinuationOptions {
        max_members: 1000,
        ..*opts
    };
    let lyap = trace(
        mu,
        FamilyKind::Lyapunov,
        point,
        &lyap_opts,
        &mut until_bifurcation,
    )?;
    let Some(b) = lyap.bifurcations.first() else {
        return Err(Cr3bpError::NoOrbit {
            what: lyap.name,
            reason: format!(
                "no bifurcation found along {} members ({})",
                lyap.members.len(),
                lyap.stop_reason
            ),
        });
    };
    let first = halo_from_bifurcation(mu, point, branch, &b.orbit, z0)?;
    let mut fam = trace_from(mu, FamilyKind::Halo(branch), point, first, opts, keep_going)?;
    fam.name = format!("{} (from the {} bifurcation)", fam.name, lyap.name);
    fam.corrections += lyap.corrections;
    Ok(fam)
}

/// Pseudo-arclength continuation state.
struct Tracer {
    sh: Shooting,
    kind: FamilyKind,
    point: Point,
    opts: ContinuationOptions,
    corrections: usize,
}

impl Tracer {
    fn state_of(&self, x: &DVector<f64>, template: &[f64; 6]) -> [f64; 6] {
        let mut s = *template;
        self.sh.set_free(&mut s, x);
        s
    }

    /// Unit tangent: solves [DF; t_prevᵀ] t = [0; 1].
    fn tangent(&self, jac: &DMatrix<f64>, prev: &DVector<f64>) -> Option<DVector<f64>> {
        let n = jac.ncols();
        let mut a = DMatrix::zeros(n, n);
        a.rows_mut(0, n - 1).copy_from(jac);
        a.row_mut(n - 1).copy_from(&prev.transpose());
        let mut rhs = DVector::zeros(n);
        rhs[n - 1] = 1.0;
        let t = a.lu().solve(&rhs)?;
        let norm = t.norm();
        (norm.is_finite() && norm > 0.0).then(|| t / norm)
    }

    /// Corrects a predicted point on the hyperplane (X − X₀)·t = ds.
    fn correct(
        &mut self,
        x0: &DVector<f64>,
        t: &DVector<f64>,
        ds: f64,
        template: &[f64; 6],
    ) -> Result<(DVector<f64>, f64, usize)> {
        let n = x0.len();
        let mut x = x0 + t * ds;
        let mut last = f64::INFINITY;
        for it in 0..self.opts.max_iter {
            let s = self.state_of(&x, template);
            let ev = self.sh.evaluate(&s)?;
            self.corrections += 1;
            let arc = (&x - x0).dot(t) - ds;
            let mut g = DVector::zeros(n);
            g.rows_mut(0, n - 1).copy_from(&ev.residual);
            g[n - 1] = arc;
            last = g.norm();
            if ev.residual.norm() < self.opts.tol && arc.abs() < 1e-10 {
                return Ok((x, ev.half_period, it));
            }
            let mut a = DMatrix::zeros(n, n);
            a.rows_mut(0, n - 1).copy_from(&ev.jacobian);
            a.row_mut(n - 1).copy_from(&t.transpose());
            let dx = solve(&a, &g).ok_or_else(|| Cr3bpError::NoConvergence {
                what: self.kind.name(self.point) + " (singular continuation Jacobian)",
                iterations: it,
                residual: last,
                tolerance: self.opts.tol,
            })?;
            x -= dx;
        }
        Err(Cr3bpError::NoConvergence {
            what: self.kind.name(self.point),
            iterations: self.opts.max_iter,
            residual: last,
            tolerance: self.opts.tol,
        })
    }
}

/// What to do after each member: keep going or stop.
pub type Monitor<'a> = &'a mut dyn FnMut(&PeriodicOrbit) -> bool;

/// Traces a family by pseudo-arclength continuation from its first member.
///
/// `keep_going(member)` is called for each new member; returning `false`
/// stops the trace (the member is kept). Tracing also stops at
/// `max_members`, at a collision with P2, or when the step shrinks below
/// `min_step`; the reason is recorded, and the members found are returned.
pub fn trace(
    mu: f64,
    kind: FamilyKind,
    point: Point,
    opts: &ContinuationOptions,
    keep_going: Monitor<'_>,
) -> Result<Family> {
    let first = first_member(mu, kind, point)?;
    trace_from(mu, kind, point, first, opts, keep_going)
}

/// Continues a family from a given member.
pub fn trace_from(
    mu: f64,
    kind: FamilyKind,
    point: Point,
    first: PeriodicOrbit,
    opts: &ContinuationOptions,
    keep_going: Monitor<'_>,
) -> Result<Family> {
    let mut tr = Tracer {
        sh: Shooting {
            t_max: 20.0,
            ..kind.shooting(mu, true)
        },
        kind,
        point,
        opts: *opts,
        corrections: 0,
    };
    let template = first.state;
    let mut members = vec![first];
    let mut stop_reason = format!("reached {} members", opts.max_members);
    if !keep_going(&members[0]) {
        return Ok(Family {
            name: kind.name(point),
            members,
            stop_reason: "target reached".into(),
            corrections: 0,
            bifurcations: Vec::new(),
        });
    }
    // Initial direction: the amplitude grows away from the libration point.
    let x_first = tr.sh.free_vector(&template);
    let amp = kind.amplitude_index();
    let xl = libration_point(mu, point)?.position[0];
    let grow = match kind {
        FamilyKind::Lyapunov => (x_first[0] - xl).signum(),
        _ => x_first[amp].signum(),
    };
    let mut prev_t = DVector::zeros(x_first.len());
    prev_t[amp] = grow;
    let mut crossings = Vec::new();
    let mut x = x_first;
    let mut ds = opts.step;
    let secondary_r = 1e-3_f64; // collision guard (non-dimensional)
    while members.len() < opts.max_members {
        let s = tr.state_of(&x, &template);
        let ev = tr.sh.evaluate(&s)?;
        let Some(mut t) = tr.tangent(&ev.jacobian, &prev_t) else {
            stop_reason = "tangent undefined (singular Jacobian)".into();
            break;
        };
        if t.dot(&prev_t) < 0.0 {
            t = -t;
        }
        let mut accepted = None;
        while ds >= opts.min_step {
            match tr.correct(&x, &t, ds, &template) {
                Ok((xn, half, iters)) => {
                    accepted = Some((xn, half, iters));
                    break;
                }
                Err(_) => ds *= 0.5,
            }
        }
        let Some((xn, half, iters)) = accepted else {
            stop_reason = format!(
                "corrector failed with the step reduced below {:.1e}",
                opts.min_step
            );
            break;
        };
        let state = tr.state_of(&xn, &template);
        let orbit = PeriodicOrbit::from_state(mu, kind.name(point), point, state, 2.0 * half)?;
        let stop_collision = orbit.periapsis < secondary_r;
        // A halo family that flattens onto z = 0 has met a planar family
        // (bifurcation); branch switching is not done, so stop there.
        let flattened = matches!(kind, FamilyKind::Halo(_))
            && orbit.az < 1e-6
            && members.iter().any(|m| m.az > 1e-3);
        prev_t = t;
        x = xn;
        let reached = !keep_going(&orbit);
        if let Some(last) = members.last() {
            if bifurcation_function(last) * bifurcation_function(&orbit) < 0.0 {
                crossings.push(members.len() - 1);
            }
        }
        members.push(orbit);
        if stop_collision {
            stop_reason = "orbit reaches the surface region of P2".into();
            break;
        }
        if flattened {
            stop_reason = "the family became planar (bifurcation with a planar family)".into();
            break;
        }
        if reached {
            stop_reason = "target reached".into();
            break;
        }
        if opts.adaptive {
            if iters <= 2 {
                ds = (ds * 1.5).min(opts.max_step);
            } else if iters >= 5 {
                ds = (ds * 0.6).max(opts.min_step);
            }
        }
    }
    let mut bifurcations = Vec::with_capacity(crossings.len());
    for after in crossings {
        let (a, b) = (&members[after], &members[after + 1]);
        // Where the refinement fails (a crossing right at a fold), the nearer
        // of the two members stands for the bifurcation.
        let orbit = refine_between(mu, kind, point, a, b, &bifurcation_function, 0.0)
            .unwrap_or_else(|_| {
                if bifurcation_function(a).abs() <= bifurcation_function(b).abs() {
                    a.clone()
                } else {
                    b.clone()
                }
            });
        bifurcations.push(Bifurcation { after, orbit });
    }
    Ok(Family {
        name: kind.name(point),
        members,
        stop_reason,
        corrections: tr.corrections,
        bifurcations,
    })
}

/// Finds the family member at which `quantity(member) = target` between two
/// consecutive members `a` and `b` that bracket it, by the secant method
/// along the chord from `a` to `b` (each trial point corrected on the
/// hyperplane perpendicular to the chord).
pub fn refine_between(
    mu: f64,
    kind: FamilyKind,
    point: Point,
    a: &PeriodicOrbit,
    b: &PeriodicOrbit,
    quantity: &dyn Fn(&PeriodicOrbit) -> f64,
    target: f64,
) -> Result<PeriodicOrbit> {
    let mut tr = Tracer {
        sh: Shooting {
            t_max: 20.0,
            ..kind.shooting(mu, true)
        },
        kind,
        point,
        opts: ContinuationOptions::default(),
        corrections: 0,
    };
    let template = a.state;
    let xa = tr.sh.free_vector(&a.state);
    let xb = tr.sh.free_vector(&b.state);
    let chord = &xb - &xa;
    let len = chord.norm();
    if len == 0.0 {
        return Ok(a.clone());
    }
    let d = chord / len;
    let (mut s0, mut q0) = (0.0, quantity(a) - target);
    let (mut s1, mut q1) = (len, quantity(b) - target);
    let mut best = if q0.abs() < q1.abs() {
        a.clone()
    } else {
        b.clone()
    };
    for _ in 0..30 {
        if (q1 - q0).abs() < 1e-300 {
            break;
        }
        let s = s1 - q1 * (s1 - s0) / (q1 - q0);
        let (xn, half, _) = tr.correct(&xa, &d, s, &template)?;
        let orbit = PeriodicOrbit::from_state(
            mu,
            kind.name(point),
            point,
            tr.state_of(&xn, &template),
            2.0 * half,
        )?;
        let q = quantity(&orbit) - target;
        best = orbit;
        if q.abs() < 1e-11 * target.abs().max(1.0) || (s - s1).abs() < 1e-14 {
            break;
        }
        s0 = s1;
        q0 = q1;
        s1 = s;
        q1 = q;
    }
    Ok(best)
}

/// Traces the family until `quantity` first crosses `target`, then refines
/// the member there. Errors if the family ends without crossing it.
pub fn find_member(
    mu: f64,
    kind: FamilyKind,
    point: Point,
    opts: &ContinuationOptions,
    quantity: &dyn Fn(&PeriodicOrbit) -> f64,
    target: f64,
    what: &str,
) -> Result<PeriodicOrbit> {
    let mut prev: Option<f64> = None;
    let mut crossed = false;
    let mut monitor = |o: &PeriodicOrbit| {
        let q = quantity(o) - target;
        if let Some(p) = prev {
            if p * q <= 0.0 {
                crossed = true;
                return false;
            }
        }
        prev = Some(q);
        true
    };
    let fam = trace(mu, kind, point, opts, &mut monitor)?;
    let n = fam.members.len();
    if !crossed || n < 2 {
        let range = fam
            .members
            .iter()
            .map(quantity)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), q| {
                (lo.min(q), hi.max(q))
            });
        return Err(Cr3bpError::TargetNotReached {
            family: fam.name,
            quantity: what.to_string(),
            target,
            lowest: range.0,
            highest: range.1,
            members: n,
            stop_reason: fam.stop_reason,
        });
    }
    refine_between(
        mu,
        kind,
        point,
        &fam.members[n - 2],
        &fam.members[n - 1],
        quantity,
        target,
    )
}

/// Natural-parameter continuation: steps one initial-state component
/// (`fixed`: 0 = x0, 2 = z0, 5 = vz0) by `step` from the first member and
/// corrects the others with that component held fixed, using the previous
/// member as the guess (a secant extrapolation of the last two members).
/// Simpler than pseudo-arclength but fails at folds of the family in that
/// component; it then stops and reports why.
pub fn trace_natural(
    mu: f64,
    kind: FamilyKind,
    point: Point,
    fixed: usize,
    step: f64,
    max_members: usize,
) -> Result<Family> {
    if !(step.is_finite() && step != 0.0) {
        return Err(Cr3bpError::InvalidParameter {
            name: "natural-parameter step (non-dimensional)",
            value: step,
            expected: "finite and non-zero",
        });
    }
    if fixed > 5 {
        return Err(Cr3bpError::InvalidParameter {
            name: "state component index",
            value: fixed as f64,
            expected: "0 to 5",
        });
    }
    let first = first_member(mu, kind, point)?;
    let xl = libration_point(mu, point)?.position[0];
    let mut members = vec![first];
    let mut stop_reason = format!("reached {max_members} members");
    while members.len() < max_members {
        let n = members.len();
        let last = &members[n - 1];
        let mut guess = last.state;
        if n >= 2 {
            let prev = &members[n - 2];
            let ds = last.state[fixed] - prev.state[fixed];
            if ds != 0.0 {
                let r = step / ds;
                for ((g, l), p) in guess.iter_mut().zip(&last.state).zip(&prev.state) {
                    *g = l + r * (l - p);
                }
            }
        }
        guess[fixed] = last.state[fixed] + step;
        if n == 1 {
            // Linear theory: velocities scale with the amplitude.
            let reference = if fixed == 0 { xl } else { 0.0 };
            let a0 = last.state[fixed] - reference;
            if a0 != 0.0 {
                let r = (guess[fixed] - reference) / a0;
                for (i, g) in guess.iter_mut().enumerate().skip(3) {
                    if i != fixed {
                        *g = last.state[i] * r;
                    }
                }
            }
        }
        match correct_with_fixed(mu, kind, point, &guess, fixed, 1e-12) {
            Ok(o) => {
                if o.periapsis < 1e-3 {
                    members.push(o);
                    stop_reason = "orbit reaches the surface region of P2".into();
                    break;
                }
                members.push(o);
            }
            Err(e) => {
                stop_reason = format!("correction failed ({e})");
                break;
            }
        }
    }
    Ok(Family {
        name: kind.name(point),
        members,
        stop_reason,
        corrections: 0,
        bifurcations: Vec::new(),
    })
}
