//! The tour's words: each claim's statement, what was predicted and
//! measured (told from its typed figures, one function per claim in
//! `told.rs`), each reason and undecided judgment (`reason.rs`), the
//! model's accuracy, and the summary's count. Each sentence once.

use super::{Count, Pct, Secs};
use crate::findings::tour::{
    ClaimKind, ClaimResult, ClaimVerdict, Figures, Interval, ModelVerdict, ThreadBound,
    ThreadLimit, Verdict,
};
use std::fmt;

mod model;
mod others;
mod reason;
mod section;
#[cfg(test)]
mod tests;
mod told;
mod wide;

pub use reason::reason;
pub use section::{COULD_NOT_RUN, Label, section};
pub use told::told;

/// What "the host model" in the accuracy lines is, said once per tour.
pub const HOST_MODEL: &str = "accuracy compares each measurement with the host model: the tick model with this host's measured costs and contention added.";

/// What the claim says, in a sentence.
pub fn says(k: ClaimKind) -> &'static str {
    match k {
        ClaimKind::InterleaveSum => {
            "One core running two 3-tick tasks by turns finishes when both are done: the sum of their work, speedup 1×."
        }
        ClaimKind::ParallelMax => {
            "Two cores run the two tasks at the same instant: the wall is the longest task, not the sum, so speedup approaches 2×."
        }
        ClaimKind::UnevenIdle => {
            "A task cannot be split across cores, so when tasks do not divide evenly the last ones run while other cores sit idle."
        }
        ClaimKind::Amdahl => {
            "If 10% of the work must run alone, speedup follows Amdahl's law — 1.82× on 2 cores, 4.71× on 8 — and no number of cores makes the whole more than 10× faster."
        }
        ClaimKind::ContextSwitches => {
            "Switching a core from one thread to another costs time and cache, so thousands of threads on a few cores do the same work more slowly than a pool."
        }
        ClaimKind::BlockingIo => {
            "A thread that blocks on a socket holds its core doing nothing; an event loop on the same one core serves other requests during every wait."
        }
        ClaimKind::AsyncNotParallel => {
            "An event loop interleaves waiting, but its CPU work still runs on one core; only one loop per core makes CPU-bound work faster."
        }
        ClaimKind::Race => {
            "Two threads that read a counter and then write it back can both read the same value; one increment is lost."
        }
        ClaimKind::Deadlock => {
            "Two threads that each hold one lock and wait for the other's wait forever; taking locks in one agreed order cannot deadlock."
        }
        ClaimKind::EightCores => {
            "Serial steps, uneven tasks and coordination keep real speedup on 8 cores well below 8×; 4–6× is a good result."
        }
        ClaimKind::SpanLimits => {
            "A fork-join program cannot run faster than its span allows: quicksort with a serial partition stops near its parallelism T1/T∞, while mergesort with a parallel merge keeps scaling."
        }
    }
}

/// The cores a claim's figures were measured on, where they say.
fn cores(c: &ClaimResult) -> Option<usize> {
    match c.figures.as_ref()? {
        Figures::ParallelMax { cores, .. }
        | Figures::UnevenIdle { cores, .. }
        | Figures::AsyncNotParallel { cores, .. }
        | Figures::SpanLimits { cores, .. } => Some(*cores),
        Figures::ContextSwitches { cores, .. } => *cores,
        _ => None,
    }
}

/// The uneven claim's workload on this host.
pub(super) fn uneven_label(c: &ClaimResult) -> String {
    match cores(c) {
        Some(p) if p >= 4 => "5 one-tick tasks on 4 cores".into(),
        Some(p) => format!("{} equal tasks on {}", p + 1, Count(p, "core")),
        None => "its tasks".into(),
    }
}

/// Nanoseconds as [`Secs`] prints them (`—` when not recorded).
fn ns(x: f64) -> Secs {
    Secs(x / 1e9)
}

/// A claim's prediction and measurement: in full, and in a few words for
/// the summary table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Told {
    /// The model's figure in full.
    pub predicted: String,
    /// In a few words.
    pub predicted_short: String,
    /// The measurement in full (median with spread).
    pub measured: String,
    /// In a few words.
    pub measured_short: String,
}

pub(super) fn four(
    predicted: String,
    predicted_short: String,
    measured: String,
    short: String,
) -> Told {
    Told {
        predicted,
        predicted_short,
        measured,
        measured_short: short,
    }
}

/// The command that shows the claim in detail.
pub fn command(c: &ClaimResult) -> &'static str {
    match c.name {
        ClaimKind::InterleaveSum => "conpar run two-tasks -s interleave -c 1 --gantt",
        ClaimKind::ParallelMax => "conpar run two-tasks -s rayon -c 1,2 --gantt",
        ClaimKind::UnevenIdle if cores(c).is_some_and(|p| p >= 4) => {
            "conpar run five-on-four -s rayon -c 4 --gantt"
        }
        ClaimKind::UnevenIdle => {
            "conpar model five-on-four -c 4; conpar run uneven -s rayon --gantt"
        }
        ClaimKind::Amdahl => {
            "conpar run amdahl-10 -s rayon --cores all; conpar model amdahl-10 -c 1,2,4,8,16,64"
        }
        ClaimKind::ContextSwitches => "conpar calibrate; conpar run many-small -s threads,rayon",
        ClaimKind::BlockingIo => "conpar io --clients blocking,event-loop",
        ClaimKind::AsyncNotParallel => {
            "conpar io --cpu 2ms -k 100 --clients event-loop,event-loop-per-core"
        }
        ClaimKind::Race => "conpar tour --claim race",
        ClaimKind::Deadlock => "conpar tour --claim deadlock",
        ClaimKind::EightCores => {
            "conpar model amdahl-10 -c 1,2,4,8; conpar run amdahl-10 --cores all"
        }
        ClaimKind::SpanLimits => "conpar workspan quicksort; conpar workspan mergesort",
    }
}

impl fmt::Display for ClaimVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            ClaimVerdict::Holds => "holds",
            ClaimVerdict::DoesNotHold => "does not hold",
            ClaimVerdict::CannotTell => "cannot tell",
            ClaimVerdict::Suspect => "suspect",
            ClaimVerdict::Error => "error",
            ClaimVerdict::NotMeasured => "not measured here",
        })
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Verdict::Holds => "holds",
            Verdict::Differs => "differs",
            Verdict::Error => "error",
        })
    }
}

/// The claim's judgment as tables print it: upper case where the claim
/// fails or the measurement is suspect, so it stands out.
pub fn mark(r: &ClaimResult) -> String {
    match (r.claim_verdict, r.verdict) {
        (Some(ClaimVerdict::DoesNotHold), _) => "DOES NOT HOLD".into(),
        (Some(ClaimVerdict::Suspect), _) => "SUSPECT".into(),
        (Some(ClaimVerdict::NotMeasured), _) => "not measured".into(),
        (Some(v), _) => v.to_string(),
        (None, Verdict::Differs) => "DIFFERS".into(),
        (None, v) => v.to_string(),
    }
}

/// The model's accuracy in a few words: "within 3%", "within the noise"
/// (further off than the tolerance, but inside the measured band), "misses
/// by 15%", or "matches" / "misses" without a number.
pub fn accuracy(m: &ModelVerdict) -> String {
    let pct = |e: f64| Pct::new(e.abs()).to_string();
    match (m.within, m.error) {
        (None, _) => "not judged".into(),
        (Some(true), Some(e)) if e.abs() > m.tolerance => "within the noise".into(),
        (Some(true), Some(e)) => format!("within {}", pct(e)),
        (Some(false), Some(e)) => format!("misses by {}", pct(e)),
        (Some(true), None) => "matches".into(),
        (Some(false), None) => "misses".into(),
    }
}

/// A figure with its band: `1.82× [1.75–1.90]`.
#[derive(Debug, Clone, Copy)]
pub struct Banded(pub Interval);

impl fmt::Display for Banded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Interval { lo, mid, hi } = self.0;
        f.pad(&format!("{mid:.2}× [{lo:.2}–{hi:.2}]"))
    }
}

impl fmt::Display for ThreadLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ThreadLimit::Nproc => "RLIMIT_NPROC (half of it)",
            ThreadLimit::ThreadsMax => "threads-max (half of it)",
            ThreadLimit::Memory => "memory (a quarter of MemAvailable)",
        })
    }
}

impl fmt::Display for ThreadBound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let all: Vec<String> = self
            .limits
            .iter()
            .map(|(l, n)| format!("{l} allows {n}"))
            .collect();
        match (self.bounded_by, all.is_empty()) {
            (Some(l), _) => write!(f, "bounded by {l} ({})", all.join(", ")),
            (None, true) => f.write_str("the tour's target (no limits read on this system)"),
            (None, false) => write!(f, "the tour's target; {}", all.join(", ")),
        }
    }
}

/// The summary's last line: how many measured claims hold, the others
/// counted by their verdict, and the claims this host could not measure,
/// of them those whose figure is a projection.
pub fn tally(results: &[ClaimResult], seconds: f64) -> String {
    let count = |v: ClaimVerdict| {
        results
            .iter()
            .filter(|c| c.claim_verdict == Some(v))
            .count()
    };
    let holds = results
        .iter()
        .filter(|c| c.verdict == Verdict::Holds)
        .count();
    let mut apart = Vec::new();
    for (v, one, many) in [
        (ClaimVerdict::DoesNotHold, "does not hold", "do not hold"),
        (
            ClaimVerdict::CannotTell,
            "cannot be told from the noise",
            "cannot be told from the noise",
        ),
        (ClaimVerdict::Suspect, "is suspect", "are suspect"),
    ] {
        match count(v) {
            0 => {}
            1 => apart.push(format!("1 {one}")),
            k => apart.push(format!("{k} {many}")),
        }
    }
    let unmeasured = count(ClaimVerdict::NotMeasured);
    let projected = results
        .iter()
        .filter(|c| c.claim_verdict == Some(ClaimVerdict::NotMeasured) && c.projected)
        .count();
    match (unmeasured, projected) {
        (0, _) => {}
        (n, 0) => apart.push(format!("{n} not measured here")),
        (n, p) if p == n => apart.push(format!("{n} not measured here, projected")),
        (n, p) => apart.push(format!("{n} not measured here, {p} of them projected")),
    }
    let measured = results.len() - unmeasured;
    let apart = if apart.is_empty() {
        String::new()
    } else {
        format!(" ({})", apart.join(", "))
    };
    if measured == 0 {
        format!("no claim could be measured on this host{apart}; the tour took {seconds:.1} s.")
    } else {
        format!(
            "{holds} of {measured} measured claims hold on this host{apart}; the tour took {seconds:.1} s."
        )
    }
}
