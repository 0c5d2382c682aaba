//! Running a probe of the host's costs a number of times, keeping a note of
//! each one that failed: a probe that cannot start leaves its cost
//! unmeasured (`None`) and says why, it never panics.

use super::ExecError;
use super::protocol::{Peer, ProtocolError};
use crate::stats::Summary;

/// Why one try of a probe gave no figure; its text becomes the note.
#[derive(Debug, thiserror::Error)]
pub(super) enum ProbeError {
    /// A thread, socket pair, pool, runtime or process could not start.
    #[error("could not start {what}: {source}")]
    Start {
        what: String,
        source: std::io::Error,
    },
    #[error("{0} panicked")]
    Panicked(&'static str),
    #[error("fork failed: {0}")]
    Fork(std::io::Error),
    #[error("the echo stopped: {0}")]
    Echo(std::io::Error),
    #[error(transparent)]
    Protocol(#[from] ProtocolError),
    #[error("{peer} closed its output before {what}")]
    Closed { peer: Peer, what: &'static str },
    #[error(transparent)]
    Workload(#[from] crate::workload::LimitError),
    #[error(transparent)]
    Exec(#[from] ExecError),
    #[error("a task did not run")]
    TaskMissing,
    #[error(transparent)]
    Thread(#[from] crate::kernel::ThreadError),
}

impl ProbeError {
    /// `what` could not start because of `source`.
    pub(super) fn start(what: impl Into<String>, source: std::io::Error) -> ProbeError {
        ProbeError::Start {
            what: what.into(),
            source,
        }
    }
}

/// Runs probes and keeps a note of each one that failed.
#[derive(Default)]
pub(super) struct Probes {
    pub(super) notes: Vec<String>,
}

impl Probes {
    /// `n` tries of `f`; failed tries are left out and the first failure
    /// noted. `None` when no try succeeded.
    pub(super) fn repeat(
        &mut self,
        what: &str,
        n: usize,
        mut f: impl FnMut() -> Result<f64, ProbeError>,
    ) -> Option<Summary> {
        let mut samples = Vec::with_capacity(n);
        let mut first = None;
        for _ in 0..n {
            let why = match f() {
                Ok(v) if v.is_finite() => {
                    samples.push(v);
                    continue;
                }
                Ok(v) => format!("a try measured {v}"),
                Err(e) => e.to_string(),
            };
            first.get_or_insert(why);
        }
        if let Some(e) = first {
            let failed = n - samples.len();
            self.notes.push(if samples.is_empty() {
                format!("{what}: unmeasured: {e}")
            } else {
                format!("{what}: {failed} of {n} tries failed, the first: {e}")
            });
        }
        Summary::of(&samples)
    }

    /// Leaves `what` unmeasured because of `why`.
    pub(super) fn skip(&mut self, what: &str, why: String) -> Option<Summary> {
        self.notes.push(format!("{what}: unmeasured: {why}"));
        None
    }
}
