//! The open-loop part of a probe document (`--rate`, `--find-max`): one
//! step per asked rate, its latencies measured from each request's intended
//! send time (corrected for coordinated omission) and from its real send
//! time (uncorrected), the schedule's findings, the latency objective's
//! verdict, and the search for the highest rate that holds it.
//!
//! Types only, with the bounds a reader checks; nothing here measures.

use super::super::nan_null;
use serde::{Deserialize, Serialize};

/// Most steps one open-loop probe runs (a ladder or a search).
pub const MAX_STEPS: usize = 256;
/// Most objectives one `--slo` holds.
pub const MAX_OBJECTIVES: usize = 4;
/// Most findings one step carries.
pub const MAX_NOTES: usize = 8;
/// Highest rate asked, requests per second.
pub const MAX_RATE: f64 = 1_000_000.0;
/// Most requests in flight at once.
pub const MAX_IN_FLIGHT: usize = 4096;

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

    /// Its value in `p`.
    pub fn of(self, p: &Percentiles) -> f64 {
        match self {
            Quantile::P50 => p.p50,
            Quantile::P90 => p.p90,
            Quantile::P99 => p.p99,
            Quantile::P999 => p.p999,
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

/// Latency percentiles of one step, s (null where nothing was answered).
/// Timed-out requests are in them at their deadline (censored).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Percentiles {
    /// Median.
    #[serde(with = "nan_null")]
    pub p50: f64,
    /// 90th percentile.
    #[serde(with = "nan_null")]
    pub p90: f64,
    /// 99th percentile.
    #[serde(with = "nan_null")]
    pub p99: f64,
    /// 99.9th percentile.
    #[serde(with = "nan_null")]
    pub p999: f64,
    /// Largest.
    #[serde(with = "nan_null")]
    pub max: f64,
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

/// A typed finding and its sentence (written once, by the probe's words).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Note {
    /// The finding.
    pub finding: ScheduleFinding,
    /// It in words.
    pub text: String,
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

/// One open-loop step: requests sent on a fixed schedule at one rate.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OpenStep {
    /// The rate asked, req/s.
    pub asked: f64,
    /// The rate sent over the window, req/s.
    pub achieved: f64,
    /// Which repeat of this rate (0 first; a ladder runs each once).
    #[serde(default)]
    pub repeat: usize,
    /// Requests the schedule put in the window.
    pub scheduled: u64,
    /// Of those, sent.
    pub sent: u64,
    /// Answered.
    pub answered: u64,
    /// Failed (refused, reset, malformed or error answers).
    pub errors: u64,
    /// Past their deadline, or unanswered at the end.
    pub timeouts: u64,
    /// Of the timeouts, unanswered when the step ended.
    pub unanswered: u64,
    /// Due in the window but never sent (scheduled − sent).
    pub dropped: u64,
    /// Sent late because every connection was in flight.
    pub late_pool: u64,
    /// Sent late with a connection free: the client fell behind.
    pub late_client: u64,
    /// Longest delay of a send past its intended time, s.
    pub lag_max_s: f64,
    /// Most requests in flight at once.
    pub in_flight_max: u64,
    /// Connections opened.
    pub connects: u64,
    /// The measured window, s.
    pub window_s: f64,
    /// Latencies from each request's intended send time (corrected).
    pub corrected: Percentiles,
    /// Latencies from each request's real send time (uncorrected).
    pub uncorrected: Percentiles,
    /// The objectives' verdict (null without `--slo`).
    pub slo: Option<SloVerdict>,
    /// What the step found, typed and in words.
    #[serde(default)]
    pub notes: Vec<Note>,
    /// The first failure's text, if any.
    pub first_error: Option<String>,
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

/// The search for the highest rate that holds the objectives.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FindMax {
    /// The highest rate most of its runs held, req/s (null: none held).
    pub max_rate: Option<f64>,
    /// The lowest rate above it that did not hold, req/s (null: none
    /// tried fell short).
    pub above: Option<f64>,
    /// Most runs of each rate.
    pub repeats: usize,
    /// Why the search stopped.
    pub stop: SearchStop,
    /// Rates tried, in order (each step is in `steps`).
    pub rates: Vec<f64>,
    /// The result in words.
    pub text: String,
}

/// The open-loop data of a probe document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OpenLoop {
    /// `--max-in-flight`: connections, each with one request in flight.
    pub max_in_flight: usize,
    /// The latency objectives (empty without `--slo`).
    #[serde(default)]
    pub slo: Vec<Objective>,
    /// Every step, in the order run.
    pub steps: Vec<OpenStep>,
    /// The search (null for a ladder of `--rate`).
    pub find_max: Option<FindMax>,
}

impl OpenLoop {
    /// Bounds every count a renderer allocates for.
    pub fn check(&self) -> Result<(), String> {
        if self.steps.len() > MAX_STEPS {
            return Err(format!(
                "open.steps: {} steps; at most {MAX_STEPS} are accepted",
                self.steps.len()
            ));
        }
        if self.slo.len() > MAX_OBJECTIVES {
            return Err(format!(
                "open.slo: {} objectives; at most {MAX_OBJECTIVES} are accepted",
                self.slo.len()
            ));
        }
        if self.max_in_flight == 0 || self.max_in_flight > MAX_IN_FLIGHT {
            return Err(format!(
                "open.max_in_flight = {}: accepted are 1 to {MAX_IN_FLIGHT}",
                self.max_in_flight
            ));
        }
        for s in &self.steps {
            if !(s.asked > 0.0 && s.asked <= MAX_RATE) {
                return Err(format!(
                    "open.steps[].asked = {}: accepted are rates above 0 up to {MAX_RATE}",
                    s.asked
                ));
            }
            if s.notes.len() > MAX_NOTES {
                return Err(format!(
                    "open.steps[].notes: {} notes; at most {MAX_NOTES} are accepted",
                    s.notes.len()
                ));
            }
        }
        if let Some(f) = &self.find_max
            && f.rates.len() > MAX_STEPS
        {
            return Err(format!(
                "open.find_max.rates: {} rates; at most {MAX_STEPS} are accepted",
                f.rates.len()
            ));
        }
        Ok(())
    }
}
