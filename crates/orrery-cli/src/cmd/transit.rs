//! `orrery transit search|batch`: transit search in Kepler, K2 and TESS light curves.

use crate::output::{write_json, Format, Table};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use orrery_transit::batch;
use orrery_transit::bls::Objective;
use orrery_transit::lightcurve::{FluxColumn, LoadOptions, DEFAULT_QUALITY_BITMASK};
use orrery_transit::model::Quadratic;
use orrery_transit::{load_stitched, search, SearchConfig, SearchResult};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The bundled sample light curve (TESS sector 1, WASP-126).
pub const SAMPLE: &str = "data/lightcurves/tess2018206045859-s0001-0000000025155310-0120-s_lc.fits";

/// Arguments of `orrery transit`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Search one star's light curve(s) for periodic transits (several files are stitched).
    Search(SearchArgs),
    /// Search every light curve in a directory or glob, in parallel, resumable.
    Batch(BatchArgs),
}

/// Options shared by search and batch.
#[derive(clap::Args, Clone)]
struct Common {
    /// Shortest trial period [days].
    #[arg(long, default_value_t = 0.5)]
    period_min: f64,
    /// Longest trial period [days] (default: half the time span).
    #[arg(long)]
    period_max: Option<f64>,
    /// Trial durations [hours], comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "1,1.5,2,2.5,3,4,5,6,8,10"
    )]
    durations: Vec<f64>,
    /// BLS objective.
    #[arg(long, value_enum, default_value = "likelihood")]
    objective: ObjectiveArg,
    /// Stop the multi-planet search when the SDE drops below this.
    #[arg(long, default_value_t = 7.0)]
    sde_threshold: f64,
    /// Longest box tried at each period, as a multiple of the star's
    /// central-transit duration at that period (see --star); 0 = no limit.
    #[arg(long, default_value_t = 3.0)]
    duration_limit: f64,
    /// Maximum number of candidates per star.
    #[arg(long, default_value_t = 5)]
    max_planets: usize,
    /// Detrending window [days] (default 3 x the longest duration; 0 = none).
    #[arg(long)]
    window: Option<f64>,
    /// Quality bits to reject (default 175: attitude tweak, safe mode, coarse/Earth point, desat, manual exclude).
    #[arg(long, default_value_t = DEFAULT_QUALITY_BITMASK)]
    quality_bitmask: u32,
    /// Flux column of MAST files.
    #[arg(long, value_enum, default_value = "auto")]
    flux: FluxArg,
    /// For CSV input: BJD_TDB minus the file's time (e.g. 2454833 for BKJD).
    #[arg(long)]
    bjd_ref: Option<f64>,
    /// Quadratic limb darkening u1,u2 for the transit fit.
    #[arg(long, value_delimiter = ',', num_args = 2, default_values_t = [0.4, 0.25])]
    ld: Vec<f64>,
    /// Stellar mass and radius [solar] for the Ofir period grid.
    #[arg(long, value_delimiter = ',', num_args = 2, default_values_t = [1.0, 1.0])]
    star: Vec<f64>,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum ObjectiveArg {
    Likelihood,
    Snr,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum FluxArg {
    Auto,
    Pdcsap,
    Sap,
}

#[derive(clap::Args)]
struct SearchArgs {
    /// Light-curve files of one star (FITS or CSV); default: the bundled TESS sample (WASP-126).
    files: Vec<PathBuf>,
    #[command(flatten)]
    common: Common,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Write periodogram, phase-fold and light-curve plots (SVG) into this directory.
    #[arg(long, value_name = "DIR")]
    plot: Option<PathBuf>,
}

#[derive(clap::Args)]
struct BatchArgs {
    /// Directory (searched recursively for .fits/.csv) or glob such as 'lc/*_lc.fits'.
    input: PathBuf,
    /// JSON-lines output; an existing file is resumed (finished stars are skipped).
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    common: Common,
    /// Hide the progress bar.
    #[arg(long)]
    quiet: bool,
}

impl Common {
    fn load_options(&self) -> LoadOptions {
        LoadOptions {
            flux: match self.flux {
                FluxArg::Auto => FluxColumn::Auto,
                FluxArg::Pdcsap => FluxColumn::Pdcsap,
                FluxArg::Sap => FluxColumn::Sap,
            },
            quality_bitmask: self.quality_bitmask,
            csv_bjd_ref: self.bjd_ref,
        }
    }

    fn config(&self) -> anyhow::Result<SearchConfig> {
        if self.duration_limit.is_nan() || self.duration_limit < 0.0 {
            anyhow::bail!("--duration-limit must be >= 0 (0 = no limit)");
        }
        if self.durations.iter().any(|d| d.is_nan() || *d <= 0.0) {
            anyhow::bail!("--durations must all be > 0 hours");
        }
        Ok(SearchConfig {
            period_min: self.period_min,
            period_max: self.period_max,
            durations: self.durations.iter().map(|h| h / 24.0).collect(),
            objective: match self.objective {
                ObjectiveArg::Likelihood => Objective::Likelihood,
                ObjectiveArg::Snr => Objective::Snr,
            },
            detrend_window: self.window,
            sde_threshold: self.sde_threshold,
            duration_limit: (self.duration_limit > 0.0).then_some(self.duration_limit),
            max_planets: self.max_planets,
            ld: Quadratic {
                u1: self.ld.first().copied().unwrap_or(0.4),
                u2: self.ld.get(1).copied().unwrap_or(0.25),
            },
            star: (
                self.star.first().copied().unwrap_or(1.0),
                self.star.get(1).copied().unwrap_or(1.0),
            ),
            ..SearchConfig::default()
        })
    }
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    match a.command {
        Sub::Search(s) => run_search(s),
        Sub::Batch(b) => run_batch(b),
    }
}

fn sample_path() -> PathBuf {
    let local = PathBuf::from(SAMPLE);
    if local.exists() {
        return local;
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(SAMPLE)
}

fn run_search(a: SearchArgs) -> anyhow::Result<()> {
    let files = if a.files.is_empty() {
        vec![sample_path()]
    } else {
        a.files.clone()
    };
    let cfg = a.common.config()?;
    let lc = load_stitched(&files, &a.common.load_options())?;
    let r = search(&lc, &cfg)?;
    if let Some(dir) = &a.plot {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for p in orrery_transit::plot::write_all(&r, dir)? {
            eprintln!("wrote {}", p.display());
        }
    }
    let out = &mut std::io::stdout().lock();
    match a.format {
        Format::Json => write_json(out, &r)?,
        Format::Table | Format::Csv => print_table(out, &r, a.format == Format::Csv)?,
    }
    Ok(())
}

fn print_table(out: &mut dyn Write, r: &SearchResult, csv: bool) -> anyhow::Result<()> {
    let mut t = Table::new([
        "#",
        "period [d]",
        "t0 [BJD_TDB]",
        "duration [h]",
        "depth [ppm]",
        "depth_err [ppm]",
        "SNR",
        "SDE",
        "transits",
        "odd/even [sigma]",
        "secondary [sigma]",
        "Rp/Rs",
        "fit period [d]",
        "fit depth [ppm]",
        "significant",
        "flags",
    ]);
    for c in &r.candidates {
        let t0 = c.t0_bjd.unwrap_or(c.t0);
        t.push([
            c.index.to_string(),
            format!("{:.5}", c.period),
            format!("{t0:.5}"),
            format!("{:.2}", c.duration * 24.0),
            format!("{:.0}", c.depth * 1e6),
            format!("{:.0}", c.depth_err * 1e6),
            format!("{:.1}", c.snr),
            format!("{:.1}", c.sde),
            c.vetting.n_transits.to_string(),
            format!("{:.1}", c.vetting.odd_even_sigma),
            format!("{:.1}", c.vetting.secondary_snr),
            c.fit
                .as_ref()
                .map_or("-".into(), |f| format!("{:.4}", f.params.rp)),
            c.fit
                .as_ref()
                .map_or("-".into(), |f| format!("{:.6}", f.params.period)),
            c.fit
                .as_ref()
                .map_or("-".into(), |f| format!("{:.0}", f.depth * 1e6)),
            if c.significant { "yes" } else { "no" }.to_string(),
            if c.flags.is_empty() {
                "-".to_string()
            } else {
                c.flags
                    .iter()
                    .map(|f| {
                        serde_json::to_value(f)
                            .map_or(String::new(), |v| v.as_str().unwrap_or("").to_string())
                    })
                    .collect::<Vec<_>>()
                    .join(";")
            },
        ]);
    }
    if csv {
        t.write_csv(out)?;
    } else {
        writeln!(
            out,
            "{} ({}): {} points over {:.2} d, {} trial periods x {} durations",
            r.target,
            r.mission,
            r.n_points,
            r.baseline,
            r.n_periods,
            r.durations.len()
        )?;
        t.write_aligned(out)?;
    }
    Ok(())
}

fn run_batch(a: BatchArgs) -> anyhow::Result<()> {
    let files = batch::discover(&a.input)?;
    if files.is_empty() {
        anyhow::bail!("no light-curve files match {}", a.input.display());
    }
    let cfg = a.common.config()?;
    let bar = if a.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(files.len() as u64)
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{bar:40} {pos}/{len} light curves  {per_sec}  eta {eta}  {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let done = batch::finished(&a.out)?;
    bar.inc(
        files
            .iter()
            .filter(|f| done.contains(&f.display().to_string()))
            .count() as u64,
    );
    let progress = |p: &Path, ok: bool| {
        if !ok {
            bar.println(format!(
                "skipped {} (error, see {})",
                p.display(),
                a.out.display()
            ));
        }
        bar.inc(1);
    };
    let s = batch::run(&files, &a.out, &a.common.load_options(), &cfg, &progress)?;
    bar.finish_and_clear();
    eprintln!(
        "{} files: {} already done, {} searched, {} failed; {:.1} light curves/min; results in {}",
        s.total,
        s.skipped,
        s.ok,
        s.failed,
        s.per_minute(),
        a.out.display()
    );
    Ok(())
}
