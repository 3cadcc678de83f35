//! Fitted ephemerides against published ones: a candidate's headline
//! period and t0 are the converged fit's, agree with the literature within
//! 4 combined sigma, and the fitted uncertainties are sane (neither absurdly
//! small, which the pull test catches, nor larger than 1e-3 of the period;
//! the impact parameter's within its range).
//!
//! Published values (NASA Exoplanet Archive exports of 2025-10-04 in
//! ../shared/data/catalogs): HAT-P-7 b KOI-2.01 (P 2.204735417 ± 4.3e-8 d,
//! T0 BKJD 121.3585417 ± 1.6e-5); WASP-126 b TOI-114.01 (3.2887898 ± 3e-7,
//! T0 2458327.5199580 ± 6.1e-5); pi Men c TOI-144.01 (6.2678320 ± 2.29e-5,
//! T0 2460011.5506530 ± 2.8e-3); K2-3 b, c, d Diamond-Lowe et al. 2022
//! (archive default: 10.0546535 ± 8.8e-6, 24.646729 ± 4.4e-5,
//! 44.55603 ± 1.3e-4; T0 of Crossfield et al. 2015, BJD 2456813.4173,
//! 2456812.2786, 2456826.2248, uncertainty taken as 2e-3 d).

use orrery_transit::schema::EphemerisSource;
use orrery_transit::{load, search, LoadOptions, SearchConfig};
use std::path::Path;

struct Published {
    period: f64,
    period_err: f64,
    t0_bjd: f64,
    t0_err: f64,
}

fn check(file: &str, opts: &LoadOptions, cfg: &SearchConfig, planets: &[Published]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(file);
    let r = search(&load(&path, opts).unwrap(), cfg).unwrap();
    for p in planets {
        let cand = r
            .candidates
            .iter()
            .find(|c| {
                c.summary.significant && (c.summary.period_days / p.period - 1.0).abs() < 1e-3
            })
            .unwrap_or_else(|| panic!("{file}: no candidate at {} d", p.period));
        let c = &cand.summary;
        // The impact parameter's uncertainty is finite and of the order of
        // its range even at b = 0, where a fit in b (not b²) reported σ_b
        // of 90 to 20,000. (Measured: 0.015 HAT-P-7 b, 0.18 WASP-126 b,
        // 0.49 pi Men c, 0.47-1.46 K2-3 b-d: b is poorly constrained by
        // the long cadence and two transits of K2-3 d.)
        let fit = cand.fit.as_ref().unwrap();
        assert!(
            fit.b_err.is_finite() && fit.b_err < 2.0,
            "{file}: σ_b = {}",
            fit.b_err
        );
        assert!(fit.iterations < 100, "{file}: {} LM steps", fit.iterations);
        assert_eq!(c.ephemeris_source, EphemerisSource::Fit, "{file} {c:?}");
        assert!(c.fit_converged);
        let sp = c.period_err_days.unwrap();
        assert!(sp > 0.0 && sp < 1e-3 * p.period, "{file}: σ_P = {sp}");
        let pull = (c.period_days - p.period) / sp.hypot(p.period_err);
        assert!(
            pull.abs() < 4.0,
            "{file}: P {} ± {sp} vs {}: {pull} σ",
            c.period_days,
            p.period
        );
        // The published T0 carried to the reported epoch.
        let t0 = c.t0_bjd_tdb.unwrap();
        let n = ((t0 - p.t0_bjd) / p.period).round();
        let t_pub = p.t0_bjd + n * p.period;
        let s_pub = p.t0_err.hypot(n * p.period_err);
        let st = c.t0_err_days.unwrap();
        assert!(st > 0.0 && st < 0.02, "{file}: σ_t0 = {st}");
        let pull = (t0 - t_pub) / st.hypot(s_pub);
        assert!(
            pull.abs() < 4.0,
            "{file}: t0 {t0} ± {st} vs {t_pub} ± {s_pub}: {pull} σ"
        );
        // The BLS grid values are kept, named as such.
        assert!((c.bls_period_days / p.period - 1.0).abs() < 2e-3);
    }
}

fn cfg(pmin: f64, pmax: f64, max_planets: usize) -> SearchConfig {
    SearchConfig {
        period_min_days: pmin,
        period_max_days: Some(pmax),
        max_planets,
        ..SearchConfig::default()
    }
}

#[test]
fn hat_p_7_b() {
    let pb = Published {
        period: 2.204735417,
        period_err: 4.3e-8,
        t0_bjd: 2_454_833.0 + 121.3585417,
        t0_err: 1.6e-5,
    };
    check(
        "kplr010666592-2009131110544_slc.fits",
        &LoadOptions::default(),
        &cfg(1.0, 4.5, 1),
        &[pb],
    );
}

#[test]
fn wasp_126_b_and_pi_men_c() {
    let w = Published {
        period: 3.2887898,
        period_err: 3e-7,
        t0_bjd: 2_458_327.519_958,
        t0_err: 6.1e-5,
    };
    check(
        "tess2018206045859-s0001-0000000025155310-0120-s_lc.fits",
        &LoadOptions::default(),
        &cfg(1.0, 12.0, 1),
        &[w],
    );
    let pi = Published {
        period: 6.267832,
        period_err: 2.29e-5,
        t0_bjd: 2_460_011.550_653,
        t0_err: 2.828e-3,
    };
    check(
        "tess2018206045859-s0001-0000000261136679-0120-s_lc.fits",
        &LoadOptions::default(),
        &cfg(1.0, 12.0, 1),
        &[pi],
    );
}

#[test]
fn k2_3_b_c_d() {
    let opts = LoadOptions {
        csv_bjd_ref: Some(2_454_833.0),
        ..LoadOptions::default()
    };
    let p = |period, period_err, t0_bjd| Published {
        period,
        period_err,
        t0_bjd,
        t0_err: 2e-3,
    };
    check(
        "EPIC201367065.csv",
        &opts,
        &cfg(5.0, 50.0, 4),
        &[
            p(10.0546535, 8.8e-6, 2_456_813.417_3),
            p(24.646729, 4.4e-5, 2_456_812.278_6),
            p(44.55603, 1.3e-4, 2_456_826.224_8),
        ],
    );
}
