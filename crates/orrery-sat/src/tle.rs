//! Two-line element sets: 2-line and 3-line (named) TLE text, whole CelesTrak files,
//! Alpha-5 catalog numbers.
//!
//! Column layout: CelesTrak "NORAD Two-Line Element Set Format" and Vallado et al.
//! (2006), "Revisiting Spacetrack Report #3", AIAA 2006-6753, appendix. Every field is
//! checked and a failure names the file, the line and the field with its columns.

use crate::error::{Result, SatError};
use chrono::{NaiveDate, NaiveTime};

/// How strictly to read a catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// Skip malformed records (each becomes a warning) instead of failing.
    pub lenient: bool,
    /// Check the column-69 checksum of TLE lines (on by default; Vallado's synthetic
    /// error cases 33333-33335 carry wrong checksums on purpose).
    pub verify_checksum: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            lenient: false,
            verify_checksum: true,
        }
    }
}

/// The parsed records of one text and the problems skipped in lenient mode.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Element sets, in file order.
    pub elements: Vec<sgp4::Elements>,
    /// Records skipped (lenient mode only), one error each.
    pub skipped: Vec<SatError>,
}

/// TLE checksum of columns 1-68: sum of digits, `-` counts 1, modulo 10.
pub fn checksum(line: &[u8]) -> u8 {
    let sum: u32 = line
        .iter()
        .take(68)
        .map(|&c| match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'-' => 1,
            _ => 0,
        })
        .sum();
    (sum % 10) as u8
}

/// Parses a catalog number: plain digits (up to 99999) or Alpha-5 (`A0000`..`Z9999`,
/// letters I and O skipped, i.e. 100000..339999).
pub fn parse_catalog_number(s: &str) -> Option<u64> {
    let s = s.trim();
    let b = s.as_bytes();
    let first = *b.first()?;
    if first.is_ascii_alphabetic() && b.len() == 5 {
        let hi = match first.to_ascii_uppercase() {
            c @ b'A'..=b'H' => c - b'A' + 10,
            c @ b'J'..=b'N' => c - b'J' + 18,
            c @ b'P'..=b'Z' => c - b'P' + 23,
            _ => return None,
        };
        let rest = s.get(1..)?;
        if !rest.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let low: u64 = rest.parse().ok()?;
        Some(u64::from(hi) * 10_000 + low)
    } else if !b.is_empty() && b.len() <= 9 && b.iter().all(|c| c.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// Formats a catalog number the way a TLE carries it (Alpha-5 above 99999).
pub fn format_catalog_number(n: u64) -> String {
    if n < 100_000 {
        return format!("{n:05}");
    }
    let hi = n / 10_000;
    let letters = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    match usize::try_from(hi - 10).ok().and_then(|i| letters.get(i)) {
        Some(&c) => format!("{}{:04}", c as char, n % 10_000),
        None => n.to_string(),
    }
}

struct Ctx<'a> {
    file: &'a str,
    line_no: usize,
}

impl Ctx<'_> {
    fn err(
        &self,
        tle_line: u8,
        field: &str,
        cols: (usize, usize),
        reason: impl Into<String>,
    ) -> SatError {
        SatError::Tle {
            file: self.file.to_string(),
            line: self.line_no,
            field: format!(
                "{field} (line {tle_line}, columns {}-{})",
                cols.0 + 1,
                cols.1
            ),
            reason: reason.into(),
        }
    }
}

fn field(line: &str, cols: (usize, usize)) -> &str {
    line.get(cols.0..cols.1).unwrap_or("")
}

fn parse_f64(ctx: &Ctx, line: &str, tl: u8, name: &str, cols: (usize, usize)) -> Result<f64> {
    let raw = field(line, cols);
    let t = raw.trim();
    let v: f64 = t
        .parse()
        .map_err(|_| ctx.err(tl, name, cols, format!("expected a number, found {raw:?}")))?;
    if !v.is_finite() {
        return Err(ctx.err(
            tl,
            name,
            cols,
            format!("expected a finite number, found {raw:?}"),
        ));
    }
    Ok(v)
}

fn parse_u64_or_blank(
    ctx: &Ctx,
    line: &str,
    tl: u8,
    name: &str,
    cols: (usize, usize),
) -> Result<u64> {
    let raw = field(line, cols);
    let t = raw.trim();
    if t.is_empty() {
        return Ok(0);
    }
    if !t.bytes().all(|c| c.is_ascii_digit()) {
        return Err(ctx.err(
            tl,
            name,
            cols,
            format!("expected an integer, found {raw:?}"),
        ));
    }
    t.parse().map_err(|_| {
        ctx.err(
            tl,
            name,
            cols,
            format!("expected an integer, found {raw:?}"),
        )
    })
}

/// `±NNNNN±E` with an assumed leading decimal point: ` 12345-3` = 0.12345e-3.
fn parse_implied(ctx: &Ctx, line: &str, tl: u8, name: &str, cols: (usize, usize)) -> Result<f64> {
    let raw = field(line, cols);
    let bad = || {
        ctx.err(
            tl,
            name,
            cols,
            format!("expected a value like ' 12345-3', found {raw:?}"),
        )
    };
    let t = raw.trim();
    if t.is_empty() {
        return Ok(0.0);
    }
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'-') => (-1.0, &t[1..]),
        Some(b'+') => (1.0, &t[1..]),
        _ => (1.0, t),
    };
    // Exponent: the last two characters ("-3", "+0", " 0") or none.
    let split = rest.rfind(['-', '+']).unwrap_or(rest.len());
    let (mant, exp) = rest.split_at(split);
    let mant = mant.trim();
    if mant.is_empty() || !mant.bytes().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let exp: i32 = if exp.is_empty() {
        0
    } else {
        exp.trim_start_matches('+').parse().map_err(|_| bad())?
    };
    if exp.abs() > 30 {
        return Err(bad());
    }
    let m: f64 = format!("0.{mant}").parse().map_err(|_| bad())?;
    Ok(sign * m * 10f64.powi(exp))
}

fn check_line(ctx: &Ctx, line: &str, tl: u8, opts: &ReadOptions) -> Result<()> {
    if !line.is_ascii() {
        return Err(ctx.err(tl, "line", (0, line.len()), "contains non-ASCII characters"));
    }
    if line.len() < 69 {
        return Err(SatError::Tle {
            file: ctx.file.to_string(),
            line: ctx.line_no,
            field: format!("line {tl}"),
            reason: format!("expected 69 characters, found {}", line.len()),
        });
    }
    let first = line.as_bytes()[0];
    if first != b'0' + tl || line.as_bytes()[1] != b' ' {
        return Err(ctx.err(
            tl,
            "line number",
            (0, 1),
            format!("expected '{tl} ', found {:?}", &line[..2]),
        ));
    }
    if opts.verify_checksum {
        let found = line.as_bytes()[68] as char;
        let expected = checksum(line.as_bytes());
        if found.to_digit(10) != Some(u32::from(expected)) {
            return Err(SatError::Checksum {
                file: ctx.file.to_string(),
                line: ctx.line_no,
                tle_line: tl,
                expected,
                found,
            });
        }
    }
    Ok(())
}

/// Parses one TLE (two lines, with an optional name) into SGP4 elements.
///
/// `line_no` is the 1-based file line of `line1` (used in errors; line 2 is the next).
pub fn parse_tle(
    name: Option<&str>,
    line1: &str,
    line2: &str,
    file: &str,
    line_no: usize,
    opts: &ReadOptions,
) -> Result<sgp4::Elements> {
    let c1 = Ctx { file, line_no };
    let c2 = Ctx {
        file,
        line_no: line_no + 1,
    };
    check_line(&c1, line1, 1, opts)?;
    check_line(&c2, line2, 2, opts)?;

    let num1 = parse_catalog_number(field(line1, (2, 7))).ok_or_else(|| {
        c1.err(
            1,
            "catalog number",
            (2, 7),
            format!(
                "expected digits or Alpha-5, found {:?}",
                field(line1, (2, 7))
            ),
        )
    })?;
    let num2 = parse_catalog_number(field(line2, (2, 7))).ok_or_else(|| {
        c2.err(
            2,
            "catalog number",
            (2, 7),
            format!(
                "expected digits or Alpha-5, found {:?}",
                field(line2, (2, 7))
            ),
        )
    })?;
    if num1 != num2 {
        return Err(c2.err(
            2,
            "catalog number",
            (2, 7),
            format!("{num2} differs from line 1's {num1}"),
        ));
    }
    let classification = match line1.as_bytes()[7] {
        b'U' | b' ' => sgp4::Classification::Unclassified,
        b'C' => sgp4::Classification::Classified,
        b'S' => sgp4::Classification::Secret,
        other => {
            return Err(c1.err(
                1,
                "classification",
                (7, 8),
                format!("expected U, C or S, found {:?}", other as char),
            ))
        }
    };
    let designator = field(line1, (9, 17)).trim();
    let international_designator = if designator.is_empty() {
        None
    } else {
        let yy: u16 = field(line1, (9, 11)).trim().parse().map_err(|_| {
            c1.err(
                1,
                "international designator",
                (9, 17),
                format!("expected YYNNNAAA, found {designator:?}"),
            )
        })?;
        let year = if yy < 57 { 2000 + yy } else { 1900 + yy };
        Some(format!("{year}-{}", field(line1, (11, 17)).trim()))
    };

    // Epoch: two-digit year (57-99 → 19xx, 00-56 → 20xx) and day of year with fraction.
    let yy_raw = field(line1, (18, 20));
    let yy: i32 = if yy_raw.bytes().all(|c| c.is_ascii_digit()) {
        yy_raw.parse().map_err(|_| {
            c1.err(
                1,
                "epoch year",
                (18, 20),
                format!("expected two digits, found {yy_raw:?}"),
            )
        })?
    } else {
        return Err(c1.err(
            1,
            "epoch year",
            (18, 20),
            format!("expected two digits, found {yy_raw:?}"),
        ));
    };
    let year = if yy < 57 { 2000 + yy } else { 1900 + yy };
    let day = parse_f64(&c1, line1, 1, "epoch day", (20, 32))?;
    let datetime = day_of_year_to_datetime(year, day).ok_or_else(|| {
        c1.err(
            1,
            "epoch day",
            (20, 32),
            format!("day {day} is not in year {year}"),
        )
    })?;

    let mean_motion_dot = parse_f64(&c1, line1, 1, "mean motion derivative", (33, 43))?;
    let mean_motion_ddot = parse_implied(&c1, line1, 1, "mean motion second derivative", (44, 52))?;
    let drag_term = parse_implied(&c1, line1, 1, "B* drag term", (53, 61))?;
    let ephemeris_type = parse_u64_or_blank(&c1, line1, 1, "ephemeris type", (62, 63))? as u8;
    let element_set_number = parse_u64_or_blank(&c1, line1, 1, "element set number", (64, 68))?;

    let inclination = parse_f64(&c2, line2, 2, "inclination", (8, 16))?;
    if !(0.0..=180.0).contains(&inclination) {
        return Err(c2.err(
            2,
            "inclination",
            (8, 16),
            format!("{inclination} is outside 0-180 degrees"),
        ));
    }
    let right_ascension = parse_f64(
        &c2,
        line2,
        2,
        "right ascension of the ascending node",
        (17, 25),
    )?;
    let ecc_raw = field(line2, (26, 33));
    let ecc_t = ecc_raw.trim();
    if ecc_t.is_empty() || !ecc_t.bytes().all(|c| c.is_ascii_digit()) {
        return Err(c2.err(
            2,
            "eccentricity",
            (26, 33),
            format!("expected 7 digits (decimal point assumed), found {ecc_raw:?}"),
        ));
    }
    let eccentricity: f64 = format!("0.{ecc_t}").parse().map_err(|_| {
        c2.err(
            2,
            "eccentricity",
            (26, 33),
            format!("expected digits, found {ecc_raw:?}"),
        )
    })?;
    let argument_of_perigee = parse_f64(&c2, line2, 2, "argument of perigee", (34, 42))?;
    let mean_anomaly = parse_f64(&c2, line2, 2, "mean anomaly", (43, 51))?;
    let mean_motion = parse_f64(&c2, line2, 2, "mean motion", (52, 63))?;
    if mean_motion <= 0.0 {
        return Err(c2.err(
            2,
            "mean motion",
            (52, 63),
            format!("{mean_motion} rev/day is not positive"),
        ));
    }
    let revolution_number = parse_u64_or_blank(&c2, line2, 2, "revolution number", (63, 68))?;

    Ok(sgp4::Elements {
        object_name: name.map(str::to_string),
        international_designator,
        norad_id: num1,
        classification,
        datetime,
        mean_motion_dot,
        mean_motion_ddot,
        drag_term,
        element_set_number,
        inclination,
        right_ascension,
        eccentricity,
        argument_of_perigee,
        mean_anomaly,
        mean_motion,
        revolution_number,
        ephemeris_type,
    })
}

/// Day-of-year (1.0 = 1 January 00:00) to a UTC date-time, rounded to the nanosecond
/// the same way the `sgp4` crate does, so both give the same epoch.
pub(crate) fn day_of_year_to_datetime(year: i32, day: f64) -> Option<chrono::NaiveDateTime> {
    if !(1.0..367.0).contains(&day) {
        return None;
    }
    let seconds = day.fract() * 86_400.0;
    let mut nsecs = (seconds.fract() * 1e9).round() as u32;
    let mut secs = seconds as u32;
    if nsecs >= 1_000_000_000 {
        nsecs -= 1_000_000_000;
        secs += 1;
    }
    let date = NaiveDate::from_yo_opt(year, day as u32)?;
    if secs >= 86_400 {
        let next = date.succ_opt()?;
        return Some(next.and_time(NaiveTime::from_num_seconds_from_midnight_opt(
            secs - 86_400,
            nsecs,
        )?));
    }
    Some(date.and_time(NaiveTime::from_num_seconds_from_midnight_opt(secs, nsecs)?))
}

fn is_line1(s: &str) -> bool {
    s.starts_with("1 ") && s.len() >= 60
}

fn is_line2(s: &str) -> bool {
    s.starts_with("2 ") && s.len() >= 60
}

/// Parses TLE text: 2-line or 3-line records, CRLF or LF, blank lines and `#`
/// comments ignored, names with or without the `0 ` prefix (Space-Track 3LE).
/// Characters after column 69 are ignored.
pub fn parse_tle_text(text: &str, file: &str, opts: &ReadOptions) -> Result<Parsed> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches(['\r', '\n'])))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    let mut out = Parsed::default();
    let mut i = 0;
    while i < lines.len() {
        let (start, consumed, result) = parse_record(&lines, i, file, opts);
        i += consumed.max(1);
        match result {
            Ok(e) => out.elements.push(e),
            Err(e) if opts.lenient => {
                let _ = start;
                out.skipped.push(e)
            }
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// Reads one record starting at `lines[i]`; returns (first line, lines consumed, result).
fn parse_record(
    lines: &[(usize, &str)],
    i: usize,
    file: &str,
    opts: &ReadOptions,
) -> (usize, usize, Result<sgp4::Elements>) {
    let Some(&(n0, l0)) = lines.get(i) else {
        return (
            0,
            1,
            Err(SatError::EmptyCatalog {
                file: file.to_string(),
            }),
        );
    };
    let (name, j) = if is_line1(l0) {
        (None, i)
    } else if is_line2(l0) {
        return (
            n0,
            1,
            Err(SatError::Tle {
                file: file.to_string(),
                line: n0,
                field: "line 2".into(),
                reason: "line 2 without a preceding line 1".into(),
            }),
        );
    } else {
        let name = l0.strip_prefix("0 ").unwrap_or(l0).trim();
        (Some(name), i + 1)
    };
    let Some(&(n1, l1)) = lines.get(j) else {
        return (
            n0,
            j - i,
            Err(SatError::Tle {
                file: file.to_string(),
                line: n0,
                field: "line 1".into(),
                reason: "end of file after a name line".into(),
            }),
        );
    };
    if !is_line1(l1) {
        let eaten = j - i + usize::from(l1.starts_with('1'));
        return (
            n0,
            eaten,
            Err(SatError::Tle {
                file: file.to_string(),
                line: n1,
                field: "line 1".into(),
                reason: format!(
                    "expected a TLE line 1 (starting '1 ', 69 characters), found {:?}",
                    truncate(l1)
                ),
            }),
        );
    }
    let Some(&(n2, l2)) = lines.get(j + 1) else {
        return (
            n0,
            j + 1 - i,
            Err(SatError::Tle {
                file: file.to_string(),
                line: n1,
                field: "line 2".into(),
                reason: "end of file after line 1".into(),
            }),
        );
    };
    if !is_line2(l2) {
        let eaten = j + 1 - i + usize::from(l2.starts_with('2'));
        return (
            n0,
            eaten,
            Err(SatError::Tle {
                file: file.to_string(),
                line: n2,
                field: "line 2".into(),
                reason: format!(
                    "expected a TLE line 2 (starting '2 ', 69 characters), found {:?}",
                    truncate(l2)
                ),
            }),
        );
    }
    let _ = n2;
    (n0, j + 2 - i, parse_tle(name, l1, l2, file, n1, opts))
}

fn truncate(s: &str) -> String {
    s.chars().take(30).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const L1: &str = "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927";
    const L2: &str = "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537";

    #[test]
    fn parses_iss_like_sgp4_crate() {
        let ours = parse_tle(Some("ISS"), L1, L2, "t", 1, &ReadOptions::default()).unwrap();
        let theirs =
            sgp4::Elements::from_tle(Some("ISS".into()), L1.as_bytes(), L2.as_bytes()).unwrap();
        assert_eq!(ours, theirs);
        assert_eq!(ours.international_designator.as_deref(), Some("1998-067A"));
        assert!((ours.drag_term - -0.11606e-4).abs() < 1e-15);
    }

    #[test]
    fn alpha5() {
        assert_eq!(parse_catalog_number("A0000"), Some(100_000));
        assert_eq!(parse_catalog_number("E8493"), Some(148_493));
        assert_eq!(parse_catalog_number("Z9999"), Some(339_999));
        assert_eq!(parse_catalog_number("J0001"), Some(180_001));
        assert_eq!(parse_catalog_number("I0001"), None);
        assert_eq!(parse_catalog_number("25544"), Some(25544));
        assert_eq!(format_catalog_number(148_493), "E8493");
        assert_eq!(format_catalog_number(5), "00005");
        let l1 = "1 E8493U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  292";
        let l2 = "2 E8493  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537";
        let fix = |l: &str| format!("{l}{}", checksum(l.as_bytes()));
        let l2 = &l2[..68];
        let e = parse_tle(None, &fix(l1), &fix(l2), "t", 1, &ReadOptions::default()).unwrap();
        assert_eq!(e.norad_id, 148_493);
    }

    #[test]
    fn bad_checksum_names_file_and_line() {
        let bad = L2.replace("563537", "563538");
        let text = format!("ISS\n{L1}\n{bad}\n");
        let err = parse_tle_text(&text, "stations.txt", &ReadOptions::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "stations.txt, line 3: TLE line 2 checksum: expected 7, found 8"
        );
        let lax = ReadOptions {
            verify_checksum: false,
            ..Default::default()
        };
        assert_eq!(parse_tle_text(&text, "s", &lax).unwrap().elements.len(), 1);
    }

    #[test]
    fn broken_fields_are_named() {
        let fix = |l: String| format!("{}{}", &l[..68], checksum(l.as_bytes()));
        let cases = [
            (
                L1.replace("08264.51782528", "08264.5178252x"),
                L2.to_string(),
                "epoch day",
            ),
            (
                L1.to_string(),
                L2.replace("0006703", "00067a3"),
                "eccentricity",
            ),
            (
                L1.to_string(),
                L2.replace(" 51.6416", "251.6416"),
                "inclination",
            ),
            (
                L1.replace("25544U", "25544X"),
                L2.to_string(),
                "classification",
            ),
            (
                L1.replace("-11606-4", "-116x6-4"),
                L2.to_string(),
                "B* drag term",
            ),
            (
                L1.to_string(),
                L2.replace("2 25544", "2 25545"),
                "catalog number",
            ),
            (L1.replace("08264", "08400"), L2.to_string(), "epoch day"),
        ];
        for (a, b, what) in cases {
            let text = format!("{}\n{}\n", fix(a), fix(b));
            let err = parse_tle_text(&text, "f.tle", &ReadOptions::default()).unwrap_err();
            assert!(err.to_string().contains(what), "{err} should name {what}");
            assert!(err.to_string().starts_with("f.tle, line "), "{err}");
        }
    }

    #[test]
    fn structure_errors_and_lenient() {
        let text = format!(
            "GOOD\r\n{L1}\r\n{L2}\r\nBROKEN\r\n{L1}\r\n2 short\r\nALSO GOOD\r\n{L1}\r\n{L2}\r\n"
        );
        let err = parse_tle_text(&text, "c.txt", &ReadOptions::default()).unwrap_err();
        assert!(err.to_string().contains("line 6"), "{err}");
        let p = parse_tle_text(
            &text,
            "c.txt",
            &ReadOptions {
                lenient: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(p.elements.len(), 2);
        assert_eq!(p.skipped.len(), 1);
        assert_eq!(p.elements[1].object_name.as_deref(), Some("ALSO GOOD"));
        for t in [
            "",
            "x",
            "1 short",
            &L1[..40],
            &format!("{L1}\n"),
            &format!("{L2}\n{L1}"),
        ] {
            let _ = parse_tle_text(t, "x", &ReadOptions::default());
            let _ = parse_tle_text(
                t,
                "x",
                &ReadOptions {
                    lenient: true,
                    verify_checksum: false,
                },
            );
        }
        let short = format!("{}\n{L2}\n", &L1[..65]);
        assert!(parse_tle_text(&short, "x", &ReadOptions::default())
            .unwrap_err()
            .to_string()
            .contains("69 characters"));
    }

    #[test]
    fn three_le_with_zero_prefix() {
        let text = format!("0 ISS (ZARYA)\n{L1}\n{L2}\n{L1}\n{L2}\n");
        let p = parse_tle_text(&text, "x", &ReadOptions::default()).unwrap();
        assert_eq!(p.elements.len(), 2);
        assert_eq!(p.elements[0].object_name.as_deref(), Some("ISS (ZARYA)"));
        assert_eq!(p.elements[1].object_name, None);
    }
}
