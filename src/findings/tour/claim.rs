//! The article's claims as a closed set: one registry ([`ClaimKind::ALL`]),
//! each claim's name on the command line and in the tour's document, its
//! title, and how it is measured.
//!
//! Pure data: nothing here runs work.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// One claim of the article the tour puts to the test; in a document, its
/// name (`"parallel-max"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimKind {
    /// One core taking turns finishes at the sum.
    InterleaveSum,
    /// Two cores finish at the max.
    ParallelMax,
    /// Uneven work leaves cores idle.
    UnevenIdle,
    /// Amdahl's law.
    Amdahl,
    /// Context switches cost.
    ContextSwitches,
    /// Blocking I/O holds a core.
    BlockingIo,
    /// Async is not parallel.
    AsyncNotParallel,
    /// A race loses updates.
    Race,
    /// Opposite lock orders deadlock.
    Deadlock,
    /// 8 cores rarely give 8×.
    EightCores,
    /// The span limits a fork-join speedup.
    SpanLimits,
}

/// How a claim is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// A workload run through the strategies (`--pool` stands in for the pool).
    Workload,
    /// Clients against the loopback delay server.
    Io,
    /// A demonstration of a hazard, counted rather than timed.
    Hazard,
}

impl ClaimKind {
    /// Every claim, in the order the tour takes them.
    pub const ALL: [ClaimKind; 11] = [
        ClaimKind::InterleaveSum,
        ClaimKind::ParallelMax,
        ClaimKind::UnevenIdle,
        ClaimKind::Amdahl,
        ClaimKind::ContextSwitches,
        ClaimKind::BlockingIo,
        ClaimKind::AsyncNotParallel,
        ClaimKind::Race,
        ClaimKind::Deadlock,
        ClaimKind::EightCores,
        ClaimKind::SpanLimits,
    ];

    /// Every claim's name, in [`ClaimKind::ALL`]'s order.
    pub const NAMES: [&'static str; 11] = {
        let mut names = [""; 11];
        let mut i = 0;
        while i < 11 {
            names[i] = ClaimKind::ALL[i].name();
            i += 1;
        }
        names
    };

    /// Its name on the command line and in the document.
    pub const fn name(self) -> &'static str {
        match self {
            ClaimKind::InterleaveSum => "interleave-sum",
            ClaimKind::ParallelMax => "parallel-max",
            ClaimKind::UnevenIdle => "uneven-idle",
            ClaimKind::Amdahl => "amdahl",
            ClaimKind::ContextSwitches => "context-switches",
            ClaimKind::BlockingIo => "blocking-io",
            ClaimKind::AsyncNotParallel => "async-not-parallel",
            ClaimKind::Race => "race",
            ClaimKind::Deadlock => "deadlock",
            ClaimKind::EightCores => "eight-cores",
            ClaimKind::SpanLimits => "span-limits",
        }
    }

    /// Its title, as the tour's sections head it.
    pub const fn title(self) -> &'static str {
        match self {
            ClaimKind::InterleaveSum => "One core taking turns finishes at the sum",
            ClaimKind::ParallelMax => "Two cores finish at the max, not the sum",
            ClaimKind::UnevenIdle => "Work that does not divide evenly leaves cores idle",
            ClaimKind::Amdahl => "10% serial work caps speedup at 10×",
            ClaimKind::ContextSwitches => "Context switches are not free",
            ClaimKind::BlockingIo => "Blocking I/O holds a core hostage; an event loop does not",
            ClaimKind::AsyncNotParallel => "Async is concurrency, not parallelism",
            ClaimKind::Race => "A race condition loses updates",
            ClaimKind::Deadlock => "Opposite lock orders deadlock; one order does not",
            ClaimKind::EightCores => "8 cores rarely give 8×",
            ClaimKind::SpanLimits => "The span, not the cores, limits a fork-join speedup",
        }
    }

    /// How it is measured.
    pub const fn measure(self) -> Measure {
        match self {
            ClaimKind::BlockingIo | ClaimKind::AsyncNotParallel => Measure::Io,
            ClaimKind::Race | ClaimKind::Deadlock => Measure::Hazard,
            _ => Measure::Workload,
        }
    }
}

impl fmt::Display for ClaimKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is no claim.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no such claim `{0}`; the claims are {names}", names = ClaimKind::NAMES.join(", "))]
pub struct UnknownClaim(pub String);

impl FromStr for ClaimKind {
    type Err = UnknownClaim;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ClaimKind::ALL
            .into_iter()
            .find(|c| c.name() == s)
            .ok_or_else(|| UnknownClaim(crate::escape::terminal(s).into_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_claim_has_one_name_that_reads_back() {
        for c in ClaimKind::ALL {
            assert_eq!(c.name().parse::<ClaimKind>(), Ok(c));
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.name()));
            assert!(!c.title().is_empty());
        }
        let mut names = ClaimKind::NAMES.to_vec();
        names.dedup();
        assert_eq!(names.len(), ClaimKind::ALL.len());
        assert!("amdhal".parse::<ClaimKind>().is_err());
    }
}
