//! `conpar report`: one self-contained HTML page from result documents.

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
    /// Directory to write index.html and one SVG per chart into (the files an earlier report recorded there are replaced; no other file is removed).
    #[arg(
        long,
        visible_alias = "out",
        default_value = "conpar-report",
        value_name = "DIR"
    )]
    report: PathBuf,
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
    super::report_dir::check(&a.report)?;
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
    let index = super::report_dir::write(&docs, &a.report)?;
    if !super::quiet() {
        super::console::out(&crate::escape::terminal_lines(&format!(
            "report written to {}\n",
            index.display()
        )))?;
    }
    Ok(ExitCode::SUCCESS)
}
