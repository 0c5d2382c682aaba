//! `conpar report`: one self-contained HTML page from result files.

use super::output::write_atomic;
use crate::report::html;
use anyhow::{Context, bail};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub(super) struct ReportArgs {
    /// Result files written by `conpar run`, `io`, `scale` or `tour` with --json; files from several hosts merge, one series per host.
    #[arg(required = true, value_name = "RESULTS.json")]
    files: Vec<PathBuf>,
    /// Directory to write index.html and one SVG per chart into.
    #[arg(long, default_value = "conpar-report")]
    out: PathBuf,
}

/// Writes the report for `docs` into `dir`; returns the page's path.
pub(super) fn write(docs: &[(String, serde_json::Value)], dir: &Path) -> anyhow::Result<PathBuf> {
    let built = html::build(docs).map_err(anyhow::Error::msg)?;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create report directory {}", dir.display()))?;
    for (name, svg) in &built.charts {
        // Chart names are made from workload names: keep them inside `dir`.
        let safe: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
            .collect();
        write_atomic(&dir.join(safe), svg.as_bytes())?;
    }
    let index = dir.join("index.html");
    write_atomic(&index, built.html.as_bytes())?;
    Ok(index)
}

pub(super) fn run(a: ReportArgs) -> anyhow::Result<ExitCode> {
    let mut docs = Vec::new();
    for f in &a.files {
        let text =
            std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?;
        let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "{}:{}:{}: not valid JSON: {e}",
                f.display(),
                e.line(),
                e.column()
            )
        })?;
        docs.push((
            f.file_name().map_or_else(
                || f.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            v,
        ));
    }
    if docs.is_empty() {
        bail!("no result files given");
    }
    let index = write(&docs, &a.out)?;
    println!("report written to {}", index.display());
    Ok(ExitCode::SUCCESS)
}
