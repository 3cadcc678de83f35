//! CCSDS Orbit Mean-elements Messages (CCSDS 502.0-B-3) as CelesTrak serves them:
//! XML (`<ndm><omm>...`, or a bare `<omm>`) and JSON (an array of flat objects with
//! the OMM keywords). Only SGP4 mean elements (`MEAN_ELEMENT_THEORY` SGP4) are read.

use crate::error::{Result, SatError};
use crate::tle::{parse_catalog_number, Parsed, ReadOptions};
use chrono::{NaiveDate, NaiveTime};

/// Parses an OMM JSON document (an array of objects, or one object).
pub fn parse_omm_json(text: &str, file: &str, opts: &ReadOptions) -> Result<Parsed> {
    let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| SatError::Document {
        file: file.to_string(),
        kind: "JSON",
        reason: e.to_string(),
    })?;
    let records: Vec<&serde_json::Value> = match &doc {
        serde_json::Value::Array(a) => a.iter().collect(),
        obj @ serde_json::Value::Object(_) => vec![obj],
        _ => {
            return Err(SatError::Document {
                file: file.to_string(),
                kind: "JSON",
                reason: "expected an array of OMM objects".into(),
            })
        }
    };
    let mut out = Parsed::default();
    for (i, rec) in records.iter().enumerate() {
        let get = |key: &str| -> Option<String> {
            match rec.get(key)? {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            }
        };
        push(&mut out, elements_from_fields(get, file, i + 1), opts)?;
    }
    Ok(out)
}

/// Parses an OMM XML document (one or more `<omm>` elements).
pub fn parse_omm_xml(text: &str, file: &str, opts: &ReadOptions) -> Result<Parsed> {
    let doc = roxmltree::Document::parse(text).map_err(|e| SatError::Document {
        file: file.to_string(),
        kind: "XML",
        reason: e.to_string(),
    })?;
    let mut out = Parsed::default();
    let omms = doc.descendants().filter(|n| n.has_tag_name("omm"));
    for (i, omm) in omms.enumerate() {
        let get = |key: &str| -> Option<String> {
            omm.descendants()
                .find(|n| n.has_tag_name(key))
                .and_then(|n| n.text())
                .map(|s| s.trim().to_string())
        };
        push(&mut out, elements_from_fields(get, file, i + 1), opts)?;
    }
    Ok(out)
}

fn push(out: &mut Parsed, r: Result<sgp4::Elements>, opts: &ReadOptions) -> Result<()> {
    match r {
        Ok(e) => out.elements.push(e),
        Err(e) if opts.lenient => out.skipped.push(e),
        Err(e) => return Err(e),
    }
    Ok(())
}

/// Builds SGP4 elements from OMM keywords (`get` returns a keyword's text).
fn elements_from_fields(
    get: impl Fn(&str) -> Option<String>,
    file: &str,
    record: usize,
) -> Result<sgp4::Elements> {
    let err = |field: &str, reason: String| SatError::Omm {
        file: file.to_string(),
        record,
        field: field.to_string(),
        reason,
    };
    let num = |key: &str, required: bool| -> Result<f64> {
        match get(key) {
            None if !required => Ok(0.0),
            None => Err(err(key, "missing".into())),
            Some(s) => match s.trim().parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(v),
                _ => Err(err(key, format!("expected a number, found {s:?}"))),
            },
        }
    };
    let int = |key: &str| -> Result<u64> {
        match get(key) {
            None => Ok(0),
            Some(s) => s
                .trim()
                .parse::<u64>()
                .map_err(|_| err(key, format!("expected an integer, found {s:?}"))),
        }
    };
    if let Some(theory) = get("MEAN_ELEMENT_THEORY") {
        if !theory.trim().eq_ignore_ascii_case("SGP4")
            && !theory.trim().eq_ignore_ascii_case("SGP/SGP4")
        {
            return Err(err(
                "MEAN_ELEMENT_THEORY",
                format!("{theory:?} is not SGP4"),
            ));
        }
    }
    let epoch_s = get("EPOCH").ok_or_else(|| err("EPOCH", "missing".into()))?;
    let datetime = parse_iso_datetime(&epoch_s).ok_or_else(|| {
        err(
            "EPOCH",
            format!("expected YYYY-MM-DDThh:mm:ss[.ffffff], found {epoch_s:?}"),
        )
    })?;
    let id_s = get("NORAD_CAT_ID").ok_or_else(|| err("NORAD_CAT_ID", "missing".into()))?;
    let norad_id = parse_catalog_number(&id_s).ok_or_else(|| {
        err(
            "NORAD_CAT_ID",
            format!("expected a catalog number, found {id_s:?}"),
        )
    })?;
    let eccentricity = num("ECCENTRICITY", true)?;
    if !(0.0..1.0).contains(&eccentricity) {
        return Err(err(
            "ECCENTRICITY",
            format!("{eccentricity} is outside [0, 1)"),
        ));
    }
    let mean_motion = num("MEAN_MOTION", true)?;
    if mean_motion <= 0.0 {
        return Err(err(
            "MEAN_MOTION",
            format!("{mean_motion} rev/day is not positive"),
        ));
    }
    let inclination = num("INCLINATION", true)?;
    if !(0.0..=180.0).contains(&inclination) {
        return Err(err(
            "INCLINATION",
            format!("{inclination} is outside 0-180 degrees"),
        ));
    }
    let classification = match get("CLASSIFICATION_TYPE").as_deref().map(str::trim) {
        None | Some("U") | Some("") => sgp4::Classification::Unclassified,
        Some("C") => sgp4::Classification::Classified,
        Some("S") => sgp4::Classification::Secret,
        Some(other) => {
            return Err(err(
                "CLASSIFICATION_TYPE",
                format!("expected U, C or S, found {other:?}"),
            ))
        }
    };
    Ok(sgp4::Elements {
        object_name: get("OBJECT_NAME").map(|s| s.trim().to_string()),
        international_designator: get("OBJECT_ID")
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        norad_id,
        classification,
        datetime,
        mean_motion_dot: num("MEAN_MOTION_DOT", false)?,
        mean_motion_ddot: num("MEAN_MOTION_DDOT", false)?,
        drag_term: num("BSTAR", false)?,
        element_set_number: int("ELEMENT_SET_NO")?,
        inclination,
        right_ascension: num("RA_OF_ASC_NODE", true)?,
        eccentricity,
        argument_of_perigee: num("ARG_OF_PERICENTER", true)?,
        mean_anomaly: num("MEAN_ANOMALY", true)?,
        mean_motion,
        revolution_number: int("REV_AT_EPOCH")?,
        ephemeris_type: int("EPHEMERIS_TYPE")?.min(9) as u8,
    })
}

/// `YYYY-MM-DDThh:mm:ss[.f...]` (UTC, optional trailing `Z`) to a date-time.
fn parse_iso_datetime(s: &str) -> Option<chrono::NaiveDateTime> {
    let s = s.trim().trim_end_matches('Z');
    let (date, time) = s.split_once('T').or_else(|| s.split_once(' '))?;
    let mut d = date.split('-');
    let y: i32 = d.next()?.parse().ok()?;
    let m: u32 = d.next()?.parse().ok()?;
    let day: u32 = d.next()?.parse().ok()?;
    if d.next().is_some() {
        return None;
    }
    let mut t = time.split(':');
    let h: u32 = t.next()?.parse().ok()?;
    let mi: u32 = t.next()?.parse().ok()?;
    let sec_s = t.next().unwrap_or("0");
    if t.next().is_some() {
        return None;
    }
    let (whole, frac) = sec_s.split_once('.').unwrap_or((sec_s, ""));
    let sec: u32 = whole.parse().ok()?;
    if !frac.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut digits: String = frac.chars().take(9).collect();
    while digits.len() < 9 {
        digits.push('0');
    }
    let nanos: u32 = digits.parse().ok()?;
    Some(
        NaiveDate::from_ymd_opt(y, m, day)?
            .and_time(NaiveTime::from_hms_nano_opt(h, mi, sec, nanos)?),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &str = r#"[{"OBJECT_NAME":"VANGUARD 1","OBJECT_ID":"1958-002B","EPOCH":"2025-02-14T14:36:48.662784",
        "MEAN_MOTION":10.85873516,"ECCENTRICITY":0.1841322,"INCLINATION":34.2493,"RA_OF_ASC_NODE":19.2327,
        "ARG_OF_PERICENTER":100.1057,"MEAN_ANOMALY":281.1229,"EPHEMERIS_TYPE":0,"CLASSIFICATION_TYPE":"U",
        "NORAD_CAT_ID":5,"ELEMENT_SET_NO":999,"REV_AT_EPOCH":39027,"BSTAR":0.00035436,"MEAN_MOTION_DOT":2.64e-6,
        "MEAN_MOTION_DDOT":0}]"#;

    #[test]
    fn json_matches_sgp4_crate_serde() {
        let ours = parse_omm_json(JSON, "x.json", &ReadOptions::default()).unwrap();
        assert_eq!(ours.elements.len(), 1);
        let e = &ours.elements[0];
        assert_eq!(e.norad_id, 5);
        assert_eq!(e.object_name.as_deref(), Some("VANGUARD 1"));
        assert_eq!(e.datetime.to_string(), "2025-02-14 14:36:48.662784");
        assert_eq!(e.eccentricity, 0.1841322);
    }

    #[test]
    fn broken_json_and_xml() {
        let o = ReadOptions::default();
        assert!(matches!(
            parse_omm_json("[{", "f", &o),
            Err(SatError::Document { .. })
        ));
        assert!(matches!(
            parse_omm_json("3", "f", &o),
            Err(SatError::Document { .. })
        ));
        let bad = JSON.replace("0.1841322", "1.5");
        let e = parse_omm_json(&bad, "f.json", &o).unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.json, OMM record 1: ECCENTRICITY: 1.5 is outside [0, 1)"
        );
        let bad = JSON.replace("2025-02-14T14:36:48.662784", "2025-02-30T14:36:48");
        assert!(parse_omm_json(&bad, "f", &o)
            .unwrap_err()
            .to_string()
            .contains("EPOCH"));
        let bad = JSON.replace("\"MEAN_MOTION\":10.85873516,", "");
        assert!(parse_omm_json(&bad, "f", &o)
            .unwrap_err()
            .to_string()
            .contains("MEAN_MOTION: missing"));
        let two = format!("[{},{}]", &bad[1..bad.len() - 1], &JSON[1..JSON.len() - 1]);
        let p = parse_omm_json(&two, "f", &ReadOptions { lenient: true, ..o }).unwrap();
        assert_eq!((p.elements.len(), p.skipped.len()), (1, 1));
        assert!(matches!(
            parse_omm_xml("<ndm><omm>", "f", &o),
            Err(SatError::Document { .. })
        ));
        let e = parse_omm_xml("<omm><EPOCH>x</EPOCH></omm>", "g.xml", &o).unwrap_err();
        assert!(
            e.to_string().starts_with("g.xml, OMM record 1: EPOCH"),
            "{e}"
        );
    }
}
