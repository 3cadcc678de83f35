//! Real light curves made planet-free, flipped, scrambled or injected, for
//! the false-alarm and injection-recovery tests, examples/false_alarm_real.rs
//! and examples/injection_real.rs. Known planets: published ephemerides
//! (NASA Exoplanet Archive KOI/TOI exports of 2025-10-04; Crossfield et al.
//! 2015 for K2-3 c/d; Shallue & Vanderburg 2018 for Kepler-90 i), as in
//! bench/transit/injection_recovery.py.
#![allow(dead_code)]

use orrery_transit::model::{Quadratic, TransitParams};
use orrery_transit::phase::Ephemeris;
use orrery_transit::{load, LightCurve, LoadOptions, SearchConfig};
use std::path::Path;

/// Host file, BJD_TDB − file time, known planets (P [d], T0 [BJD_TDB], T14 [h]).
#[allow(clippy::type_complexity)]
pub const HOSTS: &[(&str, f64, &[(f64, f64, f64)])] = &[
    (
        "tess2018206045859-s0001-0000000025155310-0120-s_lc.fits",
        2457000.0,
        &[(3.2887898, 2458327.519958, 3.44)],
    ),
    (
        "tess2018206045859-s0001-0000000261136679-0120-s_lc.fits",
        2457000.0,
        &[(6.267832, 2460011.550653, 2.79)],
    ),
    (
        "EPIC201367065.csv",
        2454833.0,
        &[
            (10.0546003, 2456813.4173, 2.64),
            (24.6454, 2456812.2786, 3.5),
            (44.5631, 2456826.2248, 4.0),
        ],
    ),
    ("ktwo211436265-c05_llc.fits", 2454833.0, &[]),
    (
        "kplr010666592-2009131110544_slc.fits",
        2454833.0,
        &[(2.204735417, 2454954.3585417, 3.89)],
    ),
    (
        "kplr011442793-2009350155506_llc.fits",
        2454833.0,
        &[
            (7.00821787, 2454970.67164, 3.81),
            (8.71980135, 2454972.52134, 3.75),
            (59.7371443, 2454991.95974, 8.0),
            (91.9401253, 2454967.3, 9.2),
            (14.44912, 2455644.3488, 4.0),
        ],
    ),
    (
        "kplr011442793-2010009091648_llc.fits",
        2454833.0,
        &[
            (7.00821787, 2454970.67164, 3.81),
            (8.71980135, 2454972.52134, 3.75),
            (210.6013843, 2454980.056867, 14.0),
        ],
    ),
];

/// SplitMix64.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn uniform(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
}

/// The host without its known planets.
pub fn planet_free(name: &str, bjd_ref: f64, planets: &[(f64, f64, f64)]) -> LightCurve {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let opts = LoadOptions {
        csv_bjd_ref: Some(bjd_ref),
        ..LoadOptions::default()
    };
    let lc = load(&path, &opts).expect("fixture");
    let keep: Vec<bool> = lc
        .time
        .iter()
        .map(|&t| {
            planets
                .iter()
                .all(|&(p, t0, t14)| !Ephemeris::new(p, t0 - bjd_ref).in_transit(t, t14 / 24.0))
        })
        .collect();
    lc.select(&keep)
}

pub fn flipped(lc: &LightCurve) -> LightCurve {
    let mut f = lc.clone();
    f.flux.iter_mut().for_each(|y| *y = 2.0 - *y);
    f
}

/// Detrended fluxes of 1-day segments in shuffled order, on the original
/// times (detrended first, so that the shuffle makes no steps).
pub fn scrambled(raw: &LightCurve, seed: u64) -> LightCurve {
    let window = SearchConfig::default().window_days();
    let lc = &orrery_transit::detrend::flatten(raw, window, 0.0, None);
    let t0 = lc.time.first().copied().unwrap_or(0.0);
    let mut segments: Vec<Vec<usize>> = Vec::new();
    for (i, &t) in lc.time.iter().enumerate() {
        let k = (t - t0).floor() as usize;
        if segments.len() <= k {
            segments.resize(k + 1, Vec::new());
        }
        segments[k].push(i);
    }
    segments.retain(|s| !s.is_empty());
    let mut rng = Rng(seed);
    for i in (1..segments.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        segments.swap(i, j);
    }
    let order: Vec<usize> = segments.into_iter().flatten().collect();
    let mut s = lc.clone();
    s.flux = order.iter().map(|&i| lc.flux[i]).collect();
    if let Some(e) = &lc.flux_err {
        s.flux_err = Some(order.iter().map(|&i| e[i]).collect());
    }
    s
}

/// `lc` with a limb-darkened transit (Mandel & Agol, verified against
/// batman; u = 0.4, 0.25, b = 0.3, a/R* of a Sun-like star) of period
/// `period` days scaled to `snr` = mean in-transit depth × √N_in / σ, σ the
/// robust scatter of the detrended curve. Returns the curve and the transit.
pub fn inject(lc: &LightCurve, period: f64, phase: f64, snr: f64) -> (LightCurve, TransitParams) {
    let window = SearchConfig::default().window_days();
    let flat = orrery_transit::detrend::flatten(lc, window, 0.0, None);
    let sigma = orrery_transit::lightcurve::robust_std(&flat.flux);
    let a = 215.032 * (period / 365.256_36f64).powf(2.0 / 3.0);
    let mut p = TransitParams {
        t0_days: lc.time[0] + phase * period,
        period_days: period,
        rp: 0.05,
        a,
        b: 0.3,
        ld: Quadratic { u1: 0.4, u2: 0.25 },
    };
    for _ in 0..6 {
        let d: Vec<f64> = lc
            .time
            .iter()
            .map(|&t| 1.0 - p.flux(t))
            .filter(|&d| d > 0.0)
            .collect();
        let n_in = d.len().max(1) as f64;
        let mean = d.iter().sum::<f64>() / n_in;
        let target = snr * sigma / n_in.sqrt();
        p.rp *= (target / mean.max(1e-12)).sqrt();
    }
    let mut out = lc.clone();
    for (f, &t) in out.flux.iter_mut().zip(&lc.time) {
        *f *= p.flux(t);
    }
    (out, p)
}
