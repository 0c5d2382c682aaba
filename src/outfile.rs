//! Result files written whole or not at all: a target is probed before any
//! work (its directory exists and accepts a file; an existing file there is
//! a regular, writable one), then each write goes to a temporary file with
//! an unpredictable name beside it, created exclusively and never through a
//! link (`tempfile`), synced and renamed over the target. An interrupted run
//! leaves either the previous complete file or the new one.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

mod pending;
use pending::Pending;
pub use pending::remove_pending;

/// Why a result file cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum OutFileError {
    /// The path names a directory.
    #[error("{0} is a directory; give a file name for the results")]
    IsDirectory(String),
    /// The file's directory does not exist.
    #[error("cannot write {file}: directory {dir} does not exist")]
    NoDirectory {
        /// The file.
        file: String,
        /// Its directory.
        dir: String,
    },
    /// Something other than a regular file is in the way.
    #[error("{0} exists and is not a regular file; give a new or regular file for the results")]
    NotRegular(String),
    /// The file is read-only.
    #[error("{0} is read-only; make it writable or give another file for the results")]
    ReadOnly(String),
    /// Creating, writing, syncing or renaming failed.
    #[error("cannot write results to {file}")]
    Write {
        /// The file.
        file: String,
        /// The OS error.
        source: std::io::Error,
    },
}

/// A result file to be written, probed before any work starts.
#[derive(Debug, Clone)]
pub struct OutFile {
    path: PathBuf,
}

impl OutFile {
    /// Checks that `path` can be written (its directory exists and accepts a
    /// file) without touching an existing file there.
    pub fn probe(path: &Path) -> Result<OutFile, OutFileError> {
        if path.is_dir() {
            return Err(OutFileError::IsDirectory(path.display().to_string()));
        }
        check_replaceable(path)?;
        let dir = dir_of(path);
        if !dir.is_dir() {
            return Err(OutFileError::NoDirectory {
                file: path.display().to_string(),
                dir: dir.display().to_string(),
            });
        }
        tempfile::Builder::new()
            .prefix(".conpar-probe")
            .tempfile_in(&dir)
            .map_err(|source| OutFileError::Write {
                file: path.display().to_string(),
                source,
            })?;
        Ok(OutFile {
            path: path.to_path_buf(),
        })
    }

    /// Replaces the file's content with what `fill` writes, atomically.
    pub fn write_with(
        &self,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), OutFileError> {
        write_atomic_with(&self.path, fill)
    }

    /// The path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The directory a file named `path` goes in (`.` for a bare name).
pub fn dir_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether `a` and `b` name the same file, through their directories.
pub fn same_path(a: &Path, b: &Path) -> bool {
    let canon = |p: &Path| {
        dir_of(p)
            .canonicalize()
            .ok()
            .map(|d| d.join(p.file_name().unwrap_or_default()))
    };
    a == b || matches!((canon(a), canon(b)), (Some(x), Some(y)) if x == y)
}

/// Results replace a file by renaming over it: never over a device, a pipe,
/// a socket, a link, or a file its owner made read-only.
fn check_replaceable(path: &Path) -> Result<(), OutFileError> {
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if !meta.file_type().is_file() {
            return Err(OutFileError::NotRegular(path.display().to_string()));
        }
        if meta.permissions().mode() & 0o222 == 0 {
            return Err(OutFileError::ReadOnly(path.display().to_string()));
        }
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutFileError> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Writes what `fill` produces to a new temporary file beside `path`, syncs
/// it, and renames it over `path`. On any failure the temporary file is
/// removed and `path` is left as it was.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), OutFileError> {
    // Checked again here: the path may have changed since it was probed.
    check_replaceable(path)?;
    let result = (|| -> std::io::Result<()> {
        let tmp = tempfile::Builder::new()
            .prefix(".conpar-")
            .suffix(".tmp")
            .tempfile_in(dir_of(path))?;
        let pending = Pending::claim(tmp.path());
        let mut w = std::io::BufWriter::new(tmp);
        fill(&mut w)?;
        let tmp = w.into_inner().map_err(|e| e.into_error())?;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
        tmp.as_file().sync_all()?;
        tmp.persist(path).map_err(|e| {
            let why = format!("failed to persist temporary file: {}", e.error);
            std::io::Error::new(e.error.kind(), why)
        })?;
        drop(pending);
        Ok(())
    })();
    result.map_err(|source| OutFileError::Write {
        file: path.display().to_string(),
        source,
    })
}

/// The longest line [`append_line`] writes: one `write` call of at most
/// this many bytes is not interleaved with another process's appends.
pub const MAX_APPEND: usize = 4096;

/// Appends one line to `path` in one `write` call (`O_APPEND`), creating the
/// file if needed; never through a link, never to anything but a regular
/// file (a FIFO is refused without blocking), and only whole: a line over
/// [`MAX_APPEND`] bytes or a short write is an error. Lines appended by
/// several processes at once stay whole.
pub fn append_line(path: &Path, bytes: &[u8]) -> Result<(), OutFileError> {
    use std::os::unix::fs::OpenOptionsExt;
    let err = |source| OutFileError::Write {
        file: path.display().to_string(),
        source,
    };
    if bytes.len() > MAX_APPEND {
        return Err(err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("a line of {} bytes is over {MAX_APPEND}", bytes.len()),
        )));
    }
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o644)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) | Some(libc::ENXIO) => {
                OutFileError::NotRegular(path.display().to_string())
            }
            _ => err(e),
        })?;
    if !f.metadata().map_err(err)?.file_type().is_file() {
        return Err(OutFileError::NotRegular(path.display().to_string()));
    }
    let n = f.write(bytes).map_err(err)?;
    if n != bytes.len() {
        return Err(err(std::io::Error::new(
            std::io::ErrorKind::WriteZero,
            format!("wrote {n} of {} bytes", bytes.len()),
        )));
    }
    Ok(())
}
