//! `orrery tour`: Orrery's main job on its built-in defaults, with no download.
//!
//! The tour is a script of real `orrery` commands, each printed before it runs,
//! so that it doubles as a guide to the command line: the built-in ephemeris,
//! the bundled satellite catalog, the bundled light curve and the three-body
//! models. Every step runs through the same dispatcher as a typed command.

use std::io::Write;

/// Arguments of `orrery tour`.
#[derive(clap::Args)]
pub struct Args {
    /// Skip the slower steps (launch-window scan and transit search).
    #[arg(long)]
    quick: bool,
}

/// One step: a heading, why it matters, and the command line it runs.
struct Step {
    title: &'static str,
    why: &'static str,
    argv: &'static [&'static str],
    slow: bool,
}

const STEPS: &[Step] = &[
    Step {
        title: "Time",
        why: "This instant in every time scale Orrery uses.",
        argv: &["time", "now"],
        slow: false,
    },
    Step {
        title: "Where is Mars?",
        why: "Geometric position of Mars relative to Earth from the built-in analytic ephemeris (no kernel file).",
        argv: &["ephem", "mars", "--center", "earth", "--at", "now"],
        slow: false,
    },
    Step {
        title: "When can I see the ISS?",
        why: "Passes over Paris from the bundled catalog (CelesTrak, 2026-05-07), on the day after its epoch (for tonight, give current elements with --tle FILE).",
        argv: &["passes", "ISS", "--city", "paris", "--from", "2026-05-08", "--span", "1d"],
        slow: false,
    },
    Step {
        title: "When is the next Mars launch window?",
        why: "Earth-Mars windows 2026-2031 with their least-C3 and least-delta-v transfers (built-in ephemeris).",
        argv: &["windows", "earth", "mars", "--from", "2026", "--to", "2031-06-30"],
        slow: true,
    },
    Step {
        title: "Is there a planet in this light curve?",
        why: "BLS transit search on the bundled TESS sector-1 light curve of WASP-126 (known planet: P = 3.2888 d).",
        argv: &["transit", "search"],
        slow: true,
    },
    Step {
        title: "Where are the Earth-Moon Lagrange points?",
        why: "L1-L5 of the circular restricted three-body problem, non-dimensional and in km.",
        argv: &["cr3bp", "points", "--system", "earth-moon"],
        slow: false,
    },
    Step {
        title: "What orbit will the lunar Gateway fly?",
        why: "The 9:2 synodic-resonant near-rectilinear halo orbit (NRHO) of the Earth-Moon L2 southern family.",
        argv: &["cr3bp", "orbit", "nrho", "--system", "earth-moon", "--resonance", "9:2"],
        slow: false,
    },
];

/// Runs the tour; `dispatch` runs one command line (without the program name).
pub fn run(a: Args, dispatch: impl Fn(Vec<String>) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let mut failed = Vec::new();
    for (k, step) in STEPS.iter().enumerate() {
        if a.quick && step.slow {
            continue;
        }
        {
            let out = &mut std::io::stdout().lock();
            writeln!(out, "\n== {}. {}", k + 1, step.title)?;
            writeln!(out, "   {}", step.why)?;
            writeln!(out, "   $ orrery {}\n", shell_words(step.argv))?;
            out.flush()?;
        }
        let argv: Vec<String> = std::iter::once("orrery")
            .chain(step.argv.iter().copied())
            .map(String::from)
            .collect();
        // A failing step is reported and the tour goes on, so one problem does
        // not hide the rest; the exit status still says something failed.
        if let Err(e) = dispatch(argv) {
            eprintln!("orrery tour: step {} ({}) failed: {e:#}", k + 1, step.title);
            failed.push(step.title);
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        anyhow::bail!(
            "{} tour step(s) failed: {}",
            failed.len(),
            failed.join(", ")
        )
    }
}

fn shell_words(argv: &[&str]) -> String {
    argv.iter()
        .map(|w| {
            if w.contains(' ') {
                format!("\"{w}\"")
            } else {
                (*w).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
