//! False-alarm probability of a periodogram peak, measured on real light
//! curves that hold no transit (as TLS tabulates its FAP from the SDE of
//! noise, Hippke & Heller 2019, sect. 3.2, but from real Kepler, K2 and TESS
//! noise rather than white noise).
//!
//! Calibration (`cargo run --release -p orrery-transit --example
//! false_alarm_real 28`, 2026-12): the 7 bundled light curves with their
//! known planets removed, each flipped in flux (dips become bumps) and
//! scrambled in 1-day segments of detrended flux with 28 seeds: 203
//! planet-free curves searched with the default settings. [`FAP_TABLE`]
//! holds, for each SDE, the fraction of those curves whose highest peak
//! reached it. The FAP is an empirical tail fraction: it is only resolved
//! to 1/203, and above the largest noise SDE seen (15.8) it is reported as
//! that bound, `1/203` ≈ 0.005 (an upper limit).

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
/// curves searched with [`crate::template::Ranking::Template`]
/// (`cargo run --release -p orrery-transit --example false_alarm_real 28
/// "" template`, 2026-12).
pub const FAP_TABLE_TEMPLATE: [(f64, usize); 2] = [(5.0, N_CALIBRATION), (30.0, 0)];

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
