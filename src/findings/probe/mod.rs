//! What `conpar probe` found, as typed values with their numbers, never
//! sentences: the archetypes, the verdict of a closed loop (its finding,
//! the reason, one typed case each, and the figures it rests on, what stops
//! X and what follows it), why a probe stopped early and why a request
//! failed, and the open loop's findings. The words are made in
//! `crate::words::probe`.
//!
//! Pure data: no clock, thread or file.

use serde::{Deserialize, Serialize};

mod limit;
mod open;
mod partial;
pub use limit::{CpuUse, Exceeded, Limit, MAX_VERDICT_NOTES, UslMissing, VerdictNote};
pub use open::{Objective, Quantile, ScheduleFinding, SearchStop, SloVerdict};
pub use partial::{Answer, FailureKind, MAX_DETAIL, Partial, Protocol, RequestFailure, Wrong};

/// The archetypes the model predicts a server's curve from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Archetype {
    /// One request at a time: X flat at 1/S, latency N·S.
    Serial,
    /// Requests overlap until one core is busy: X ≤ 1/d.
    OneCore,
    /// Requests overlap until C cores are busy: X ≤ C/d.
    Parallel,
}

impl Archetype {
    /// All three, in the order they are shown.
    pub const ALL: [Archetype; 3] = [Archetype::Serial, Archetype::OneCore, Archetype::Parallel];

    /// Its name in tables.
    pub fn name(self) -> &'static str {
        match self {
            Archetype::Serial => "serial",
            Archetype::OneCore => "one core",
            Archetype::Parallel => "parallel",
        }
    }
}

/// What the verdict found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Finding {
    /// Blocking: one request at a time.
    Serial,
    /// One event loop, or any one core all requests share (a GIL).
    OneCore,
    /// Parallel on several cores.
    Parallel,
    /// Requests overlap while the server waits: not CPU-bound.
    Concurrent,
    /// No archetype fits; the verdict's reason says why.
    None,
    /// Too few levels to see a shape.
    CannotTell,
}

impl Finding {
    /// Its name as a person says it.
    pub fn name(self) -> &'static str {
        match self {
            Finding::Serial => "serial",
            Finding::OneCore => "one core",
            Finding::Parallel => "parallel",
            Finding::Concurrent => "concurrent, not CPU-bound",
            Finding::None => "none",
            Finding::CannotTell => "cannot tell",
        }
    }
}

/// Why the verdict is what it is: one case of the classifier each, its
/// numbers in [`Evidence`], [`Verdict::limit`] and [`Verdict::exceeded`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Reason {
    /// Too few levels to show a shape.
    TooFewLevels {
        /// The N measured.
        ns: Vec<usize>,
        /// Levels a shape needs.
        needed: usize,
    },
    /// X flat while the server waits: one request at a time.
    FlatWaiting,
    /// X flat while the server waits, but the host's CPUs were full and a
    /// request computes: the probe could not load it.
    FlatUnloaded,
    /// X flat with about one core used: every request needs the same core.
    FlatOneCore,
    /// X flat with several cores used: parallel within each request.
    FlatParallel,
    /// The server's threads used about one core while the host's CPUs were
    /// full: one core cannot be told from more.
    HostFull {
        /// Whether X stayed flat (else it grew).
        flat: bool,
    },
    /// X grew with several cores used.
    Parallel,
    /// X grew while the server waited: the requests' waits overlap.
    WaitsOverlap,
    /// X stopped growing while the server waited: something outside its
    /// cores caps the requests in flight.
    CappedOutside,
    /// One thread did the work: one event loop.
    OneThread,
    /// X grew, then stopped at about one core.
    OneCore,
    /// The server computes, but under half a core, spread over its threads:
    /// the load did not reach its ceiling.
    Spread,
    /// X passed the ceiling of the archetype the CPU pointed to
    /// ([`Verdict::exceeded`]).
    PastCeiling,
    /// X grew while the server idled and stopped at the accept backlog
    /// ([`Verdict::limit`]).
    Backlog,
    /// Without the server's CPU: X flat.
    FlatNoCpu,
    /// Without the server's CPU: X grew to the last level.
    GrowingNoCpu {
        /// Whether X grew beyond C times X(1): more requests were in
        /// progress than the cores could compute, so it waits.
        beyond_cores: bool,
    },
    /// Without the server's CPU: X stopped growing.
    SaturatedNoCpu,
    /// A document upgraded from schema 2 whose sentence named no known case.
    Unstated,
}

impl Reason {
    /// The finding this reason gives; the classifier sets the verdict's
    /// finding from it, so the two never disagree.
    pub fn finding(&self) -> Finding {
        match self {
            Reason::TooFewLevels { .. } => Finding::CannotTell,
            Reason::FlatWaiting | Reason::FlatNoCpu => Finding::Serial,
            Reason::FlatOneCore | Reason::OneThread | Reason::OneCore => Finding::OneCore,
            Reason::FlatParallel | Reason::Parallel => Finding::Parallel,
            Reason::WaitsOverlap
            | Reason::PastCeiling
            | Reason::Backlog
            | Reason::GrowingNoCpu { .. } => Finding::Concurrent,
            Reason::FlatUnloaded
            | Reason::HostFull { .. }
            | Reason::CappedOutside
            | Reason::Spread
            | Reason::SaturatedNoCpu
            | Reason::Unstated => Finding::None,
        }
    }
}

/// The figures a verdict rests on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// X at N = 1, req/s.
    pub x1: f64,
    /// S, the mean latency of one request alone (N = 1), s.
    pub service_time_s: f64,
    /// The largest X, req/s.
    pub x_max: f64,
    /// N of the last level.
    pub top_n: usize,
    /// Whether X stopped growing (the last level under 70 % of N·X(1)).
    pub saturated: bool,
    /// C, the cores the server may use.
    pub cores: usize,
    /// Share of the server's CPU its busiest thread did, over the levels
    /// that matter (null when not known).
    pub busiest_share: Option<f64>,
    /// The server's CPU per request ÷ S at N = 1: how much of a request is
    /// computing (null when not known).
    pub cpu_share: Option<f64>,
    /// Whether the server wanted noticeably more cores than it got (its
    /// threads runnable, waiting for a CPU).
    pub starved: bool,
}

impl Evidence {
    /// X max ÷ X(1).
    pub fn growth(&self) -> f64 {
        self.x_max / self.x1
    }
}

/// The verdict of a probe.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Verdict {
    /// What was found.
    pub finding: Finding,
    /// Why: the classifier's case.
    pub reason: Reason,
    /// The figures it rests on.
    pub evidence: Evidence,
    /// The archetype whose curve fits best (null when none could be drawn).
    pub best_fit: Option<Archetype>,
    /// Cores the server used at saturation (null when its CPU is not known).
    pub effective_cores: Option<f64>,
    /// Cores it wanted there: used plus runnable but waiting for a CPU.
    pub wanted_cores: Option<f64>,
    /// The N beyond which X stops growing (null when it grew to the last level).
    pub knee: Option<usize>,
    /// Whether the probe's client was busy at a level past the knee.
    pub client_bound: bool,
    /// Levels a shape needs, when fewer were measured (finding `cannot-tell`).
    pub levels_needed: Option<usize>,
    /// The archetype the server's CPU pointed to, set aside because the
    /// measured X passed its ceiling beyond the noise.
    pub exceeded: Option<Exceeded>,
    /// What stops X growing, when it stopped (null: it did not, or nothing
    /// measured names it).
    pub limit: Option<Limit>,
    /// Answered requests whose latency lay near 1 s, 3 s or 7 s, summed
    /// over the levels.
    pub syn_retry_latencies: u64,
    /// What follows the finding.
    pub notes: Vec<VerdictNote>,
}
