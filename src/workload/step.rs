//! A task's steps (`cpu N`, `io W`, in ticks) and the CPU kernels a tick
//! may run, each read from and written as the workload format's words.

use super::Limits;
use std::fmt;
use std::str::FromStr;

/// One step of a task, in ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "ticks")]
pub enum Step {
    /// Computation: this many ticks of CPU work.
    Cpu(u64),
    /// A wait for disk or network of this many ticks.
    Io(u64),
}

impl Step {
    /// The step's length in ticks.
    pub fn ticks(self) -> u64 {
        match self {
            Step::Cpu(n) | Step::Io(n) => n,
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Cpu(n) => write!(f, "cpu {n}"),
            Step::Io(n) => write!(f, "io {n}"),
        }
    }
}

/// A step or kernel name that does not parse; each says what is accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error(
        "step `{0}` is not of the form `cpu N` or `io N` (N a whole number of ticks, at least 1)"
    )]
    Form(String),
    #[error("unknown step kind `{kind}` in `{step}`: accepted kinds are `cpu` and `io`")]
    Kind { kind: String, step: String },
    #[error("tick count `{ticks}` in `{step}` is not a whole number of ticks (at least 1)")]
    NotTicks { ticks: String, step: String },
    #[error("tick count 0 in `{0}`: a step lasts at least 1 tick")]
    Zero(String),
    #[error(
        "tick count {ticks} in `{step}` is above the limit of {} ticks per step",
        Limits::MAX_STEP_TICKS
    )]
    TooLong { ticks: u64, step: String },
    #[error("unknown kernel `{0}`: accepted kernels are spin, memory, hash")]
    Kernel(String),
}

/// Parses `cpu N` or `io N`; the error says what is accepted.
impl FromStr for Step {
    type Err = StepError;
    fn from_str(s: &str) -> Result<Self, StepError> {
        let mut parts = s.split_whitespace();
        let step = || s.to_string();
        let (Some(kind), Some(n), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(StepError::Form(step()));
        };
        let make: fn(u64) -> Step = match kind {
            "cpu" => Step::Cpu,
            "io" => Step::Io,
            other => {
                return Err(StepError::Kind {
                    kind: other.to_string(),
                    step: step(),
                });
            }
        };
        let ticks: u64 = n.parse().map_err(|_| StepError::NotTicks {
            ticks: n.to_string(),
            step: step(),
        })?;
        if ticks == 0 {
            return Err(StepError::Zero(step()));
        }
        if ticks > Limits::MAX_STEP_TICKS {
            return Err(StepError::TooLong {
                ticks,
                step: step(),
            });
        }
        Ok(make(ticks))
    }
}

/// The CPU kernel one tick of `cpu` work runs when a workload is run for real.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KernelKind {
    /// Integer compute on registers: scales with cores.
    #[default]
    Spin,
    /// Streams over a buffer larger than a core's cache share: competes for memory bandwidth.
    Memory,
    /// SHA-256 over a small buffer: a real library workload.
    Hash,
}

impl KernelKind {
    /// Every kernel, in the order help texts list them.
    pub const ALL: [KernelKind; 3] = [KernelKind::Spin, KernelKind::Memory, KernelKind::Hash];

    /// Every kernel's name, for help texts and suggestions.
    pub const NAMES: [&'static str; 3] = ["spin", "memory", "hash"];

    /// The name used in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            KernelKind::Spin => "spin",
            KernelKind::Memory => "memory",
            KernelKind::Hash => "hash",
        }
    }
}

impl FromStr for KernelKind {
    type Err = StepError;
    fn from_str(s: &str) -> Result<Self, StepError> {
        KernelKind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| StepError::Kernel(s.to_string()))
    }
}
