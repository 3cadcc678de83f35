//! Built-in analytic ephemeris: the Sun, the eight planets, Pluto and the Moon,
//! with no file.
//!
//! * **Planets** (Mercury … Neptune, Pluto, and the Earth–Moon barycenter):
//!   E. M. Standish, *Keplerian Elements for Approximate Positions of the Major
//!   Planets* (JPL SSD). Table 1 is used from 1800-01-01 to 2050-12-31 TDB,
//!   Tables 2a/2b outside it, out to the limits of their fit, 3000 BC
//!   (−2999-01-01) to 3000-12-31 TDB. See [`planets`].
//! * **Moon**: the main terms of ELP-2000/82 as given by J. Meeus,
//!   *Astronomical Algorithms* (2nd ed. 1998), chapter 47, precessed from the
//!   mean ecliptic of date to J2000 (IAU 1976). See [`moon`].
//! * **Earth and Moon** from the barycenter: r⊕ = r_EMB − μ·r☾, r☾_abs = r⊕ + r☾
//!   with μ = GM☾ / (GM⊕ + GM☾) (DE440 GMs from [`Body::gm`]).
//! * **Centre of the orbits**: Standish calls the elements heliocentric, and
//!   they are used so for Mercury … Saturn and the EMB. For Uranus, Neptune and
//!   Pluto the orbits are taken about the solar-system barycenter instead: over
//!   1900–2050 against DE421 this cuts the maximum heliocentric angular error of
//!   Neptune from 60″ to 11″ and of Pluto from 58″ to 5″ (Uranus: RMS 51″ → 30″),
//!   the figures Standish quotes for Table 1 (Uranus 50″, Neptune 10″, Pluto
//!   5″), so this is evidently how those rows were fitted (a distant
//!   planet moves on a near-Kepler orbit about the barycenter, not about the
//!   Sun, which swings ~10⁶ km about it). For Jupiter and Saturn the
//!   heliocentric reading is the better one (measured both ways).
//! * **Sun relative to the solar-system barycenter**: from
//!   GM☉·r☉ + Σ GMᵢ·rᵢ = 0 over the nine system barycenters (DE440 GMs),
//!   solved for the SSB with the barycentric rows as they are.
//!
//! Planet centres (199, 299, 499, …, 999) are returned as their system
//! barycenters (1 … 9): the model does not resolve satellites, and the offsets
//! (< 1 m for Mars, ~ 10³ km for Jupiter and Pluto) are far below its error.
//!
//! Every body is available over the same span, 3000 BC to 3000 AD (TDB). The
//! error against JPL DE421 over 1900–2050 is measured by
//! `tests/builtin_accuracy.rs` and tabulated in `docs/builtin-ephemeris.md`:
//! at most 8 000–17 000 km (30″ from the Sun) for Mercury, Venus and Earth,
//! 10⁵ km for Mars, 1.9·10⁶ and 5·10⁶ km (9′ and 12′) for Jupiter and Saturn,
//! 2 400 km for the Sun about the SSB and 23 km (13″) for the geocentric Moon.
//! Outside 1800–2050 the errors are those Standish states for Table 2 (larger,
//! and not measured here).
//!
//! States are geometric (no light time), on ICRF axes: the J2000 ecliptic is
//! rotated by the obliquity 84381.448″ ([`crate::frames::OBLIQUITY_J2000`]),
//! and the J2000 mean equator is taken as ICRF (frame bias < 0.03″, far below
//! the model error).

pub mod moon;
pub mod planets;

use crate::bodies::Body;
use crate::ephem::{Coverage, EphemError, Ephemeris};
use crate::state::State;
use crate::time::{format_epoch, mjd_from_civil};
use hifitime::{Epoch, TimeScale};
use nalgebra::Matrix3;
use planets::{heliocentric_ecliptic, Elements, SECONDS_PER_CENTURY, TABLE_1, TABLE_2};

const SOURCE_NAME: &str = "built-in analytic model";

/// Index of the Earth–Moon barycenter row in Standish's tables.
const EMB_ROW: usize = 2;

/// Rows whose elements are taken relative to the solar-system barycenter
/// rather than the Sun (Uranus, Neptune, Pluto): see the module docs.
const SSB_CENTRED: [bool; 9] = [false, false, false, false, false, false, true, true, true];

/// Which of Standish's tables to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanetTable {
    /// Table 1 inside 1800–2050 and Table 2 outside (the default).
    Auto,
    /// Always Table 1 (fitted over 1800–2050).
    Table1,
    /// Always Tables 2a/2b (fitted over 3000 BC – 3000 AD).
    Table2,
}

/// The built-in analytic ephemeris. Cheap to build, immutable, thread-safe.
#[derive(Debug, Clone)]
pub struct Builtin {
    table: PlanetTable,
    /// Ecliptic J2000 → ICRF.
    ecl_to_icrf: Matrix3<f64>,
    /// GM of the nine system barycenters (row order of the tables), km³/s².
    gm_rows: [f64; 9],
    /// GM of the Sun, km³/s².
    gm_sun: f64,
    /// GM☾ / (GM⊕ + GM☾).
    moon_fraction: f64,
    /// Coverage limits, Julian centuries of TDB from J2000.
    t_min: f64,
    t_max: f64,
    /// Table 1 span, Julian centuries of TDB from J2000 (start inclusive, end exclusive).
    t1_min: f64,
    t1_max: f64,
}

impl Default for Builtin {
    fn default() -> Self {
        Self::new()
    }
}

/// Julian centuries of TDB from J2000 at 0h TDB of a proleptic Gregorian date.
fn centuries_at(year: i32, month: u8, day: u8) -> f64 {
    (mjd_from_civil(year, month, day) as f64 - 51_544.5) / 36_525.0
}

fn gm(body: Body) -> f64 {
    // Every body used here has a GM in the table of `bodies`; 0 would only drop
    // a body from the barycenter sum.
    body.gm().unwrap_or(0.0)
}

impl Builtin {
    /// The model with Table 1 inside 1800–2050 and Table 2 outside.
    pub fn new() -> Self {
        Self::with_table(PlanetTable::Auto)
    }

    /// The model with a chosen planetary table (for comparisons and tests).
    pub fn with_table(table: PlanetTable) -> Self {
        let mut gm_rows = [0.0; 9];
        for (k, g) in gm_rows.iter_mut().enumerate() {
            *g = gm(Body(k as i32 + 1));
        }
        let (ge, gmn) = (gm(Body::EARTH), gm(Body::MOON));
        Builtin {
            table,
            ecl_to_icrf: crate::frames::icrf_to_ecliptic_j2000().transpose(),
            gm_rows,
            gm_sun: gm(Body::SUN),
            moon_fraction: gmn / (ge + gmn),
            t_min: centuries_at(-2999, 1, 1),
            t_max: centuries_at(3001, 1, 1),
            t1_min: centuries_at(1800, 1, 1),
            t1_max: centuries_at(2051, 1, 1),
        }
    }

    /// First and last instants the model covers (TDB).
    pub fn span(&self) -> (Epoch, Epoch) {
        let e = |t: f64| Epoch::from_tdb_seconds(t * SECONDS_PER_CENTURY);
        (e(self.t_min), e(self.t_max))
    }

    fn elements(&self, t: f64, row: usize) -> &'static Elements {
        let use_1 = match self.table {
            PlanetTable::Auto => t >= self.t1_min && t < self.t1_max,
            PlanetTable::Table1 => true,
            PlanetTable::Table2 => false,
        };
        if use_1 {
            &TABLE_1[row]
        } else {
            &TABLE_2[row]
        }
    }

    /// Heliocentric state of table row `row` on ecliptic J2000 axes.
    fn row_state(&self, t: f64, row: usize) -> State {
        let (p, v) = heliocentric_ecliptic(self.elements(t, row), t);
        State {
            position: p,
            velocity: v,
        }
    }

    /// Geocentric Moon on ecliptic J2000 axes (km, km/s).
    fn moon_geocentric(&self, t: f64) -> State {
        let (p, v) = moon::moon_of_date(t).cartesian();
        let prec = moon::precession_to_j2000(t);
        State {
            position: prec * p,
            velocity: prec * v / SECONDS_PER_CENTURY,
        }
    }

    /// Solar-system barycenter relative to the Sun, ecliptic J2000.
    ///
    /// With rᵢ = bᵢ + s for the SSB-centred rows (b relative to the SSB) and
    /// rᵢ = hᵢ for the others: s = (Σ_h GMᵢhᵢ + Σ_b GMᵢbᵢ) / (GM☉ + Σ_h GMᵢ).
    fn ssb_heliocentric(&self, t: f64) -> State {
        let mut sum = State::ZERO;
        let mut total = self.gm_sun;
        for (row, g) in self.gm_rows.iter().enumerate() {
            sum = sum + self.row_state(t, row).scaled(*g);
            if !SSB_CENTRED[row] {
                total += g;
            }
        }
        sum.scaled(1.0 / total)
    }

    /// Heliocentric state of a table row (adds the SSB for SSB-centred rows).
    fn row_heliocentric(&self, t: f64, row: usize) -> State {
        if SSB_CENTRED[row] {
            self.row_state(t, row) + self.ssb_heliocentric(t)
        } else {
            self.row_state(t, row)
        }
    }

    /// State of a body relative to the Sun on ecliptic J2000 axes.
    fn heliocentric(&self, body: Body, t: f64) -> Option<State> {
        Some(match body.0 {
            10 => State::ZERO,
            0 => self.ssb_heliocentric(t),
            3 | 301 | 399 => self.row_state(t, EMB_ROW) + self.emb_offset(body, t)?,
            1..=9 => self.row_heliocentric(t, body.0 as usize - 1),
            199 | 299 | 499 | 599 | 699 | 799 | 899 | 999 => {
                self.row_heliocentric(t, body.0 as usize / 100 - 1)
            }
            _ => return None,
        })
    }

    /// State of Earth, Moon or EMB relative to the EMB, ecliptic J2000.
    fn emb_offset(&self, body: Body, t: f64) -> Option<State> {
        Some(match body.0 {
            3 => State::ZERO,
            399 => self.moon_geocentric(t).scaled(-self.moon_fraction),
            301 => self.moon_geocentric(t).scaled(1.0 - self.moon_fraction),
            _ => return None,
        })
    }

    /// Whether the model carries a body.
    pub fn has(body: Body) -> bool {
        matches!(
            body.0,
            0..=10 | 199 | 299 | 301 | 399 | 499 | 599 | 699 | 799 | 899 | 999
        )
    }

    fn not_in_source(body: Body) -> EphemError {
        EphemError::NotInSource {
            body,
            source_name: SOURCE_NAME.to_string(),
        }
    }

    /// Julian centuries of TDB from J2000, or `OutOfRange` for `body`.
    fn centuries(&self, body: Body, epoch: Epoch) -> Result<f64, EphemError> {
        let t = epoch.to_tdb_seconds() / SECONDS_PER_CENTURY;
        if t.is_finite() && t >= self.t_min && t <= self.t_max {
            return Ok(t);
        }
        let (start, end) = self.span();
        Err(EphemError::OutOfRange {
            body,
            source_name: SOURCE_NAME.to_string(),
            epoch: format_epoch(epoch, TimeScale::TDB),
            start: format_epoch(start, TimeScale::TDB),
            end: format_epoch(end, TimeScale::TDB),
        })
    }

    /// State of `target` relative to `center` on the ecliptic and equinox of
    /// J2000 (km, km/s): the model's native frame.
    pub fn state_ecliptic(
        &self,
        target: Body,
        center: Body,
        epoch: Epoch,
    ) -> Result<State, EphemError> {
        for b in [target, center] {
            if !Self::has(b) {
                return Err(Self::not_in_source(b));
            }
        }
        let t = self.centuries(target, epoch)?;
        if target == center {
            return Ok(State::ZERO);
        }
        // Earth, Moon and EMB relative to each other need only the lunar series.
        if emb_family(target) && emb_family(center) {
            let geo = self.moon_geocentric(t);
            let off = |body: Body| match body.0 {
                399 => geo.scaled(-self.moon_fraction),
                301 => geo.scaled(1.0 - self.moon_fraction),
                _ => State::ZERO,
            };
            return Ok(off(target) - off(center));
        }
        let h = |b: Body| {
            self.heliocentric(b, t)
                .ok_or_else(|| Self::not_in_source(b))
        };
        Ok(h(target)? - h(center)?)
    }
}

fn emb_family(b: Body) -> bool {
    matches!(b.0, 3 | 301 | 399)
}

impl Ephemeris for Builtin {
    fn source_name(&self) -> String {
        SOURCE_NAME.to_string()
    }

    fn state_icrf(&self, target: Body, center: Body, epoch: Epoch) -> Result<State, EphemError> {
        Ok(self
            .state_ecliptic(target, center, epoch)?
            .rotated(&self.ecl_to_icrf))
    }

    fn coverage(&self) -> Vec<Coverage> {
        let (start, end) = self.span();
        let mut ids: Vec<i32> = (1..=10).collect();
        ids.extend([199, 299, 399, 301, 499, 599, 699, 799, 899, 999]);
        ids.into_iter()
            .map(|id| Coverage {
                body: Body(id),
                // The centre each body's model is built about.
                center: match id {
                    301 | 399 => Body::EMB,
                    7..=10 => Body::SSB,
                    199..=999 if id % 100 == 99 => Body(id / 100),
                    _ => Body::SUN,
                },
                start,
                end,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frames::Frame;

    fn tdb(jd: f64) -> Epoch {
        Epoch::from_jde_tdb(jd)
    }

    #[test]
    fn out_of_range_is_an_error() {
        let b = Builtin::new();
        let e = b
            .state_icrf(Body::MARS, Body::SUN, tdb(2_816_788.5 + 400.0))
            .unwrap_err();
        let msg = e.to_string();
        assert!(matches!(e, EphemError::OutOfRange { .. }), "{msg}");
        assert!(msg.contains("built-in analytic model"), "{msg}");
        assert!(msg.contains("3001-01-01"), "{msg}");
        // Inside the span it answers.
        assert!(b
            .state_icrf(Body::MARS, Body::SUN, tdb(2_451_545.0))
            .is_ok());
        assert!(b
            .state_icrf(Body::MOON, Body::EARTH, tdb(1_000_000.0))
            .is_ok());
        assert!(b
            .state_icrf(Body::MOON, Body::EARTH, tdb(600_000.0))
            .is_err());
    }

    #[test]
    fn extreme_epochs_are_errors_not_panics() {
        let b = Builtin::new();
        for secs in [1e12, -1e12, 1e15, -1e15, 1e17, f64::MAX, f64::MIN] {
            let ep = Epoch::from_tdb_seconds(secs);
            let r = b.state_icrf(Body::EARTH, Body::SSB, ep);
            assert!(matches!(r, Err(EphemError::OutOfRange { .. })), "{secs}");
        }
    }

    #[test]
    fn unknown_body_is_an_error() {
        let b = Builtin::new();
        let e = b
            .state_icrf(Body(2_000_433), Body::SUN, tdb(2_451_545.0))
            .unwrap_err();
        assert!(matches!(e, EphemError::NotInSource { .. }));
        let e = b
            .state_icrf(Body::MARS, Body(-82), tdb(2_451_545.0))
            .unwrap_err();
        assert!(e.to_string().contains("NAIF -82"), "{e}");
    }

    #[test]
    fn consistency_of_chains() {
        let b = Builtin::new();
        let ep = tdb(2_459_060.5);
        let s = |t, c| b.state_icrf(t, c, ep).unwrap();
        // Mars wrt Earth = Mars wrt SSB − Earth wrt SSB.
        let d = s(Body::MARS, Body::EARTH) - (s(Body::MARS, Body::SSB) - s(Body::EARTH, Body::SSB));
        assert!(d.position.norm() < 1e-5 && d.velocity.norm() < 1e-11);
        // Moon wrt Earth via the heliocentric path equals the direct lunar path.
        let d = s(Body::MOON, Body::EARTH) - (s(Body::MOON, Body::SUN) - s(Body::EARTH, Body::SUN));
        assert!(d.position.norm() < 1e-4, "{}", d.position.norm());
        // Barycenter: GM-weighted sum of the Sun and the system barycenters is ~0.
        let mut m = s(Body::SUN, Body::SSB).scaled(gm(Body::SUN));
        for id in 1..=9 {
            m = m + s(Body(id), Body::SSB).scaled(gm(Body(id)));
        }
        assert!(m.position.norm() / gm(Body::SUN) < 1e-6);
        assert_eq!(s(Body::MARS, Body::MARS), State::ZERO);
        // Ecliptic frame through the trait equals the native frame.
        let e = b
            .state(Body::MARS, Body::SUN, ep, Frame::EclipticJ2000)
            .unwrap();
        let n = b.state_ecliptic(Body::MARS, Body::SUN, ep).unwrap();
        assert!((e.position - n.position).norm() < 1e-5);
    }

    #[test]
    fn table_switch_at_1800_and_2051() {
        let auto = Builtin::new();
        let t1 = Builtin::with_table(PlanetTable::Table1);
        let t2 = Builtin::with_table(PlanetTable::Table2);
        let at = |b: &Builtin, y: i32| {
            let ep = Epoch::from_tdb_seconds(centuries_at(y, 6, 1) * SECONDS_PER_CENTURY);
            b.state_icrf(Body::SATURN, Body::SUN, ep).unwrap().position
        };
        for (year, expect_1) in [(1799, false), (1800, true), (2050, true), (2051, false)] {
            let a = at(&auto, year);
            let (d1, d2) = ((a - at(&t1, year)).norm(), (a - at(&t2, year)).norm());
            if expect_1 {
                assert!(d1 == 0.0 && d2 > 0.0, "{year}");
            } else {
                assert!(d2 == 0.0 && d1 > 0.0, "{year}");
            }
        }
        // The span's ends are inclusive.
        let (start, end) = auto.span();
        assert!(auto.state_icrf(Body::MOON, Body::SSB, start).is_ok());
        assert!(auto.state_icrf(Body::MOON, Body::SSB, end).is_ok());
    }

    #[test]
    fn coverage_lists_every_body() {
        let b = Builtin::new();
        let c = b.coverage();
        assert_eq!(c.len(), 20);
        assert!(c.iter().all(|c| Builtin::has(c.body) && c.start < c.end));
    }
}
