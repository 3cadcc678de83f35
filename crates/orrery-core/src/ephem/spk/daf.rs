//! The DAF container (NAIF "Double precision Array File") under every SPK kernel.
//!
//! Layout (NAIF *DAF Required Reading*, sections "The file record", "Summary
//! records", "Name records"): the file is a sequence of 1024-byte records.
//! Record 1 is the file record: the identification word (`DAF/SPK `), the
//! summary sizes `ND` (doubles) and `NI` (integers), the record numbers of the
//! first and last summary records, and the binary format (`LTL-IEEE` or
//! `BIG-IEEE`). Summary records form a doubly linked list; each holds
//! `NEXT, PREV, NSUM` (as doubles) and then `NSUM` summaries of
//! `SS = ND + (NI + 1) / 2` doubles. The record after each summary record holds
//! the matching names, `NC = 8 * SS` characters each. Array addresses are
//! 1-based indices of 8-byte words.
//!
//! Every number read from the file is checked before use: a truncated or
//! damaged file gives a reason string, never a panic.

/// Bytes per DAF record.
pub const RECORD: usize = 1024;

/// Byte order of the numbers in a DAF file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endian {
    /// `LTL-IEEE` (every kernel JPL distributes today).
    Little,
    /// `BIG-IEEE` (older kernels written on SPARC or PowerPC machines).
    Big,
}

/// One array summary with its name.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The `ND` double components (for SPK: start and end, TDB seconds past J2000).
    pub doubles: Vec<f64>,
    /// The `NI` integer components (for SPK: target, centre, frame, type, start and end address).
    pub ints: Vec<i32>,
    /// The array name (trailing blanks removed).
    pub name: String,
}

/// The parsed directory of a DAF file.
#[derive(Debug, Clone)]
pub struct Daf {
    /// The identification word, e.g. `DAF/SPK`.
    pub id_word: String,
    /// The internal file name.
    pub internal_name: String,
    /// Byte order.
    pub endian: Endian,
    /// Number of doubles per summary.
    pub nd: usize,
    /// Number of integers per summary.
    pub ni: usize,
    /// Every array summary, in file order.
    pub summaries: Vec<Summary>,
}

fn slice(data: &[u8], off: usize, len: usize) -> Result<&[u8], String> {
    off.checked_add(len)
        .and_then(|end| data.get(off..end))
        .ok_or_else(|| {
            format!(
                "truncated: needs bytes {off}..{} but the file has {}",
                off.saturating_add(len),
                data.len()
            )
        })
}

/// Reads an `i32` at a byte offset.
pub fn read_i32(data: &[u8], off: usize, e: Endian) -> Result<i32, String> {
    let mut b = [0u8; 4];
    b.copy_from_slice(slice(data, off, 4)?);
    Ok(match e {
        Endian::Little => i32::from_le_bytes(b),
        Endian::Big => i32::from_be_bytes(b),
    })
}

/// Reads an `f64` at a byte offset.
pub fn read_f64(data: &[u8], off: usize, e: Endian) -> Result<f64, String> {
    let mut b = [0u8; 8];
    b.copy_from_slice(slice(data, off, 8)?);
    Ok(match e {
        Endian::Little => f64::from_le_bytes(b),
        Endian::Big => f64::from_be_bytes(b),
    })
}

/// Byte offset of the 1-based DAF word address `addr`.
pub fn word_offset(addr: i64) -> Option<usize> {
    usize::try_from(addr.checked_sub(1)?).ok()?.checked_mul(8)
}

/// A double from a summary record that must hold a small non-negative integer.
fn whole(v: f64, what: &str, max: f64) -> Result<usize, String> {
    if v.is_finite() && v >= 0.0 && v <= max && v.fract() == 0.0 {
        Ok(v as usize)
    } else {
        Err(format!("{what} is {v}, not a whole number in 0..={max}"))
    }
}

fn text(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                b as char
            } else {
                ' '
            }
        })
        .collect::<String>()
        .trim()
        .to_string()
}

impl Daf {
    /// Parses the file record and walks the summary-record chain.
    pub fn parse(data: &[u8]) -> Result<Daf, String> {
        if data.len() < RECORD {
            return Err(format!(
                "file is {} bytes, shorter than the 1024-byte DAF file record",
                data.len()
            ));
        }
        let id_word = text(slice(data, 0, 8)?);
        if !id_word.starts_with("DAF/") {
            return Err(if id_word == "NAIF/DAF" {
                "pre-1995 NAIF/DAF files are not supported (convert with SPICE `spkmerge`)".into()
            } else {
                format!("not a DAF file (identification word '{id_word}', expected 'DAF/SPK')")
            });
        }
        let format = slice(data, 88, 8)?;
        let endian = match format {
            b"LTL-IEEE" => Endian::Little,
            b"BIG-IEEE" => Endian::Big,
            other => {
                return Err(format!(
                    "unknown binary format '{}' (expected LTL-IEEE or BIG-IEEE)",
                    text(other)
                ))
            }
        };
        let nd = read_i32(data, 8, endian)?;
        let ni = read_i32(data, 12, endian)?;
        // NAIF: ND <= 124, NI >= 2, and a summary fits in one record.
        if !(0..=124).contains(&nd) || !(2..=250).contains(&ni) || nd + (ni + 1) / 2 > 125 {
            return Err(format!("bad summary sizes ND={nd} NI={ni}"));
        }
        let (nd, ni) = (nd as usize, ni as usize);
        let internal_name = text(slice(data, 16, 60)?);
        let fward = read_i32(data, 76, endian)?;
        let ss = nd + ni.div_ceil(2); // summary size in doubles
        let nc = 8 * ss; // name size in characters
        let per_record = (125 / ss).min(RECORD / nc);
        let records = data.len() / RECORD;

        let mut summaries = Vec::new();
        let mut record = usize::try_from(fward)
            .map_err(|_| format!("first summary record number is {fward}"))?;
        let mut visited = 0usize;
        while record != 0 {
            visited += 1;
            if visited > records {
                return Err("summary records form a loop".into());
            }
            if record < 2 || record > records {
                return Err(format!(
                    "summary record number {record} is outside the file's {records} records"
                ));
            }
            let base = (record - 1) * RECORD;
            let next = read_f64(data, base, endian)?;
            let nsum = read_f64(data, base + 16, endian)?;
            let next = whole(next, "next summary record number", records as f64)?;
            let nsum = whole(nsum, "summary count", per_record as f64)?;
            let names = base + RECORD; // the name record follows
            for i in 0..nsum {
                let off = base + 24 + i * ss * 8;
                let doubles = (0..nd)
                    .map(|k| read_f64(data, off + 8 * k, endian))
                    .collect::<Result<Vec<_>, _>>()?;
                let ints = (0..ni)
                    .map(|k| read_i32(data, off + 8 * nd + 4 * k, endian))
                    .collect::<Result<Vec<_>, _>>()?;
                let name = text(slice(data, names + i * nc, nc)?);
                summaries.push(Summary {
                    doubles,
                    ints,
                    name,
                });
            }
            record = next;
        }
        Ok(Daf {
            id_word,
            internal_name,
            endian,
            nd,
            ni,
            summaries,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_foreign_files_are_refused() {
        assert!(Daf::parse(&[]).unwrap_err().contains("shorter"));
        let mut rec = vec![0u8; RECORD];
        rec[..8].copy_from_slice(b"PK\x03\x04zip!");
        assert!(Daf::parse(&rec).unwrap_err().contains("not a DAF"));
        rec[..8].copy_from_slice(b"DAF/SPK ");
        rec[88..96].copy_from_slice(b"VAX-GFLT");
        assert!(Daf::parse(&rec).unwrap_err().contains("VAX-GFLT"));
    }

    #[test]
    fn word_addresses() {
        assert_eq!(word_offset(1), Some(0));
        assert_eq!(word_offset(129), Some(1024));
        assert_eq!(word_offset(0), None);
        assert_eq!(word_offset(-5), None);
    }
}
