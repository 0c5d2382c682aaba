//! `conpar workspan`'s document: a fork-join program's work and span on one
//! worker, its speedup predicted and measured at each core count, and the
//! reasons the two differ as typed findings (their words are made in
//! `report::workspan`, nowhere else).

use super::invalid::at_most_entries;
use super::{Invalid, Meta, check_cores, check_summary};
use crate::repeat::Stopped;
use crate::stats::Summary;
use crate::workspan::Profile;
use crate::workspan::programs::{Program, Size};
use serde::{Deserialize, Serialize};

/// Most rows (core counts) a document may hold.
pub const MAX_ROWS: usize = 4096;
/// Most findings a document may hold.
pub const MAX_FINDINGS: usize = 64;
/// Most arguments of a measured program kept.
pub const MAX_ARGS: usize = 4096;

/// The whole `conpar workspan --json` file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorkspanDoc {
    /// The header.
    #[serde(flatten)]
    pub meta: Meta,
    /// What was measured.
    pub subject: Subject,
    /// Work, span and burdened span on one worker (ns), summed over regions.
    pub profile: Profile,
    /// Whether the fork-join graph was recorded whole, so the predictions
    /// simulate its schedule, or they fall back to Brent's bound.
    pub graph: GraphRecord,
    /// One row per core count, in increasing order; the first is 1.
    pub rows: Vec<WorkspanRow>,
    /// Why measured and predicted differ, where they do beyond the noise.
    pub findings: Vec<Finding>,
}

/// The program measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Subject {
    /// A program shipped with conpar, run in-process.
    Shipped {
        /// Which.
        program: Program,
        /// At what size.
        size: Size,
        /// Its input in its own terms ("10000000 u64, parallel merge").
        input: String,
    },
    /// A user's binary built against `conpar::workspan`.
    Binary {
        /// The command line as given after `--`.
        argv: Vec<String>,
    },
}

impl Subject {
    /// Its name for titles: the program's name, or the command line.
    pub fn label(&self) -> String {
        match self {
            Subject::Shipped { program, size, .. } => format!("{program} (size {size})"),
            Subject::Binary { argv } => argv.join(" "),
        }
    }
}

/// A speedup with its noise band (lo ≤ mid ≤ hi).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Speedup {
    /// From the ends of the walls' intervals that make it smallest.
    pub lo: f64,
    /// Median wall at 1 ÷ median wall here.
    pub mid: f64,
    /// From the ends that make it largest.
    pub hi: f64,
}

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

/// Speedups predicted at one core count from the profile.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Predicted {
    /// min(P, T1/T∞): no schedule does better.
    pub upper: f64,
    /// Brent: T1 ÷ ((T1 − T∞)/P + T∞), a greedy schedule's worst case.
    pub brent: f64,
    /// The same with the burdened span.
    pub burdened: f64,
    /// The recorded graph run on P simulated workers as rayon schedules it,
    /// each steal paying the burden: T1 ÷ T_P, capped at `upper`; null
    /// without a whole graph.
    pub simulated: Option<f64>,
    /// The simulated schedule with every strand slowed by the program's own
    /// contention at P (Brent's bound so slowed without a whole graph),
    /// capped at `upper`; null when the contention was not measured.
    pub host: Option<f64>,
}

/// One core count.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorkspanRow {
    /// P: threads, each on its own allowed CPU.
    pub cores: usize,
    /// Wall-clock of the timed runs, s.
    pub wall_s: Summary,
    /// Wall at 1 ÷ wall here, with its band.
    pub speedup: Speedup,
    /// The predictions.
    pub predicted: Predicted,
    /// P one-worker copies at once against one alone: each copy's slowdown
    /// (null when not measured: at 1, or when the copies would not fit in memory).
    pub contention: Option<Summary>,
    /// Measured ÷ the host model's figure − 1 (without one, ÷ the simulated
    /// schedule's, or Brent's without a graph).
    pub error: f64,
    /// What ended the timed runs.
    pub stopped: Stopped,
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

impl WorkspanDoc {
    /// Bounds every count a renderer allocates for, and refuses a profile
    /// that cannot be (a span longer than the work).
    pub fn check(&self) -> Result<(), Invalid> {
        at_most_entries("rows", self.rows.len(), MAX_ROWS)?;
        at_most_entries("findings", self.findings.len(), MAX_FINDINGS)?;
        if let Subject::Binary { argv } = &self.subject {
            at_most_entries("subject.argv", argv.len(), MAX_ARGS)?;
        }
        let p = &self.profile;
        if p.work == 0 || p.span == 0 || p.span > p.work || p.burdened_span < p.span {
            return Err(Invalid::Profile {
                work: p.work,
                span: p.span,
                burdened: p.burdened_span,
            });
        }
        for r in &self.rows {
            check_cores("rows[].cores", r.cores)?;
            check_summary("rows[].wall_s", &r.wall_s, true)?;
            if let Some(c) = &r.contention {
                check_summary("rows[].contention", c, true)?;
            }
            let s = r.speedup;
            if !(s.lo <= s.mid && s.mid <= s.hi && s.lo.is_finite() && s.hi.is_finite()) {
                return Err(Invalid::Interval {
                    field: "rows[].speedup",
                    lo: s.lo,
                    hi: s.hi,
                });
            }
        }
        for f in &self.findings {
            if let Finding::MemoryBandwidth { cores, .. }
            | Finding::LittleParallelism { cores, .. }
            | Finding::Burden { cores, .. }
            | Finding::Unexplained { cores, .. }
            | Finding::AboveBound { cores, .. } = f
            {
                check_cores("findings[].cores", *cores)?;
            }
        }
        Ok(())
    }
}
