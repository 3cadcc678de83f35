//! Solar-system bodies, named by NAIF integer id as JPL kernels name them.
//!
//! GM values are those of the JPL DE440 planetary ephemeris (Park et al. 2021,
//! AJ 161:105, Table 8; `gm_de440.tpc`), in km³/s². Radii are IAU WGCCRE 2015
//! values (Archinal et al. 2018, Celest. Mech. Dyn. Astr. 130:22), equatorial, km.

use serde::Serialize;
use std::fmt;
use thiserror::Error;

/// The astronomical unit, km (IAU 2012 Resolution B2, exact).
pub const AU_KM: f64 = 149_597_870.7;

/// GM of each body, km³/s²: JPL DE440 (Park et al. 2021, AJ 161:105, Table 8, the
/// values of `gm_de440.tpc`). The one source of these numbers in Orrery; the table
/// [`BODIES`] and every crate read them from here.
///
/// SPK kernels carry no GM (they hold Chebyshev coefficients only), so the test
/// `gm_table_matches_de440` checks these against the published table, and the
/// barycentre values against the sum of their parts.
pub mod gm {
    /// Sun.
    pub const SUN: f64 = 132_712_440_041.279_42;
    /// Mercury (planet and barycentre: no moons).
    pub const MERCURY: f64 = 22_031.868_551;
    /// Venus (planet and barycentre: no moons).
    pub const VENUS: f64 = 324_858.592;
    /// Earth-Moon barycentre (Earth + Moon).
    pub const EMB: f64 = 403_503.235_625;
    /// Earth.
    pub const EARTH: f64 = 398_600.435_507;
    /// Moon.
    pub const MOON: f64 = 4_902.800_118;
    /// Mars system barycentre.
    pub const MARS_BARYCENTER: f64 = 42_828.375_816;
    /// Mars.
    pub const MARS: f64 = 42_828.375_214;
    /// Jupiter system barycentre.
    pub const JUPITER_BARYCENTER: f64 = 126_712_764.1;
    /// Jupiter.
    pub const JUPITER: f64 = 126_686_531.9;
    /// Saturn system barycentre.
    pub const SATURN_BARYCENTER: f64 = 37_940_584.841_8;
    /// Saturn.
    pub const SATURN: f64 = 37_931_206.234;
    /// Uranus system barycentre.
    pub const URANUS_BARYCENTER: f64 = 5_794_556.4;
    /// Uranus.
    pub const URANUS: f64 = 5_793_951.256;
    /// Neptune system barycentre.
    pub const NEPTUNE_BARYCENTER: f64 = 6_836_527.100_58;
    /// Neptune.
    pub const NEPTUNE: f64 = 6_835_099.97;
    /// Pluto system barycentre.
    pub const PLUTO_BARYCENTER: f64 = 975.5;
    /// Pluto.
    pub const PLUTO: f64 = 869.6;
}

/// A body named by its NAIF id (e.g. 399 Earth, 301 Moon, 4 Mars barycenter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Body(pub i32);

/// The name matched no body we know.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown body '{name}'{}", suggestion_hint(.suggestion))]
pub struct UnknownBody {
    /// What was asked for.
    pub name: String,
    /// The closest known name, when one is close (a likely typo).
    pub suggestion: Option<&'static str>,
}

fn suggestion_hint(s: &Option<&'static str>) -> String {
    match *s {
        Some(n) => format!(" (did you mean '{n}'?)"),
        None => {
            " (give a name such as mars, moon, jupiter barycenter, or a NAIF id such as 499)".into()
        }
    }
}

/// Levenshtein distance, for "did you mean" suggestions on short names.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// The candidate closest to `input` within an edit distance of a third of its
/// length (at least 1, at most 3), if any.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let key = input.trim().to_ascii_lowercase();
    let limit = (key.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&key, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Static facts about one body.
#[derive(Debug, Clone, Copy)]
pub struct BodyInfo {
    /// NAIF id.
    pub id: i32,
    /// Name as printed.
    pub name: &'static str,
    /// Other accepted names (lower case).
    pub aliases: &'static [&'static str],
    /// GM in km³/s² (DE440), if defined.
    pub gm: Option<f64>,
    /// Equatorial radius in km (IAU 2015), if a solid body.
    pub radius: Option<f64>,
}

macro_rules! body_consts {
    ($($name:ident = $id:expr),* $(,)?) => {
        impl Body { $(#[allow(missing_docs)] pub const $name: Body = Body($id);)* }
    };
}
body_consts! {
    SSB = 0, MERCURY_BARYCENTER = 1, VENUS_BARYCENTER = 2, EMB = 3, MARS_BARYCENTER = 4,
    JUPITER_BARYCENTER = 5, SATURN_BARYCENTER = 6, URANUS_BARYCENTER = 7,
    NEPTUNE_BARYCENTER = 8, PLUTO_BARYCENTER = 9, SUN = 10, MERCURY = 199, VENUS = 299,
    MOON = 301, EARTH = 399, MARS = 499, JUPITER = 599, SATURN = 699, URANUS = 799,
    NEPTUNE = 899, PLUTO = 999,
}

/// Every body Orrery knows by name.
pub const BODIES: &[BodyInfo] = &[
    BodyInfo {
        id: 0,
        name: "Solar system barycenter",
        aliases: &["ssb", "solar system barycenter", "solar-system-barycenter"],
        gm: None,
        radius: None,
    },
    BodyInfo {
        id: 10,
        name: "Sun",
        aliases: &["sun", "sol"],
        gm: Some(gm::SUN),
        radius: Some(695_700.0),
    },
    BodyInfo {
        id: 1,
        name: "Mercury barycenter",
        aliases: &["mercury barycenter", "mercury-barycenter"],
        gm: Some(gm::MERCURY),
        radius: None,
    },
    BodyInfo {
        id: 199,
        name: "Mercury",
        aliases: &["mercury"],
        gm: Some(gm::MERCURY),
        radius: Some(2_440.53),
    },
    BodyInfo {
        id: 2,
        name: "Venus barycenter",
        aliases: &["venus barycenter", "venus-barycenter"],
        gm: Some(gm::VENUS),
        radius: None,
    },
    BodyInfo {
        id: 299,
        name: "Venus",
        aliases: &["venus"],
        gm: Some(gm::VENUS),
        radius: Some(6_051.8),
    },
    BodyInfo {
        id: 3,
        name: "Earth-Moon barycenter",
        aliases: &[
            "emb",
            "earth barycenter",
            "earth-moon barycenter",
            "earth-moon-barycenter",
            "earth-barycenter",
        ],
        gm: Some(gm::EMB),
        radius: None,
    },
    BodyInfo {
        id: 399,
        name: "Earth",
        aliases: &["earth"],
        gm: Some(gm::EARTH),
        radius: Some(6_378.136_6),
    },
    BodyInfo {
        id: 301,
        name: "Moon",
        aliases: &["moon", "luna"],
        gm: Some(gm::MOON),
        radius: Some(1_737.4),
    },
    BodyInfo {
        id: 4,
        name: "Mars barycenter",
        aliases: &["mars barycenter", "mars-barycenter"],
        gm: Some(gm::MARS_BARYCENTER),
        radius: None,
    },
    BodyInfo {
        id: 499,
        name: "Mars",
        aliases: &["mars"],
        gm: Some(gm::MARS),
        radius: Some(3_396.19),
    },
    BodyInfo {
        id: 5,
        name: "Jupiter barycenter",
        aliases: &["jupiter barycenter", "jupiter-barycenter"],
        gm: Some(gm::JUPITER_BARYCENTER),
        radius: None,
    },
    BodyInfo {
        id: 599,
        name: "Jupiter",
        aliases: &["jupiter"],
        gm: Some(gm::JUPITER),
        radius: Some(71_492.0),
    },
    BodyInfo {
        id: 6,
        name: "Saturn barycenter",
        aliases: &["saturn barycenter", "saturn-barycenter"],
        gm: Some(gm::SATURN_BARYCENTER),
        radius: None,
    },
    BodyInfo {
        id: 699,
        name: "Saturn",
        aliases: &["saturn"],
        gm: Some(gm::SATURN),
        radius: Some(60_268.0),
    },
    BodyInfo {
        id: 7,
        name: "Uranus barycenter",
        aliases: &["uranus barycenter", "uranus-barycenter"],
        gm: Some(gm::URANUS_BARYCENTER),
        radius: None,
    },
    BodyInfo {
        id: 799,
        name: "Uranus",
        aliases: &["uranus"],
        gm: Some(gm::URANUS),
        radius: Some(25_559.0),
    },
    BodyInfo {
        id: 8,
        name: "Neptune barycenter",
        aliases: &["neptune barycenter", "neptune-barycenter"],
        gm: Some(gm::NEPTUNE_BARYCENTER),
        radius: None,
    },
    BodyInfo {
        id: 899,
        name: "Neptune",
        aliases: &["neptune"],
        gm: Some(gm::NEPTUNE),
        radius: Some(24_764.0),
    },
    BodyInfo {
        id: 9,
        name: "Pluto barycenter",
        aliases: &["pluto barycenter", "pluto-barycenter"],
        gm: Some(gm::PLUTO_BARYCENTER),
        radius: None,
    },
    BodyInfo {
        id: 999,
        name: "Pluto",
        aliases: &["pluto"],
        gm: Some(gm::PLUTO),
        radius: Some(1_188.3),
    },
];

impl Body {
    /// Looks a body up by name (case-insensitive; `mars`, `Earth-Moon barycenter`)
    /// or by NAIF id (`499`).
    pub fn parse(name: &str) -> Result<Body, UnknownBody> {
        let key = name.trim().to_ascii_lowercase().replace('_', " ");
        if let Ok(id) = key.parse::<i32>() {
            return Ok(Body(id));
        }
        BODIES
            .iter()
            .find(|b| b.aliases.iter().any(|a| *a == key))
            .map(|b| Body(b.id))
            .ok_or_else(|| UnknownBody {
                name: name.trim().to_string(),
                suggestion: closest(&key, BODIES.iter().flat_map(|b| b.aliases.iter().copied())),
            })
    }

    /// Static facts, if this is a body we know by name.
    pub fn info(self) -> Option<&'static BodyInfo> {
        BODIES.iter().find(|b| b.id == self.0)
    }

    /// Printable name (`Mars`, or `NAIF 2000433` for an unnamed id).
    pub fn name(self) -> String {
        match self.info() {
            Some(i) => i.name.to_string(),
            None => format!("NAIF {}", self.0),
        }
    }

    /// GM in km³/s² (DE440), if known.
    pub fn gm(self) -> Option<f64> {
        self.info().and_then(|i| i.gm)
    }

    /// Equatorial radius in km, if known.
    pub fn radius(self) -> Option<f64> {
        self.info().and_then(|i| i.radius)
    }

    /// The system barycenter of a planet (599 → 5), or the EMB for Earth and Moon.
    pub fn barycenter(self) -> Option<Body> {
        match self.0 {
            301 | 399 => Some(Body::EMB),
            199..=999 if self.0 % 100 == 99 => Some(Body(self.0 / 100)),
            _ => None,
        }
    }
}

impl fmt::Display for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(Body::parse("Mars").unwrap(), Body::MARS);
        assert_eq!(Body::parse("earth-moon barycenter").unwrap(), Body::EMB);
        assert_eq!(
            Body::parse("jupiter_barycenter").unwrap(),
            Body::JUPITER_BARYCENTER
        );
        assert_eq!(Body::parse("301").unwrap(), Body::MOON);
        assert!(Body::parse("vulcan").is_err());
        let e = Body::parse("marz").unwrap_err();
        assert_eq!(e.suggestion, Some("mars"));
        assert!(e.to_string().contains("did you mean 'mars'"), "{e}");
        assert_eq!(Body::JUPITER.barycenter(), Some(Body::JUPITER_BARYCENTER));
        assert_eq!(Body::MOON.barycenter(), Some(Body::EMB));
        assert_eq!(Body::SUN.barycenter(), None);
        // EMB GM is Earth + Moon (DE440).
        let s = Body::EARTH.gm().unwrap() + Body::MOON.gm().unwrap();
        assert!((s - Body::EMB.gm().unwrap()).abs() < 1e-6);
    }

    /// DE440 GMs (Park et al. 2021, AJ 161:105, Table 8, converted from au³/d² in
    /// `gm_de440.tpc`): the published values, checked against our one table.
    #[test]
    fn gm_table_matches_de440() {
        let published = [
            (Body::SUN, 132_712_440_041.279_42),
            (Body::EARTH, 398_600.435_507),
            (Body::MOON, 4_902.800_118),
            (Body::MARS_BARYCENTER, 42_828.375_816),
            (Body::JUPITER_BARYCENTER, 126_712_764.1),
            (Body::VENUS, 324_858.592),
        ];
        for (b, v) in published {
            assert_eq!(b.gm(), Some(v), "{b}");
        }
        // Barycentres are the sum of their parts where the parts are all listed.
        assert!((gm::EARTH + gm::MOON - gm::EMB).abs() < 1e-6);
        const { assert!(gm::MARS < gm::MARS_BARYCENTER && gm::JUPITER < gm::JUPITER_BARYCENTER) };
    }
}
