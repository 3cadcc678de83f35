//! `orrery cr3bp ...`: Lagrange points, periodic orbits (halo, Lyapunov,
//! vertical, NRHO, JWST-like) and families in the circular restricted
//! three-body problem. See docs/cr3bp.md.

use crate::output::{write_json, Format, Table};
use anyhow::Context;
use orrery_cr3bp::family::{self, find_member, trace, ContinuationOptions};
use orrery_cr3bp::lagrange::{all_points, Point};
use orrery_cr3bp::missions;
use orrery_cr3bp::plot::FamilyPlot;
use orrery_cr3bp::{Branch, Family, FamilyKind, PeriodicOrbit, System};
use serde::Serialize;
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
    /// Trace a whole family by pseudo-arclength continuation.
    Family(FamilyArgs),
}

/// Which three-body system.
#[derive(clap::Args, Clone)]
struct SystemArgs {
    /// Built-in system: earth-moon or sun-earth (Earth+Moon as one body).
    #[arg(long, default_value = "earth-moon")]
    system: String,
    /// Custom system: mass parameter μ = m2/(m1+m2) (overrides --system).
    #[arg(long, requires_all = ["distance", "gm"])]
    mu: Option<f64>,
    /// Custom system: distance between the primaries, km.
    #[arg(long)]
    distance: Option<f64>,
    /// Custom system: GM1 + GM2, km³/s² (sets the time unit).
    #[arg(long)]
    gm: Option<f64>,
}

impl SystemArgs {
    fn system(&self) -> anyhow::Result<System> {
        Ok(match (self.mu, self.distance, self.gm) {
            (Some(mu), Some(d), Some(gm)) => System::custom(mu, d, gm)?,
            _ => System::by_name(&self.system)?,
        })
    }
}

#[derive(clap::Args)]
struct PointsArgs {
    #[command(flatten)]
    sys: SystemArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(clap::Args)]
struct OrbitArgs {
    /// halo, lyapunov, vertical, nrho, jwst.
    kind: String,
    #[command(flatten)]
    sys: SystemArgs,
    /// Libration point L1, L2 or L3.
    #[arg(long, default_value = "L2")]
    point: String,
    /// Halo branch: north or south.
    #[arg(long, default_value = "north")]
    family: String,
    /// Pick the first family member with this Jacobi constant.
    #[arg(long, conflicts_with_all = ["az", "period_days"])]
    jacobi: Option<f64>,
    /// Pick the first member with this out-of-plane amplitude Az (largest |z|), km.
    #[arg(long, conflicts_with = "period_days")]
    az: Option<f64>,
    /// Pick the first member with this period, days.
    #[arg(long = "period-days")]
    period_days: Option<f64>,
    /// nrho: synodic resonance N:M (N revolutions in M synodic months).
    #[arg(long, default_value = "9:2")]
    resonance: String,
    /// jwst: largest distance from L2, km (JWST: 832000).
    #[arg(long, default_value_t = missions::JWST_MAX_DISTANCE_KM)]
    max_distance: f64,
    /// Write the orbit's states over one period (CSV or JSON by extension).
    #[arg(long)]
    export: Option<PathBuf>,
    /// Number of states exported.
    #[arg(long, default_value_t = 500)]
    samples: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(clap::Args)]
struct FamilyArgs {
    /// halo, lyapunov or vertical.
    kind: String,
    #[command(flatten)]
    sys: SystemArgs,
    /// Libration point L1, L2 or L3.
    #[arg(long, default_value = "L2")]
    point: String,
    /// Halo branch: north or south.
    #[arg(long, default_value = "north")]
    family: String,
    /// Number of members.
    #[arg(long, default_value_t = 100)]
    members: usize,
    /// Continuation step (non-dimensional, in the space of initial-state components).
    #[arg(long, default_value_t = 2e-3)]
    step: f64,
    /// Keep the step fixed (otherwise it adapts to the corrector).
    #[arg(long)]
    fixed_step: bool,
    /// Continuation: arclength (pseudo-arclength) or natural (step one component).
    #[arg(long, default_value = "arclength")]
    method: String,
    /// Natural-parameter continuation: the component stepped (x0, z0 or vz0);
    /// --step is then its increment (signed, non-dimensional).
    #[arg(long, default_value = "x0")]
    vary: String,
    /// Stop when the closest approach to P2 falls below this radius, km.
    #[arg(long)]
    min_periapsis: Option<f64>,
    /// Halo only: start at the bifurcation on the planar Lyapunov family
    /// (branch switching, z0 = 1e-3) instead of Richardson's approximation.
    #[arg(long)]
    from_bifurcation: bool,
    /// Plot the x-y, x-z, y-z projections coloured by Jacobi constant (.svg/.png).
    #[arg(long)]
    plot: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Runs the command.
pub fn run(a: Args) -> anyhow::Result<()> {
    match *a.cmd {
        Sub::Points(p) => points(p),
        Sub::Orbit(o) => orbit(o),
        Sub::Family(f) => family_cmd(f),
    }
}

#[derive(Serialize)]
struct PointRow {
    point: String,
    x: f64,
    y: f64,
    x_km: f64,
    y_km: f64,
    distance_from_secondary_km: f64,
    jacobi: f64,
}

fn points(a: PointsArgs) -> anyhow::Result<()> {
    let sys = a.sys.system()?;
    let rows: Vec<PointRow> = all_points(sys.mu)?
        .into_iter()
        .map(|p| PointRow {
            point: p.point.to_string(),
            x: p.position[0],
            y: p.position[1],
            x_km: sys.to_km(p.position[0]),
            y_km: sys.to_km(p.position[1]),
            distance_from_secondary_km: sys
                .to_km(((p.position[0] - 1.0 + sys.mu).powi(2) + p.position[1].powi(2)).sqrt()),
            jacobi: p.jacobi,
        })
        .collect();
    let out = &mut std::io::stdout().lock();
    if a.format == Format::Json {
        #[derive(Serialize)]
        struct Doc<'a> {
            system: &'a System,
            points: &'a [PointRow],
        }
        return write_json(
            out,
            &Doc {
                system: &sys,
                points: &rows,
            },
        );
    }
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
    if a.format == Format::Csv {
        t.write_csv(out)?;
    } else {
        writeln!(
            out,
            "{} system: mu = {:.15e}, L* = {} km, T* = {:.3} s ({:.6} d); rotating frame, barycentric",
            sys.name, sys.mu, sys.length_km, sys.time_s, sys.time_days()
        )?;
        t.write_aligned(out)?;
    }
    Ok(())
}

/// One orbit with both unit systems, as printed and exported.
#[derive(Serialize)]
struct OrbitDoc<'a> {
    system: &'a System,
    orbit: &'a PeriodicOrbit,
    physical: orrery_cr3bp::orbit::PhysicalOrbit,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<Vec<(String, String)>>,
}

fn branch_kind(kind: &str, fam: &str) -> anyhow::Result<FamilyKind> {
    let branch = Branch::parse(fam)?;
    Ok(FamilyKind::parse(kind, Some(branch))?)
}

fn orbit(a: OrbitArgs) -> anyhow::Result<()> {
    let sys = a.sys.system()?;
    let mut published = None;
    let orbit = match a.kind.to_ascii_lowercase().as_str() {
        "nrho" => {
            let (n, m) = missions::parse_resonance(&a.resonance)?;
            let o = missions::resonant_nrho(&sys, n, m)?;
            if (n, m) == (9, 2) {
                published = Some(vec![
                    ("period".into(), "2/9 synodic month = 6.5624 d".into()),
                    (
                        "perilune radius".into(),
                        "about 3,200 km (Whitley & Martinez 2016; Lee 2019)".into(),
                    ),
                    (
                        "apolune radius".into(),
                        "about 71,000 km (same sources)".into(),
                    ),
                    (
                        "apolune state (Zimovan-Spreen 2021 dissertation, L* differs)".into(),
                        "x 1.02134, z -0.18162, vy -0.10176".into(),
                    ),
                ]);
            }
            o
        }
        "jwst" => {
            let (o, ex) = missions::jwst_like(&sys_for_jwst(&a.sys)?, a.max_distance)?;
            published = Some(vec![
                (
                    "period".into(),
                    "about 6 months (STScI JWST documentation)".into(),
                ),
                (
                    "distance from L2".into(),
                    "250,000 - 832,000 km (NASA, Webb orbit)".into(),
                ),
                (
                    "this orbit: distance from L2".into(),
                    format!("{:.0} - {:.0} km", ex.min_distance_km, ex.max_distance_km),
                ),
                (
                    "this orbit: Ax, Ay, Az".into(),
                    format!("{:.0}, {:.0}, {:.0} km", ex.ax_km, ex.ay_km, ex.az_km),
                ),
            ]);
            return print_orbit(&System::sun_earth(), &o, published, &a);
        }
        kind => {
            let fk = branch_kind(kind, &a.family)?;
            let point = Point::parse(&a.point)?;
            let opts = ContinuationOptions {
                max_members: 3000,
                ..Default::default()
            };
            // The family member to find: which quantity, its target value, its name.
            type Quantity = fn(&PeriodicOrbit) -> f64;
            let target: Option<(Quantity, f64, &str)> = if let Some(c) = a.jacobi {
                Some((|o| o.jacobi, c, "Jacobi constant"))
            } else if let Some(az) = a.az {
                if !(az.is_finite() && az > 0.0) {
                    anyhow::bail!("invalid argument: --az {az} km must be positive");
                }
                Some((|o| o.az, sys.from_km(az), "Az (non-dimensional)"))
            } else if let Some(d) = a.period_days {
                if !(d.is_finite() && d > 0.0) {
                    anyhow::bail!("invalid argument: --period-days {d} must be positive");
                }
                Some((|o| o.period, sys.from_days(d), "period (non-dimensional)"))
            } else {
                None
            };
            match target {
                Some((quantity, value, what)) => {
                    find_member(sys.mu, fk, point, &opts, &quantity, value, what)?
                }
                None => family::first_member(sys.mu, fk, point)?,
            }
        }
    };
    print_orbit(&sys, &orbit, published, &a)
}

fn sys_for_jwst(s: &SystemArgs) -> anyhow::Result<System> {
    let sys = s.system()?;
    if sys.name == "earth-moon" && s.mu.is_none() {
        // `orbit jwst` means the Sun-Earth system whatever the default.
        return Ok(System::sun_earth());
    }
    if sys.name != "sun-earth" {
        anyhow::bail!("invalid argument: the JWST-like orbit is a sun-earth L2 halo");
    }
    Ok(sys)
}

fn print_orbit(
    sys: &System,
    o: &PeriodicOrbit,
    published: Option<Vec<(String, String)>>,
    a: &OrbitArgs,
) -> anyhow::Result<()> {
    if let Some(path) = &a.export {
        export_states(sys, o, path, a.samples)?;
    }
    let phys = o.physical(sys);
    let out = &mut std::io::stdout().lock();
    if a.format == Format::Json {
        return write_json(
            out,
            &OrbitDoc {
                system: sys,
                orbit: o,
                physical: phys,
                published,
            },
        );
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
    if a.format == Format::Csv {
        return Ok(t.write_csv(out)?);
    }
    writeln!(
        out,
        "{} orbit, {} system (mu = {:.15e}, L* = {} km, T* = {:.3} s)",
        o.family, sys.name, sys.mu, sys.length_km, sys.time_s
    )?;
    t.write_aligned(out)?;
    if let Some(p) = published {
        writeln!(out, "\npublished values for comparison:")?;
        for (k, v) in p {
            writeln!(out, "  {k}: {v}")?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct StateRow {
    t: f64,
    x: f64,
    y: f64,
    z: f64,
    vx: f64,
    vy: f64,
    vz: f64,
    t_days: f64,
    x_km: f64,
    y_km: f64,
    z_km: f64,
    vx_kms: f64,
    vy_kms: f64,
    vz_kms: f64,
}

fn export_states(
    sys: &System,
    o: &PeriodicOrbit,
    path: &std::path::Path,
    samples: usize,
) -> anyhow::Result<()> {
    let n = samples.clamp(2, 1_000_000);
    let h = o.period / (n - 1) as f64;
    let mut rows = Vec::with_capacity(n);
    let mut s = o.state;
    for k in 0..n {
        if k > 0 {
            s = orrery_cr3bp::propagate::propagate(sys.mu, &s, h, &Default::default())?;
        }
        let p = sys.state_to_physical(&s);
        let t = h * k as f64;
        rows.push(StateRow {
            t,
            x: s[0],
            y: s[1],
            z: s[2],
            vx: s[3],
            vy: s[4],
            vz: s[5],
            t_days: sys.to_days(t),
            x_km: p[0],
            y_km: p[1],
            z_km: p[2],
            vx_kms: p[3],
            vy_kms: p[4],
            vz_kms: p[5],
        });
    }
    let mut f = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
    );
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "json" {
        write_json(&mut f, &rows)?;
    } else {
        let mut t = Table::new([
            "t", "x", "y", "z", "vx", "vy", "vz", "t_days", "x_km", "y_km", "z_km", "vx_kms",
            "vy_kms", "vz_kms",
        ]);
        for r in &rows {
            t.push(
                [
                    r.t, r.x, r.y, r.z, r.vx, r.vy, r.vz, r.t_days, r.x_km, r.y_km, r.z_km,
                    r.vx_kms, r.vy_kms, r.vz_kms,
                ]
                .map(|v| format!("{v:.15e}")),
            );
        }
        t.write_csv(&mut f)?;
    }
    f.flush()?;
    Ok(())
}

fn family_cmd(a: FamilyArgs) -> anyhow::Result<()> {
    let sys = a.sys.system()?;
    let fk = branch_kind(&a.kind, &a.family)?;
    let point = Point::parse(&a.point)?;
    if a.members == 0 || !(a.step.is_finite() && a.step != 0.0) {
        anyhow::bail!("invalid argument: --members must be at least 1 and --step non-zero");
    }
    let opts = ContinuationOptions {
        step: a.step.abs(),
        max_members: a.members,
        adaptive: !a.fixed_step,
        ..Default::default()
    };
    let rmin = a.min_periapsis.map(|km| sys.from_km(km));
    let started = std::time::Instant::now();
    let mut monitor = |o: &PeriodicOrbit| rmin.is_none_or(|r| o.periapsis >= r);
    let fam: Family = match a.method.to_ascii_lowercase().as_str() {
        "arclength" | "pseudo-arclength" => match (fk, a.from_bifurcation) {
            (FamilyKind::Halo(branch), true) => family::trace_halo_from_bifurcation(
                sys.mu,
                point,
                branch,
                1e-3,
                &opts,
                &mut monitor,
            )?,
            (_, true) => {
                anyhow::bail!("invalid argument: --from-bifurcation starts halo families only")
            }
            _ => trace(sys.mu, fk, point, &opts, &mut monitor)?,
        },
        "natural" if a.from_bifurcation => {
            anyhow::bail!("invalid argument: --from-bifurcation needs --method arclength")
        }
        "natural" => {
            let fixed = match a.vary.to_ascii_lowercase().as_str() {
                "x0" | "x" => 0,
                "z0" | "z" => 2,
                "vz0" | "vz" => 5,
                other => anyhow::bail!("invalid argument: --vary {other}: expected x0, z0 or vz0"),
            };
            family::trace_natural(sys.mu, fk, point, fixed, a.step, a.members)?
        }
        other => anyhow::bail!("invalid argument: --method {other}: expected arclength or natural"),
    };
    let elapsed = started.elapsed();
    if let Some(path) = &a.plot {
        let fig = FamilyPlot::new(&sys, &fam, 60)?;
        orrery_plot::save(&fig, path, (1500, 560))?;
    }
    let out = &mut std::io::stdout().lock();
    if a.format == Format::Json {
        #[derive(Serialize)]
        struct Doc<'a> {
            system: &'a System,
            family: &'a Family,
        }
        return write_json(
            out,
            &Doc {
                system: &sys,
                family: &fam,
            },
        );
    }
    let mut t = Table::new([
        "#",
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
    if a.format == Format::Csv {
        return Ok(t.write_csv(out)?);
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
