//! Propagation of CR3BP states (with or without the state transition matrix)
//! and location of plane crossings.

use crate::dop853::{integrate, Direction, End, Event, Flow, Options};
use crate::dynamics::{eom, eom_stm, with_identity_stm};
use crate::error::{Cr3bpError, Result};

/// Propagates a state for `t` (non-dimensional; negative for backwards).
pub fn propagate(mu: f64, s0: &[f64; 6], t: f64, opts: &Options) -> Result<[f64; 6]> {
    let f = |_t: f64, y: &[f64; 6], d: &mut [f64; 6]| eom(mu, y, d);
    let end = integrate(
        &f,
        0.0,
        s0,
        t,
        opts,
        None,
        &mut |_, _| Flow::Continue,
        &mut |_, _| Flow::Continue,
    )?;
    Ok(end.y)
}

/// Propagates a state and its STM for `t`; returns the 42-vector (state, Φ row-major).
pub fn propagate_stm(mu: f64, s0: &[f64; 6], t: f64, opts: &Options) -> Result<[f64; 42]> {
    let f = |_t: f64, y: &[f64; 42], d: &mut [f64; 42]| eom_stm(mu, y, d);
    let y0 = with_identity_stm(s0);
    let end = integrate(
        &f,
        0.0,
        &y0,
        t,
        opts,
        None,
        &mut |_, _| Flow::Continue,
        &mut |_, _| Flow::Continue,
    )?;
    Ok(end.y)
}

/// Propagates with the STM until the `n`-th crossing of the plane
/// `state[axis] = 0` (axis 1: y = 0, axis 2: z = 0), giving up after `t_max`.
/// Returns the crossing time and the 42-vector there.
pub fn to_crossing_stm(
    mu: f64,
    s0: &[f64; 6],
    axis: usize,
    n: usize,
    t_max: f64,
    opts: &Options,
) -> Result<(f64, [f64; 42])> {
    let f = |_t: f64, y: &[f64; 42], d: &mut [f64; 42]| eom_stm(mu, y, d);
    let g = move |_t: f64, y: &[f64; 42]| y[axis];
    let ev = Event {
        g: &g,
        direction: Direction::Either,
        t_min: 1e-9,
    };
    let y0 = with_identity_stm(s0);
    let mut count = 0;
    let end: End<42> = integrate(
        &f,
        0.0,
        &y0,
        t_max,
        opts,
        Some(&ev),
        &mut |_, _| Flow::Continue,
        &mut |_, _| {
            count += 1;
            if count >= n {
                Flow::Stop
            } else {
                Flow::Continue
            }
        },
    )?;
    if count < n {
        return Err(Cr3bpError::NoCrossing {
            plane: plane_name(axis),
            t_max,
        });
    }
    Ok((end.t, end.y))
}

fn plane_name(axis: usize) -> String {
    match axis {
        0 => "x = 0".into(),
        1 => "y = 0".into(),
        _ => "z = 0".into(),
    }
}

/// Samples a trajectory: the state at every accepted step (at most `h_max`
/// apart) from 0 to `t`, first and last included, as `(t, state)`.
pub fn trajectory(mu: f64, s0: &[f64; 6], t: f64, h_max: f64) -> Result<Vec<(f64, [f64; 6])>> {
    let f = |_t: f64, y: &[f64; 6], d: &mut [f64; 6]| eom(mu, y, d);
    let opts = Options {
        h_max,
        ..Options::default()
    };
    let mut out = vec![(0.0, *s0)];
    integrate(
        &f,
        0.0,
        s0,
        t,
        &opts,
        None,
        &mut |t, y| {
            out.push((t, *y));
            Flow::Continue
        },
        &mut |_, _| Flow::Continue,
    )?;
    Ok(out)
}

/// Distances to P2 at its local minima and maxima along one period:
/// `(min, max)` of |r − r₂| located to integrator precision (events on the
/// radial velocity relative to P2).
pub fn extreme_distances(mu: f64, s0: &[f64; 6], period: f64) -> Result<(f64, f64)> {
    let f = |_t: f64, y: &[f64; 6], d: &mut [f64; 6]| eom(mu, y, d);
    let xm = 1.0 - mu;
    let g = move |_t: f64, y: &[f64; 6]| (y[0] - xm) * y[3] + y[1] * y[4] + y[2] * y[5];
    let ev = Event {
        g: &g,
        direction: Direction::Either,
        t_min: 0.0,
    };
    let dist = |y: &[f64; 6]| ((y[0] - xm).powi(2) + y[1] * y[1] + y[2] * y[2]).sqrt();
    let d0 = dist(s0);
    let ext = std::cell::Cell::new((d0, d0));
    let note = |y: &[f64; 6]| {
        let d = dist(y);
        let (lo, hi) = ext.get();
        ext.set((lo.min(d), hi.max(d)));
        Flow::Continue
    };
    integrate(
        &f,
        0.0,
        s0,
        period,
        &Options::default(),
        Some(&ev),
        &mut |_, y| note(y),
        &mut |_, y| note(y),
    )?;
    let (lo, hi) = ext.get();
    Ok((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamics::jacobi;

    #[test]
    fn jacobi_conserved_near_moon() {
        let mu = 0.012150585609624;
        let s0 = [1.02, 0.0, -0.18, 0.0, -0.1, 0.0];
        let c0 = jacobi(mu, &s0);
        let s1 = propagate(mu, &s0, 3.0, &Options::default()).unwrap();
        assert!((jacobi(mu, &s1) - c0).abs() < 1e-11);
    }

    #[test]
    fn stm_matches_finite_differences() {
        let mu = 0.012150585609624;
        let s0 = [1.1, 0.0, 0.05, 0.0, -0.2, 0.0];
        let opts = Options::default();
        let y = propagate_stm(mu, &s0, 1.0, &opts).unwrap();
        for j in 0..6 {
            let eps = 1e-6;
            let (mut a, mut b) = (s0, s0);
            a[j] += eps;
            b[j] -= eps;
            let pa = propagate(mu, &a, 1.0, &opts).unwrap();
            let pb = propagate(mu, &b, 1.0, &opts).unwrap();
            for i in 0..6 {
                let fd = (pa[i] - pb[i]) / (2.0 * eps);
                let phi = y[6 + 6 * i + j];
                assert!(
                    (fd - phi).abs() < 2e-5 * phi.abs().max(1.0),
                    "Φ[{i}][{j}] {fd} {phi}"
                );
            }
        }
    }
}
