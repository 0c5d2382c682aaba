//! The tour: each claim of the article put to the test on this host — the
//! model's prediction, the measurement, and a verdict computed from the two.
//!
//! Verdicts are never written in advance: every [`Verdict`] comes from a
//! comparison of numbers measured in the same run, and the strategies the
//! claims use can be replaced (by `mock:F`, the model stretched F times) to
//! force an outcome in tests.

mod claims;

pub use claims::{Env, run_claim};

use serde::Serialize;
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
    ("amdahl", "10 % serial work caps speedup at 10×"),
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

/// Whether the measurement bears the claim out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// It does.
    Holds,
    /// It does not, here; the reason says why.
    Differs,
}

/// One claim's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimResult {
    /// Short name (`--claim NAME`).
    pub name: String,
    /// Title.
    pub title: String,
    /// What the claim says, in a sentence.
    pub says: String,
    /// The model's prediction, in words and numbers.
    pub predicted: String,
    /// What was measured (median with spread), or why nothing was.
    pub measured: String,
    /// The prediction in a few words, for the summary table.
    pub predicted_short: String,
    /// The measurement in a few words, for the summary table.
    pub measured_short: String,
    /// Holds or differs.
    pub verdict: Verdict,
    /// Why, from the numbers.
    pub reason: String,
    /// Whether the figure is the model's projection rather than a measurement.
    pub projected: bool,
    /// The command that shows it in detail.
    pub command: String,
    /// The numbers behind the words.
    pub figures: serde_json::Value,
}

/// How the tour runs.
#[derive(Debug, Clone)]
pub struct TourOptions {
    /// Strategy standing for a pool (list scheduling).
    pub pool: String,
    /// Strategy standing for one thread taking turns.
    pub interleave: String,
    /// Strategy standing for a thread per task.
    pub threads: String,
    /// Timed repetitions of each measurement.
    pub repeat: usize,
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

/// `holds` when `ok`, else `differs`.
pub fn verdict(ok: bool) -> Verdict {
    if ok { Verdict::Holds } else { Verdict::Differs }
}
