//! Where results go: `--json FILE`, `--csv FILE` and `--report DIR`, the same
//! in every command (`-` is standard output). Every target is checked before
//! any work starts; files are written whole or not at all ([`crate::outfile`]).

use crate::outfile::{OutFile, same_path};
use clap::Args;
use std::io::Write;
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
        Ok(OutFile::probe(path).map(Target::File)?)
    }

    /// Replaces the content with what `fill` writes.
    pub fn write_with(
        &self,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> anyhow::Result<()> {
        match self {
            Target::Stdout => {
                let mut buf = Vec::new();
                fill(&mut buf)?;
                super::out(&String::from_utf8_lossy(&buf))
            }
            Target::File(f) => Ok(f.write_with(fill)?),
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
                    return Err(super::args::usage(format!(
                        "{f1} - and {f2} - both want standard output; send one of them to a file"
                    )));
                }
                if p1.as_os_str() != "-" && same_path(p1, p2) {
                    return Err(super::args::usage(format!(
                        "{f1} and {f2} both name {}; give each its own file",
                        p1.display()
                    )));
                }
            }
        }
        if let Some(d) = &a.report {
            super::report_dir::check(d)?;
            if let Some((f, p)) = named
                .iter()
                .filter_map(|(f, p)| p.as_ref().map(|p| (f, p)))
                .find(|(_, p)| same_path(p, d))
            {
                return Err(super::args::usage(format!(
                    "{f} and --report both name {}; the report is a directory of its own, so give the file another name",
                    p.display()
                )));
            }
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
                w.write_all(b"\n")
            })?;
        }
        Ok(())
    }

    /// Writes CSV bytes.
    pub fn csv(&self, bytes: &[u8]) -> anyhow::Result<()> {
        if let Some(t) = &self.csv {
            t.write_with(|w| w.write_all(bytes))?;
        }
        Ok(())
    }

    /// Writes the document as Markdown tables, when asked for.
    pub fn markdown(&self, doc: &crate::results::Document) -> anyhow::Result<()> {
        if let Some(t) = &self.markdown {
            let text = crate::report::markdown::render(doc);
            t.write_with(|w| w.write_all(text.as_bytes()))?;
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
            let index = super::report_dir::write(&[(label.to_string(), doc)], dir)?;
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
