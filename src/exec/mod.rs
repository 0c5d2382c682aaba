//! Running a workload for real: the [`Strategy`] trait, one file per strategy,
//! and the pieces they share (the per-thread step runner and the trace).
//!
//! | strategy | what runs | compared with |
//! |---|---|---|
//! | `interleave` | one thread, cooperative round-robin over the tasks | round-robin, 1 core, blocking I/O |
//! | `threads` | one OS thread per task, confined to the P cores | round-robin on P cores, OS time slice as quantum, async I/O (a sleeping thread frees its core) |
//! | `rayon` | a rayon pool of P threads, one FIFO job per task | list on P cores, blocking I/O |
//! | `tokio` | a tokio runtime with P workers, one task per task | list on P cores, async I/O |
//! | `processes` | P worker processes pulling tasks from the parent | list on P cores, blocking I/O, plus process start-up |
//! | `mock` | nothing: the model's schedule, scaled to nanoseconds | itself (for deterministic tests) |
//!
//! Strategy files never import each other; rayon, tokio and process spawning
//! each appear only in their own file. Pools and runtimes are built in
//! [`Strategy::prepare`], outside the timed part.

mod growth;
pub mod hazards;
mod interleave;
mod mock;
pub mod overhead;
mod probes;
mod processes;
pub mod protocol;
mod rayon_pool;
mod runner;
mod threads;
mod tokio_rt;
pub mod worker;

pub use mock::Mock;
pub use runner::execute;
pub(crate) use runner::pick;

use crate::kernel::Calibration;
pub use crate::kinds::StrategyKind;
use crate::measure::Switches;
use crate::model::Machine;
use crate::timeline::{Slice, State, Timeline, Unit};
use crate::workload::Workload;
use std::path::PathBuf;
use std::time::Duration;

/// Everything a strategy needs to run one workload on P cores.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    pub workload: &'a Workload,
    /// The P CPUs chosen from the allowed set (repeated when oversubscribed).
    pub cpus: Vec<usize>,
    /// Pin one pool worker to each CPU (false: confine to the set, let the kernel place).
    pub pin: bool,
    /// The workload's kernel calibrated to the tick.
    pub calibration: Calibration,
    /// The other kernels tasks run, calibrated to the same tick (empty when
    /// every task runs the workload's).
    pub kernels: Vec<Calibration>,
    /// `interleave`'s quantum in ticks.
    pub quantum: u64,
    /// The OS scheduler's time slice, for the `threads` model.
    pub os_slice_ns: u64,
    /// The binary started as a worker process.
    pub worker_exe: PathBuf,
    /// Longest a run may take before it is stopped.
    pub timeout: Duration,
}

impl Plan<'_> {
    /// P.
    pub fn cores(&self) -> usize {
        self.cpus.len()
    }

    /// The calibration task `k`'s CPU ticks run with.
    pub fn calibration_for(&self, k: usize) -> &Calibration {
        runner::pick(&self.calibration, &self.kernels, self.workload.kernel_of(k))
    }
}

/// Why a real run failed.
#[derive(Debug, thiserror::Error)]
pub enum ExecError {
    /// A thread, runtime or process could not be started.
    #[error("{strategy}: could not start {what}: {source}")]
    Start {
        strategy: &'static str,
        /// What was being started.
        what: String,
        source: std::io::Error,
    },
    /// A worker died before finishing its task.
    #[error("{strategy}: worker {worker} died while running task `{task}`: {detail}")]
    WorkerDied {
        strategy: &'static str,
        worker: usize,
        /// The task it held.
        task: String,
        /// Exit status or signal.
        detail: String,
    },
    /// The run outlasted its timeout and was stopped.
    #[error("{strategy}: run stopped after {after:?} (timeout); unfinished tasks: {pending}")]
    Timeout {
        strategy: &'static str,
        after: Duration,
        /// Tasks that had not finished.
        pending: String,
    },
    /// A worker said something the protocol does not allow.
    #[error("{strategy}: {detail}")]
    Protocol {
        strategy: &'static str,
        detail: String,
    },
}

/// A slice as recorded by a worker: absolute monotonic times and the CPU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawSlice {
    /// Task index (serial phases follow the tasks, as in the model).
    pub task: u32,
    /// Lane: the worker index, or for `threads` the CPU's index in the plan.
    pub lane: u32,
    /// Start, monotonic ns.
    pub start: u64,
    /// End, monotonic ns.
    pub end: u64,
    /// Run or blocked.
    pub state: State,
    /// Ticks of CPU work done.
    pub work: u64,
    /// CPU the slice started on (u32::MAX when unknown).
    pub cpu: u32,
}

/// What one real run recorded.
#[derive(Debug, Clone, Default)]
pub struct Trace {
    /// Run start, monotonic ns.
    pub start_ns: u64,
    /// Run end, monotonic ns.
    pub end_ns: u64,
    pub slices: Vec<RawSlice>,
    /// Core-time the workers spent working: their CPU time (threads) or the
    /// length of their run slices (pools).
    pub busy_ns: u64,
    /// CPU time of each worker thread or process.
    pub worker_cpu_ns: Vec<u64>,
    /// Context switches during the run (the harness process plus any workers).
    pub switches: Switches,
}

impl Trace {
    /// Wall-clock of the run.
    pub fn wall_ns(&self) -> u64 {
        self.end_ns.saturating_sub(self.start_ns)
    }

    /// The trace as a timeline in nanoseconds from the run's start.
    pub fn timeline(&self, tasks: Vec<String>, cores: usize) -> Timeline {
        Timeline {
            unit: Unit::Nanos,
            cores,
            tasks,
            finish: self.wall_ns(),
            slices: self
                .slices
                .iter()
                .map(|s| Slice {
                    task: s.task,
                    core: s.lane,
                    start: s.start.saturating_sub(self.start_ns),
                    end: s
                        .end
                        .saturating_sub(self.start_ns)
                        .max(s.start.saturating_sub(self.start_ns) + 1),
                    state: s.state,
                    work: s.work,
                })
                .collect(),
        }
    }
}

/// A way of running a workload on real cores.
pub trait Strategy: Send + Sync {
    /// Its name on the command line.
    fn name(&self) -> &'static str;
    /// The model machine it is compared with on `plan`.
    fn model(&self, plan: &Plan) -> Machine;
    /// Whether each worker owns one core (so no two slices share a lane at once).
    fn exclusive_lanes(&self) -> bool {
        true
    }
    /// Builds what must exist before timing starts (pools, runtimes).
    fn prepare<'p>(&self, plan: &'p Plan<'p>) -> Result<Box<dyn Prepared + 'p>, ExecError>;
}

/// A strategy ready to run: `run` is the timed part, called once per repetition.
pub trait Prepared {
    /// Runs every task once; the trace's times cover this call alone.
    fn run(&mut self) -> Result<Trace, ExecError>;
    /// Whether the trace is made up (the mock) and already covers the serial
    /// phases, so [`execute`] must neither time nor extend it.
    fn synthetic(&self) -> bool {
        false
    }
}

/// The strategy `kind` stands for.
pub fn strategy(kind: StrategyKind) -> Box<dyn Strategy> {
    match kind {
        StrategyKind::Interleave => Box::new(interleave::Interleave),
        StrategyKind::Threads => Box::new(threads::Threads),
        StrategyKind::Rayon => Box::new(rayon_pool::Rayon),
        StrategyKind::Tokio => Box::new(tokio_rt::Tokio),
        StrategyKind::Processes => Box::new(processes::Processes),
        StrategyKind::Mock { .. } => Box::new(Mock {
            slowdown: kind.slowdown(),
            jitter: kind.jitter(),
        }),
    }
}

/// The task names a trace's timeline uses: the tasks, then the serial phases.
pub fn task_names(w: &Workload) -> Vec<String> {
    let mut v: Vec<String> = w.tasks.iter().map(|t| t.name.clone()).collect();
    if w.serial_before > 0 {
        v.push("(serial before)".into());
    }
    if w.serial_after > 0 {
        v.push("(serial after)".into());
    }
    v
}

#[cfg(test)]
mod tests;
