//! Output formats shared by the commands: aligned human tables, CSV and JSON.
//!
//! Every command that prints data takes `--format table|json|csv` (plus `ics`, `oem`
//! where they apply). JSON is the library's result types serialized; CSV is the same
//! records flattened by [`orrery_core::records::flatten`], so its header names are the
//! JSON field names and its values are unrounded; only the human table rounds.

use clap::ValueEnum;
use std::io::{self, Write};
use std::process::ExitCode;

/// How a command prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Aligned columns for people.
    #[default]
    Table,
    /// JSON (one document; see docs/ for each command's schema).
    Json,
    /// CSV with a header row.
    Csv,
}

/// A table of strings with a header row, printed aligned or as CSV.
#[derive(Debug, Default, Clone)]
pub struct Table {
    /// Column headers (with units, e.g. `x [km]`).
    pub headers: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these headers and no rows.
    pub fn new<S: Into<String>>(headers: impl IntoIterator<Item = S>) -> Self {
        Table {
            headers: headers.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row.
    pub fn push<S: Into<String>>(&mut self, row: impl IntoIterator<Item = S>) {
        self.rows.push(row.into_iter().map(Into::into).collect());
    }

    /// Writes aligned columns: text left-aligned, numbers right-aligned.
    pub fn write_aligned(&self, w: &mut dyn Write) -> io::Result<()> {
        let n = self.headers.len();
        let mut width: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate().take(n) {
                width[i] = width[i].max(c.chars().count());
            }
        }
        let numeric = |s: &str| s.parse::<f64>().is_ok();
        let line = |w: &mut dyn Write, cells: &[String]| -> io::Result<()> {
            let mut out = String::new();
            for (i, c) in cells.iter().enumerate().take(n) {
                if i > 0 {
                    out.push_str("  ");
                }
                let pad = width[i] - c.chars().count();
                if numeric(c) {
                    out.push_str(&" ".repeat(pad));
                    out.push_str(c);
                } else {
                    out.push_str(c);
                    if i + 1 < n {
                        out.push_str(&" ".repeat(pad));
                    }
                }
            }
            writeln!(w, "{}", out.trim_end())
        };
        line(w, &self.headers)?;
        let rule: Vec<String> = width.iter().map(|&k| "-".repeat(k)).collect();
        writeln!(w, "{}", rule.join("  "))?;
        for r in &self.rows {
            line(w, r)?;
        }
        Ok(())
    }
}

/// Writes a serialisable value as pretty JSON followed by a newline.
pub fn write_json<T: serde::Serialize>(w: &mut dyn Write, value: &T) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *w, value).map_err(|e| match e.io_error_kind() {
        Some(kind) => anyhow::Error::from(io::Error::from(kind)),
        None => e.into(),
    })?;
    writeln!(w)?;
    Ok(())
}

/// Writes records as CSV: the header is the flattened field names of the first record
/// (later records are written in that column order; a field a record lacks is empty).
/// With no record, writes `header` when given (the columns a record would have).
pub fn write_csv_records<T: serde::Serialize>(
    w: &mut dyn Write,
    records: impl IntoIterator<Item = T>,
    header: Option<&[&str]>,
) -> anyhow::Result<()> {
    use orrery_core::records::{cell, flatten};
    let esc = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut columns: Option<Vec<String>> = None;
    let mut line = String::new();
    for r in records {
        let cols = flatten(&r)?;
        if columns.is_none() {
            let names: Vec<String> = cols.iter().map(|(k, _)| k.clone()).collect();
            writeln!(
                w,
                "{}",
                names.iter().map(|n| esc(n)).collect::<Vec<_>>().join(",")
            )?;
            columns = Some(names);
        }
        let names = columns.as_deref().unwrap_or_default();
        line.clear();
        for (k, name) in names.iter().enumerate() {
            if k > 0 {
                line.push(',');
            }
            let v = match cols.get(k) {
                Some((n, v)) if n == name => Some(v),
                _ => cols.iter().find(|(n, _)| n == name).map(|(_, v)| v),
            };
            if let Some(v) = v {
                line.push_str(&esc(&cell(v)));
            }
        }
        writeln!(w, "{line}")?;
    }
    if columns.is_none() {
        if let Some(h) = header {
            writeln!(w, "{}", h.join(","))?;
        }
    }
    Ok(())
}

/// Prints an error as one line on stderr and picks the exit status.
///
/// A closed stdout (`orrery ... | head`) is not a failure: exit 0 quietly.
pub fn report_error(e: &anyhow::Error) -> ExitCode {
    let broken_pipe = e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
    });
    if broken_pipe {
        return ExitCode::SUCCESS;
    }
    let mut text = e.to_string();
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !text.contains(&c) {
            text.push_str(": ");
            text.push_str(&c);
        }
    }
    eprintln!("orrery: {}", text.replace('\n', " "));
    ExitCode::from(1)
}
