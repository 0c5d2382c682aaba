//! `conpar workspan`'s findings as typed values: what became of the
//! fork-join graph, what a prediction rests on, and why a measured speedup
//! differs from its prediction. Their sentences are in
//! [`crate::words::workspan`].

use serde::{Deserialize, Serialize};

/// What became of the fork-join graph recorded with the profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum GraphRecord {
    /// Recorded whole: the predictions simulate rayon's schedule on it.
    Recorded {
        /// Nodes recorded (strands, joins, scopes, spawns).
        nodes: u64,
    },
    /// More nodes ran than are recorded: recording stopped there, and the
    /// predictions use Brent's bound.
    TooLarge {
        /// The most nodes recorded.
        limit: u64,
    },
    /// No graph: a binary's regions report their work and span only, so
    /// the predictions use Brent's bound.
    NotRecorded,
}

impl GraphRecord {
    /// What the host model's figure rests on.
    pub fn basis(self) -> Basis {
        match self {
            GraphRecord::Recorded { .. } => Basis::Schedule,
            _ => Basis::Brent,
        }
    }
}

/// What a prediction rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// The recorded graph's schedule on P simulated workers.
    Schedule,
    /// Brent's bound, (T1 − T∞)/P + T∞.
    Brent,
}

/// Why measured and predicted differ, with its numbers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "finding", rename_all = "kebab-case")]
pub enum Finding {
    /// The speedup falls short of P and the program's own copies slow each
    /// other at P beyond the noise: the shared memory bandwidth.
    MemoryBandwidth {
        /// P.
        cores: usize,
        /// Each copy's slowdown at P (median).
        slowdown: f64,
        /// The measured speedup.
        measured: f64,
        /// The host model's figure.
        predicted: f64,
        /// What that figure rests on.
        basis: Basis,
    },
    /// The one-worker wall exceeds the work measured inside the
    /// instrumented regions beyond the noise: a serial part outside them.
    SerialOutside {
        /// The one-worker wall (median), s.
        wall_s: f64,
        /// T1, s.
        work_s: f64,
    },
    /// The speedup falls short of P, and T1/T∞ is below P.
    LittleParallelism {
        /// The smallest P where it binds.
        cores: usize,
        /// T1 ÷ T∞.
        parallelism: f64,
        /// The measured speedup there.
        measured: f64,
    },
    /// The speedup falls short of P, and the burdened parallelism is below P
    /// although T1/T∞ is not: spawns cost more than the work between them.
    Burden {
        /// The smallest P where it binds.
        cores: usize,
        /// T1 ÷ burdened T∞.
        burdened_parallelism: f64,
        /// The burden per spawn, ns.
        burden_ns: u64,
        /// Spawns executed.
        spawns: u64,
    },
    /// A speedup past min(P, T1/T∞) beyond the noise: no schedule does that,
    /// so the one-worker measurement overstated the work or the span (its
    /// instrumentation, or a slower moment than the timed runs).
    AboveBound {
        /// P.
        cores: usize,
        /// The measured speedup.
        measured: f64,
        /// min(P, T1/T∞).
        bound: f64,
    },
    /// Other programs kept CPUs busy while this was measured: the timings,
    /// the contention and the span say as much about them as about the
    /// program, so no bandwidth limit or unexplained loss is claimed.
    BusyHost {
        /// CPUs other programs kept busy, on average.
        cpus: f64,
    },
    /// The speedup falls below the prediction beyond the noise and none of
    /// the causes above applies.
    /// Measured above the host model's prediction beyond the noise,
    /// though below min(P, T1/T∞): the one-worker copies slowed each other
    /// more than the program's own threads were slowed in the timed runs.
    ContentionNotSeen {
        /// P.
        cores: usize,
        /// Each copy's slowdown with P copies at once.
        slowdown: f64,
        /// The measured speedup.
        measured: f64,
        /// The host model's prediction.
        predicted: f64,
    },
    Unexplained {
        /// P.
        cores: usize,
        /// The measured speedup.
        measured: f64,
        /// The prediction it is compared with.
        predicted: f64,
        /// What that prediction rests on.
        basis: Basis,
    },
}
