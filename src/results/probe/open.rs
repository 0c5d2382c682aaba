//! The open-loop part of a probe document (`--rate`, `--find-max`): one
//! step per asked rate, its latencies measured from each request's intended
//! send time (corrected for coordinated omission) and from its real send
//! time (uncorrected), the schedule's findings, the latency objective's
//! verdict, and the search for the highest rate that holds it. Every
//! finding is a typed value with its numbers; the words are made in
//! `crate::words::probe`.
//!
//! Types only, with the bounds a reader checks; nothing here measures.

use super::super::nan_null;
pub use crate::findings::probe::{Objective, Quantile, ScheduleFinding, SearchStop, SloVerdict};
use crate::results::Invalid;
use crate::results::invalid::at_most_entries;
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

impl Quantile {
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
    /// What the step found about its own schedule.
    #[serde(default)]
    pub notes: Vec<ScheduleFinding>,
    /// The first failure, if any.
    pub first_error: Option<super::RequestFailure>,
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
    pub fn check(&self) -> Result<(), Invalid> {
        at_most_entries("open.steps", self.steps.len(), MAX_STEPS)?;
        at_most_entries("open.slo", self.slo.len(), MAX_OBJECTIVES)?;
        if self.max_in_flight == 0 || self.max_in_flight > MAX_IN_FLIGHT {
            return Err(Invalid::Count {
                field: "open.max_in_flight".into(),
                value: self.max_in_flight,
                max: MAX_IN_FLIGHT,
            });
        }
        for s in &self.steps {
            if !(s.asked > 0.0 && s.asked <= MAX_RATE) {
                return Err(Invalid::OutOfRange {
                    field: "open.steps[].asked",
                    value: s.asked,
                    max: MAX_RATE,
                });
            }
            at_most_entries("open.steps[].notes", s.notes.len(), MAX_NOTES)?;
        }
        if let Some(f) = &self.find_max {
            at_most_entries("open.find_max.rates", f.rates.len(), MAX_STEPS)?;
        }
        Ok(())
    }
}
