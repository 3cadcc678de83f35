//! `orrery transit search|batch`: transit search in Kepler, K2 and TESS light curves.

use crate::args;
use crate::output::{write_json, Format, Table};
use anyhow::Context;
use hifitime::Duration;
use indicatif::{ProgressBar, ProgressStyle};
use orrery_transit::batch;
use orrery_transit::bls::Objective;
use orrery_transit::csv::CsvColumns;
use orrery_transit::lightcurve::{FluxColumn, LoadOptions, DEFAULT_QUALITY_BITMASK};
use orrery_transit::model::Quadratic;
use orrery_transit::schema::{flag_names, write_candidates_csv, EphemerisSource};
use orrery_transit::search::SearchWarning;
use orrery_transit::star::Star;
use orrery_transit::template::Ranking;
use orrery_transit::{load_stitched, search, SearchConfig, SearchResult};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

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
    /// Shortest trial period (`0.5d`, `12h`).
    #[arg(long, value_parser = args::duration_or_days, default_value = "0.5d", value_name = "DUR")]
    period_min: Duration,
    /// Longest trial period (`12d`; default: half the time span).
    #[arg(long, value_parser = args::duration_or_days, value_name = "DUR")]
    period_max: Option<Duration>,
    /// Trial durations, comma-separated (`1h,2h,3h`).
    #[arg(
        long,
        value_delimiter = ',',
        value_parser = args::duration_or_hours,
        default_value = "1h,1.5h,2h,2.5h,3h,4h,5h,6h,8h,10h",
        value_name = "DUR,..."
    )]
    durations: Vec<Duration>,
    /// BLS objective.
    #[arg(long, value_enum, default_value = "likelihood")]
    objective: ObjectiveArg,
    /// What picks each candidate: `box` (the highest BLS peak) or `template`
    /// (the top distinct BLS peaks rescored with limb-darkened templates;
    /// docs/transit.md, "Template refinement: option A vs B").
    #[arg(long, value_enum, default_value = "template")]
    ranking: RankingArg,
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
    /// Detrending window (`1d`, `12h`; default 3 x the longest duration; `0d` = none).
    #[arg(long, value_parser = args::duration_or_days, value_name = "DUR")]
    window: Option<Duration>,
    /// Quality bits to reject (default 175: attitude tweak, safe mode, coarse/Earth point, desat, manual exclude).
    #[arg(long, default_value_t = DEFAULT_QUALITY_BITMASK)]
    quality_bitmask: u32,
    /// Flux column of MAST files.
    #[arg(long, value_enum, default_value = "auto")]
    flux: FluxArg,
    /// For CSV input: BJD_TDB minus the file's time (e.g. 2454833 for BKJD).
    #[arg(long)]
    bjd_ref: Option<f64>,
    /// For CSV input: the time, flux[, flux_err] columns, by header name or
    /// 1-based position (default: by header name, else columns 1,2,3).
    #[arg(long, value_name = "TIME,FLUX[,ERR]")]
    columns: Option<String>,
    /// Quadratic limb darkening u1,u2 for the transit fit.
    #[arg(long, value_delimiter = ',', value_parser = args::finite, default_value = "0.4,0.25", value_name = "U1,U2")]
    ld: Vec<f64>,
    /// Stellar mass and radius in solar units, comma-separated, for the period grid,
    /// the duration limit and the density test.
    #[arg(long, value_delimiter = ',', value_parser = args::positive, default_value = "1,1", value_name = "MASS,RADIUS")]
    star: Vec<f64>,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum ObjectiveArg {
    Likelihood,
    Snr,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum RankingArg {
    Box,
    Template,
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
    fn load_options(&self) -> anyhow::Result<LoadOptions> {
        let csv_columns = match &self.columns {
            Some(spec) => Some(CsvColumns::parse(spec).ok_or_else(|| {
                anyhow::anyhow!("--columns '{spec}': expected TIME,FLUX or TIME,FLUX,ERR")
            })?),
            None => None,
        };
        Ok(LoadOptions {
            flux: match self.flux {
                FluxArg::Auto => FluxColumn::Auto,
                FluxArg::Pdcsap => FluxColumn::Pdcsap,
                FluxArg::Sap => FluxColumn::Sap,
            },
            quality_bitmask: self.quality_bitmask,
            csv_bjd_ref: self.bjd_ref,
            csv_columns,
        })
    }

    fn config(&self) -> anyhow::Result<SearchConfig> {
        if self.duration_limit.is_nan() || self.duration_limit < 0.0 {
            anyhow::bail!("--duration-limit must be >= 0 (0 = no limit)");
        }
        if self.durations.iter().any(|d| d.to_seconds() <= 0.0) {
            anyhow::bail!("--durations must all be positive");
        }
        let pair = |v: &[f64], flag: &str, what: &str| -> anyhow::Result<(f64, f64)> {
            match v {
                [a, b] => Ok((*a, *b)),
                _ => anyhow::bail!(
                    "{flag} takes two comma-separated values ({what}), got {}",
                    v.len()
                ),
            }
        };
        let (u1, u2) = pair(&self.ld, "--ld", "u1,u2")?;
        let (m, r) = pair(&self.star, "--star", "mass,radius in solar units")?;
        let cfg = SearchConfig {
            period_min_days: args::days(self.period_min),
            period_max_days: self.period_max.map(args::days),
            durations_days: self.durations.iter().map(|d| args::days(*d)).collect(),
            objective: match self.objective {
                ObjectiveArg::Likelihood => Objective::Likelihood,
                ObjectiveArg::Snr => Objective::Snr,
            },
            ranking: match self.ranking {
                RankingArg::Box => Ranking::Box,
                RankingArg::Template => Ranking::Template,
            },
            detrend_window_days: self.window.map(args::days),
            sde_threshold: self.sde_threshold,
            duration_limit: (self.duration_limit > 0.0).then_some(self.duration_limit),
            max_planets: self.max_planets,
            ld: Quadratic { u1, u2 },
            star: Star::new(m, r),
            ..SearchConfig::default()
        };
        cfg.validate()
            .map_err(|e| anyhow::anyhow!(flagged(&e.to_string())))?;
        Ok(cfg)
    }
}

/// A library message with the command-line flag names for the setting names.
fn flagged(msg: &str) -> String {
    [
        ("period_min_days", "--period-min"),
        ("period_max_days", "--period-max"),
        ("durations_days", "--durations (days)"),
        ("detrend_window_days", "--window"),
        ("duration_limit", "--duration-limit"),
        ("sde_threshold", "--sde-threshold"),
        ("ld.u1", "--ld u1"),
        ("ld.u2", "--ld u2"),
    ]
    .iter()
    .fold(msg.to_string(), |m, (field, flag)| m.replace(field, flag))
}

/// A warning of the library, on stderr, with the flag that changes it.
fn warn(w: &SearchWarning) {
    let hint = match w {
        SearchWarning::ShortWindow { .. } => " (--window)",
        SearchWarning::UnknownTimeSystem => " (--bjd-ref for CSV input)",
        _ => "",
    };
    eprintln!("orrery: warning: {w}{hint}");
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    match a.command {
        Sub::Search(s) => run_search(s),
        Sub::Batch(b) => run_batch(b),
    }
}

fn run_search(a: SearchArgs) -> anyhow::Result<()> {
    let cfg = a.common.config()?;
    let opts = a.common.load_options()?;
    // No file: the sample compiled into the library (TESS sector 1, WASP-126).
    let lc = if a.files.is_empty() {
        orrery_transit::sample::light_curve_with(&opts)?
    } else {
        load_stitched(&a.files, &opts)?
    };
    let spinner = if std::io::stderr().is_terminal() {
        let s = ProgressBar::new_spinner();
        s.set_message(format!("searching {} ({} points)", lc.target, lc.len()));
        s.enable_steady_tick(std::time::Duration::from_millis(120));
        s
    } else {
        ProgressBar::hidden()
    };
    let r = search(&lc, &cfg);
    spinner.finish_and_clear();
    let r = r.map_err(|e| anyhow::anyhow!(flagged(&e.to_string())))?;
    for w in &r.warnings {
        warn(w);
    }
    if let Some(dir) = &a.plot {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for p in orrery_plot::transit::write_all(&r, dir)? {
            eprintln!("wrote {}", p.display());
        }
    }
    let out = &mut std::io::stdout().lock();
    match a.format {
        Format::Json => write_json(out, &r)?,
        Format::Csv => write_candidates_csv(out, &r.candidates)?,
        Format::Table => print_table(out, &r)?,
    }
    Ok(())
}

/// The human table: rounded values of the schema's rows.
fn print_table(out: &mut dyn Write, r: &SearchResult) -> anyhow::Result<()> {
    let t0_header = match r.bjd_ref_days {
        Some(_) => "t0 [BJD_TDB]".to_string(),
        None => "t0 [file time, d]".to_string(),
    };
    let mut t = Table::new([
        "#",
        "period [d]",
        "period_err [d]",
        t0_header.as_str(),
        "duration [h]",
        "depth [ppm]",
        "from",
        "BLS period [d]",
        "BLS depth [ppm]",
        "SNR",
        "SDE",
        "template SDE",
        "transits",
        "odd/even [sigma]",
        "secondary [sigma]",
        "Rp/Rs",
        "significant",
        "flags",
    ]);
    let opt = |v: Option<f64>, digits: usize| v.map_or("-".into(), |x| format!("{x:.digits$}"));
    for c in &r.candidates {
        let s = &c.summary;
        t.push([
            s.index.to_string(),
            format!("{:.6}", s.period_days),
            opt(s.period_err_days, 6),
            format!("{:.5}", s.t0_bjd_tdb.unwrap_or(s.t0_days)),
            format!("{:.2}", s.duration_hours),
            format!("{:.0}", s.depth_ppm),
            match s.ephemeris_source {
                EphemerisSource::Fit => "fit",
                EphemerisSource::Bls => "BLS",
            }
            .to_string(),
            format!("{:.5}", s.bls_period_days),
            format!("{:.0}", s.bls_depth_ppm),
            format!("{:.1}", s.snr),
            format!("{:.1}", s.sde),
            opt(s.template_sde, 1),
            s.n_transits.to_string(),
            format!("{:.1}", s.odd_even_sigma),
            format!("{:.1}", s.secondary_snr),
            opt(s.rp_rs, 4),
            if s.significant { "yes" } else { "no" }.to_string(),
            if s.flags.is_empty() {
                "-".to_string()
            } else {
                flag_names(&s.flags)
            },
        ]);
    }
    writeln!(
        out,
        "{} ({}): {} points over {:.2} d, {} trial periods x {} durations; times {}",
        r.target,
        r.mission,
        r.n_points,
        r.baseline_days,
        r.n_periods,
        r.durations_days.len(),
        r.time_system
    )?;
    t.write_aligned(out)?;
    Ok(())
}

fn run_batch(a: BatchArgs) -> anyhow::Result<()> {
    let files = batch::discover(&a.input)?;
    if files.is_empty() {
        anyhow::bail!("no light-curve files match {}", a.input.display());
    }
    let cfg = a.common.config()?;
    let load_opts = a.common.load_options()?;
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
    let s = batch::run(&files, &a.out, &load_opts, &cfg, &progress)?;
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
