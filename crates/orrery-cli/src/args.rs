//! Argument conventions shared by every command (written down in `docs/cli.md`):
//! value parsers for instants, durations, lengths and lists, the argument groups that
//! mean the same thing everywhere (observer, span, catalog, ephemeris), the one-line
//! rendering of parser errors, and the deprecated spellings that still work.

use clap::error::ErrorKind;
use hifitime::{Duration, Epoch, Unit};
use orrery_core::length::parse_length_or;
use std::path::PathBuf;
use std::process::ExitCode;

/// clap value parser for an instant (`2020-07-30T11:50:01 UTC`, `JD 2459061.0 TDB`, `now`).
pub fn epoch(s: &str) -> Result<Epoch, String> {
    orrery_core::time::parse_epoch(s).map_err(|e| e.to_string())
}

/// Duration with a unit (`90s`, `45min`, `6h`, `1.5d`, `2w`): a unit is required.
pub fn duration(s: &str) -> Result<Duration, String> {
    orrery_core::duration::parse_duration(s.trim()).map_err(|e| e.to_string())
}

/// Length with a unit (`100m`, `200km`, `1au`): a unit is required. Returns km.
pub fn length(s: &str) -> Result<f64, String> {
    parse_length_or(s, None).map_err(|e| e.to_string())
}

/// A flag that took a bare number before units were required everywhere: a bare
/// number is still read in `unit` (with a note saying how to write it), anything else
/// must carry its unit.
fn bare_number(s: &str, unit: &str) -> Option<f64> {
    let v = s.trim().parse::<f64>().ok().filter(|v| v.is_finite())?;
    eprintln!(
        "orrery: note: a bare number here is deprecated; write {}{unit}",
        s.trim()
    );
    Some(v)
}

/// Duration; a bare number (deprecated) is days.
pub fn duration_or_days(s: &str) -> Result<Duration, String> {
    match bare_number(s, "d") {
        Some(v) => Ok(Unit::Day * v),
        None => duration(s),
    }
}

/// Duration; a bare number (deprecated) is hours.
pub fn duration_or_hours(s: &str) -> Result<Duration, String> {
    match bare_number(s, "h") {
        Some(v) => Ok(Unit::Hour * v),
        None => duration(s),
    }
}

/// Duration; a bare number (deprecated) is seconds.
pub fn duration_or_seconds(s: &str) -> Result<Duration, String> {
    match bare_number(s, "s") {
        Some(v) => Ok(Unit::Second * v),
        None => duration(s),
    }
}

/// Length; a bare number (deprecated) is km. Returns km.
pub fn length_or_km(s: &str) -> Result<f64, String> {
    match bare_number(s, "km") {
        Some(v) => Ok(v),
        None => length(s),
    }
}

/// Length; a bare number (deprecated) is metres. Returns km.
pub fn length_or_m(s: &str) -> Result<f64, String> {
    match bare_number(s, "m") {
        Some(v) => Ok(v * 1e-3),
        None => length(s),
    }
}

/// A duration in days, divided exactly (`Duration::to_unit` multiplies by 1/86400 and
/// turns `0.1d` into 0.09999999999999999).
pub fn days(d: Duration) -> f64 {
    d.to_seconds() / 86_400.0
}

/// A finite number.
pub fn finite(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!("'{s}' is not a finite number")),
    }
}

/// A finite number ≥ 0.
pub fn non_negative(s: &str) -> Result<f64, String> {
    match finite(s)? {
        v if v >= 0.0 => Ok(v),
        v => Err(format!("{v} must not be negative")),
    }
}

/// A finite number > 0.
pub fn positive(s: &str) -> Result<f64, String> {
    match finite(s)? {
        v if v > 0.0 => Ok(v),
        v => Err(format!("{v} must be positive")),
    }
}

/// An instant range `START..END` (each an instant as [`epoch`] reads it).
pub fn epoch_range(s: &str) -> Result<(Epoch, Epoch), String> {
    let (a, b) = s
        .split_once("..")
        .ok_or_else(|| format!("expected START..END (e.g. 2020-05-01..2020-09-30), got '{s}'"))?;
    Ok((epoch(a.trim())?, epoch(b.trim())?))
}

/// The observer: a bundled city, or latitude/longitude/altitude.
#[derive(clap::Args, Debug, Clone)]
pub struct ObserverArgs {
    /// Observer latitude, degrees north (WGS-84).
    #[arg(long, value_name = "DEG", value_parser = finite, requires = "lon", conflicts_with = "city")]
    pub lat: Option<f64>,
    /// Observer longitude, degrees east.
    #[arg(long, value_name = "DEG", value_parser = finite, requires = "lat")]
    pub lon: Option<f64>,
    /// Observer height above the ellipsoid: `100m`, `0.1km`.
    #[arg(long, value_name = "LEN", value_parser = length_or_m, default_value = "0m", allow_hyphen_values = true)]
    pub alt: f64,
    /// A bundled city instead of --lat/--lon (`--city list` lists them).
    #[arg(long, value_name = "NAME")]
    pub city: Option<String>,
}

/// An observer with its time zone (a city's) and a label for headings.
pub struct Observer {
    /// Where.
    pub observer: orrery_core::earth::Observer,
    /// The city's IANA zone, if a city.
    pub time_zone: Option<&'static str>,
    /// `Paris` or `48.8566°, 2.3522°`.
    pub label: String,
}

impl ObserverArgs {
    /// The observer, or `None` when none was given and `required` is false.
    pub fn observer(&self, required: bool) -> anyhow::Result<Option<Observer>> {
        use orrery_core::cities::{site, SiteError, CITIES};
        if let Some(name) = &self.city {
            if name.eq_ignore_ascii_case("list") {
                let names: Vec<&str> = CITIES.iter().map(|c| c.name).collect();
                anyhow::bail!("bundled cities: {}", names.join(", "));
            }
        }
        let coords = self.lat.zip(self.lon);
        match site(self.city.as_deref(), coords, self.alt) {
            Ok(Some(s)) => Ok(Some(Observer {
                observer: s.observer,
                time_zone: s.time_zone,
                label: s.label,
            })),
            Ok(None) if required => {
                anyhow::bail!("give the observer with --lat and --lon, or --city")
            }
            Ok(None) => Ok(None),
            Err(SiteError::UnknownCity(e)) if e.suggestion.is_none() => {
                anyhow::bail!(
                    "unknown city {:?} (--city list shows the bundled cities)",
                    e.name
                )
            }
            Err(SiteError::OutOfRange { lat_deg, lon_deg }) => anyhow::bail!(
                "--lat must be within ±90° and --lon within -180..360°, got {lat_deg}, {lon_deg}"
            ),
            Err(e) => Err(e.into()),
        }
    }
}

/// A span of time: `--from WHEN` and either `--to WHEN` or `--span DUR`.
#[derive(clap::Args, Debug, Clone)]
pub struct SpanArgs {
    /// Start (default now).
    #[arg(long, value_name = "WHEN", value_parser = epoch, allow_hyphen_values = true)]
    pub from: Option<Epoch>,
    /// End (instead of --span).
    #[arg(long, value_name = "WHEN", value_parser = epoch, conflicts_with = "span", allow_hyphen_values = true)]
    pub to: Option<Epoch>,
    /// Length of the span from --from: `1d`, `12h`, `90min`.
    #[arg(long, value_name = "DUR", value_parser = duration, allow_hyphen_values = true)]
    pub span: Option<Duration>,
}

impl SpanArgs {
    /// `(start, end)`; `default_span` when neither --to nor --span is given. The end may
    /// equal the start (one instant) but not precede it.
    pub fn resolve(&self, default_span: Duration) -> anyhow::Result<(Epoch, Epoch)> {
        let start = match self.from {
            Some(t) => t,
            None => Epoch::now()?,
        };
        let end = match (self.to, self.span) {
            (Some(t), _) => t,
            (None, Some(d)) => start + d,
            (None, None) => start + default_span,
        };
        if end < start {
            anyhow::bail!(
                "the span must not end before it starts (--to or --span); got {} .. {}",
                orrery_core::time::format_utc_ms(start),
                orrery_core::time::format_utc_ms(end)
            );
        }
        Ok((start, end))
    }
}

/// Which satellite catalog.
#[derive(clap::Args, Debug, Clone)]
pub struct CatalogArgs {
    /// Catalog file (TLE/3LE text, OMM XML or OMM JSON); default the freshest
    /// `orrery tle fetch` download that has the satellites asked for, else the bundled
    /// sample (`--catalog sample` chooses the sample).
    #[arg(long, value_name = "FILE")]
    pub catalog: Option<PathBuf>,
    /// Skip malformed records with a warning instead of failing.
    #[arg(long)]
    pub lenient: bool,
}

/// The orbits at both ends of a transfer, for its Δv.
#[derive(clap::Args, Debug, Clone)]
pub struct OrbitArgs {
    /// Circular parking orbit altitude at departure (`200km`).
    #[arg(long, value_parser = length_or_km, default_value = "200km", value_name = "LEN", allow_hyphen_values = true)]
    pub parking_alt: f64,
    /// Capture orbit periapsis altitude at arrival (`400km`).
    #[arg(long, value_parser = length_or_km, default_value = "400km", value_name = "LEN", allow_hyphen_values = true)]
    pub capture_alt: f64,
    /// Capture orbit eccentricity (0 = circular, below 1).
    #[arg(long, value_parser = non_negative, default_value_t = 0.0, value_name = "E")]
    pub capture_ecc: f64,
}

impl OrbitArgs {
    /// As the library's type.
    pub fn end_orbits(&self) -> orrery_transfer::porkchop::EndOrbits {
        orrery_transfer::porkchop::EndOrbits {
            parking_altitude_km: self.parking_alt,
            capture_altitude_km: self.capture_alt,
            capture_eccentricity: self.capture_ecc,
        }
    }
}

/// The ephemeris: a JPL kernel or the built-in model.
#[derive(clap::Args, Debug, Clone)]
pub struct KernelArgs {
    /// JPL SPK kernel (e.g. de440.bsp); default: the built-in analytic model.
    #[arg(long, value_name = "FILE")]
    pub kernel: Option<PathBuf>,
}

impl KernelArgs {
    /// Opens the source.
    pub fn open(&self) -> anyhow::Result<orrery_core::ephem::Source> {
        Ok(orrery_core::ephem::Source::open(self.kernel.as_deref())?)
    }
}

/// A renamed flag: the old spelling, the command it belongs to, and how to rewrite it.
struct Renamed {
    command: &'static str,
    old: &'static str,
    new: &'static str,
    /// Unit appended to a bare number when the new flag's bare unit differs.
    unit: Option<&'static str>,
}

const RENAMED: &[Renamed] = &[
    Renamed {
        command: "passes",
        old: "--days",
        new: "--span",
        unit: Some("d"),
    },
    Renamed {
        command: "passes",
        old: "--tle",
        new: "--catalog",
        unit: None,
    },
    Renamed {
        command: "passes",
        old: "--ephem",
        new: "--kernel",
        unit: None,
    },
    Renamed {
        command: "track",
        old: "--duration",
        new: "--span",
        unit: None,
    },
    Renamed {
        command: "track",
        old: "--tle",
        new: "--catalog",
        unit: None,
    },
    Renamed {
        command: "propagate",
        old: "--tle",
        new: "--catalog",
        unit: None,
    },
    Renamed {
        command: "porkchop",
        old: "--ephem",
        new: "--kernel",
        unit: None,
    },
    Renamed {
        command: "windows",
        old: "--ephem",
        new: "--kernel",
        unit: None,
    },
    Renamed {
        command: "cr3bp",
        old: "--period-days",
        new: "--period",
        unit: Some("d"),
    },
];

/// Rewrites deprecated spellings in `argv` (program name first) to the current
/// ones, printing one note per rename on stderr.
pub fn rewrite_deprecated(argv: Vec<String>) -> Vec<String> {
    let Some(command) = argv.get(1).cloned() else {
        return argv;
    };
    let mut out = Vec::with_capacity(argv.len());
    let mut it = argv.into_iter().peekable();
    let mut past_separator = false;
    while let Some(a) = it.next() {
        if a == "--" {
            past_separator = true;
        }
        let hit = (!past_separator)
            .then(|| {
                RENAMED.iter().find(|r| {
                    r.command == command && (a == r.old || a.starts_with(&format!("{}=", r.old)))
                })
            })
            .flatten();
        let Some(r) = hit else {
            out.push(a);
            continue;
        };
        let value = match a.split_once('=') {
            Some((_, v)) => Some(v.to_string()),
            None => it.peek().filter(|v| !v.starts_with("--")).cloned(),
        };
        if !a.contains('=') && value.is_some() {
            it.next();
        }
        let value = value.map(|v| match (r.unit, v.trim().parse::<f64>()) {
            (Some(u), Ok(_)) => format!("{}{u}", v.trim()),
            _ => v,
        });
        eprintln!(
            "orrery: note: {} is deprecated; use {}{}",
            r.old,
            r.new,
            value
                .as_deref()
                .map(|v| format!(" {v}"))
                .unwrap_or_default()
        );
        out.push(r.new.to_string());
        out.extend(value);
    }
    out
}

/// Prints a clap error on one line (help and version go to stdout in full): the
/// message, the names it lists, tips, valid values and the usage line, joined.
pub fn report_clap_error(e: clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        _ => {
            eprintln!("orrery: {}", one_line(&e.render().to_string()));
            ExitCode::from(2)
        }
    }
}

/// Joins clap's rendered error into one line.
pub fn one_line(text: &str) -> String {
    let mut head = String::new();
    let mut items: Vec<String> = Vec::new();
    let mut tail: Vec<String> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with("For more information") {
            continue;
        }
        let t = t.strip_prefix("error: ").unwrap_or(t);
        if head.is_empty() {
            head = t.to_string();
        } else if let Some(u) = t.strip_prefix("Usage: ") {
            tail.push(format!("usage: {u}"));
        } else if t.starts_with("tip:") {
            tail.push(t.to_string());
        } else {
            items.push(t.to_string());
        }
    }
    let mut out = head;
    if !items.is_empty() {
        if !out.ends_with(':') {
            out.push(':');
        }
        out.push(' ');
        out.push_str(&items.join(", "));
    }
    for t in tail {
        out.push_str("; ");
        out.push_str(&t);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_required_except_on_old_flags() {
        assert!(duration("80").is_err());
        assert_eq!(duration("80d").unwrap(), Unit::Day * 80);
        assert_eq!(duration_or_days("80").unwrap(), Unit::Day * 80);
        assert_eq!(duration_or_hours("1.5").unwrap(), Unit::Minute * 90);
        assert_eq!(duration_or_seconds("1min").unwrap(), Unit::Second * 60);
        assert!(duration_or_days("inf").is_err());
        assert!(length("200").is_err());
        assert_eq!(length_or_km("200").unwrap(), 200.0);
        assert_eq!(length_or_km("200km").unwrap(), 200.0);
        assert_eq!(length_or_m("100").unwrap(), 0.1);
        assert_eq!(length("-10m").unwrap(), -0.01);
    }

    #[test]
    fn deprecated_spellings_are_rewritten() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            rewrite_deprecated(v(&[
                "orrery", "passes", "ISS", "--days", "2", "--tle", "a.txt"
            ])),
            v(&[
                "orrery",
                "passes",
                "ISS",
                "--span",
                "2d",
                "--catalog",
                "a.txt"
            ])
        );
        assert_eq!(
            rewrite_deprecated(v(&["orrery", "track", "ISS", "--duration=2h"])),
            v(&["orrery", "track", "ISS", "--span", "2h"])
        );
        // Only in the command that had the flag.
        assert_eq!(
            rewrite_deprecated(v(&["orrery", "ephem", "--days", "2"])),
            v(&["orrery", "ephem", "--days", "2"])
        );
    }

    #[test]
    fn clap_errors_become_one_line() {
        let text = "error: the following required arguments were not provided:\n  --at <WHEN>\n\nUsage: orrery ephem --at <WHEN> <TARGET>\n\nFor more information, try '--help'.\n";
        assert_eq!(
            one_line(text),
            "the following required arguments were not provided: --at <WHEN>; usage: orrery ephem --at <WHEN> <TARGET>"
        );
    }
}
