//! Reading a file named on the command line, bounded: only a regular file is
//! read, and never more than a cap.
//!
//! A file's size from `stat` says nothing for a device (`/dev/zero` reports 0
//! bytes and never ends) and opening a FIFO blocks until a writer comes, so the
//! file is opened without blocking, its kind is checked on the opened
//! descriptor (no window for the path to change in between), and the read
//! itself stops one byte past the cap. Symbolic links are followed: what is
//! checked is the file they lead to, and a workload is often a link.
//!
//! This module reads; it never writes, and it does not know what the bytes are.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest input file conpar reads: workload files and result files.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// It could not be opened.
    #[error("cannot open {}: {source}", .path.display())]
    Open {
        /// The path as given.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// It is a directory, a device, a FIFO or a socket.
    #[error("{} is {kind}; only a regular file is accepted", .path.display())]
    NotRegular {
        /// The path as given.
        path: PathBuf,
        /// What it is, in words ("a FIFO").
        kind: &'static str,
    },
    /// It holds more than the cap.
    #[error("{} is larger than the limit of {cap} bytes", .path.display())]
    TooLarge {
        /// The path as given.
        path: PathBuf,
        /// The limit, in bytes.
        cap: u64,
    },
    /// Reading failed part way.
    #[error("cannot read {}: {source}", .path.display())]
    Read {
        /// The path as given.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
}

/// Reads the regular file at `path` whole, refusing anything else and any
/// file longer than `cap` bytes. Never blocks on a FIFO and never allocates
/// more than `cap + 1` bytes.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, InputError> {
    let mut file = open_nonblocking(path).map_err(|source| InputError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    let meta = file.metadata().map_err(|source| InputError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if !meta.file_type().is_file() {
        return Err(InputError::NotRegular {
            path: path.to_path_buf(),
            kind: kind_of(&meta.file_type()),
        });
    }
    blocking_again(&file).map_err(|source| InputError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    // The size is only a hint: the file may grow while it is read.
    let hint = meta.len().min(cap) as usize;
    let mut bytes = Vec::with_capacity(hint);
    (&mut file)
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| InputError::Read {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > cap {
        return Err(InputError::TooLarge {
            path: path.to_path_buf(),
            cap,
        });
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of
    // waiting for one. A regular file ignores the flag when read.
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

/// Clears O_NONBLOCK once the file is known to be regular, so reads have
/// their usual meaning on every file system.
#[cfg(unix)]
fn blocking_again(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor this function's caller owns and keeps open.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    // SAFETY: as above.
    if flags < 0 || unsafe { libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(not(unix))]
fn blocking_again(_file: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

fn kind_of(t: &std::fs::FileType) -> &'static str {
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_up_to_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("f");
        std::fs::write(&f, b"12345").unwrap();
        assert_eq!(read_capped(&f, 5).unwrap(), b"12345");
        let e = read_capped(&f, 4).unwrap_err().to_string();
        assert!(e.contains("limit of 4 bytes") && e.contains("/f"), "{e}");
    }

    #[test]
    fn devices_and_directories_are_refused() {
        let e = read_capped(Path::new("/dev/zero"), 10).unwrap_err();
        assert!(
            e.to_string()
                .contains("/dev/zero is a character device; only a regular file"),
            "{e}"
        );
        let dir = tempfile::tempdir().unwrap();
        let e = read_capped(dir.path(), 10).unwrap_err().to_string();
        assert!(e.contains("is a directory"), "{e}");
        let e = read_capped(&dir.path().join("missing"), 10).unwrap_err();
        assert!(matches!(e, InputError::Open { .. }), "{e}");
    }
}
