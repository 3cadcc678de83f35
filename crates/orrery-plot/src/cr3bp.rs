//! Family plot: x-y, x-z and y-z projections of every member, coloured by
//! Jacobi constant (viridis), with the primary P2 and the libration point marked.

use crate::{font, DrawResult, Figure, PlotError};
use orrery_cr3bp::sampling::FamilyTrajectories;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::colors::colormaps::ViridisRGB;
use std::path::Path;

/// The family plot of sampled members (see [`FamilyTrajectories`]).
pub struct FamilyPlot<'a>(pub &'a FamilyTrajectories);

/// Draws the family plot to `path` (.svg or .png), 1500 × 560 px.
pub fn save_family(family: &FamilyTrajectories, path: &Path) -> Result<(), PlotError> {
    crate::save(&FamilyPlot(family), path, (1500, 560))
}

fn range(v: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = v.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
        (a.min(x), b.max(x))
    });
    if !lo.is_finite() {
        return (-1.0, 1.0);
    }
    let pad = ((hi - lo) * 0.05).max(1.0);
    (lo - pad, hi + pad)
}

impl Figure for FamilyPlot<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let root = root.titled(&self.0.title, font(18.0))?;
        let (main, bar) = root.split_horizontally(root.dim_in_pixel().0.saturating_sub(90));
        let panels = main.split_evenly((1, 3));
        let (cmin, cmax) = self
            .0
            .members
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (c, _)| {
                (a.min(*c), b.max(*c))
            });
        let span = (cmax - cmin).max(1e-12);
        let colour = |c: f64| ViridisRGB::get_color_normalized(c, cmin, cmin + span);
        let all = || self.0.members.iter().flat_map(|(_, p)| p.iter());
        for (panel, (i, j, lx, ly)) in panels.iter().zip([
            (0usize, 1usize, "x [km]", "y [km]"),
            (0, 2, "x [km]", "z [km]"),
            (1, 2, "y [km]", "z [km]"),
        ]) {
            let (a0, a1) = range(
                all()
                    .map(|p| p[i])
                    .chain([self.0.secondary[i], self.0.point[i]]),
            );
            let (b0, b1) = range(
                all()
                    .map(|p| p[j])
                    .chain([self.0.secondary[j], self.0.point[j]]),
            );
            let mut chart = ChartBuilder::on(panel)
                .margin(8)
                .x_label_area_size(35)
                .y_label_area_size(70)
                .build_cartesian_2d(a0..a1, b0..b1)?;
            chart
                .configure_mesh()
                .x_desc(lx)
                .y_desc(ly)
                .x_labels(5)
                .label_style(font(11.0))
                .axis_desc_style(font(13.0))
                .draw()?;
            for (c, pts) in &self.0.members {
                let col = colour(*c);
                chart.draw_series(LineSeries::new(
                    pts.iter().map(|p| (p[i], p[j])),
                    col.stroke_width(1),
                ))?;
            }
            chart.draw_series([Circle::new(
                (self.0.secondary[i], self.0.secondary[j]),
                4,
                BLACK.filled(),
            )])?;
            chart.draw_series([Cross::new(
                (self.0.point[i], self.0.point[j]),
                5,
                RED.stroke_width(2),
            )])?;
        }
        // Colour bar.
        let bar = bar.margin(40, 40, 10, 30);
        let (_, h) = bar.dim_in_pixel();
        let steps: i32 = 100;
        for k in 0..steps {
            let c = cmin + span * (f64::from(k) + 0.5) / f64::from(steps);
            let y0 = h as i32 - ((k + 1) * h as i32) / steps;
            let y1 = h as i32 - (k * h as i32) / steps;
            bar.draw(&Rectangle::new([(0, y0), (18, y1)], colour(c).filled()))?;
        }
        bar.draw(&Text::new(format!("{cmax:.4}"), (0, -16), font(11.0)))?;
        bar.draw(&Text::new(
            format!("{cmin:.4}"),
            (0, h as i32 + 4),
            font(11.0),
        ))?;
        bar.draw(&Text::new("C", (22, h as i32 / 2), font(13.0)))?;
        Ok(())
    }
}
