//! The porkchop plot: departure date (x) against arrival date (y), with a few
//! labelled C3 contours, arrival v∞ contours, time-of-flight lines and the optima
//! marked, in the style of NASA/JPL mission-design porkchops (e.g. NASA/TP-2010-216764):
//! thin lines, levels from the minimum up to where the 180° ridge begins, each label
//! once on a white box, the optima's numbers in a legend instead of on the grid.

use crate::{font, DrawResult, Figure, PlotError};
use orrery_core::time::format_epoch;
use orrery_transfer::contour::{contour, polylines, subsample};
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

/// "Nice" contour levels: about `want` multiples of 1, 2, 2.5 or 5 × 10ⁿ strictly
/// between `lo` and `hi`.
pub fn nice_levels(lo: f64, hi: f64, want: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite() && hi > lo) || want == 0 {
        return Vec::new();
    }
    let raw = (hi - lo) / want as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let mut v = Vec::new();
    let mut l = (lo / step).floor() * step + step;
    while l < hi && v.len() < 4 * want {
        v.push(l);
        l += step;
    }
    v
}

/// C3 levels as mission designers draw them: a tight level just above the minimum,
/// then nice levels up to about 2.5 × the minimum + 5 km²/s² (beyond, contours bunch
/// into the 180° transfer ridge and say nothing).
pub fn c3_levels(min_c3: f64) -> Vec<f64> {
    if !min_c3.is_finite() {
        return Vec::new();
    }
    let cap = 2.5 * min_c3 + 5.0;
    let mut v = nice_levels(min_c3, cap, 6);
    let tight = (min_c3 + 0.5).ceil();
    if v.first().is_none_or(|f| *f > tight + 0.5) && tight < cap {
        v.insert(0, tight);
    }
    v
}

/// Largest grid side contoured at full resolution: a 1400-pixel-wide chart cannot
/// show a finer field, and a 4000 × 4000 grid would otherwise give a 35 MB SVG.
const MAX_CONTOUR_SIDE: usize = 500;

impl Figure for PorkchopFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, plotters::coord::Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let g = self.grid;
        let (Some(&d0), Some(&a0)) = (g.departures.first(), g.arrivals.first()) else {
            return Ok(());
        };
        let day = orrery_core::Unit::Day;
        let x: Vec<f64> = g
            .departures
            .iter()
            .map(|e| (*e - d0).to_unit(day))
            .collect();
        let y: Vec<f64> = g.arrivals.iter().map(|e| (*e - a0).to_unit(day)).collect();
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
            .bold_line_style(BLACK.mix(0.08))
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
        let stride = x.len().max(y.len()).div_ceil(MAX_CONTOUR_SIDE).max(1);
        let sub = |z: Vec<f64>| subsample(&x, &y, &z, stride);
        let range = |z: &[f64]| {
            z.iter()
                .filter(|v| v.is_finite())
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                    (a.min(*v), b.max(*v))
                })
        };
        let (c3x, c3y, c3) = sub(field(&|c| c.c3));
        let (_, _, vinf) = sub(field(&|c| c.vinf_arr));
        let (_, _, tof) = sub(field(&|c| c.tof_days));
        // Each level: its polylines, thin, and one label on a white box at the middle
        // of its longest line (never on top of another level's label).
        let mut labels: Vec<(f64, f64)> = Vec::new();
        let mut draw_set =
            |z: &[f64], lv: &[f64], color: RGBColor, fmt: &dyn Fn(f64) -> String| -> DrawResult {
                for &l in lv {
                    let lines = polylines(&contour(&c3x, &c3y, z, l));
                    for line in &lines {
                        chart.draw_series(std::iter::once(PathElement::new(
                            line.clone(),
                            color.stroke_width(1),
                        )))?;
                    }
                    let Some(longest) = lines.iter().max_by_key(|l| l.len()) else {
                        continue;
                    };
                    let p = longest[longest.len() / 2];
                    let near = labels.iter().any(|q| {
                        ((q.0 - p.0) / xmax).abs() < 0.04 && ((q.1 - p.1) / ymax).abs() < 0.025
                    });
                    if near {
                        continue;
                    }
                    labels.push(p);
                    let text = fmt(l);
                    let (w, h) = (7.0 * text.chars().count() as f64 + 4.0, 15.0);
                    let px_x = xmax / 1250.0;
                    let px_y = ymax / 880.0;
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [
                            (p.0 - 0.5 * w * px_x, p.1 - 0.5 * h * px_y),
                            (p.0 + 0.5 * w * px_x, p.1 + 0.5 * h * px_y),
                        ],
                        WHITE.mix(0.85).filled(),
                    )))?;
                    chart.draw_series(std::iter::once(Text::new(
                        text,
                        (p.0 - 0.5 * (w - 4.0) * px_x, p.1 + 0.4 * h * px_y),
                        font(12.0).color(&color),
                    )))?;
                }
                Ok(())
            };
        let (tmin, tmax) = range(&tof);
        let tof_step = if tmax - tmin > 400.0 { 100.0 } else { 50.0 };
        let tof_levels: Vec<f64> = (1..100)
            .map(|k| tof_step * k as f64)
            .filter(|l| *l > tmin && *l < tmax)
            .collect();
        draw_set(&tof, &tof_levels, RGBColor(150, 150, 150), &|l| {
            format!("{l:.0} d")
        })?;
        let (cmin, _) = range(&c3);
        let (vmin, vmax) = range(&vinf);
        let v_levels = nice_levels(vmin, vmax.min(3.0 * vmin + 2.0), 4);
        draw_set(&vinf, &v_levels, RGBColor(30, 70, 200), &|l| {
            format!("{l:.1}")
        })?;
        let auto = c3_levels(cmin);
        let c3_lv = self.c3_levels.unwrap_or(&auto);
        draw_set(&c3, c3_lv, RGBColor(200, 30, 30), &|l| format!("{l}"))?;
        // The optimum: a marker on the grid, its numbers in the legend box.
        if let Some(o) = g.min_c3() {
            let p = (x[o.i], y[o.j]);
            chart
                .draw_series(std::iter::once(Circle::new(p, 6, BLACK.filled())))?
                .label(format!(
                    "least C3 {:.2} km²/s²: depart {}, arrive {}, {:.0} d, v∞ arrival {:.2} km/s",
                    o.cell.c3,
                    date_label(g, d0, x[o.i]),
                    date_label(g, a0, y[o.j]),
                    o.cell.tof_days,
                    o.cell.vinf_arr
                ))
                .legend(|(px, py)| Circle::new((px + 8, py), 5, BLACK.filled()));
        }
        if let Some(o) = g.min_dv_total() {
            let p = (x[o.i], y[o.j]);
            chart
                .draw_series(std::iter::once(TriangleMarker::new(
                    p,
                    7,
                    RGBColor(0, 120, 0).filled(),
                )))?
                .label(format!(
                    "least total Δv {:.2} km/s: depart {}, arrive {}",
                    o.cell.dv_total,
                    date_label(g, d0, x[o.i]),
                    date_label(g, a0, y[o.j])
                ))
                .legend(|(px, py)| {
                    TriangleMarker::new((px + 8, py), 6, RGBColor(0, 120, 0).filled())
                });
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.4))
            .label_font(font(13.0))
            .draw()?;
        Ok(())
    }
}

/// Draws the porkchop plot of `grid` to `path` (.png or .svg), 1400 × 1000 px, with
/// the given C3 contour levels (km²/s²) or levels chosen from the grid.
pub fn save(grid: &Porkchop, c3_levels: Option<&[f64]>, path: &Path) -> Result<(), PlotError> {
    crate::save(&PorkchopFigure { grid, c3_levels }, path, (1400, 1000))
}
