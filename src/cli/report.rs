//! `conpar report`: one self-contained HTML page from result documents.

use crate::outfile::write_atomic;
use crate::report::html;
use crate::results::{self, Document, MAX_DOCUMENT_BYTES};
use anyhow::Context;
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub(super) struct ReportArgs {
    /// Result documents written with --json by any conpar command; documents from several hosts merge, one series per host.
    #[arg(required = true, value_name = "RESULTS.json")]
    files: Vec<PathBuf>,
    /// Directory to write index.html and one SVG per chart into (conpar's files in it are replaced).
    #[arg(
        long,
        visible_alias = "out",
        default_value = "conpar-report",
        value_name = "DIR"
    )]
    report: PathBuf,
}

/// Writes the report for `docs` into `dir`, replacing the report files an
/// earlier run left there; returns the page's path.
pub(super) fn write(docs: &[(String, Document)], dir: &Path) -> anyhow::Result<PathBuf> {
    let built = html::build(docs);
    if !dir.is_dir() {
        std::fs::create_dir(dir)
            .with_context(|| format!("cannot create report directory {}", dir.display()))?;
    }
    let keep = file_names(built.charts.iter().map(|(n, _)| n.as_str()));
    // Charts of an earlier report that this one does not draw would mislead.
    for entry in std::fs::read_dir(dir)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let plain = entry.file_type().is_ok_and(|t| t.is_file());
        if plain && html::is_report_file(&name) && name != "index.html" && !keep.contains(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    for ((_, svg), name) in built.charts.iter().zip(&keep) {
        write_atomic(&dir.join(name), svg.as_bytes())?;
    }
    let index = dir.join("index.html");
    write_atomic(&index, built.html.as_bytes())?;
    Ok(index)
}

/// The charts' file names: kept inside the directory, and distinct. Two
/// names may make one file name ("a b", "a-b"): the later ones get a
/// number, so no chart overwrites another.
fn file_names<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut keep: Vec<String> = Vec::new();
    for n in names {
        let base = safe(n);
        let mut name = base.clone();
        let mut k = 2;
        while keep.contains(&name) {
            name = match base.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem}-{k}.{ext}"),
                None => format!("{base}-{k}"),
            };
            k += 1;
        }
        keep.push(name);
    }
    keep
}

/// Chart names are made from workload names: keep them inside the directory.
fn safe(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        .take(120)
        .collect()
}

/// Reads and checks one result document.
pub(super) fn read(f: &Path) -> anyhow::Result<Document> {
    // A file named on the command line that is not there is a usage error.
    if std::fs::symlink_metadata(f).is_err() {
        return Err(super::args::usage(format!(
            "{}: no such file; give a result document written with --json",
            f.display()
        )));
    }
    let bytes = crate::input::read_capped(f, MAX_DOCUMENT_BYTES)
        .with_context(|| format!("cannot read {}", f.display()))?;
    Ok(results::parse(&f.display().to_string(), &bytes)?)
}

pub(super) fn run(a: ReportArgs) -> anyhow::Result<ExitCode> {
    super::output::check_report_dir(&a.report)?;
    let docs = a
        .files
        .iter()
        .map(|f| {
            let name = f.file_name().map_or_else(
                || f.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            read(f).map(|d| (name, d))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let index = write(&docs, &a.report)?;
    if !super::quiet() {
        println!("report written to {}", index.display());
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn charts_of_names_that_clean_alike_get_files_of_their_own() {
        let names = super::file_names(
            [
                "speedup-a b.svg",
                "speedup-a-b.svg",
                "speedup-a/b.svg",
                "loss-x.svg",
            ]
            .into_iter(),
        );
        assert_eq!(
            names,
            [
                "speedup-ab.svg",
                "speedup-a-b.svg",
                "speedup-ab-2.svg",
                "loss-x.svg"
            ]
        );
    }
}
