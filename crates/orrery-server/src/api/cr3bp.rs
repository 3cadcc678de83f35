//! The three-body problem: Lagrange points, a family of periodic orbits with every
//! member sampled for the 3D view, one orbit (the NRHO, a JWST-like halo) sampled.

use crate::error::ApiError;
use crate::params::Q;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use orrery::cr3bp::report::{
    find_orbit, points as lagrange_points, trace_family_with, Continuation, FamilyReport,
    FamilyRequest, OrbitKind, OrbitReport, PointsReport,
};
use orrery::cr3bp::sampling::{sample_orbit, FamilyTrajectories, OrbitSample};
use orrery::cr3bp::system::System;
use orrery::cr3bp::{Branch, FamilyKind, Point};
use serde::{Deserialize, Serialize};

/// The system, point and branch of a query.
#[derive(Debug, Deserialize)]
pub struct SystemQuery {
    /// `earth-moon` (default) or `sun-earth`.
    pub system: Option<String>,
    /// `L1`, `L2` (default) or `L3`.
    pub point: Option<String>,
    /// `north` (default) or `south`, for halo orbits.
    pub branch: Option<String>,
}

impl SystemQuery {
    fn system(&self) -> Result<System, ApiError> {
        Ok(System::by_name(
            self.system.as_deref().unwrap_or("earth-moon"),
        )?)
    }
    fn point(&self) -> Result<Point, ApiError> {
        Ok(Point::parse(self.point.as_deref().unwrap_or("L2"))?)
    }
    fn branch(&self) -> Result<Branch, ApiError> {
        Ok(Branch::parse(self.branch.as_deref().unwrap_or("north"))?)
    }
}

/// The five libration points of a system.
pub async fn points(Q(q): Q<SystemQuery>) -> Result<Json<serde_json::Value>, ApiError> {
    let sys = q.system()?;
    let pts = lagrange_points(&sys)?;
    json(&PointsReport {
        system: &sys,
        points: &pts,
    })
}

fn json<T: Serialize>(v: &T) -> Result<Json<serde_json::Value>, ApiError> {
    serde_json::to_value(v)
        .map(Json)
        .map_err(|e| ApiError::internal(e.to_string()))
}

/// Query of `/api/cr3bp/family`.
#[derive(Debug, Deserialize)]
pub struct FamilyQuery {
    /// `halo` (default), `lyapunov` or `vertical`.
    pub kind: Option<String>,
    /// Members (default 40).
    pub members: Option<usize>,
    /// Pseudo-arclength step, non-dimensional (default 2e-3, as the CLI).
    pub step: Option<f64>,
}

/// `/api/cr3bp/family`: the family (`orrery cr3bp family --format json`) and each
/// member sampled over a period for drawing.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct FamilyView {
    /// The family with its system.
    pub report: serde_json::Value,
    /// Members sampled, km in the rotating frame (at most 60 drawn; each carries its
    /// member's Jacobi constant).
    pub trajectories: FamilyTrajectories,
    /// Every member in km and days, in the family's order.
    pub physical: Vec<orrery::cr3bp::orbit::PhysicalOrbit>,
}

/// A family of periodic orbits by continuation.
pub async fn family(
    State(st): State<AppState>,
    Q(s): Q<SystemQuery>,
    Q(q): Q<FamilyQuery>,
) -> Result<Json<FamilyView>, ApiError> {
    let sys = s.system()?;
    let kind = FamilyKind::parse(q.kind.as_deref().unwrap_or("halo"), Some(s.branch()?))?;
    let members = q.members.unwrap_or(40);
    let max = st.limits().max_family_members;
    if members == 0 || members > max {
        return Err(ApiError::limit(
            format!("members must be within 1..{max}, got {members}"),
            "max_family_members",
            max,
        ));
    }
    let step = q.step.unwrap_or(2e-3);
    let req = FamilyRequest {
        system: sys.clone(),
        kind,
        point: s.point()?,
        method: Continuation::Arclength {
            step,
            adaptive: true,
        },
        members,
        min_periapsis_km: None,
        from_bifurcation: false,
    };
    let v = st
        .pool
        .run(move |w| {
            let fam = trace_family_with(&req, w)?;
            let trajectories = FamilyTrajectories::new(&sys, &fam, 60)?;
            let report = serde_json::to_value(FamilyReport {
                system: &sys,
                family: &fam,
            })
            .map_err(|e| ApiError::internal(e.to_string()))?;
            let physical = fam.members.iter().map(|m| m.physical(&sys)).collect();
            Ok(FamilyView {
                report,
                trajectories,
                physical,
            })
        })
        .await?;
    Ok(Json(v))
}

/// Query of `/api/cr3bp/orbit`.
#[derive(Debug, Deserialize)]
pub struct OrbitQuery {
    /// `nrho` (default), `jwst`, `halo`, `lyapunov` or `vertical`.
    pub kind: Option<String>,
    /// NRHO resonance `N:M` (default `9:2`).
    pub resonance: Option<String>,
    /// Samples over the period (default 400, at most 5000).
    pub samples: Option<usize>,
}

/// `/api/cr3bp/orbit`: one orbit (`orrery cr3bp orbit --format json`) sampled.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct OrbitView {
    /// The orbit with published values to compare with.
    pub report: OrbitReport,
    /// States over one period.
    pub samples: Vec<OrbitSample>,
}

/// One periodic orbit.
pub async fn orbit(
    State(st): State<AppState>,
    Q(s): Q<SystemQuery>,
    Q(q): Q<OrbitQuery>,
) -> Result<Json<OrbitView>, ApiError> {
    let kind = match q
        .kind
        .as_deref()
        .unwrap_or("nrho")
        .to_ascii_lowercase()
        .as_str()
    {
        "nrho" => OrbitKind::Nrho,
        "jwst" => OrbitKind::Jwst,
        "halo" => OrbitKind::Halo,
        "lyapunov" => OrbitKind::Lyapunov,
        "vertical" => OrbitKind::Vertical,
        k => {
            return Err(ApiError::bad_request(format!(
                "unknown orbit kind '{k}': expected nrho, jwst, halo, lyapunov or vertical"
            )))
        }
    };
    let mut req = orrery::cr3bp::report::OrbitRequest::new(s.system()?, kind);
    req.point = s.point()?;
    req.branch = s.branch()?;
    if let Some(r) = q.resonance.as_deref() {
        req.resonance = orrery::cr3bp::missions::parse_resonance(r)?;
    }
    let n = q.samples.unwrap_or(400);
    if !(2..=5000).contains(&n) {
        return Err(ApiError::limit(
            "samples must be within 2..5000",
            "orbit_samples",
            5000,
        ));
    }
    let v = st
        .pool
        .run(move |_| {
            let report = find_orbit(&req)?;
            let samples = sample_orbit(&report.system, &report.orbit, n)?;
            Ok(OrbitView { report, samples })
        })
        .await?;
    Ok(Json(v))
}
