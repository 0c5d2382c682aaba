//! What a probe's open-loop step found about its own schedule, whether it
//! held the latency objectives, and why the search stopped: typed values
//! with their numbers. The words are in `crate::words::probe`.

use serde::{Deserialize, Serialize};

/// A latency percentile an objective names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Quantile {
    /// Median.
    P50,
    /// 90th percentile.
    P90,
    /// 99th percentile.
    P99,
    /// 99.9th percentile.
    P999,
}

impl Quantile {
    /// All, in the order shown.
    pub const ALL: [Quantile; 4] = [Quantile::P50, Quantile::P90, Quantile::P99, Quantile::P999];

    /// Its name as written on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Quantile::P50 => "p50",
            Quantile::P90 => "p90",
            Quantile::P99 => "p99",
            Quantile::P999 => "p99.9",
        }
    }

    /// The fraction of requests at or below it.
    pub fn fraction(self) -> f64 {
        match self {
            Quantile::P50 => 0.5,
            Quantile::P90 => 0.9,
            Quantile::P99 => 0.99,
            Quantile::P999 => 0.999,
        }
    }
}

/// One latency objective: this percentile at most this long.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Objective {
    /// Which percentile.
    pub quantile: Quantile,
    /// Its bound, s.
    pub max_s: f64,
}

/// What one step found about its own schedule, with its numbers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ScheduleFinding {
    /// Every connection was busy: requests waited for one and left late.
    PoolFull {
        /// `--max-in-flight`.
        max_in_flight: usize,
        /// Requests sent late for want of a connection.
        late: u64,
        /// Requests sent in the window.
        sent: u64,
        /// Longest wait for a connection past the intended time, s.
        worst_s: f64,
    },
    /// The client itself fell behind its schedule (its CPU or timer).
    ClientBehind {
        /// Requests the client sent late with a connection free.
        late: u64,
        /// Requests sent in the window.
        sent: u64,
        /// Longest lag, s.
        worst_s: f64,
    },
    /// Fewer requests left than the schedule asked: the rest were never sent.
    ShortOfRate {
        /// The asked rate, req/s.
        asked: f64,
        /// The rate sent, req/s.
        achieved: f64,
        /// Requests due in the window but never sent.
        dropped: u64,
    },
    /// Requests failed or timed out.
    Failures {
        /// Error answers, refusals, broken connections.
        errors: u64,
        /// Past their deadline or unanswered at the end.
        timeouts: u64,
    },
    /// Coordinated omission: the corrected percentile is well above the
    /// uncorrected one (what a closed loop would have reported).
    Omission {
        /// The percentile compared (p99).
        quantile: Quantile,
        /// From the intended send times, s.
        corrected_s: f64,
        /// From the real send times, s.
        uncorrected_s: f64,
    },
}

/// Whether a step held the latency objectives.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SloVerdict {
    /// Every objective held.
    Held,
    /// An objective did not hold (the first that did not).
    Missed {
        /// The objective.
        objective: Objective,
        /// The corrected percentile measured, s.
        measured_s: f64,
    },
    /// Requests failed or timed out.
    Failed {
        /// Errors.
        errors: u64,
        /// Timeouts.
        timeouts: u64,
    },
    /// The rate was not offered (the client fell short): nothing to judge.
    NotOffered {
        /// Asked, req/s.
        asked: f64,
        /// Sent, req/s.
        achieved: f64,
    },
}

impl SloVerdict {
    /// Whether it held.
    pub fn held(&self) -> bool {
        matches!(self, SloVerdict::Held)
    }
}

/// Why the search for the highest rate stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SearchStop {
    /// The interval narrowed to the precision asked.
    Narrow,
    /// The highest rate allowed held.
    RateCap,
    /// Out of steps.
    Steps,
    /// Out of time.
    Budget,
    /// The first rate did not hold.
    FirstMissed,
}
