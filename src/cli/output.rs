//! Result files: checked for writability before a long run starts, and
//! written atomically (a temporary file beside the target, then a rename), so
//! an interrupted run leaves either the previous complete file or the new one.

use anyhow::{Context, bail};
use std::io::Write;
use std::path::{Path, PathBuf};

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
        // Results replace the file by renaming over it: never over a device,
        // a pipe, a socket or a link.
        if let Ok(meta) = std::fs::symlink_metadata(path)
            && !meta.file_type().is_file()
        {
            bail!(
                "{} exists and is not a regular file; give a new or regular file for the results",
                path.display()
            );
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            bail!(
                "cannot write {}: directory {} does not exist",
                path.display(),
                dir.display()
            );
        }
        let probe = temp_name(path);
        std::fs::File::create(&probe)
            .and_then(|mut f| f.write_all(b"{}"))
            .with_context(|| format!("cannot write results to {}", path.display()))?;
        let _ = std::fs::remove_file(&probe);
        Ok(OutFile {
            path: path.to_path_buf(),
        })
    }

    /// Replaces the file's content with `bytes`, atomically.
    pub fn write(&self, bytes: &[u8]) -> anyhow::Result<()> {
        write_atomic(&self.path, bytes)
    }

    /// The path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn temp_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Writes `bytes` to a temporary file beside `path`, syncs it, and renames it
/// over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    // Checked again here: the path may have changed since it was probed.
    if let Ok(meta) = std::fs::symlink_metadata(path)
        && !meta.file_type().is_file()
    {
        bail!(
            "{} is not a regular file; results are not written over it",
            path.display()
        );
    }
    let tmp = temp_name(path);
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.with_context(|| format!("cannot write results to {}", path.display()))
}
