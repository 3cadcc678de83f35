//! A small reader of FITS files (NASA FITS Standard 4.0) sufficient for
//! light-curve binary tables: 2880-byte blocks, 80-character header cards,
//! `BINTABLE` extensions with scalar columns of TFORM `B`, `I`, `J`, `K`, `E`,
//! `D` (big-endian), with `TSCALn`/`TZEROn`/`TNULLn` applied.
//!
//! Every length and offset from the file is checked, so a truncated or corrupt
//! file gives an error string, never a panic (see the fuzz target
//! `fuzz/fuzz_targets/transit_fits.rs`). Errors are plain strings here; the
//! light-curve loader wraps them with the file name.

/// FITS logical record length in bytes (Standard 4.0, sect. 3.1).
pub const BLOCK: usize = 2880;
/// Header card length in bytes.
const CARD: usize = 80;
/// Refuse headers longer than this many blocks (a corrupt file with no `END`).
const MAX_HEADER_BLOCKS: usize = 1000;

/// One header keyword and its raw value (strings unquoted, comments removed).
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// Keyword, upper case, trimmed.
    pub key: String,
    /// Value text (`None` for COMMENT/HISTORY/blank cards).
    pub value: Option<String>,
}

/// One header-data unit: its header cards and the byte range of its data.
#[derive(Debug, Clone)]
pub struct Hdu {
    /// Header cards in file order.
    pub cards: Vec<Card>,
    /// Start of the data in the file, bytes.
    pub data_start: usize,
    /// Length of the data (without padding), bytes.
    pub data_len: usize,
}

impl Hdu {
    /// The raw value of a keyword.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.cards
            .iter()
            .find(|c| c.key == key)
            .and_then(|c| c.value.as_deref())
    }

    /// A keyword as an integer.
    pub fn get_i64(&self, key: &str) -> Option<i64> {
        self.get(key).and_then(|v| v.trim().parse().ok())
    }

    /// A keyword as a float (accepts Fortran `D` exponents).
    pub fn get_f64(&self, key: &str) -> Option<f64> {
        self.get(key)
            .and_then(|v| v.trim().replace(['D', 'd'], "E").parse().ok())
    }

    /// The `EXTNAME` (or empty for the primary HDU).
    pub fn extname(&self) -> &str {
        self.get("EXTNAME").unwrap_or("")
    }

    /// Whether this HDU is a binary table.
    pub fn is_bintable(&self) -> bool {
        self.get("XTENSION").map(str::trim) == Some("BINTABLE")
    }
}

/// Parses one 80-byte card.
fn parse_card(raw: &[u8]) -> Result<Card, String> {
    if raw.iter().any(|&b| !(32..=126).contains(&b)) {
        return Err("header contains non-ASCII or control characters".into());
    }
    // All bytes are printable ASCII, so this cannot fail.
    let text = std::str::from_utf8(raw).map_err(|e| e.to_string())?;
    let key = text.get(..8).unwrap_or(text).trim().to_string();
    let value = if text.get(8..10) == Some("= ") {
        let rest = text.get(10..).unwrap_or("").trim_start();
        if let Some(s) = rest.strip_prefix('\'') {
            // String value: up to the closing quote; '' is an escaped quote.
            let mut out = String::new();
            let mut chars = s.chars().peekable();
            let mut closed = false;
            while let Some(c) = chars.next() {
                if c == '\'' {
                    if chars.peek() == Some(&'\'') {
                        out.push('\'');
                        chars.next();
                    } else {
                        closed = true;
                        break;
                    }
                } else {
                    out.push(c);
                }
            }
            if !closed {
                return Err(format!("keyword {key}: unterminated string value"));
            }
            Some(out.trim_end().to_string())
        } else {
            let v = rest.split('/').next().unwrap_or("").trim();
            Some(v.to_string())
        }
    } else {
        None
    };
    Ok(Card { key, value })
}

/// Splits a FITS file into its HDUs.
pub fn parse_hdus(bytes: &[u8]) -> Result<Vec<Hdu>, String> {
    if bytes.len() < BLOCK {
        return Err(format!(
            "file is {} bytes, shorter than one 2880-byte FITS block",
            bytes.len()
        ));
    }
    if !bytes.starts_with(b"SIMPLE  =") {
        return Err("does not start with SIMPLE = T (not a FITS file)".into());
    }
    let mut hdus = Vec::new();
    let mut pos = 0usize;
    while pos < bytes.len() {
        let index = hdus.len();
        // Header.
        let mut cards = Vec::new();
        let mut blocks = 0usize;
        let mut ended = false;
        let mut p = pos;
        while !ended {
            let block = bytes
                .get(p..p + BLOCK)
                .ok_or_else(|| format!("HDU {index}: header truncated (no END card)"))?;
            for raw in block.chunks_exact(CARD) {
                if raw.starts_with(b"END     ") || raw == b"END".as_slice() {
                    ended = true;
                    break;
                }
                cards.push(parse_card(raw).map_err(|e| format!("HDU {index}: {e}"))?);
            }
            p += BLOCK;
            blocks += 1;
            if blocks > MAX_HEADER_BLOCKS {
                return Err(format!("HDU {index}: header has no END card"));
            }
        }
        let mut hdu = Hdu {
            cards,
            data_start: p,
            data_len: 0,
        };
        if index > 0 && hdu.get("XTENSION").is_none() {
            // Trailing bytes that are not an extension: stop (FITS allows
            // "special records" after the last HDU).
            break;
        }
        let data_len = data_size(&hdu).map_err(|e| format!("HDU {index}: {e}"))?;
        hdu.data_len = data_len;
        let padded = data_len
            .checked_add(BLOCK - 1)
            .map(|x| x / BLOCK * BLOCK)
            .ok_or_else(|| format!("HDU {index}: data size overflows"))?;
        let end = p
            .checked_add(padded)
            .ok_or_else(|| format!("HDU {index}: data size overflows"))?;
        if p + data_len > bytes.len() {
            return Err(format!(
                "HDU {index} ({}): data truncated: header announces {data_len} bytes, file has {} after the header",
                hdu.extname(),
                bytes.len().saturating_sub(p)
            ));
        }
        hdus.push(hdu);
        pos = end;
    }
    Ok(hdus)
}

/// Data size from BITPIX, NAXISn, PCOUNT, GCOUNT (Standard 4.0 eq. 1-2).
fn data_size(hdu: &Hdu) -> Result<usize, String> {
    let bitpix = hdu.get_i64("BITPIX").ok_or("missing BITPIX")?;
    if ![8, 16, 32, 64, -32, -64].contains(&bitpix) {
        return Err(format!("invalid BITPIX {bitpix}"));
    }
    let naxis = hdu.get_i64("NAXIS").ok_or("missing NAXIS")?;
    if !(0..=999).contains(&naxis) {
        return Err(format!("invalid NAXIS {naxis}"));
    }
    if naxis == 0 {
        return Ok(0);
    }
    let mut n: u64 = 1;
    for i in 1..=naxis {
        let v = hdu
            .get_i64(&format!("NAXIS{i}"))
            .ok_or_else(|| format!("missing NAXIS{i}"))?;
        let v = u64::try_from(v).map_err(|_| format!("negative NAXIS{i}"))?;
        n = n.checked_mul(v).ok_or("data size overflows")?;
    }
    let pcount =
        u64::try_from(hdu.get_i64("PCOUNT").unwrap_or(0)).map_err(|_| "negative PCOUNT")?;
    let gcount =
        u64::try_from(hdu.get_i64("GCOUNT").unwrap_or(1)).map_err(|_| "negative GCOUNT")?;
    let bytes = (bitpix.unsigned_abs() / 8)
        .checked_mul(gcount)
        .and_then(|x| x.checked_mul(pcount.checked_add(n)?))
        .ok_or("data size overflows")?;
    usize::try_from(bytes).map_err(|_| "data size overflows".to_string())
}

/// Scalar binary-table element types we read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    U8,
    I16,
    I32,
    I64,
    F32,
    F64,
    /// Any other TFORM (strings, bits, complex, arrays, descriptors): skipped.
    Other,
}

/// One column of a binary table.
#[derive(Debug, Clone)]
pub struct Column {
    /// TTYPEn.
    pub name: String,
    kind: Kind,
    repeat: usize,
    offset: usize,
    scale: f64,
    zero: f64,
    null: Option<i64>,
}

/// A binary table (Standard 4.0, sect. 7.3) view over the file bytes.
#[derive(Debug)]
pub struct BinTable<'a> {
    data: &'a [u8],
    /// Bytes per row (NAXIS1).
    pub row_len: usize,
    /// Number of rows (NAXIS2).
    pub nrows: usize,
    /// Columns in order.
    pub columns: Vec<Column>,
}

/// Parses `rTa` into (repeat, type letter, element bytes).
fn parse_tform(tform: &str) -> Result<(usize, char, usize), String> {
    let t = tform.trim();
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let repeat = if digits.is_empty() {
        1
    } else {
        digits.parse().map_err(|_| format!("bad TFORM '{t}'"))?
    };
    let code = t[digits.len()..]
        .chars()
        .next()
        .ok_or_else(|| format!("bad TFORM '{t}'"))?;
    let size = match code {
        'L' | 'B' | 'A' => 1,
        'I' => 2,
        'J' | 'E' => 4,
        'K' | 'D' | 'C' => 8,
        'M' => 16,
        'P' => 8,
        'Q' => 16,
        'X' => {
            return Ok((repeat, code, 0));
        }
        _ => return Err(format!("unknown TFORM type '{t}'")),
    };
    Ok((repeat, code, size))
}

impl<'a> BinTable<'a> {
    /// Interprets `hdu` (which must be a BINTABLE) over the whole file `bytes`.
    pub fn new(bytes: &'a [u8], hdu: &Hdu) -> Result<Self, String> {
        if !hdu.is_bintable() {
            return Err(format!("HDU '{}' is not a BINTABLE", hdu.extname()));
        }
        let row_len = usize::try_from(hdu.get_i64("NAXIS1").ok_or("missing NAXIS1")?)
            .map_err(|_| "negative NAXIS1")?;
        let nrows = usize::try_from(hdu.get_i64("NAXIS2").ok_or("missing NAXIS2")?)
            .map_err(|_| "negative NAXIS2")?;
        let tfields = usize::try_from(hdu.get_i64("TFIELDS").ok_or("missing TFIELDS")?)
            .map_err(|_| "negative TFIELDS")?;
        if tfields > 999 {
            return Err(format!("TFIELDS {tfields} > 999"));
        }
        let table_len = row_len.checked_mul(nrows).ok_or("table size overflows")?;
        let data = bytes
            .get(hdu.data_start..)
            .and_then(|d| d.get(..table_len))
            .ok_or("table data truncated")?;
        let mut columns = Vec::with_capacity(tfields);
        let mut offset = 0usize;
        for i in 1..=tfields {
            let tform = hdu
                .get(&format!("TFORM{i}"))
                .ok_or_else(|| format!("missing TFORM{i}"))?;
            let (repeat, code, size) = parse_tform(tform)?;
            let width = if code == 'X' {
                repeat.div_ceil(8)
            } else {
                repeat.checked_mul(size).ok_or("column width overflows")?
            };
            let kind = match (code, repeat) {
                ('B', 1) => Kind::U8,
                ('I', 1) => Kind::I16,
                ('J', 1) => Kind::I32,
                ('K', 1) => Kind::I64,
                ('E', 1) => Kind::F32,
                ('D', 1) => Kind::F64,
                _ => Kind::Other,
            };
            columns.push(Column {
                name: hdu
                    .get(&format!("TTYPE{i}"))
                    .unwrap_or("")
                    .trim()
                    .to_string(),
                kind,
                repeat,
                offset,
                scale: hdu.get_f64(&format!("TSCAL{i}")).unwrap_or(1.0),
                zero: hdu.get_f64(&format!("TZERO{i}")).unwrap_or(0.0),
                null: hdu.get_i64(&format!("TNULL{i}")),
            });
            offset = offset.checked_add(width).ok_or("row width overflows")?;
        }
        if offset > row_len {
            return Err(format!(
                "columns need {offset} bytes per row but NAXIS1 is {row_len}"
            ));
        }
        Ok(BinTable {
            data,
            row_len,
            nrows,
            columns,
        })
    }

    /// Finds a column by TTYPE, case-insensitively.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }

    /// Reads a scalar numeric column as `f64` (TSCAL/TZERO applied, TNULL → NaN).
    pub fn read_f64(&self, name: &str) -> Result<Vec<f64>, String> {
        let col = self
            .column(name)
            .ok_or_else(|| format!("no column {name}"))?;
        let mut out = Vec::with_capacity(self.nrows);
        for r in 0..self.nrows {
            let start = r * self.row_len + col.offset;
            let b = |n: usize| -> Result<&[u8], String> {
                self.data
                    .get(start..start + n)
                    .ok_or_else(|| format!("row {r} of column {} out of bounds", col.name))
            };
            let (raw, int) = match col.kind {
                Kind::U8 => {
                    let v = b(1)?[0];
                    (f64::from(v), Some(i64::from(v)))
                }
                Kind::I16 => {
                    let v = i16::from_be_bytes(arr(b(2)?)?);
                    (f64::from(v), Some(i64::from(v)))
                }
                Kind::I32 => {
                    let v = i32::from_be_bytes(arr(b(4)?)?);
                    (f64::from(v), Some(i64::from(v)))
                }
                Kind::I64 => {
                    let v = i64::from_be_bytes(arr(b(8)?)?);
                    (v as f64, Some(v))
                }
                Kind::F32 => (f64::from(f32::from_be_bytes(arr(b(4)?)?)), None),
                Kind::F64 => (f64::from_be_bytes(arr(b(8)?)?), None),
                Kind::Other => {
                    return Err(format!(
                        "column {} is not a scalar number (repeat {})",
                        col.name, col.repeat
                    ))
                }
            };
            let v = match (int, col.null) {
                (Some(i), Some(n)) if i == n => f64::NAN,
                _ => raw * col.scale + col.zero,
            };
            out.push(v);
        }
        Ok(out)
    }
}

fn arr<const N: usize>(s: &[u8]) -> Result<[u8; N], String> {
    s.try_into().map_err(|_| "short read".to_string())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn card(s: &str) -> Vec<u8> {
        let mut v = s.as_bytes().to_vec();
        v.resize(80, b' ');
        v
    }

    /// A minimal valid file: primary + a 2-column, 3-row BINTABLE.
    pub(crate) fn tiny() -> Vec<u8> {
        let mut f = Vec::new();
        for c in [
            "SIMPLE  =                    T",
            "BITPIX  =                    8",
            "NAXIS   =                    0",
            "END",
        ] {
            f.extend(card(c));
        }
        f.resize(BLOCK, b' ');
        for c in [
            "XTENSION= 'BINTABLE'",
            "BITPIX  =                    8",
            "NAXIS   =                    2",
            "NAXIS1  =                   12",
            "NAXIS2  =                    3",
            "PCOUNT  =                    0",
            "GCOUNT  =                    1",
            "TFIELDS =                    2",
            "TTYPE1  = 'TIME    '",
            "TFORM1  = 'D       '",
            "TTYPE2  = 'QUALITY '",
            "TFORM2  = 'J       '  / a comment",
            "EXTNAME = 'LIGHTCURVE'",
            "END",
        ] {
            f.extend(card(c));
        }
        f.resize(2 * BLOCK, b' ');
        for (t, q) in [(1.5f64, 0i32), (2.5, 4), (f64::NAN, 0)] {
            f.extend(t.to_be_bytes());
            f.extend(q.to_be_bytes());
        }
        f.resize(3 * BLOCK, 0);
        f
    }

    #[test]
    fn reads_tiny_table() {
        let f = tiny();
        let hdus = parse_hdus(&f).unwrap();
        assert_eq!(hdus.len(), 2);
        assert_eq!(hdus[1].extname(), "LIGHTCURVE");
        let t = BinTable::new(&f, &hdus[1]).unwrap();
        assert_eq!(t.nrows, 3);
        let time = t.read_f64("time").unwrap();
        assert_eq!(time[..2], [1.5, 2.5]);
        assert!(time[2].is_nan());
        assert_eq!(t.read_f64("QUALITY").unwrap(), vec![0.0, 4.0, 0.0]);
        assert!(t.read_f64("FLUX").unwrap_err().contains("no column FLUX"));
    }

    #[test]
    fn broken_inputs_are_errors() {
        let f = tiny();
        assert!(parse_hdus(&f[..100]).unwrap_err().contains("shorter"));
        assert!(parse_hdus(&[b'x'; 2880]).unwrap_err().contains("SIMPLE"));
        // Truncated inside the table data.
        let e = parse_hdus(&f[..2 * BLOCK + 10]).unwrap_err();
        assert!(e.contains("truncated"), "{e}");
        // Truncated inside the second header.
        let e = parse_hdus(&f[..BLOCK + 100]).unwrap_err();
        assert!(e.contains("header truncated"), "{e}");
        // Corrupt NAXIS2 (huge).
        let mut g = f.clone();
        let pos = BLOCK + 4 * 80;
        g[pos..pos + 80].copy_from_slice(&card("NAXIS2  =         999999999999"));
        assert!(parse_hdus(&g).is_err());
        // Row too narrow for the columns.
        let mut g = f.clone();
        let pos = BLOCK + 3 * 80;
        g[pos..pos + 80].copy_from_slice(&card("NAXIS1  =                    4"));
        let hdus = parse_hdus(&g).unwrap();
        assert!(BinTable::new(&g, &hdus[1]).unwrap_err().contains("NAXIS1"));
        // Unterminated string.
        assert!(parse_card(&card("EXTNAME = 'ABC")).is_err());
    }
}
