//! # orrery-plot
//!
//! Static charts of Orrery's results (SVG or PNG). The domain crates compute and do
//! not draw; this crate takes their result types and draws them, one module per
//! domain, each behind a cargo feature of the same name (all on by default):
//!
//! * `sat`: the ground-track world map with the night side;
//! * `transfer`: the porkchop plot;
//! * `cr3bp`: the family plot (three projections coloured by Jacobi constant);
//! * `transit`: periodogram, folded transit and light-curve plots.
//!
//! Plotters draws them; this crate adds what every chart needs: a bundled font
//! (DejaVu Sans, `assets/`, Bitstream Vera licence in `assets/DejaVu-LICENSE.txt`)
//! registered as `sans-serif`, so charts render the same on any machine without
//! fontconfig or system fonts, and [`save`], which draws a [`Figure`] to SVG or PNG
//! chosen by the file extension (creating missing parent directories).

#![forbid(unsafe_code)]

use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Once;

pub use plotters;

#[cfg(feature = "cr3bp")]
pub mod cr3bp;
#[cfg(feature = "sat")]
pub mod sat;
#[cfg(feature = "transfer")]
pub mod transfer;
#[cfg(feature = "transit")]
pub mod transit;

/// The bundled font (DejaVu Sans).
const FONT: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");

/// Family name under which the bundled font is registered.
pub const FONT_FAMILY: &str = "sans-serif";

/// Why a chart could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// The path has no `.svg` or `.png` extension.
    #[error("cannot plot to {0}: the file name must end in .svg or .png")]
    Extension(PathBuf),
    /// Drawing or writing failed.
    #[error("cannot draw {path}: {reason}")]
    Draw {
        /// The output file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
}

/// Output image type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    /// Scalable vector graphics.
    Svg,
    /// Portable network graphics (bitmap).
    Png,
}

impl ImageKind {
    /// Picks the image type from a path's extension.
    pub fn from_path(path: &Path) -> Result<Self, PlotError> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("svg") => Ok(ImageKind::Svg),
            Some("png") => Ok(ImageKind::Png),
            _ => Err(PlotError::Extension(path.to_path_buf())),
        }
    }
}

/// Registers the bundled font once per process (idempotent, thread-safe).
pub fn init_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        for style in [
            FontStyle::Normal,
            FontStyle::Bold,
            FontStyle::Italic,
            FontStyle::Oblique,
        ] {
            // The bytes are a valid TrueType font compiled in; failure is impossible
            // short of a corrupted build, and then text is simply not drawn.
            let _ = plotters::style::register_font(FONT_FAMILY, style, FONT);
        }
    });
}

/// Error type figures return while drawing.
pub type DrawResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// A chart that can draw itself on any plotters backend.
pub trait Figure {
    /// Draws onto `root` (already filled white).
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static;
}

/// Draws `figure` into `path` (`.svg` or `.png`) at `size` pixels, creating the
/// file's directory when it does not exist.
pub fn save<F: Figure>(figure: &F, path: &Path, size: (u32, u32)) -> Result<(), PlotError> {
    init_fonts();
    let kind = ImageKind::from_path(path)?;
    let fail = |e: &dyn std::fmt::Display| PlotError::Draw {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| PlotError::Draw {
            path: path.to_path_buf(),
            reason: format!("cannot create the directory {}: {e}", dir.display()),
        })?;
    }
    match kind {
        ImageKind::Svg => {
            let root = SVGBackend::new(path, size).into_drawing_area();
            root.fill(&WHITE).map_err(|e| fail(&e))?;
            figure.draw(&root).map_err(|e| fail(&e))?;
            root.present().map_err(|e| fail(&e))?;
        }
        ImageKind::Png => {
            let root = BitMapBackend::new(path, size).into_drawing_area();
            root.fill(&WHITE).map_err(|e| fail(&e))?;
            figure.draw(&root).map_err(|e| fail(&e))?;
            root.present().map_err(|e| fail(&e))?;
        }
    }
    Ok(())
}

/// A text style in the bundled font.
pub fn font(size: f64) -> TextStyle<'static> {
    (FONT_FAMILY, size).into_font().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Line;
    impl Figure for Line {
        fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
        where
            DB::ErrorType: 'static,
        {
            let mut chart = ChartBuilder::on(root)
                .caption("y = x²", font(20.0))
                .margin(10)
                .x_label_area_size(30)
                .y_label_area_size(40)
                .build_cartesian_2d(0.0..1.0, 0.0..1.0)?;
            chart.configure_mesh().label_style(font(12.0)).draw()?;
            chart.draw_series(LineSeries::new(
                (0..=50).map(|i| (i as f64 / 50.0, (i as f64 / 50.0).powi(2))),
                &BLUE,
            ))?;
            Ok(())
        }
    }

    #[test]
    fn svg_and_png_with_text() {
        let dir = tempfile::tempdir().unwrap();
        let svg = dir.path().join("a.svg");
        let png = dir.path().join("a.png");
        save(&Line, &svg, (400, 300)).unwrap();
        save(&Line, &png, (400, 300)).unwrap();
        let text = std::fs::read_to_string(&svg).unwrap();
        assert!(text.contains("<svg") && text.contains("y = x²"));
        let bytes = std::fs::read(&png).unwrap();
        assert_eq!(&bytes[1..4], b"PNG");
        assert!(matches!(
            save(&Line, &dir.path().join("a.txt"), (10, 10)),
            Err(PlotError::Extension(_))
        ));
    }
}
