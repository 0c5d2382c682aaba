//! Where results go: `--json FILE`, `--csv FILE` and `--report DIR`, the same
//! in every command (`-` is standard output). Every target is checked before
//! any work starts; files are written atomically through a temporary file with
//! an unpredictable name, created with `O_EXCL` and never through a link
//! (`tempfile`), then renamed over the target, so an interrupted run leaves
//! either the previous complete file or the new one.

use anyhow::{Context, bail};
use clap::Args;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// The output flags every command shares.
#[derive(Debug, Clone, Default, Args)]
pub(super) struct OutputArgs {
    /// Write the results as one JSON document to FILE (`-`: standard output, instead of the table).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write the results as CSV to FILE (`-`: standard output, instead of the table).
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Write the results as Markdown tables to FILE (`-`: standard output, instead of the table).
    #[arg(long, value_name = "FILE")]
    pub markdown: Option<PathBuf>,
    /// Also write an HTML report with charts into DIR (created if missing; conpar's files in it are replaced).
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
}

/// One place a result is written to.
#[derive(Debug, Clone)]
pub(super) enum Target {
    /// Standard output.
    Stdout,
    /// A file, probed.
    File(OutFile),
}

impl Target {
    fn probe(path: &Path) -> anyhow::Result<Target> {
        if path.as_os_str() == "-" {
            return Ok(Target::Stdout);
        }
        OutFile::probe(path).map(Target::File)
    }

    /// Replaces the content with what `fill` writes.
    pub fn write_with(
        &self,
        fill: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        match self {
            Target::Stdout => {
                let mut buf = Vec::new();
                fill(&mut buf)?;
                super::out(&String::from_utf8_lossy(&buf))
            }
            Target::File(f) => f.write_with(fill),
        }
    }

    fn describe(&self) -> Option<&Path> {
        match self {
            Target::Stdout => None,
            Target::File(f) => Some(f.path()),
        }
    }
}

/// The checked targets of one command.
#[derive(Debug, Clone, Default)]
pub(super) struct Outputs {
    json: Option<Target>,
    csv: Option<Target>,
    markdown: Option<Target>,
    /// The report directory, checked.
    pub report: Option<PathBuf>,
}

impl Outputs {
    /// Checks every target before any work: files writable, not the same
    /// path twice, at most one on standard output, the report directory usable.
    pub fn probe(a: &OutputArgs) -> anyhow::Result<Outputs> {
        let named = [
            ("--json", &a.json),
            ("--csv", &a.csv),
            ("--markdown", &a.markdown),
        ];
        for (i, (f1, p1)) in named.iter().enumerate() {
            for (f2, p2) in &named[i + 1..] {
                let (Some(p1), Some(p2)) = (p1, p2) else {
                    continue;
                };
                if p1.as_os_str() == "-" && p2.as_os_str() == "-" {
                    bail!(
                        "{f1} - and {f2} - both want standard output; send one of them to a file"
                    );
                }
                if p1.as_os_str() != "-" && same_path(p1, p2) {
                    bail!(
                        "{f1} and {f2} both name {}; give each its own file",
                        p1.display()
                    );
                }
            }
        }
        if let Some(d) = &a.report {
            check_report_dir(d)?;
        }
        Ok(Outputs {
            json: a.json.as_deref().map(Target::probe).transpose()?,
            csv: a.csv.as_deref().map(Target::probe).transpose()?,
            markdown: a.markdown.as_deref().map(Target::probe).transpose()?,
            report: a.report.clone(),
        })
    }

    /// The same targets less standard output: for saving after every row,
    /// where standard output must get the document once, at the end.
    pub fn files_only(&self) -> Outputs {
        let file = |t: &Option<Target>| t.clone().filter(|t| matches!(t, Target::File(_)));
        Outputs {
            json: file(&self.json),
            csv: file(&self.csv),
            markdown: file(&self.markdown),
            report: None,
        }
    }

    /// Whether the table should stay off standard output (a result goes there).
    pub fn stdout_taken(&self) -> bool {
        [&self.json, &self.csv, &self.markdown]
            .iter()
            .any(|t| matches!(t, Some(Target::Stdout)))
    }

    /// Writes `doc` as indented JSON, streamed straight into the target.
    pub fn json<T: serde::Serialize>(&self, doc: &T) -> anyhow::Result<()> {
        self.json_as(doc, true)
    }

    /// Writes `doc` as JSON, indented or compact (for documents of millions
    /// of values, where indentation doubles the size and the time).
    pub fn json_as<T: serde::Serialize>(&self, doc: &T, indent: bool) -> anyhow::Result<()> {
        if let Some(t) = &self.json {
            t.write_with(|w| {
                if indent {
                    serde_json::to_writer_pretty(&mut *w, doc)?;
                } else {
                    serde_json::to_writer(&mut *w, doc)?;
                }
                w.write_all(b"\n")?;
                Ok(())
            })?;
        }
        Ok(())
    }

    /// Writes CSV bytes.
    pub fn csv(&self, bytes: &[u8]) -> anyhow::Result<()> {
        if let Some(t) = &self.csv {
            t.write_with(|w| Ok(w.write_all(bytes)?))?;
        }
        Ok(())
    }

    /// Writes the document as Markdown tables, when asked for.
    pub fn markdown(&self, doc: &crate::results::Document) -> anyhow::Result<()> {
        if let Some(t) = &self.markdown {
            let text = crate::report::markdown::render(doc);
            t.write_with(|w| Ok(w.write_all(text.as_bytes())?))?;
        }
        Ok(())
    }

    /// After the document is saved: its Markdown and its HTML report (under
    /// `label`), when asked for, then where the `what` went.
    pub fn finish(
        &self,
        label: &str,
        doc: crate::results::Document,
        what: &str,
    ) -> anyhow::Result<()> {
        self.markdown(&doc)?;
        if let Some(dir) = &self.report {
            let index = super::report::write(&[(label.to_string(), doc)], dir)?;
            super::note(&format!("report written to {}", index.display()));
        }
        self.tell(what);
        Ok(())
    }

    /// Whether there is a CSV target (so CSV is worth rendering).
    pub fn wants_csv(&self) -> bool {
        self.csv.is_some()
    }

    /// Whether anything is saved at all.
    pub fn saves(&self) -> bool {
        self.json.is_some() || self.csv.is_some() || self.markdown.is_some()
    }

    /// Says on standard error where the files went.
    pub fn tell(&self, what: &str) {
        for p in self
            .json
            .iter()
            .chain(&self.csv)
            .chain(&self.markdown)
            .filter_map(Target::describe)
        {
            super::note(&format!("{what} written to {}", p.display()));
        }
    }
}

fn same_path(a: &Path, b: &Path) -> bool {
    let canon = |p: &Path| {
        let dir = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        dir.canonicalize()
            .ok()
            .map(|d| d.join(p.file_name().unwrap_or_default()))
    };
    a == b || matches!((canon(a), canon(b)), (Some(x), Some(y)) if x == y)
}

/// A report directory must be a directory, or not exist under a directory
/// that does.
fn check_report_dir(d: &Path) -> anyhow::Result<()> {
    match std::fs::symlink_metadata(d) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => bail!(
            "--report {}: exists and is not a directory; give a directory for the report",
            d.display()
        ),
        Err(_) => {
            let parent = match d.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            if !parent.is_dir() {
                bail!(
                    "--report {}: directory {} does not exist",
                    d.display(),
                    parent.display()
                );
            }
            Ok(())
        }
    }
}

/// A result file to be written, probed before any work starts.
#[derive(Debug, Clone)]
pub struct OutFile {
    path: PathBuf,
}

impl OutFile {
    /// Checks that `path` can be written (its directory exists and accepts a
    /// file) without touching an existing file there.
    pub fn probe(path: &Path) -> anyhow::Result<OutFile> {
        if path.is_dir() {
            bail!(
                "{} is a directory; give a file name for the results",
                path.display()
            );
        }
        check_replaceable(path)?;
        let dir = dir_of(path);
        if !dir.is_dir() {
            bail!(
                "cannot write {}: directory {} does not exist",
                path.display(),
                dir.display()
            );
        }
        tempfile::Builder::new()
            .prefix(".conpar-probe")
            .tempfile_in(&dir)
            .with_context(|| format!("cannot write results to {}", path.display()))?;
        Ok(OutFile {
            path: path.to_path_buf(),
        })
    }

    /// Replaces the file's content with what `fill` writes, atomically.
    pub fn write_with(
        &self,
        fill: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        write_atomic_with(&self.path, fill)
    }

    /// The path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn dir_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Results replace a file by renaming over it: never over a device, a pipe,
/// a socket, a link, or a file its owner made read-only.
fn check_replaceable(path: &Path) -> anyhow::Result<()> {
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if !meta.file_type().is_file() {
            bail!(
                "{} exists and is not a regular file; give a new or regular file for the results",
                path.display()
            );
        }
        if meta.permissions().mode() & 0o222 == 0 {
            bail!(
                "{} is read-only; make it writable or give another file for the results",
                path.display()
            );
        }
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_atomic_with(path, |w| Ok(w.write_all(bytes)?))
}

/// Writes what `fill` produces to a new temporary file beside `path`, syncs
/// it, and renames it over `path`. On any failure the temporary file is
/// removed and `path` is left as it was.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    // Checked again here: the path may have changed since it was probed.
    check_replaceable(path)?;
    let result = (|| -> anyhow::Result<()> {
        let tmp = tempfile::Builder::new()
            .prefix(".conpar-")
            .suffix(".tmp")
            .tempfile_in(dir_of(path))?;
        let mut w = std::io::BufWriter::new(tmp);
        fill(&mut w)?;
        let tmp = w.into_inner().map_err(|e| e.into_error())?;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
        tmp.as_file().sync_all()?;
        tmp.persist(path)?;
        Ok(())
    })();
    result.with_context(|| format!("cannot write results to {}", path.display()))
}
