//! The assumptions behind the sieve's guarantee (`orrery_sat::conjunction`), checked
//! on the whole bundled active catalog (15,347 objects, 2026-05-07):
//!
//! * SGP4's acceleration stays under `ACCELERATION_FACTOR · μ/r²` (second
//!   differences of positions over ±1 s, 24 instants of a day);
//! * SGP4's velocity is the derivative of its position to within
//!   `VELOCITY_INCONSISTENCY_KM_S` (central differences over ±1 ms);
//! * the osculating radius stays within the mean perigee-apogee shell widened as
//!   `shell::bounds` widens it (every 2 min over one day, every 30 min over 7 days).

use orrery_sat::conjunction::shell::{bounds, decay_km, MU_WGS72};
use orrery_sat::conjunction::sieve::{ACCELERATION_FACTOR, VELOCITY_INCONSISTENCY_KM_S};
use orrery_sat::kernel::{Fleet, Output, Sgp4Code};
use orrery_sat::{Catalog, ReadOptions, Satellite};

fn catalog() -> Catalog {
    Catalog::parse(
        orrery_sat::catalog::ACTIVE_CATALOG,
        "active",
        &ReadOptions::default(),
    )
    .unwrap()
}

fn start_tai() -> f64 {
    orrery_core::time::parse_epoch("2026-05-07T00:00:00 UTC")
        .unwrap()
        .to_tai_seconds()
}

#[test]
fn sgp4_acceleration_and_velocity_are_within_the_bounds() {
    let cat = catalog();
    let sats: Vec<&Satellite> = cat.satellites.iter().collect();
    let fleet = Fleet::new(&sats).unwrap();
    let (mut worst_acc, mut worst_dv, mut worst_dv_near) = (0.0f64, 0.0f64, 0.0f64);
    for (i, s) in sats.iter().enumerate() {
        let p = fleet.propagator(i).unwrap();
        let m0 = (start_tai() - s.epoch.to_tai_seconds()) / 60.0;
        for k in 0..24 {
            let m = m0 + 60.0 * k as f64;
            let at = |dt_s: f64| p.state_minutes(m + dt_s / 60.0);
            let (r, v, c) = at(0.0);
            let (rp, _, cp) = at(1.0);
            let (rm, _, cm) = at(-1.0);
            if [c, cp, cm].iter().any(|&c| c != Sgp4Code::Ok) {
                continue;
            }
            let rn = (r[0] * r[0] + r[1] * r[1] + r[2] * r[2]).sqrt();
            let acc: f64 = (0..3)
                .map(|j| (rp[j] - 2.0 * r[j] + rm[j]).powi(2))
                .sum::<f64>()
                .sqrt();
            worst_acc = worst_acc.max(acc * rn * rn / MU_WGS72);
            let (rp, _, _) = at(1e-3);
            let (rm, _, _) = at(-1e-3);
            let dv: f64 = (0..3)
                .map(|j| ((rp[j] - rm[j]) / 2e-3 - v[j]).powi(2))
                .sum::<f64>()
                .sqrt();
            worst_dv = worst_dv.max(dv);
            if s.period_minutes() < 225.0 {
                worst_dv_near = worst_dv_near.max(dv);
            }
        }
    }
    println!("worst |a|·r²/μ = {worst_acc:.5}, worst |dr/dt − v| = {worst_dv:.2e} km/s ({worst_dv_near:.2e} km/s near Earth)");
    assert!(worst_acc < ACCELERATION_FACTOR, "{worst_acc}");
    assert!(worst_acc > 0.99, "{worst_acc}");
    assert!(worst_dv < VELOCITY_INCONSISTENCY_KM_S, "{worst_dv}");
}

#[test]
fn the_osculating_radius_stays_in_the_widened_mean_shell() {
    let cat = catalog();
    let sats: Vec<&Satellite> = cat.satellites.iter().collect();
    for (days, step_s) in [(1.0, 120.0), (7.0, 1800.0)] {
        let n = (days * 86_400.0 / step_s) as usize + 1;
        let tai: Vec<f64> = (0..n).map(|k| start_tai() + k as f64 * step_s).collect();
        let st = Fleet::new(&sats)
            .unwrap()
            .propagate(&tai, Output::Position)
            .unwrap();
        let mut worst = f64::NEG_INFINITY;
        for (i, s) in sats.iter().enumerate() {
            let (lo, hi) = bounds(s, 0.0, days, decay_km(s, start_tai(), days * 86_400.0));
            for j in 0..n {
                if st.code(i, j) != Some(Sgp4Code::Ok) {
                    break;
                }
                let r = st.position(i, j).unwrap();
                let rn = (r[0] * r[0] + r[1] * r[1] + r[2] * r[2]).sqrt();
                let out = (lo - rn).max(rn - hi);
                worst = worst.max(out);
                assert!(
                    out < 0.0,
                    "{} ({}): radius {rn:.1} km vs widened shell {lo:.1}..{hi:.1} km after {:.2} days",
                    s.name(),
                    s.norad_id(),
                    j as f64 * step_s / 86_400.0
                );
            }
        }
        println!("{days} days: closest approach of the radius to a widened shell's edge: {:.1} km inside", -worst);
    }
}
