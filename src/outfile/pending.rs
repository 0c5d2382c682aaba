//! The temporary files being written, so that a signal handler can remove
//! them before the process exits (`_exit` runs no destructors): a few fixed
//! slots, each a path in a static buffer guarded by an atomic state, read by
//! [`remove_pending`] with async-signal-safe calls only.

use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::atomic::{AtomicU8, Ordering};

/// Longest path a slot holds (with its NUL); a longer one is not registered.
const PATH_MAX: usize = 4096;
/// Temporary files written at once at most (results are saved one at a time;
/// a few spare for threads).
const SLOTS: usize = 4;

const FREE: u8 = 0;
const BUSY: u8 = 1;
const ARMED: u8 = 2;

struct Slot {
    state: AtomicU8,
    path: std::cell::UnsafeCell<[u8; PATH_MAX]>,
}

// SAFETY: a slot's buffer is written only by the thread that moved its state
// from FREE to BUSY, and read only while the state is ARMED.
unsafe impl Sync for Slot {}

#[allow(clippy::declare_interior_mutable_const)]
const EMPTY: Slot = Slot {
    state: AtomicU8::new(FREE),
    path: std::cell::UnsafeCell::new([0; PATH_MAX]),
};
static TABLE: [Slot; SLOTS] = [EMPTY; SLOTS];

/// A temporary file registered for removal on a signal, until dropped.
pub(super) struct Pending(Option<usize>);

impl Pending {
    /// Registers `path`; when no slot is free or the path is too long, it is
    /// not registered (the file is still removed on every other way out).
    pub(super) fn claim(path: &Path) -> Pending {
        let bytes = path.as_os_str().as_bytes();
        if bytes.len() >= PATH_MAX || bytes.contains(&0) {
            return Pending(None);
        }
        for (i, slot) in TABLE.iter().enumerate() {
            if slot
                .state
                .compare_exchange(FREE, BUSY, Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
            {
                // SAFETY: this thread owns the slot while it is BUSY.
                let buf = unsafe { &mut *slot.path.get() };
                buf[..bytes.len()].copy_from_slice(bytes);
                buf[bytes.len()] = 0;
                slot.state.store(ARMED, Ordering::Release);
                return Pending(Some(i));
            }
        }
        Pending(None)
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(i) = self.0 {
            TABLE[i].state.store(BUSY, Ordering::Release);
            TABLE[i].state.store(FREE, Ordering::Release);
        }
    }
}

/// Removes every temporary file being written now. Async-signal-safe: for a
/// signal handler that is about to `_exit`.
pub fn remove_pending() {
    TABLE.iter().for_each(remove);
}

/// Removes the file of `slot` if it is armed.
fn remove(slot: &Slot) {
    if slot.state.load(Ordering::Acquire) == ARMED {
        // SAFETY: an ARMED slot holds a NUL-terminated path; unlink is
        // async-signal-safe.
        unsafe { libc::unlink(slot.path.get().cast::<libc::c_char>()) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pending_file_is_removed_and_a_released_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.tmp"), dir.path().join("b.tmp"));
        std::fs::write(&a, "x").unwrap();
        std::fs::write(&b, "x").unwrap();
        // Only these slots: other tests may be writing files at once.
        let pa = Pending::claim(&a);
        let pb = Pending::claim(&b);
        let (ia, ib) = (pa.0.unwrap(), pb.0.unwrap());
        drop(pb);
        remove(&TABLE[ia]);
        remove(&TABLE[ib]);
        assert!(!a.exists() && b.exists());
        drop(pa);
    }
}
