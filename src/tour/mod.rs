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

pub use claims::{BUSY_HOST_CPUS, Env, judge_busy_host, run_claim};

use crate::kinds::StrategyKind;
use std::path::PathBuf;

/// The claims, in the order the tour takes them: name and title.
pub const CLAIMS: [(&str, &str); 10] = [
    (
        "interleave-sum",
        "One core taking turns finishes at the sum",
    ),
    ("parallel-max", "Two cores finish at the max, not the sum"),
    (
        "uneven-idle",
        "Work that does not divide evenly leaves cores idle",
    ),
    ("amdahl", "10% serial work caps speedup at 10×"),
    ("context-switches", "Context switches are not free"),
    (
        "blocking-io",
        "Blocking I/O holds a core hostage; an event loop does not",
    ),
    (
        "async-not-parallel",
        "Async is concurrency, not parallelism",
    ),
    ("race", "A race condition loses updates"),
    (
        "deadlock",
        "Opposite lock orders deadlock; one order does not",
    ),
    ("eight-cores", "8 cores rarely give 8×"),
];

pub use crate::results::tour::{ClaimResult, ClaimVerdict, ModelVerdict, Verdict};

/// The claims' names, in the order the tour takes them.
pub const CLAIM_NAMES: [&str; 10] = [
    CLAIMS[0].0,
    CLAIMS[1].0,
    CLAIMS[2].0,
    CLAIMS[3].0,
    CLAIMS[4].0,
    CLAIMS[5].0,
    CLAIMS[6].0,
    CLAIMS[7].0,
    CLAIMS[8].0,
    CLAIMS[9].0,
];

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
    /// Which claim.
    pub claim: String,
    /// What failed.
    pub message: String,
}
