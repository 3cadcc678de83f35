//! The porkchop plot: departure date (x) against arrival date (y), with labelled
//! C3 contours, arrival v∞ contours, time-of-flight lines and the optimum marked,
//! in the style mission designers know (e.g. NASA/TP-2010-216764 porkchop charts).

use crate::{font, DrawResult, Figure, PlotError};
use orrery_core::time::format_epoch;
use orrery_transfer::contour::{contour, Segment};
use orrery_transfer::porkchop::Porkchop;
use plotters::prelude::*;
use std::path::Path;

/// A porkchop chart of a computed grid.
pub struct PorkchopFigure<'a> {
    /// The grid.
    pub grid: &'a Porkchop,
    /// C3 contour levels, km²/s² (`None`: chosen from the grid's range).
    pub c3_levels: Option<&'a [f64]>,
}

fn date_label(g: &Porkchop, first: orrery_core::Epoch, days: f64) -> String {
    let _ = g;
    let e = first + days * orrery_core::Unit::Day;
    let s = format_epoch(e, orrery_core::TimeScale::UTC);
    s.get(..10).unwrap_or(&s).to_string()
}

fn levels(min: f64, max: f64, candidates: &[f64]) -> Vec<f64> {
    candidates
        .iter()
        .copied()
        .filter(|l| *l > min && *l < max)
        .collect()
}

impl Figure for PorkchopFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, plotters::coord::Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let g = self.grid;
        let (Some(&d0), Some(&a0)) = (g.departures.first(), g.arrivals.first()) else {
            return Ok(());
        };
        let x: Vec<f64> = g
            .departures
            .iter()
            .map(|e| (*e - d0).to_unit(orrery_core::Unit::Day))
            .collect();
        let y: Vec<f64> = g
            .arrivals
            .iter()
            .map(|e| (*e - a0).to_unit(orrery_core::Unit::Day))
            .collect();
        let xmax = x.last().copied().unwrap_or(1.0).max(1.0);
        let ymax = y.last().copied().unwrap_or(1.0).max(1.0);
        let title = format!(
            "{} to {}: launch C3 (red, km²/s²), arrival v∞ (blue, km/s), time of flight (grey, days)",
            g.from.name(),
            g.to.name()
        );
        let mut chart = ChartBuilder::on(root)
            .caption(title, font(20.0))
            .margin(15)
            .x_label_area_size(70)
            .y_label_area_size(100)
            .build_cartesian_2d(0.0..xmax, 0.0..ymax)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE.mix(0.0))
            .x_desc(format!("departure date (UTC), ephemeris {}", g.source))
            .y_desc("arrival date (UTC)")
            .x_label_formatter(&|v| date_label(g, d0, *v))
            .y_label_formatter(&|v| date_label(g, a0, *v))
            .x_labels(8)
            .y_labels(10)
            .label_style(font(13.0))
            .axis_desc_style(font(15.0))
            .draw()?;

        let field = |f: &dyn Fn(&orrery_transfer::porkchop::Cell) -> f64| -> Vec<f64> {
            g.cells
                .iter()
                .map(|c| {
                    if c.status == orrery_transfer::porkchop::CellStatus::Ok {
                        f(c)
                    } else {
                        f64::NAN
                    }
                })
                .collect()
        };
        let range = |z: &[f64]| {
            z.iter()
                .filter(|v| v.is_finite())
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                    (a.min(*v), b.max(*v))
                })
        };
        let c3 = field(&|c| c.c3);
        let vinf = field(&|c| c.vinf_arr);
        let tof = field(&|c| c.tof_days);
        let mut draw_set = |z: &[f64],
                            lv: Vec<f64>,
                            color: RGBColor,
                            width: u32,
                            fmt: &dyn Fn(f64) -> String|
         -> DrawResult {
            for l in lv {
                let segs: Vec<Segment> = contour(&x, &y, z, l);
                for s in &segs {
                    chart.draw_series(std::iter::once(PathElement::new(
                        vec![s[0], s[1]],
                        color.stroke_width(width),
                    )))?;
                }
                if let Some(s) = segs.get(segs.len() / 2) {
                    let (px, py) = s[0];
                    chart.draw_series(std::iter::once(Text::new(
                        fmt(l),
                        (px, py),
                        font(12.0).color(&color),
                    )))?;
                }
            }
            Ok(())
        };
        let (tmin, tmax) = range(&tof);
        let tof_levels: Vec<f64> = (1..40).map(|k| 50.0 * k as f64).collect();
        draw_set(
            &tof,
            levels(tmin, tmax, &tof_levels),
            RGBColor(140, 140, 140),
            1,
            &|l| format!("{l:.0} d"),
        )?;
        let (vmin, vmax) = range(&vinf);
        draw_set(
            &vinf,
            levels(
                vmin,
                vmax.min(12.0),
                &[2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 6.0, 7.0, 8.0, 10.0],
            ),
            RGBColor(30, 70, 200),
            1,
            &|l| format!("{l:.1}"),
        )?;
        let (cmin, cmax) = range(&c3);
        let c3_levels = [
            8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 18.0, 20.0, 22.0, 25.0, 30.0, 35.0,
            40.0, 50.0, 60.0, 80.0, 100.0,
        ];
        let c3_levels = self.c3_levels.unwrap_or(&c3_levels);
        draw_set(
            &c3,
            levels(cmin, cmax.min(100.0), c3_levels),
            RGBColor(200, 30, 30),
            2,
            &|l| format!("{l:.0}"),
        )?;
        if let Some(o) = g.min_c3() {
            let p = (x[o.i], y[o.j]);
            chart.draw_series(std::iter::once(Cross::new(p, 8, BLACK.stroke_width(3))))?;
            chart.draw_series(std::iter::once(Text::new(
                format!(
                    "min C3 {:.2} km²/s², {} → {}",
                    o.cell.c3,
                    date_label(g, d0, x[o.i]),
                    date_label(g, a0, y[o.j])
                ),
                (p.0, p.1),
                font(14.0).color(&BLACK),
            )))?;
        }
        Ok(())
    }
}

/// Draws the porkchop plot of `grid` to `path` (.png or .svg), 1400 × 1000 px, with
/// the given C3 contour levels (km²/s²) or levels chosen from the grid.
pub fn save(grid: &Porkchop, c3_levels: Option<&[f64]>, path: &Path) -> Result<(), PlotError> {
    crate::save(&PorkchopFigure { grid, c3_levels }, path, (1400, 1000))
}
