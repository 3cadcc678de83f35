//! False-alarm probability of a periodogram peak, measured on real light
//! curves that hold no transit (as TLS tabulates its FAP from the SDE of
//! noise, Hippke & Heller 2019, sect. 3.2, but from real Kepler, K2 and TESS
//! noise rather than white noise).
//!
//! Calibration (`cargo run --release -p orrery-transit --example
//! false_alarm_real 28 "" box`, 2026-12): the 7 bundled light curves with their
//! known planets removed, each flipped in flux (dips become bumps) and
//! scrambled in 1-day segments of detrended flux with 28 seeds: 203
//! planet-free curves searched with box ranking
//! ([`crate::template::Ranking::Box`]). [`FAP_TABLE`]
//! holds, for each SDE, the fraction of those curves whose highest peak
//! reached it. The FAP is an empirical tail fraction: it is only resolved
//! to 1/203, and above the largest noise SDE seen (15.8) it is reported as
//! that bound, `1/203` ≈ 0.005 (an upper limit). The template SDE of
//! [`crate::template::Ranking::Template`] (the default) has its own table,
//! [`FAP_TABLE_TEMPLATE`], from the same curves.

/// Planet-free curves in the calibration.
pub const N_CALIBRATION: usize = 203;

/// (SDE, curves of [`N_CALIBRATION`] whose top peak had at least this SDE).
pub const FAP_TABLE: [(f64, usize); 23] = [
    (5.0, 155),
    (5.5, 131),
    (6.0, 109),
    (6.5, 84),
    (7.0, 61),
    (7.5, 50),
    (8.0, 35),
    (8.5, 30),
    (9.0, 25),
    (9.5, 23),
    (10.0, 19),
    (10.5, 16),
    (11.0, 15),
    (11.5, 15),
    (12.0, 13),
    (12.5, 11),
    (13.0, 10),
    (13.5, 9),
    (14.0, 7),
    (14.5, 5),
    (15.0, 3),
    (15.5, 2),
    (16.0, 0),
];

/// Probability that a light curve without a transit gives a top peak of at
/// least `sde`: the calibration's tail fraction, interpolated linearly
/// between table rows, 1 below SDE 5, and at least `1/N_CALIBRATION` (the
/// resolution of the measurement) everywhere.
///
/// ```
/// use orrery_transit::fap::false_alarm_probability;
/// assert!((false_alarm_probability(7.0) - 61.0 / 203.0).abs() < 1e-12);
/// assert_eq!(false_alarm_probability(30.0), 1.0 / 203.0);
/// assert_eq!(false_alarm_probability(2.0), 1.0);
/// ```
pub fn false_alarm_probability(sde: f64) -> f64 {
    tail_fraction(&FAP_TABLE, sde)
}

/// (template SDE, curves of [`N_CALIBRATION`] whose pick under template
/// ranking had at least this template SDE): the same 203 planet-free
/// curves searched with [`crate::template::Ranking::Template`] and the
/// default shape credit (`cargo run --release -p orrery-transit --example
/// false_alarm_real 28 "" template`, 2026-12). Largest noise value 18.5
/// (the flipped, strongly variable K2 C5 curve EPIC 211436265 at 3.32 d,
/// vetted out as a secondary eclipse); above it the FAP is the bound
/// `1/203`.
pub const FAP_TABLE_TEMPLATE: [(f64, usize); 28] = [
    (5.0, 138),
    (5.5, 118),
    (6.0, 98),
    (6.5, 78),
    (7.0, 60),
    (7.5, 47),
    (8.0, 37),
    (8.5, 30),
    (9.0, 22),
    (9.5, 20),
    (10.0, 18),
    (10.5, 15),
    (11.0, 13),
    (11.5, 13),
    (12.0, 11),
    (12.5, 9),
    (13.0, 9),
    (13.5, 8),
    (14.0, 8),
    (14.5, 8),
    (15.0, 6),
    (15.5, 5),
    (16.0, 4),
    (16.5, 1),
    (17.0, 1),
    (17.5, 1),
    (18.0, 1),
    (18.5, 0),
];

/// [`false_alarm_probability`] for the template SDE of
/// [`crate::template::Ranking::Template`], from [`FAP_TABLE_TEMPLATE`].
pub fn false_alarm_probability_template(sde: f64) -> f64 {
    tail_fraction(&FAP_TABLE_TEMPLATE, sde)
}

/// The tail fraction of `table` at `x`, interpolated linearly between
/// rows, 1 below the first row and at least `1/N_CALIBRATION`.
fn tail_fraction(table: &[(f64, usize)], x: f64) -> f64 {
    let n = N_CALIBRATION as f64;
    let floor = 1.0 / n;
    let (Some(&first), Some(&last)) = (table.first(), table.last()) else {
        return 1.0;
    };
    if !(x >= first.0) {
        return 1.0;
    }
    if x >= last.0 {
        return floor;
    }
    let k = table
        .windows(2)
        .find(|w| x >= w[0].0 && x < w[1].0)
        .map_or(last.1 as f64, |w| {
            let f = (x - w[0].0) / (w[1].0 - w[0].0);
            w[0].1 as f64 + f * (w[1].1 as f64 - w[0].1 as f64)
        });
    (k / n).max(floor).min(1.0)
}
