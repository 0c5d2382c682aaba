//! A report's directory: checked before any work, then written with the
//! manifest of the files it wrote there, the only ones a later report removes.

use crate::outfile::write_atomic;
use crate::report::html;
use crate::results::Document;
use anyhow::Context;
use std::path::{Path, PathBuf};

/// The list of files the report wrote into its directory: the only files a
/// later report into the same directory removes.
const MANIFEST: &str = ".conpar-report-files";

/// Most bytes of a manifest read back (a report writes a few kilobytes).
const MAX_MANIFEST_BYTES: u64 = 1 << 20;

/// Writes the report for `docs` into `dir`, removing the charts an earlier
/// report recorded in the directory's manifest and this one does not draw;
/// returns the page's path. Files the manifest does not name are never
/// removed.
pub(super) fn write(docs: &[(String, Document)], dir: &Path) -> anyhow::Result<PathBuf> {
    let built = html::build(docs);
    if !dir.is_dir() {
        std::fs::create_dir(dir)
            .with_context(|| format!("cannot create report directory {}", dir.display()))?;
    }
    let mut keep = file_names(built.charts.iter().map(|(n, _)| n.as_str()));
    keep.push("index.html".into());
    let earlier = recorded(dir);
    let stale: Vec<&String> = earlier.iter().filter(|n| !keep.contains(n)).collect();
    // Recorded before any is written, so a report cut short still names
    // every file it may have left.
    let both: Vec<&String> = keep.iter().chain(stale.iter().copied()).collect();
    write_manifest(dir, &both)?;
    for ((_, svg), name) in built.charts.iter().zip(&keep) {
        write_atomic(&dir.join(name), svg.as_bytes())?;
    }
    let index = dir.join("index.html");
    write_atomic(&index, built.html.as_bytes())?;
    // Charts of an earlier report that this one does not draw would mislead.
    for name in stale {
        let path = dir.join(name);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            let _ = std::fs::remove_file(path);
        }
    }
    write_manifest(dir, &keep.iter().collect::<Vec<_>>())?;
    Ok(index)
}

/// The file names the directory's manifest records, each a plain name this
/// module could have written (a chart: no path, no hidden file); nothing when there
/// is no manifest or it is not one.
fn recorded(dir: &Path) -> Vec<String> {
    let Ok(bytes) = crate::input::read_capped(&dir.join(MANIFEST), MAX_MANIFEST_BYTES) else {
        return Vec::new();
    };
    String::from_utf8_lossy(&bytes)
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('.'))
        .filter(|l| safe(l) == *l && l.ends_with(".svg"))
        .map(str::to_string)
        .collect()
}

fn write_manifest(dir: &Path, names: &[&String]) -> anyhow::Result<()> {
    let mut text = String::from(
        "# conpar report: the files it wrote here. The next report into this directory\n# replaces them and removes those it does not draw; no other file is removed.\n",
    );
    for n in names {
        text.push_str(n);
        text.push('\n');
    }
    Ok(write_atomic(&dir.join(MANIFEST), text.as_bytes())?)
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

/// A report directory must be a directory, or not exist under a directory
/// that does (only the last part is created); `-` is refused, a report
/// being several files. Mistakes are usage errors.
pub(super) fn check(d: &Path) -> anyhow::Result<()> {
    let usage = |why: String| {
        Err(super::args::usage(format!(
            "--report {}: {why}",
            d.display()
        )))
    };
    if d.as_os_str() == "-" {
        return usage(
            "a report is a directory of files (index.html and its charts) and cannot go to standard output; give a directory".into(),
        );
    }
    match std::fs::symlink_metadata(d) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => usage("exists and is not a directory; give a directory for the report".into()),
        Err(_) => {
            let parent = crate::outfile::dir_of(d);
            if !parent.is_dir() {
                return usage(format!(
                    "directory {} does not exist (only the report's own directory is created)",
                    parent.display()
                ));
            }
            Ok(())
        }
    }
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
