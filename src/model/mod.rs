//! The scheduling model: pure, deterministic, in ticks. No clocks, threads,
//! sockets or files are touched here.
//!
//! Rules (DESIGN.md, from the article):
//! - Tick `t` covers `[t, t+1)`. A task is a list of `cpu N` and `io W` steps; the
//!   workload's serial phases run alone on core 0, `before` the tasks and `after`
//!   the last one finishes.
//! - [`Discipline::List`]: whenever a core is free it takes the first ready task
//!   in queue order and runs it until the task finishes or reaches an `io` step
//!   (a pool: rayon, tokio tasks, worker processes pulling from a queue).
//! - [`Discipline::RoundRobin`]: one FIFO ready queue shared by all cores; a core
//!   runs a task for at most `quantum` consecutive ticks of CPU, then the task
//!   goes to the back of the queue if others are waiting (an OS scheduler, a
//!   one-thread interleaver).
//! - [`IoMode::Blocking`]: a task at `io W` keeps its core for W ticks (blocked
//!   core-ticks), then carries on there with a fresh quantum.
//!   [`IoMode::Async`]: the task releases its core and joins the back of the
//!   ready queue W ticks later; the core takes the next ready task in the same tick.
//!
//! Ties within one tick are broken the same way every time: tasks returning from
//! I/O join the queue first (lowest task index first), then cores are handled in
//! index order (finishing, preempting, blocking), then free cores take queued
//! tasks, lowest core index first.
//!
//! On top of the tick model, the host model (`rates.rs`, `host.rs`) advances
//! each task at the rate its kernel's measured contention curve allows and
//! delays tasks and cores by measured start-up costs; with flat curves and no
//! delays it gives the tick model's schedule exactly.
//!
//! The simulation is event-driven: its cost grows with the number of slices, not
//! of ticks. Under `list` that is about one event per step, so 100,000 tasks of
//! 10^9 ticks in all on 1,024 cores take well under a second. Under
//! `round-robin` it grows with the number of preemptions: about
//! `total CPU ticks / quantum` while more tasks are ready than cores; a
//! quantum boundary where nobody waits costs nothing. A schedule needing more than
//! [`MAX_SLICES`] slices is refused rather than exhausting memory: before any
//! is made when the workload alone shows it (see `sim::min_slices`).

mod analysis;
mod host;
mod laws;
mod lm;
mod rates;
mod schedule;
mod sim;

pub use analysis::{Analysis, analyze};
pub use host::{Contention, Curve, Delays, HostError, MAX_SLOWDOWN};
pub use laws::{
    FitError, Lambda, UslFit, UslNls, amdahl, amdahl_ceiling, fit_amdahl, fit_usl, fit_usl_exact,
    fit_usl_nls, gustafson, karp_flatt, usl,
};
pub use rates::{MAX_WORK, simulate_rates};
pub use schedule::{RateSlice, Schedule};
pub use sim::simulate;

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// Most slices a schedule may produce: at 40 bytes a slice, about 160 MB.
/// A round-robin schedule that must exceed it is refused before simulating
/// when that can be told from the workload alone, else as soon as it does.
pub const MAX_SLICES: usize = 4_000_000;
/// Most cores a model machine may have.
pub const MAX_CORES: usize = 65_536;

/// How free cores choose work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "discipline")]
pub enum Discipline {
    /// Non-preemptive greedy list scheduling.
    List,
    /// Preemptive round-robin with this quantum in ticks.
    RoundRobin {
        /// Ticks a task may run before giving way to a waiting task.
        quantum: u64,
    },
}

impl Discipline {
    /// `list` or `round-robin`.
    pub fn name(self) -> &'static str {
        match self {
            Discipline::List => "list",
            Discipline::RoundRobin { .. } => "round-robin",
        }
    }
}

impl fmt::Display for Discipline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Discipline::List => f.write_str("list"),
            Discipline::RoundRobin { quantum } => write!(f, "round-robin q={quantum}"),
        }
    }
}

/// What a task at an `io` step does with its core.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IoMode {
    /// Keeps it, blocked.
    Blocking,
    /// Releases it and comes back when the wait is over.
    Async,
}

impl IoMode {
    /// `blocking` or `async`.
    pub fn name(self) -> &'static str {
        match self {
            IoMode::Blocking => "blocking",
            IoMode::Async => "async",
        }
    }
}

/// An I/O mode that is neither `blocking` nor `async`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown I/O mode `{0}`: accepted are blocking, async")]
pub struct IoModeError(pub String);

impl FromStr for IoMode {
    type Err = IoModeError;
    fn from_str(s: &str) -> Result<Self, IoModeError> {
        match s {
            "blocking" => Ok(IoMode::Blocking),
            "async" => Ok(IoMode::Async),
            _ => Err(IoModeError(s.to_string())),
        }
    }
}

/// A model machine: P cores, a discipline and an I/O mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Machine {
    /// P, at least 1.
    pub cores: usize,
    /// How cores choose work.
    pub discipline: Discipline,
    /// What I/O does to a core.
    pub io: IoMode,
}

/// Why a schedule could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    /// P = 0 or above [`MAX_CORES`].
    #[error("{0} cores: the model accepts 1 to {MAX_CORES}")]
    Cores(usize),
    /// A round-robin quantum of 0.
    #[error("quantum 0: a round-robin quantum is at least 1 tick")]
    Quantum,
    /// The schedule would need too many slices.
    #[error(
        "the schedule needs at least {at_least} slices, above the limit of {MAX_SLICES}; use a larger --quantum or the list discipline"
    )]
    TooManySlices {
        /// How many it needs at least.
        at_least: u64,
    },
    /// The host model's inputs or size are refused.
    #[error("host model: {0}")]
    Host(#[from] HostError),
}

#[cfg(test)]
mod nls_tests;
#[cfg(test)]
mod rates_tests;
#[cfg(test)]
mod tests;
