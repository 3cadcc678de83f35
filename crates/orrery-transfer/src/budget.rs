//! Δv budgets for a mission described in a small TOML file (schema in
//! `docs/budget.md`), with propellant masses from Tsiolkovsky's equation.
//!
//! Legs are flown in file order; propellant is computed backwards from the dry
//! mass (the mass after the last burn), so each leg's propellant includes what
//! is needed to push the propellant of the legs after it.

use crate::error::{Result, TransferError};
use crate::maneuver::{bi_elliptic, capture_dv, hohmann, plane_change, planet_of};
use orrery_core::Body;
use serde::{Deserialize, Serialize};

/// A mission file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mission {
    /// Title.
    pub name: String,
    /// Mass after the last burn, kg.
    pub dry_mass_kg: f64,
    /// Default specific impulse, s.
    pub isp_s: f64,
    /// The legs in order.
    #[serde(rename = "leg")]
    pub legs: Vec<Leg>,
}

/// One leg: a name, optional Isp, and its manoeuvre. (Unknown keys are refused
/// by [`Maneuver`], which receives every key not taken here.)
#[derive(Debug, Clone, Deserialize)]
pub struct Leg {
    /// Label.
    pub name: String,
    /// Specific impulse for this leg, s (default: the mission's).
    pub isp_s: Option<f64>,
    /// What is done.
    #[serde(flatten)]
    pub maneuver: Maneuver,
}

/// The manoeuvre of a leg; `kind` in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Maneuver {
    /// Periapsis burn from a circular orbit onto an escape (or lunar-transfer) orbit
    /// of energy C3 (km²/s², may be negative) or excess speed v∞ (km/s).
    Departure {
        /// Body departed.
        body: String,
        /// Circular orbit altitude, km.
        altitude_km: f64,
        /// C3 = v∞², km²/s².
        c3_km2_s2: Option<f64>,
        /// v∞, km/s.
        vinf_km_s: Option<f64>,
    },
    /// Periapsis burn from a hyperbola with excess speed v∞ into an orbit.
    Capture {
        /// Body arrived at.
        body: String,
        /// v∞, km/s.
        vinf_km_s: f64,
        /// Periapsis altitude, km.
        periapsis_altitude_km: f64,
        /// Eccentricity of the capture orbit (default 0).
        #[serde(default)]
        eccentricity: f64,
    },
    /// Hohmann transfer between circular orbits.
    Hohmann {
        /// Central body.
        body: String,
        /// Initial altitude, km.
        from_altitude_km: f64,
        /// Final altitude, km.
        to_altitude_km: f64,
    },
    /// Bi-elliptic transfer between circular orbits.
    BiElliptic {
        /// Central body.
        body: String,
        /// Initial altitude, km.
        from_altitude_km: f64,
        /// Intermediate apoapsis altitude, km.
        apoapsis_altitude_km: f64,
        /// Final altitude, km.
        to_altitude_km: f64,
    },
    /// Plane change of a circular orbit.
    PlaneChange {
        /// Central body.
        body: String,
        /// Orbit altitude, km.
        altitude_km: f64,
        /// Inclination change, degrees.
        angle_deg: f64,
    },
    /// A Δv given directly.
    Dv {
        /// km/s.
        dv_km_s: f64,
    },
}

/// One computed leg.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct LegResult {
    /// Label.
    pub name: String,
    /// Manoeuvre kind.
    pub kind: &'static str,
    /// Δv, km/s.
    pub dv_km_s: f64,
    /// Isp used, s.
    pub isp_s: f64,
    /// Mass before the burn, kg.
    pub mass_before_kg: f64,
    /// Propellant burnt, kg.
    pub propellant_kg: f64,
}

/// The heaviest vehicle a budget may reach, kg (a thousand times the Saturn V): beyond
/// it the Δv is beyond the Isp and the answer is not a vehicle.
pub const MAX_MASS_KG: f64 = 3e9;

/// A computed budget.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Budget {
    /// Mission name.
    pub name: String,
    /// Legs in order.
    pub legs: Vec<LegResult>,
    /// Sum of Δv, km/s.
    pub total_dv_km_s: f64,
    /// Sum of propellant, kg.
    pub total_propellant_kg: f64,
    /// Dry mass, kg.
    pub dry_mass_kg: f64,
    /// Initial (wet) mass, kg.
    pub initial_mass_kg: f64,
}

fn err(path: &str, reason: impl Into<String>) -> TransferError {
    TransferError::Mission {
        path: path.to_string(),
        reason: reason.into(),
    }
}

fn planet(path: &str, leg: &str, name: &str) -> Result<(f64, f64)> {
    let b = Body::parse(name).map_err(|e| err(path, format!("leg '{leg}': {e}")))?;
    let p = planet_of(b);
    match (p.gm(), p.radius()) {
        (Some(gm), Some(r)) => Ok((gm, r)),
        _ => Err(err(path, format!("leg '{leg}': {b} has no GM and radius"))),
    }
}

/// Parses a mission file's text; `path` names it in errors.
pub fn parse(text: &str, path: &str) -> Result<Mission> {
    toml::from_str(text).map_err(|e| err(path, e.to_string().replace('\n', " ")))
}

/// Computes the Δv of every leg and the propellant masses.
pub fn compute(m: &Mission, path: &str) -> Result<Budget> {
    if !(m.dry_mass_kg.is_finite() && m.dry_mass_kg > 0.0) {
        return Err(err(
            path,
            format!("dry_mass_kg must be positive, got {}", m.dry_mass_kg),
        ));
    }
    if m.legs.is_empty() {
        return Err(err(path, "no [[leg]] entries"));
    }
    let mut dvs = Vec::with_capacity(m.legs.len());
    for leg in &m.legs {
        let n = leg.name.as_str();
        let alt = |a: f64, what: &str| -> Result<f64> {
            if a.is_finite() && a >= 0.0 {
                Ok(a)
            } else {
                Err(err(
                    path,
                    format!("leg '{n}': {what} must be >= 0 km, got {a}"),
                ))
            }
        };
        let wrap = |r: Result<f64>| r.map_err(|e| err(path, format!("leg '{n}': {e}")));
        let (kind, dv) = match &leg.maneuver {
            Maneuver::Departure {
                body,
                altitude_km,
                c3_km2_s2,
                vinf_km_s,
            } => {
                let (mu, r) = planet(path, n, body)?;
                let rp = r + alt(*altitude_km, "altitude_km")?;
                let c3 = match (c3_km2_s2, vinf_km_s) {
                    (Some(c3), None) => *c3,
                    (None, Some(v)) => v * v,
                    _ => {
                        return Err(err(
                            path,
                            format!("leg '{n}': give exactly one of c3_km2_s2 and vinf_km_s"),
                        ))
                    }
                };
                if !(c3.is_finite() && c3 + 2.0 * mu / rp > 0.0) {
                    return Err(err(
                        path,
                        format!(
                            "leg '{n}': C3 {c3} km2/s2 is below the bound orbit at that altitude"
                        ),
                    ));
                }
                ("departure", (c3 + 2.0 * mu / rp).sqrt() - (mu / rp).sqrt())
            }
            Maneuver::Capture {
                body,
                vinf_km_s,
                periapsis_altitude_km,
                eccentricity,
            } => {
                let (mu, r) = planet(path, n, body)?;
                if !(0.0..1.0).contains(eccentricity) || !vinf_km_s.is_finite() || *vinf_km_s < 0.0
                {
                    return Err(err(
                        path,
                        format!("leg '{n}': need vinf_km_s >= 0 and 0 <= eccentricity < 1"),
                    ));
                }
                let rp = r + alt(*periapsis_altitude_km, "periapsis_altitude_km")?;
                ("capture", capture_dv(*vinf_km_s, mu, rp, *eccentricity))
            }
            Maneuver::Hohmann {
                body,
                from_altitude_km,
                to_altitude_km,
            } => {
                let (mu, r) = planet(path, n, body)?;
                let (a, b, _) = hohmann(
                    mu,
                    r + alt(*from_altitude_km, "from_altitude_km")?,
                    r + alt(*to_altitude_km, "to_altitude_km")?,
                )
                .map_err(|e| err(path, format!("leg '{n}': {e}")))?;
                ("hohmann", a + b)
            }
            Maneuver::BiElliptic {
                body,
                from_altitude_km,
                apoapsis_altitude_km,
                to_altitude_km,
            } => {
                let (mu, r) = planet(path, n, body)?;
                let (a, b, c, _) = bi_elliptic(
                    mu,
                    r + alt(*from_altitude_km, "from_altitude_km")?,
                    r + alt(*apoapsis_altitude_km, "apoapsis_altitude_km")?,
                    r + alt(*to_altitude_km, "to_altitude_km")?,
                )
                .map_err(|e| err(path, format!("leg '{n}': {e}")))?;
                ("bi_elliptic", a + b + c)
            }
            Maneuver::PlaneChange {
                body,
                altitude_km,
                angle_deg,
            } => {
                let (mu, r) = planet(path, n, body)?;
                if !angle_deg.is_finite() {
                    return Err(err(path, format!("leg '{n}': angle_deg must be finite")));
                }
                let v = (mu / (r + alt(*altitude_km, "altitude_km")?)).sqrt();
                ("plane_change", plane_change(v, v, angle_deg.to_radians()))
            }
            Maneuver::Dv { dv_km_s } => (
                "dv",
                wrap(if dv_km_s.is_finite() && *dv_km_s >= 0.0 {
                    Ok(*dv_km_s)
                } else {
                    Err(crate::error::invalid(format!(
                        "dv_km_s must be >= 0, got {dv_km_s}"
                    )))
                })?,
            ),
        };
        let isp = leg.isp_s.unwrap_or(m.isp_s);
        if !(isp.is_finite() && isp > 0.0) {
            return Err(err(
                path,
                format!("leg '{n}': Isp must be positive, got {isp} s"),
            ));
        }
        dvs.push((leg.name.clone(), kind, dv, isp));
    }
    // Backwards from the dry mass.
    let mut mass = m.dry_mass_kg;
    let mut legs = Vec::with_capacity(dvs.len());
    for (name, kind, dv, isp) in dvs.into_iter().rev() {
        let prop = crate::maneuver::propellant_mass(dv, isp, mass)?;
        if !(prop.is_finite() && mass + prop <= MAX_MASS_KG) {
            return Err(err(
                path,
                format!(
                    "leg '{name}': a Δv of {dv} km/s at Isp {isp} s needs a mass ratio of e^{:.3e}; \
                     the vehicle would weigh more than {MAX_MASS_KG:e} kg, so the budget is not physical",
                    dv / (crate::maneuver::G0_KM_S2 * isp)
                ),
            ));
        }
        mass += prop;
        legs.push(LegResult {
            name,
            kind,
            dv_km_s: dv,
            isp_s: isp,
            mass_before_kg: mass,
            propellant_kg: prop,
        });
    }
    legs.reverse();
    Ok(Budget {
        name: m.name.clone(),
        total_dv_km_s: legs.iter().map(|l| l.dv_km_s).sum(),
        total_propellant_kg: mass - m.dry_mass_kg,
        dry_mass_kg: m.dry_mass_kg,
        initial_mass_kg: mass,
        legs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Curtis 3rd ed. Example 8.3: departure from a 300 km circular Earth orbit on the
    /// Earth–Mars Hohmann transfer (v∞ = 2.943 km/s): Δv = 3.590 km/s (μ = 398600, R = 6378).
    /// Our Earth radius/GM differ slightly (6378.1366, 398600.4355): agreement to 1 m/s.
    #[test]
    fn curtis_example_8_3() {
        let m = parse(
            r#"
name = "Curtis 8.3"
dry_mass_kg = 1000
isp_s = 300
[[leg]]
name = "TMI"
kind = "departure"
body = "earth"
altitude_km = 300
vinf_km_s = 2.943
"#,
            "<test>",
        )
        .unwrap();
        let b = compute(&m, "<test>").unwrap();
        assert!(
            (b.total_dv_km_s - 3.590).abs() < 1e-3,
            "{}",
            b.total_dv_km_s
        );
        // Tsiolkovsky: m0 = mf exp(dv / (Isp g0)).
        let m0 = 1000.0 * (3.590f64 / (300.0 * 9.806_65e-3)).exp();
        assert!((b.initial_mass_kg - m0).abs() / m0 < 2e-3);
    }

    #[test]
    fn broken_files_are_errors() {
        for text in [
            "",
            "name = 'x'\ndry_mass_kg = 1\nisp_s = 300\nleg = []",
            "name = 'x'\ndry_mass_kg = -1\nisp_s = 300\n[[leg]]\nname='a'\nkind='dv'\ndv_km_s=1",
            "name = 'x'\ndry_mass_kg = 1\nisp_s = 300\n[[leg]]\nname='a'\nkind='warp'\n",
            "name = 'x'\ndry_mass_kg = 1\nisp_s = 300\n[[leg]]\nname='a'\nkind='departure'\nbody='earth'\naltitude_km=200\n",
            "name = 'x'\ndry_mass_kg = 1\nisp_s = 300\n[[leg]]\nname='a'\nkind='departure'\nbody='vulcan'\naltitude_km=200\nc3_km2_s2=1\n",
            "name = 'x'\ndry_mass_kg = 1\nisp_s = 300\n[[leg]]\nname='a'\nkind='dv'\ndv_km_s=1\ntypo=3\n",
            "name = 'x'\ndry_mass_kg = 1\nisp_s = 0\n[[leg]]\nname='a'\nkind='dv'\ndv_km_s=1\n",
            "name = 'x'\ndry_mass_kg = 1\nisp_s = 300\n[[leg]]\nname='a'\nkind='capture'\nbody='mars'\nvinf_km_s=2\nperiapsis_altitude_km=300\neccentricity=1.5\n",
            "not toml at all [[[",
        ] {
            let r = parse(text, "<t>").and_then(|m| compute(&m, "<t>"));
            assert!(matches!(r, Err(TransferError::Mission { .. })), "{text}: {r:?}");
        }
    }
}
