//! Charts of a transit search (`orrery-transit`): the periodogram (SDE
//! units) with the peak and its aliases marked, the phase-folded light curve
//! with the fitted model, and the detrended light curve with transits marked.

use crate::{font, save, DrawResult, Figure, PlotError};
use orrery_transit::SearchResult;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::{Path, PathBuf};

struct Periodogram<'a>(&'a SearchResult);
struct Folded<'a>(&'a SearchResult);
struct Detrended<'a>(&'a SearchResult);

fn range(v: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = v
        .filter(|x| x.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(x), b.max(x))
        });
    if lo < hi {
        (lo, hi)
    } else {
        (lo - 1.0, lo + 1.0)
    }
}

impl Figure for Periodogram<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let Some(s) = self.0.spectra.first() else {
            return Ok(());
        };
        let (x0, x1) = range(s.periods_days.iter().copied());
        let (y0, y1) = range(s.sde.iter().copied());
        let mut c = ChartBuilder::on(root)
            .caption(format!("BLS periodogram: {}", self.0.target), font(20.0))
            .margin(10)
            .x_label_area_size(35)
            .y_label_area_size(50)
            .build_cartesian_2d((x0..x1).log_scale(), y0..y1 * 1.1)?;
        c.configure_mesh()
            .x_desc("period [d]")
            .y_desc("SDE")
            .label_style(font(12.0))
            .draw()?;
        c.draw_series(LineSeries::new(
            s.periods_days.iter().copied().zip(s.sde.iter().copied()),
            &BLACK,
        ))?;
        if let Some(best) = self.0.candidates.first() {
            for (k, color) in [
                (1.0, RED),
                (0.5, BLUE),
                (2.0, BLUE),
                (1.0 / 3.0, GREEN),
                (3.0, GREEN),
            ] {
                let p = best.summary.period_days * k;
                if p > x0 && p < x1 {
                    c.draw_series(LineSeries::new(
                        [(p, y0), (p, y1 * 1.1)],
                        color.mix(if k == 1.0 { 0.8 } else { 0.4 }).stroke_width(1),
                    ))?;
                }
            }
        }
        Ok(())
    }
}

impl Figure for Folded<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let Some(best) = self.0.candidates.first() else {
            return Ok(());
        };
        let eph = best.fit.as_ref().map_or(best.bls.ephemeris, |f| {
            orrery_transit::phase::Ephemeris::new(f.params.period_days, f.params.t0_days)
        });
        let p = eph.period_days;
        let span = (3.0 * best.bls.duration_days).min(0.5 * p) * 24.0;
        let lc = &self.0.detrended;
        let pts: Vec<(f64, f64)> = lc
            .time
            .iter()
            .zip(&lc.flux)
            .map(|(&ti, &yi)| (eph.offset(ti) * 24.0, yi))
            .filter(|(x, _)| x.abs() < span)
            .collect();
        let (y0, y1) = range(pts.iter().map(|q| q.1));
        let mut c = ChartBuilder::on(root)
            .caption(
                format!("{}: phase-folded at P = {:.5} d", self.0.target, p),
                font(20.0),
            )
            .margin(10)
            .x_label_area_size(35)
            .y_label_area_size(70)
            .build_cartesian_2d(-span..span, y0..y1)?;
        c.configure_mesh()
            .x_desc("hours from mid-transit")
            .y_desc("relative flux")
            .label_style(font(12.0))
            .draw()?;
        c.draw_series(
            pts.iter()
                .map(|&q| Circle::new(q, 1, BLACK.mix(0.3).filled())),
        )?;
        if let Some(f) = &best.fit {
            let par = f.params;
            c.draw_series(LineSeries::new(
                (0..=400).map(|k| {
                    let h = -span + 2.0 * span * k as f64 / 400.0;
                    (h, par.flux(par.t0_days + h / 24.0))
                }),
                RED.stroke_width(2),
            ))?;
        }
        Ok(())
    }
}

impl Figure for Detrended<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let (t, y) = (&self.0.detrended.time, &self.0.detrended.flux);
        let (x0, x1) = range(t.iter().copied());
        let (y0, y1) = range(y.iter().copied());
        let mut c = ChartBuilder::on(root)
            .caption(
                format!("{}: detrended light curve", self.0.target),
                font(20.0),
            )
            .margin(10)
            .x_label_area_size(35)
            .y_label_area_size(70)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        c.configure_mesh()
            .x_desc(match self.0.bjd_ref_days {
                Some(r) => format!("BJD_TDB - {r}"),
                None => "time [d]".into(),
            })
            .y_desc("relative flux")
            .label_style(font(12.0))
            .draw()?;
        c.draw_series(
            t.iter()
                .zip(y)
                .map(|(&a, &b)| Circle::new((a, b), 1, BLACK.mix(0.3).filled())),
        )?;
        let colors = [RED, BLUE, GREEN, MAGENTA, CYAN];
        for (k, cand) in self
            .0
            .candidates
            .iter()
            .filter(|c| c.summary.significant)
            .enumerate()
        {
            let color = colors[k % colors.len()];
            for tr in &cand.vetting.transits {
                c.draw_series(LineSeries::new(
                    [(tr.time_days, y0), (tr.time_days, y0 + 0.1 * (y1 - y0))],
                    color.stroke_width(2),
                ))?;
            }
        }
        Ok(())
    }
}

/// Writes `periodogram.svg`, `folded.svg` and `lightcurve.svg` into `dir`.
pub fn write_all(r: &SearchResult, dir: &Path) -> Result<Vec<PathBuf>, PlotError> {
    let files = [
        dir.join("periodogram.svg"),
        dir.join("folded.svg"),
        dir.join("lightcurve.svg"),
    ];
    save(&Periodogram(r), &files[0], (1000, 500))?;
    save(&Folded(r), &files[1], (900, 600))?;
    save(&Detrended(r), &files[2], (1200, 500))?;
    Ok(files.to_vec())
}
