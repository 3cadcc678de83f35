//! `orrery cr3bp ...`: Lagrange points, periodic orbits (halo, Lyapunov, vertical,
//! NRHO, JWST-like) and families in the circular restricted three-body problem.
//! See docs/cr3bp.md.

use crate::args;
use crate::output::{write_csv_records, write_json, Format, Table};
use crate::progress::Bar;
use clap::ValueEnum;
use hifitime::Duration;
use orrery_cr3bp::report::{
    find_orbit, points, trace_family_with, Continuation, FamilyReport, FamilyRequest, MemberTarget,
    OrbitKind, OrbitReport, OrbitRequest, PointsReport,
};
use orrery_cr3bp::sampling::{sample_orbit, FamilyTrajectories};
use orrery_cr3bp::{Branch, FamilyKind, Point, System};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `orrery cr3bp`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: Box<Sub>,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Lagrange points L1-L5 with Jacobi constants.
    Points(PointsArgs),
    /// One periodic orbit: halo, lyapunov, vertical, nrho (resonant) or jwst.
    Orbit(OrbitArgs),
    /// Trace a whole family by continuation.
    Family(FamilyArgs),
}

/// Built-in systems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SystemName {
    /// Earth and Moon (L* = 384,400 km).
    EarthMoon,
    /// Sun and Earth+Moon (L* = 1 au).
    SunEarth,
}

/// Which three-body system.
#[derive(clap::Args, Clone)]
#[command(next_help_heading = "System")]
struct SystemArgs {
    /// Built-in system.
    #[arg(long, value_enum, default_value = "earth-moon")]
    system: SystemName,
    /// Custom system: mass parameter μ = m2/(m1+m2), in (0, 0.5] (overrides --system).
    #[arg(long, requires_all = ["distance", "gm"], value_parser = args::positive)]
    mu: Option<f64>,
    /// Custom system: distance between the primaries (`384400km`).
    #[arg(long, value_parser = args::length_or_km, value_name = "LEN", allow_hyphen_values = true)]
    distance: Option<f64>,
    /// Custom system: GM1 + GM2, km³/s² (sets the time unit).
    #[arg(long, value_parser = args::positive, value_name = "GM")]
    gm: Option<f64>,
}

impl SystemArgs {
    fn system(&self) -> anyhow::Result<System> {
        Ok(match (self.mu, self.distance, self.gm) {
            (Some(mu), Some(d), Some(gm)) => System::custom(mu, d, gm)?,
            _ => match self.system {
                SystemName::EarthMoon => System::earth_moon(),
                SystemName::SunEarth => System::sun_earth(),
            },
        })
    }
}

/// Collinear libration points that have periodic-orbit families here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PointArg {
    L1,
    L2,
    L3,
}

impl From<PointArg> for Point {
    fn from(p: PointArg) -> Self {
        match p {
            PointArg::L1 => Point::L1,
            PointArg::L2 => Point::L2,
            PointArg::L3 => Point::L3,
        }
    }
}

/// Halo branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum BranchArg {
    /// Northern (z > 0 at the largest |z|).
    North,
    /// Southern (the Gateway's NRHO branch).
    South,
}

impl From<BranchArg> for Branch {
    fn from(b: BranchArg) -> Self {
        match b {
            BranchArg::North => Branch::North,
            BranchArg::South => Branch::South,
        }
    }
}

/// Orbit kinds of `cr3bp orbit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OrbitArg {
    Halo,
    Lyapunov,
    Vertical,
    /// The N:M synodic-resonant L2 southern NRHO (Earth-Moon; --resonance).
    Nrho,
    /// A JWST-like Sun-Earth L2 halo (--max-distance).
    Jwst,
}

/// Families of `cr3bp family`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FamilyArg {
    Halo,
    Lyapunov,
    Vertical,
}

/// Continuation methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MethodArg {
    /// Pseudo-arclength continuation.
    Arclength,
    /// Natural-parameter continuation (step one component, --vary).
    Natural,
}

/// The initial-state component stepped by natural-parameter continuation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum VaryArg {
    X0,
    Z0,
    Vz0,
}

#[derive(clap::Args)]
#[command(allow_negative_numbers = true)]
struct PointsArgs {
    #[command(flatten)]
    sys: SystemArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(clap::Args)]
#[command(allow_negative_numbers = true)]
struct OrbitArgs {
    /// The orbit.
    #[arg(value_enum)]
    kind: OrbitArg,
    #[command(flatten)]
    sys: SystemArgs,
    /// Libration point.
    #[arg(long, value_enum, ignore_case = true, default_value = "l2")]
    point: PointArg,
    /// Halo branch.
    #[arg(long, value_enum, default_value = "north")]
    family: BranchArg,
    /// Pick the first family member with this Jacobi constant.
    #[arg(long, value_parser = args::finite, conflicts_with_all = ["az", "period"])]
    jacobi: Option<f64>,
    /// Pick the first member with this out-of-plane amplitude Az, the largest |z|
    /// (`20000km`).
    #[arg(long, value_parser = args::length_or_km, value_name = "LEN", conflicts_with = "period", allow_hyphen_values = true)]
    az: Option<f64>,
    /// Pick the first member with this period (`12d`, `300h`).
    #[arg(long, value_parser = args::duration, value_name = "DUR", allow_hyphen_values = true)]
    period: Option<Duration>,
    /// nrho: synodic resonance N:M (N revolutions in M synodic months).
    #[arg(long, default_value = "9:2", value_name = "N:M")]
    resonance: String,
    /// jwst: largest distance from L2 (JWST: 832000km).
    #[arg(long, value_parser = args::length_or_km, default_value = "832000km", value_name = "LEN", allow_hyphen_values = true)]
    max_distance: f64,
    /// Write the orbit's states over one period to FILE (CSV, or JSON for `.json`).
    #[arg(long, value_name = "FILE")]
    export: Option<PathBuf>,
    /// Number of states exported (2 to 1,000,000).
    #[arg(long, default_value_t = 500, value_name = "N")]
    samples: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(clap::Args)]
#[command(allow_negative_numbers = true)]
struct FamilyArgs {
    /// The family.
    #[arg(value_enum)]
    kind: FamilyArg,
    #[command(flatten)]
    sys: SystemArgs,
    /// Libration point.
    #[arg(long, value_enum, ignore_case = true, default_value = "l2")]
    point: PointArg,
    /// Halo branch.
    #[arg(long, value_enum, default_value = "north")]
    family: BranchArg,
    /// Number of members (1 to 100,000).
    #[arg(long, default_value_t = 100, value_name = "N")]
    members: usize,
    /// Continuation step (non-dimensional, in the space of initial-state components;
    /// signed for --method natural).
    #[arg(long, default_value_t = 2e-3, value_parser = args::finite, value_name = "DS")]
    continuation_step: f64,
    /// Keep the step fixed (otherwise it adapts to the corrector).
    #[arg(long)]
    fixed_step: bool,
    /// Continuation method.
    #[arg(long, value_enum, default_value = "arclength")]
    method: MethodArg,
    /// Natural-parameter continuation: the component stepped by --continuation-step.
    #[arg(long, value_enum, default_value = "x0")]
    vary: VaryArg,
    /// Stop when the closest approach to P2 falls below this radius (`2000km`).
    #[arg(long, value_parser = args::length_or_km, value_name = "LEN", allow_hyphen_values = true)]
    min_periapsis: Option<f64>,
    /// Halo only: start at the bifurcation on the planar Lyapunov family
    /// (branch switching, z0 = 1e-3) instead of Richardson's approximation.
    #[arg(long)]
    from_bifurcation: bool,
    /// Plot the x-y, x-z, y-z projections coloured by Jacobi constant (.svg/.png).
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    match *a.cmd {
        Sub::Points(p) => points_cmd(p),
        Sub::Orbit(o) => orbit_cmd(o),
        Sub::Family(f) => family_cmd(f),
    }
}

fn points_cmd(a: PointsArgs) -> anyhow::Result<()> {
    let sys = a.sys.system()?;
    let rows = points(&sys)?;
    let out = &mut std::io::stdout().lock();
    match a.format {
        Format::Json => write_json(
            out,
            &PointsReport {
                system: &sys,
                points: &rows,
            },
        )?,
        Format::Csv => write_csv_records(out, &rows, None)?,
        Format::Table => {
            let mut t = Table::new([
                "point",
                "x [-]",
                "y [-]",
                "x [km]",
                "y [km]",
                "from P2 [km]",
                "Jacobi [-]",
            ]);
            for r in &rows {
                t.push([
                    r.point.clone(),
                    format!("{:.12}", r.x),
                    format!("{:.12}", r.y),
                    format!("{:.3}", r.x_km),
                    format!("{:.3}", r.y_km),
                    format!("{:.3}", r.distance_from_secondary_km),
                    format!("{:.12}", r.jacobi),
                ]);
            }
            writeln!(
                out,
                "{} system: mu = {:.15e}, L* = {} km, T* = {:.3} s ({:.6} d); rotating frame, barycentric",
                sys.name, sys.mu, sys.length_km, sys.time_s, sys.time_days()
            )?;
            t.write_aligned(out)?;
        }
    }
    Ok(())
}

fn orbit_cmd(a: OrbitArgs) -> anyhow::Result<()> {
    let kind = match a.kind {
        OrbitArg::Halo => OrbitKind::Halo,
        OrbitArg::Lyapunov => OrbitKind::Lyapunov,
        OrbitArg::Vertical => OrbitKind::Vertical,
        OrbitArg::Nrho => OrbitKind::Nrho,
        OrbitArg::Jwst => OrbitKind::Jwst,
    };
    let (n, m) = orrery_cr3bp::missions::parse_resonance(&a.resonance)?;
    let target = match (a.jacobi, a.az, a.period) {
        (Some(c), _, _) => MemberTarget::Jacobi(c),
        (_, Some(az), _) => MemberTarget::AzKm(az),
        (_, _, Some(p)) => MemberTarget::PeriodDays(args::days(p)),
        _ => MemberTarget::First,
    };
    let req = OrbitRequest {
        point: a.point.into(),
        branch: a.family.into(),
        target,
        resonance: (n, m),
        max_distance_km: a.max_distance,
        ..OrbitRequest::new(a.sys.system()?, kind)
    };
    let r = find_orbit(&req)?;
    if let Some(path) = &a.export {
        export_states(&r, path, a.samples)?;
    }
    print_orbit(&r, a.format)
}

fn export_states(r: &OrbitReport, path: &std::path::Path, samples: usize) -> anyhow::Result<()> {
    let rows = sample_orbit(&r.system, &r.orbit, samples)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
    }
    let file = std::fs::File::create(path)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?;
    let mut f = std::io::BufWriter::new(file);
    let json = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if json {
        write_json(&mut f, &rows)?;
    } else {
        write_csv_records(&mut f, &rows, None)?;
    }
    f.flush()?;
    eprintln!(
        "orrery: {} states written to {}",
        rows.len(),
        path.display()
    );
    Ok(())
}

fn print_orbit(r: &OrbitReport, format: Format) -> anyhow::Result<()> {
    let (sys, o, phys) = (&r.system, &r.orbit, &r.physical);
    let out = &mut std::io::stdout().lock();
    if format == Format::Json {
        return write_json(out, r);
    }
    let mut t = Table::new(["quantity", "non-dimensional", "physical"]);
    let s = &o.state;
    let p = &phys.state_km_kms;
    let names = ["x", "y", "z", "vx", "vy", "vz"];
    for i in 0..6 {
        let unit = if i < 3 { "km" } else { "km/s" };
        t.push([
            format!("{} (t = 0)", names[i]),
            format!("{:.12}", s[i]),
            format!("{:.6} {unit}", p[i]),
        ]);
    }
    t.push([
        "period".to_string(),
        format!("{:.12}", o.period),
        format!("{:.6} d", phys.period_days),
    ]);
    t.push([
        "Jacobi constant".to_string(),
        format!("{:.12}", o.jacobi),
        String::new(),
    ]);
    t.push([
        "Az (largest |z|)".to_string(),
        format!("{:.9}", o.az),
        format!("{:.3} km", sys.to_km(o.az)),
    ]);
    t.push([
        "closest to P2".to_string(),
        format!("{:.9}", o.periapsis),
        format!("{:.3} km", phys.periapsis_km),
    ]);
    t.push([
        "farthest from P2".to_string(),
        format!("{:.9}", o.apoapsis),
        format!("{:.3} km", phys.apoapsis_km),
    ]);
    t.push([
        "stability indices nu1, nu2".to_string(),
        format!("{:.6}, {:.6}", o.stability[0], o.stability[1]),
        String::new(),
    ]);
    t.push([
        "max |eigenvalue| of monodromy".to_string(),
        format!("{:.6}", o.max_multiplier),
        String::new(),
    ]);
    t.push([
        "closure |x(T)-x(0)|".to_string(),
        format!("{:.2e}", o.closure),
        String::new(),
    ]);
    if format == Format::Csv {
        // The orbit as one record, flattened like the JSON document's `physical` part.
        return write_csv_records(out, [phys], None);
    }
    writeln!(
        out,
        "{} orbit, {} system (mu = {:.15e}, L* = {} km, T* = {:.3} s)",
        o.family, sys.name, sys.mu, sys.length_km, sys.time_s
    )?;
    t.write_aligned(out)?;
    if let Some(p) = &r.published {
        writeln!(out, "\npublished values for comparison:")?;
        for v in p {
            writeln!(out, "  {}: {} ({})", v.quantity, v.value, v.source)?;
        }
    }
    Ok(())
}

fn family_cmd(a: FamilyArgs) -> anyhow::Result<()> {
    let sys = a.sys.system()?;
    let kind = match a.kind {
        FamilyArg::Halo => FamilyKind::Halo(a.family.into()),
        FamilyArg::Lyapunov => FamilyKind::Lyapunov,
        FamilyArg::Vertical => FamilyKind::Vertical,
    };
    let method = match a.method {
        MethodArg::Arclength => Continuation::Arclength {
            step: a.continuation_step,
            adaptive: !a.fixed_step,
        },
        MethodArg::Natural => Continuation::Natural {
            component: match a.vary {
                VaryArg::X0 => 0,
                VaryArg::Z0 => 2,
                VaryArg::Vz0 => 5,
            },
            step: a.continuation_step,
        },
    };
    let req = FamilyRequest {
        system: sys.clone(),
        kind,
        point: a.point.into(),
        method,
        members: a.members,
        min_periapsis_km: a.min_periapsis,
        from_bifurcation: a.from_bifurcation,
    };
    let started = std::time::Instant::now();
    let bar = Bar::new("family");
    let fam = trace_family_with(&req, &bar)?;
    bar.finish();
    let elapsed = started.elapsed();
    if let Some(path) = &a.plot {
        let tr = FamilyTrajectories::new(&sys, &fam, 60)?;
        orrery_plot::cr3bp::save_family(&tr, path)?;
        eprintln!("orrery: family plot written to {}", path.display());
    }
    let out = &mut std::io::stdout().lock();
    match a.format {
        Format::Json => {
            return write_json(
                out,
                &FamilyReport {
                    system: &sys,
                    family: &fam,
                },
            )
        }
        Format::Csv => return write_csv_records(out, &fam.members, None),
        Format::Table => {}
    }
    let mut t = Table::new([
        "member",
        "x0 [-]",
        "z0 [-]",
        "vy0 [-]",
        "period [-]",
        "period [d]",
        "Jacobi [-]",
        "nu1",
        "nu2",
        "Az [km]",
        "rp [km]",
        "ra [km]",
    ]);
    for (k, m) in fam.members.iter().enumerate() {
        t.push([
            k.to_string(),
            format!("{:.10}", m.state[0]),
            format!("{:.10}", m.state[2]),
            format!("{:.10}", m.state[4]),
            format!("{:.10}", m.period),
            format!("{:.5}", sys.to_days(m.period)),
            format!("{:.10}", m.jacobi),
            format!("{:.4}", m.stability[0]),
            format!("{:.4}", m.stability[1]),
            format!("{:.1}", sys.to_km(m.az)),
            format!("{:.1}", sys.to_km(m.periapsis)),
            format!("{:.1}", sys.to_km(m.apoapsis)),
        ]);
    }
    writeln!(
        out,
        "{} family, {} system: {} members in {:.3} s ({} corrections); stopped: {}",
        fam.name,
        sys.name,
        fam.members.len(),
        elapsed.as_secs_f64(),
        fam.corrections,
        fam.stop_reason
    )?;
    t.write_aligned(out)?;
    for b in &fam.bifurcations {
        writeln!(
            out,
            "bifurcation between members {} and {}: a stability index passes 1 at x0 {:.10}, period {:.10} ({:.5} d), Jacobi {:.10}",
            b.after,
            b.after + 1,
            b.orbit.state[0],
            b.orbit.period,
            sys.to_days(b.orbit.period),
            b.orbit.jacobi
        )?;
    }
    Ok(())
}
