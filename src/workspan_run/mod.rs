//! `conpar workspan`: a fork-join program's work and span measured on one
//! worker, its speedup predicted from them at each core count (the upper
//! bound, Brent's, the burdened bound and the host model's, which slows the
//! work by the program's own contention), then measured on P pinned
//! threads; the two side by side with the reasons they differ.
//!
//! Shipped programs run in-process (`shipped.rs`); a user's binary runs as
//! a child the way `conpar scale` runs one (`binary.rs`), its regions'
//! profiles read from the file it appends to. P one-worker copies at once
//! against one alone give the contention (`copies.rs`). The document, its
//! predictions and findings are pure (`doc.rs`, `predict.rs`, `findings.rs`).

pub mod bench;
mod binary;
mod copies;
pub mod doc;
pub mod findings;
pub mod predict;
mod shipped;

use crate::repeat::{Repeat, Stopped};
use crate::scale::RunError;
use crate::scale::scan::ScanError;
use crate::stats::Summary;
use crate::workspan::programs::{Program, ProgramError, Size};
use crate::workspan::{Graph, Profile, WorkspanError};
use std::time::Duration;

/// What to measure.
#[derive(Debug, Clone)]
pub enum Target {
    /// A shipped program at a size.
    Shipped(Program, Size),
    /// A user's binary and its arguments.
    Binary(Vec<String>),
}

/// How to measure it.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The program.
    pub target: Target,
    /// Core counts, increasing, starting at 1, none above `cpus.len()`.
    pub counts: Vec<usize>,
    /// The allowed CPUs; P threads run on the first P.
    pub cpus: Vec<usize>,
    /// Untimed runs before each count's timed ones.
    pub warmup: usize,
    /// When to stop timing a count.
    pub rule: Repeat,
    /// Contention trials per count, at least: a shipped program takes one
    /// every round of timed runs (0: its contention is not measured, and
    /// the host model's figure is left out).
    pub trials: usize,
    /// Longest one run of a binary may take.
    pub timeout: Duration,
}

/// What was measured, before it becomes a document.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Work and span on one worker.
    pub profile: Profile,
    /// The fork-join graph of the measurement with the least work (`None`
    /// for a binary, whose regions report their profiles only).
    pub graph: Option<Graph>,
    /// The shipped program's input in its own terms (empty for a binary).
    pub input: String,
    /// Each count's timed walls, s, and what ended them.
    pub walls: Vec<(usize, Summary, Stopped)>,
    /// Each count's contention slowdowns (counts above 1 that were measured).
    pub contention: Vec<(usize, Summary)>,
    /// Counts whose contention was not measured: the copies would not fit
    /// in memory.
    pub no_room: Vec<usize>,
    /// CPUs that other programs kept busy on average meanwhile (`None`
    /// where the OS does not say).
    pub others_cpus: Option<f64>,
}

/// Progress, between runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Work and span on one worker.
    Measuring,
    /// P copies at once against one alone.
    Contention(usize),
    /// Timed runs on P threads.
    Timing(usize),
    /// One run (or trial) finished.
    RunDone,
}

/// Why a measurement failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The instrumented library refused or recorded nothing.
    #[error(transparent)]
    Workspan(#[from] WorkspanError),
    /// A shipped program could not run or ran wrong.
    #[error(transparent)]
    Program(#[from] ProgramError),
    /// A run of the binary failed, timed out or could not start.
    #[error(transparent)]
    Run(#[from] RunError),
    /// The timed runs of the binary failed.
    #[error(transparent)]
    Scan(#[from] ScanError),
    /// A region of the binary reported an error instead of its profile.
    #[error("region `{name}` of the program was not measured: {error}")]
    Region {
        /// The region's name.
        name: String,
        /// What it said.
        error: String,
    },
    /// The regions' file is not what the library writes.
    #[error("{file}:{line}: not a region line of conpar::workspan ({message})")]
    Record {
        /// The file.
        file: String,
        /// Its line, from 1.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The regions' file could not be made or read.
    #[error("the regions' file: {0}")]
    Io(String),
    /// A thread pool could not be built.
    #[error("cannot build a pool of {}: {message}", crate::words::Count(*.threads, "thread"))]
    Pool {
        /// Threads asked for.
        threads: usize,
        /// rayon's words.
        message: String,
    },
}

/// Measures `plan`; `on` sees each step.
/// Watches the host meanwhile: the CPU time others used is in the outcome.
pub fn measure(plan: &Plan, on: &mut dyn FnMut(Event)) -> Result<Outcome, Error> {
    use crate::measure::{host_busy_ns, mono_ns, own_cpu_ns};
    let (busy0, own0, t0) = (host_busy_ns(), own_cpu_ns(), mono_ns());
    let mut o = match &plan.target {
        Target::Shipped(p, size) => shipped::measure(plan, *p, *size, on),
        Target::Binary(argv) => binary::measure(plan, argv, on),
    }?;
    let own = own_cpu_ns().saturating_sub(own0);
    let wall = mono_ns().saturating_sub(t0).max(1);
    o.others_cpus = busy0
        .zip(host_busy_ns())
        .map(|(b0, b1)| b1.saturating_sub(b0).saturating_sub(own) as f64 / wall as f64);
    Ok(o)
}

/// Measurements of work and span on one worker; the least of each figure
/// is kept ([`least`]).
pub const PROFILE_RUNS: usize = 3;

/// Figure by figure, the least of two profiles of the same program: time
/// taken from a strand (the thread preempted, a busier moment) only adds to
/// work and span, never takes away, so the least is the nearest to the
/// program's own. It is still a profile: min span ≤ min work, and min
/// burdened span ≥ min span.
pub fn least(a: &Profile, b: &Profile) -> Profile {
    Profile {
        work: a.work.min(b.work),
        span: a.span.min(b.span),
        burdened_span: a.burdened_span.min(b.burdened_span),
        ..*a
    }
}

/// The free memory for copies of a program, bytes: half of what the kernel
/// reports available, or 4 GiB where it reports nothing.
fn room_for_copies() -> u64 {
    let avail = std::fs::read_to_string("/proc/meminfo").ok().and_then(|m| {
        m.lines()
            .find_map(|l| l.strip_prefix("MemAvailable:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    });
    avail.map_or(4 << 30, |kb| kb.saturating_mul(1024) / 2)
}

#[cfg(test)]
mod tests;
