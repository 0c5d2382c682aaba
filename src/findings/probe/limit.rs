//! What stops a probe's X, the ceiling it passed, what follows a verdict
//! and why the USL was not fitted: typed values with their numbers.

use super::Archetype;
use serde::{Deserialize, Serialize};

/// What the cores used at saturation amount to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CpuUse {
    /// One thread did the work: it can never use a second core.
    OneThread,
    /// About one core.
    OneCore,
    /// Several cores.
    Several,
}

/// What stops a server's X from growing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Limit {
    /// The accept queue: the kernel dropped connections because it was full.
    Backlog {
        /// The level with the most drops.
        n: usize,
        /// Connections dropped there (`ListenOverflows`, the host's).
        overflows: u64,
        /// Most connections seen in the accept queue from the knee on,
        /// sampled every 20 ms (a full queue holds the backlog + 1, so the
        /// backlog is at least this − 1).
        queue_max: Option<u64>,
    },
    /// CPU: the cores the server used at saturation.
    Cpu {
        cores: f64,
        /// What those cores amount to.
        what: CpuUse,
    },
    /// Waiting in the server: X flat while it idles.
    Waiting { cores: f64 },
}

/// A measured X past an archetype's ceiling by more than the noise of both.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Exceeded {
    /// The archetype whose ceiling was passed.
    pub archetype: Archetype,
    /// Its ceiling: its cores ÷ the server's CPU per request at N = 1, req/s.
    pub ceiling: f64,
    /// The level that passed it.
    pub n: usize,
    /// X there, req/s.
    pub throughput: f64,
    /// Cores the server used there.
    pub server_cores: f64,
}

/// What follows a verdict, each with its numbers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum VerdictNote {
    /// Answers near 1 s, 3 s or 7 s while the accept queue overflowed: SYN
    /// retransmits.
    SynRetransmits {
        /// Such answers over the levels.
        answers: u64,
    },
    /// The host had almost no idle CPU where it mattered.
    HostFull {
        /// Its idle cores there.
        idle_cores: f64,
    },
    /// The probe's own client was busy past the knee.
    ClientBusy,
    /// Little's law: fewer than N requests were in flight on average.
    Little {
        /// The level.
        n: usize,
        /// X·R/N there.
        ratio: f64,
    },
}

/// Most notes one verdict carries (one of each kind).
pub const MAX_VERDICT_NOTES: usize = 4;

/// Why the USL was not fitted to X(N)/X(1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum UslMissing {
    /// Too few distinct levels.
    TooFewLevels {
        /// Levels it needs, N = 1 among them.
        need: usize,
        /// Levels it got.
        got: usize,
    },
    /// A level's X was not a positive number.
    NotPositive,
    /// No curve could be fitted.
    NoCurve,
}
