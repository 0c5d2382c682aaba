//! The tour: each claim of the article put to the test on this host — the
//! model's prediction, the measurement, and a verdict computed from the two.
//!
//! Verdicts are never written in advance: every judgment comes from a
//! comparison of numbers measured in the same run, and the strategies the
//! claims use can be replaced (by `mock:F`, the model stretched F times) to
//! force an outcome in tests.
//!
//! Each claim gets two judgments. [`ClaimVerdict`] is the article's claim
//! against its own statement, with the noise measured (`judge`, `verdicts`):
//! holds, does not hold, cannot tell, or suspect when a figure lies beyond a
//! physical bound. [`ModelVerdict`] is the model's accuracy. The one-word
//! [`Verdict`] is `holds` only when the claim holds; does not hold, cannot
//! tell and suspect are all `differs`.

mod claims;
pub mod judge;
pub mod limits;
pub mod verdicts;

pub use crate::findings::tour::{ClaimKind, Measure, UnknownClaim};
pub use claims::{BUSY_HOST_CPUS, Env, judge_busy_host, run_claim};

use crate::kinds::StrategyKind;
use std::path::PathBuf;

pub use crate::results::tour::{ClaimResult, ClaimVerdict, ModelVerdict, Verdict};

/// How the tour runs.
#[derive(Debug, Clone)]
pub struct TourOptions {
    /// Strategy standing for a pool (list scheduling).
    pub pool: StrategyKind,
    /// Strategy standing for one thread taking turns.
    pub interleave: StrategyKind,
    /// Strategy standing for a thread per task.
    pub threads: StrategyKind,
    /// Timed repetitions of each measurement.
    pub repeat: usize,
    /// Untimed runs before them.
    pub warmup: usize,
    /// The conpar binary (for worker processes and the delay server).
    pub exe: PathBuf,
}

/// Why a claim could not run at all.
#[derive(Debug, thiserror::Error)]
#[error("claim {claim}: {message}")]
pub struct TourError {
    pub claim: String,
    pub message: String,
}
