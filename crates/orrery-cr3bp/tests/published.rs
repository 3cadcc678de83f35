//! Checks against published values. Each reference is cited beside its numbers.

use orrery_cr3bp::dop853::Options;
use orrery_cr3bp::dynamics::jacobi;
use orrery_cr3bp::family::{find_member, first_member, trace, ContinuationOptions};
use orrery_cr3bp::lagrange::{libration_point, Point};
use orrery_cr3bp::propagate::{propagate, trajectory};
use orrery_cr3bp::*;

/// Lagrange points of the Earth-Moon system, μ = 1.215058560962404e-2:
/// L1 x = 0.83691513, L2 1.15568216, L3 −1.00506265, Jacobi of L4/L5
/// 2.98799705 (8 decimals, as tabulated for the Earth-Moon system by the JPL
/// three-body periodic-orbit catalogue and Koon, Lo, Marsden & Ross 2011).
#[test]
fn earth_moon_lagrange_points() {
    let mu = System::earth_moon().mu;
    let l1 = libration_point(mu, Point::L1).unwrap();
    let l2 = libration_point(mu, Point::L2).unwrap();
    let l3 = libration_point(mu, Point::L3).unwrap();
    let l4 = libration_point(mu, Point::L4).unwrap();
    assert!(
        (l1.position[0] - 0.83691513).abs() < 1e-8,
        "{}",
        l1.position[0]
    );
    assert!(
        (l2.position[0] - 1.15568216).abs() < 1e-8,
        "{}",
        l2.position[0]
    );
    assert!(
        (l3.position[0] + 1.00506265).abs() < 1e-8,
        "{}",
        l3.position[0]
    );
    assert!((l4.position[1] - 3f64.sqrt() / 2.0).abs() < 1e-15);
    assert!((l4.jacobi - 2.98799705).abs() < 1e-8, "{}", l4.jacobi);
    // Energy ordering C(L1) > C(L2) > C(L3) > C(L4) = C(L5).
    assert!(l1.jacobi > l2.jacobi && l2.jacobi > l3.jacobi && l3.jacobi > l4.jacobi);
}

/// Sun-(Earth+Moon) L1 and L2 against Hill's series in r_H = (μ/3)^(1/3):
/// γ = r_H (1 ∓ r_H/3 − r_H²/9) (Szebehely 1967, §4.5.1, eq. 4.42), accurate
/// to O(r_H⁴) ≈ 1e-8 here; both about 1.5 million km from the Earth.
#[test]
fn sun_earth_l1_l2_distance() {
    let s = System::sun_earth();
    let rh = (s.mu / 3.0).cbrt();
    let l1 = libration_point(s.mu, Point::L1).unwrap();
    let l2 = libration_point(s.mu, Point::L2).unwrap();
    assert!(
        (l1.gamma - rh * (1.0 - rh / 3.0 - rh * rh / 9.0)).abs() < 5e-8,
        "{}",
        l1.gamma
    );
    assert!(
        (l2.gamma - rh * (1.0 + rh / 3.0 - rh * rh / 9.0)).abs() < 5e-8,
        "{}",
        l2.gamma
    );
    let d2 = s.to_km(l2.gamma);
    assert!((d2 - 1.5e6).abs() < 1e4, "{d2}");
}

/// Jacobi constant is conserved along a full period of an NRHO to 1e-10, and
/// the corrected orbit closes to 1e-9 (non-dimensional).
#[test]
fn nrho_conserves_jacobi_and_closes() {
    let sys = System::earth_moon();
    let o = missions::resonant_nrho(&sys, 9, 2).unwrap();
    assert!(o.closure < 1e-9, "closure {}", o.closure);
    let c0 = jacobi(sys.mu, &o.state);
    let traj = trajectory(sys.mu, &o.state, o.period, o.period / 200.0).unwrap();
    let worst = traj
        .iter()
        .map(|(_, s)| (jacobi(sys.mu, s) - c0).abs())
        .fold(0.0, f64::max);
    assert!(worst < 1e-10, "Jacobi drift {worst:e}");
    // Period is 2/9 of the mean synodic month 29.530589 d.
    let p = o.physical(&sys);
    assert!((p.period_days - 6.56235).abs() < 1e-4, "{}", p.period_days);
    // Published: "passes through perilune over the north lunar pole
    // approximately every 6.5 days with a close approach radius of about
    // 3,200 km and an apolune radius of approximately 71,000 km" (Whitley &
    // Martinez 2016, "Options for staging orbits in cislunar space", IEEE
    // Aerospace Conf.; same numbers in Lee 2019, NASA "Gateway Destination
    // Orbit Model"). Perilune is north (z > 0), apolune south: the southern family.
    assert!(
        (p.periapsis_km - 3200.0).abs() < 150.0,
        "{}",
        p.periapsis_km
    );
    assert!(
        (p.apoapsis_km - 71_000.0).abs() < 1_000.0,
        "{}",
        p.apoapsis_km
    );
    assert!(o.state_half[2] < -0.15 && o.state[2] > 0.0);
}

/// The 9:2 L2 southern NRHO initial state at apolune published by Spreen
/// (E. M. Zimovan-Spreen, PhD dissertation, Purdue 2021, pp. 245-246):
/// x0 = 1.02134, z0 = −0.18162, vy0 = −0.10176, period 1.50206 (non-dimensional).
/// The same family member (period 1.50206) found by our continuation must
/// agree to the 5 digits given.
#[test]
fn nrho_matches_spreen_initial_state() {
    let sys = System::earth_moon();
    let o = find_member(
        sys.mu,
        FamilyKind::Halo(Branch::South),
        Point::L2,
        &ContinuationOptions {
            max_members: 2000,
            ..Default::default()
        },
        &|o: &PeriodicOrbit| o.period,
        1.50206,
        "period",
    )
    .unwrap();
    let a = o.state_half;
    assert!((a[0] - 1.02134).abs() < 2e-4, "x {}", a[0]);
    assert!((a[2] + 0.18162).abs() < 2e-4, "z {}", a[2]);
    assert!((a[4] + 0.10176).abs() < 2e-4, "vy {}", a[4]);
}

// The halo bifurcations and family members against the JPL catalogue are in
// tests/catalogue.rs.

/// The Lyapunov family starts at the linear period 2π/λ of the libration
/// point (Szebehely §5.3): Earth-Moon L1 λ = 2.9321 → 2.1429 TU.
#[test]
fn lyapunov_small_amplitude_period() {
    let sys = System::earth_moon();
    let o = first_member(sys.mu, FamilyKind::Lyapunov, Point::L1).unwrap();
    assert!((o.period - 2.69).abs() < 0.02, "{}", o.period);
    assert!(o.closure < 1e-9);
    let v = first_member(sys.mu, FamilyKind::Vertical, Point::L1).unwrap();
    assert!(v.closure < 1e-9, "{}", v.closure);
}

/// A traced family: every member closes, and the period falls monotonically
/// toward the NRHOs along the L2 southern halo family.
#[test]
fn family_trace_members_close() {
    let sys = System::earth_moon();
    let fam = trace(
        sys.mu,
        FamilyKind::Halo(Branch::South),
        Point::L2,
        &ContinuationOptions {
            max_members: 60,
            ..Default::default()
        },
        &mut |_| true,
    )
    .unwrap();
    assert_eq!(fam.members.len(), 60);
    for m in &fam.members {
        assert!(m.closure < 1e-9, "closure {}", m.closure);
    }
    assert!(fam.members.last().unwrap().period < fam.members[0].period);
}

/// Bad input gives typed errors.
#[test]
fn bad_input_errors() {
    let sys = System::earth_moon();
    assert!(missions::parse_resonance("9-2").is_err());
    assert!(missions::parse_resonance("0:2").is_err());
    // A resonance the family never reaches (period 29.5 d).
    let e = missions::resonant_nrho(&sys, 1, 1).unwrap_err();
    assert!(e.to_string().contains("not reached"), "{e}");
    assert!(missions::resonant_nrho(&System::sun_earth(), 9, 2).is_err());
    // Correction from a hopeless guess reports iterations and residual.
    let e = family::correct_with_fixed(
        sys.mu,
        FamilyKind::Halo(Branch::North),
        Point::L1,
        &[0.5, 0.0, 0.3, 0.0, 3.0, 0.0],
        2,
        1e-12,
    )
    .unwrap_err();
    let text = e.to_string();
    assert!(text.contains("did not converge"), "{text}");
    // Propagating a state from a collision does not panic.
    let r = propagate(
        sys.mu,
        &[-sys.mu, 0.0, 0.0, 0.0, 0.0, 0.0],
        1.0,
        &Options::default(),
    );
    assert!(r.is_err());
}

/// Natural-parameter continuation (x0 stepped) and pseudo-arclength
/// continuation land on the same Lyapunov orbits: interpolate the arclength
/// family at the natural member's x0 and compare periods.
#[test]
fn natural_and_arclength_agree() {
    let mu = System::earth_moon().mu;
    let nat = family::trace_natural(mu, FamilyKind::Lyapunov, Point::L1, 0, -1e-3, 12).unwrap();
    assert_eq!(nat.members.len(), 12, "{}", nat.stop_reason);
    let arc = trace(
        mu,
        FamilyKind::Lyapunov,
        Point::L1,
        &ContinuationOptions {
            max_members: 40,
            ..Default::default()
        },
        &mut |_| true,
    )
    .unwrap();
    let target = nat.members.last().unwrap();
    let x = target.state[0];
    let k = arc
        .members
        .windows(2)
        .position(|w| (w[0].state[0] - x) * (w[1].state[0] - x) <= 0.0)
        .expect("arclength family covers x0");
    let o = family::refine_between(
        mu,
        FamilyKind::Lyapunov,
        Point::L1,
        &arc.members[k],
        &arc.members[k + 1],
        &|o: &PeriodicOrbit| o.state[0],
        x,
    )
    .unwrap();
    assert!(
        (o.period - target.period).abs() < 1e-9,
        "{} {}",
        o.period,
        target.period
    );
    assert!((o.state[4] - target.state[4]).abs() < 1e-9);
}

/// Richardson (1980, Celest. Mech. 22:241) built the ISEE-3 Sun-Earth L1 halo
/// with Az = 110 000 km; its period is about 178 days (Farquhar et al. 1980,
/// "Trajectories and orbital maneuvers for the ISEE-3 mission"; Howell 1984, §5).
#[test]
fn isee3_halo_period() {
    let sys = System::sun_earth();
    let o = find_member(
        sys.mu,
        FamilyKind::Halo(Branch::North),
        Point::L1,
        &ContinuationOptions::default(),
        &|o: &PeriodicOrbit| o.az,
        sys.from_km(110_000.0),
        "Az",
    )
    .unwrap();
    let days = sys.to_days(o.period);
    assert!((days - 178.0).abs() < 1.0, "{days}");
    assert!(o.closure < 1e-9);
}
