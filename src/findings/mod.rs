//! Findings as typed values: what a command found, with its numbers, and
//! never a sentence. Documents serialise them as tagged objects
//! (`{"kind":"tick-drift","what":…,"drift":0.12,…}`); the words for each
//! live in one place, [`crate::words::warnings`], and are made only when a
//! finding is printed.
//!
//! Pure data: no clock, thread or file.

use crate::kinds::StrategyKind;
use serde::{Deserialize, Serialize};

pub mod fits;
pub mod fitted;
pub mod io;
pub mod model;
pub mod probe;
pub mod tour;
mod why;
pub mod workspan;
pub use why::{Cause, Share, Why};

/// Serde for floats that may be NaN: `null` in JSON, NaN when read back.
pub mod nan_null {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes a finite float as a number, anything else as `null`.
    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        if x.is_finite() {
            s.serialize_f64(*x)
        } else {
            s.serialize_none()
        }
    }

    /// Reads a number, or `null` as NaN.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
    }

    /// NaN: a figure a document of an older layout did not record.
    pub fn unknown() -> f64 {
        f64::NAN
    }
}

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "of", rename_all = "kebab-case")]
pub enum Subject {
    /// The workload's serial baseline.
    SerialBaseline,
    /// One measured (strategy, cores) pair.
    Pair {
        /// The strategy.
        strategy: StrategyKind,
        /// Its core count.
        cores: usize,
    },
    /// One thread count of `scale`.
    Threads {
        /// The thread count.
        threads: usize,
    },
}

/// The remedy a warning suggests, in the flags of the command that printed
/// it: more repetitions (`-r runs`), a longer tick where the command takes
/// `--tick`, the budget flags where it repeats adaptively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remedy {
    /// The repetitions to suggest.
    pub runs: usize,
    /// Whether the command takes `--tick`.
    pub tick: bool,
}

/// A warning about the noise in what was measured, with its numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Warning {
    /// The tick calibration's trials spread by more than the noise limit.
    NoisyCalibration {
        /// Their relative spread between the quartiles (or min and max).
        spread: f64,
        /// The ends of that spread, ns.
        lo_ns: f64,
        /// The high end, ns.
        hi_ns: f64,
        /// Whether the ends are the quartiles (else min and max).
        quartiles: bool,
        /// The calibrated tick, ns.
        tick_ns: f64,
        /// Trials beyond the quartiles, not counted in the spread.
        outliers: u64,
        /// The slowest trial, ns.
        max_ns: f64,
        /// What to do.
        remedy: Remedy,
    },
    /// The first timed run lay apart from the others.
    FirstRunApart {
        /// What was measured.
        what: Subject,
        /// Its wall ÷ the others' median − 1.
        apart: f64,
        /// What to do.
        remedy: Remedy,
    },
    /// Some runs lay far from the others.
    Outliers {
        /// What was measured.
        what: Subject,
        /// How many.
        outliers: usize,
        /// Of how many runs.
        runs: usize,
        /// What to do.
        remedy: Remedy,
    },
    /// The time budget ran out before the interval was tight enough.
    BudgetSpent {
        /// What was measured.
        what: Subject,
        /// Runs made.
        runs: usize,
        /// Whether the interval is the median's 95 % interval (else min–max).
        ci95: bool,
        /// Its width ÷ the median.
        width: f64,
    },
    /// The reference tick moved across a pair.
    TickDrift {
        /// The pair.
        what: Subject,
        /// After ÷ before − 1.
        drift: f64,
        /// What to do.
        remedy: Remedy,
    },
    /// The serial baseline before a pair ran off the calibrated tick.
    BaselineDrift {
        /// The pair.
        what: Subject,
        /// Baseline tick ÷ calibrated tick − 1.
        drift: f64,
        /// What to do.
        remedy: Remedy,
    },
    /// A pair finished faster than the work allows; its row says why.
    FasterThanPossible {
        /// The pair.
        what: Subject,
    },
    /// A thread count's runs spread wider than the noise limit.
    NoisyRuns {
        /// The thread count.
        what: Subject,
        /// The interval's ends, s.
        lo_s: f64,
        /// The high end, s.
        hi_s: f64,
        /// The median, s.
        median_s: f64,
        /// Whether the interval is the median's 95 % interval.
        ci95: bool,
        /// Runs made.
        runs: usize,
    },
    /// Every run of a thread count failed, and it was left out.
    CountLeftOut {
        /// The thread count.
        threads: usize,
    },
    /// A tour claim could not tell, and was measured again with more runs.
    MeasuredAgain {
        /// The claim's name.
        claim: String,
        /// Runs the first time.
        first: usize,
        /// Runs the second time.
        again: usize,
    },
    /// Other programs kept the host busy while a claim was measured.
    BusyHost {
        /// The claim's name.
        claim: String,
        /// CPUs they kept busy, on average.
        cpus: f64,
    },
}
