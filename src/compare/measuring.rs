//! What the measuring loop of `conpar run` takes, says and fails with, and
//! the checks its pairs share: the options, the progress events, the
//! errors, the CPUs a pair runs on and the check of a trace against its
//! workload.

use super::Row;
use crate::exec::ExecError;
use crate::kernel::Calibration;
use crate::kinds::StrategyKind;
use crate::repeat::Repeat;
use crate::stats::Summary;
use crate::timeline::Timeline;
use crate::workload::Workload;
use std::path::PathBuf;
use std::time::Duration;

/// How to measure.
#[derive(Debug, Clone)]
pub struct Options {
    /// Strategies, in the order to run them.
    pub strategies: Vec<StrategyKind>,
    /// Core counts, each at least 1.
    pub cores: Vec<usize>,
    /// When to stop repeating a pair's timed runs (and how many serial
    /// baselines: its minimum, at least 3).
    pub runs: Repeat,
    /// Untimed runs before them.
    pub warmup: usize,
    /// Pin pool workers one per core.
    pub pin: bool,
    /// `interleave`'s quantum in ticks.
    pub quantum: u64,
    /// The OS time slice assumed for `threads`.
    pub os_slice_ns: u64,
    /// Longest one run may take.
    pub timeout: Duration,
    /// The binary started as a worker process.
    pub worker_exe: PathBuf,
    /// On a failed pair, report it and go on with the next instead of stopping.
    pub keep_going: bool,
}

/// Progress, reported between timed runs (never during one).
#[derive(Debug)]
pub enum Event<'a> {
    /// The kernel was calibrated.
    Calibrated(&'a Calibration),
    /// The serial baseline was timed (seconds).
    Serial(&'a Summary),
    /// A run (timed or not, baseline or strategy) is about to start.
    Started(String),
    /// That run ended, well or not.
    Ended,
    /// A pair failed and, with `keep_going`, the next one follows.
    Failed(&'a HarnessError),
    /// One run of a pair finished.
    RunDone {
        strategy: StrategyKind,
        cores: usize,
    },
    /// A pair is complete.
    Row(&'a Row),
}

/// The caller's handler of progress events: an error stops the run.
pub(super) type Handler<'h> = dyn FnMut(Event) -> Result<(), String> + Send + 'h;

/// Why measuring stopped.
#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    /// A run failed.
    #[error("{strategy} on {cores} cores: {source}")]
    Exec {
        strategy: String,
        cores: usize,
        source: ExecError,
    },
    /// The caller's handler refused an event (for example, saving failed).
    #[error("{0}")]
    Handler(String),
    /// A trace did not account for every tick.
    #[error("{strategy} on {cores} cores: the trace is inconsistent: {detail}")]
    Inconsistent {
        strategy: String,
        cores: usize,
        detail: TraceError,
    },
    /// The model refused the pair's machine or workload.
    #[error(transparent)]
    Setup(#[from] crate::model::ModelError),
}

/// The P CPUs to use: the first P allowed ones, cycling when P exceeds them.
pub fn choose_cpus(allowed: &[usize], p: usize) -> Vec<usize> {
    (0..p).map(|i| allowed[i % allowed.len()]).collect()
}

/// Checks a trace against its workload: every task's CPU ticks ran exactly
/// once and no task is in two slices at once.
pub fn check_trace(w: &Workload, t: &Timeline) -> Result<(), TraceError> {
    let work = t.work_per_task();
    for (i, task) in w.tasks.iter().enumerate() {
        if work[i] != task.cpu_ticks() {
            return Err(TraceError::Work {
                task: task.name.clone(),
                ran: work[i],
                of: task.cpu_ticks(),
            });
        }
    }
    let mut v: Vec<_> = t.slices.iter().collect();
    v.sort_by_key(|s| (s.task, s.start));
    for p in v.windows(2) {
        if p[0].task == p[1].task && p[1].start < p[0].end {
            return Err(TraceError::Overlap {
                task: t.tasks[p[0].task as usize].clone(),
            });
        }
    }
    Ok(())
}

/// How a real run's trace fails to account for its workload.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TraceError {
    #[error("task `{task}` ran {ran} of its {of} ticks")]
    Work { task: String, ran: u64, of: u64 },
    #[error("task `{task}` ran in two slices at once")]
    Overlap { task: String },
}
