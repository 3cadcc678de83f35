//! The examples in README.md and docs/*.md run as written.
//!
//! Every `orrery ...` command in a fenced code block (with or without a leading `$ `,
//! `\` continuing it on the next line) is an example, unless it is a synopsis (it
//! holds `[`, `<`, `|` or `...`) or ends with a `# not run: <reason>` comment (for the
//! network). Inline code spans name commands and are not run. Each runs through `sh` in a scratch directory that
//! holds `data/` and `crates/` of the repository and the DE421 excerpt under the
//! names the docs use (`de421.bsp`, `de440.bsp`), so relative paths work; it must exit
//! with status 0.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// (file, line number, command) of every example.
fn examples() -> Vec<(String, usize, String)> {
    let root = repo();
    let mut files = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let mut fenced = false;
        let mut continued: Option<(usize, String)> = None;
        for (k, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
                continue;
            }
            let mut candidates: Vec<String> = Vec::new();
            if fenced {
                let t = line.trim();
                let t = t.strip_prefix("$ ").unwrap_or(t);
                if let Some((n, acc)) = continued.take() {
                    let acc = format!("{acc} {}", t.trim_end_matches('\\').trim());
                    if t.ends_with('\\') {
                        continued = Some((n, acc));
                    } else {
                        out.push((name.clone(), n, acc));
                    }
                    continue;
                }
                if t.starts_with("orrery ") {
                    if t.ends_with('\\') {
                        continued = Some((k + 1, t.trim_end_matches('\\').trim().to_string()));
                        continue;
                    }
                    candidates.push(t.to_string());
                }
            }
            for c in candidates {
                out.push((name.clone(), k + 1, c));
            }
        }
    }
    out.into_iter()
        .filter(|(_, _, c)| {
            !(c.contains('[')
                || c.contains('<')
                || c.contains('|')
                || c.contains("...")
                || c.contains('…'))
        })
        .collect()
}

#[test]
fn every_example_in_the_docs_runs() {
    let bin = assert_cmd::cargo::cargo_bin("orrery");
    let dir = tempfile::tempdir().unwrap();
    let root = repo().canonicalize().unwrap();
    let kernel = root.join("crates/orrery-core/tests/fixtures/de421-2020-2021.bsp");
    for (link, target) in [
        ("data", root.join("data")),
        ("crates", root.join("crates")),
        ("bench", root.join("bench")),
        ("de421.bsp", kernel.clone()),
        ("de440.bsp", kernel.clone()),
        ("de421-2020-2021.bsp", kernel.clone()),
    ] {
        std::os::unix::fs::symlink(target, dir.path().join(link)).unwrap();
    }
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let all = examples();
    assert!(all.len() >= 15, "only {} examples found", all.len());
    let mut failed = Vec::new();
    let mut ran = 0;
    for (file, line, cmd) in &all {
        if cmd.contains("# not run:") {
            continue;
        }
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("{cmd} > /dev/null"))
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("ORRERY_CACHE_DIR", dir.path().join("no-tle-cache"))
            .output()
            .unwrap();
        ran += 1;
        if !out.status.success() {
            failed.push(format!(
                "{file}:{line}: `{cmd}`: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {ran} examples fail:\n{}",
        failed.len(),
        failed.join("\n")
    );
}
