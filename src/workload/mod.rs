//! What a workload is: tasks made of `cpu N` and `io W` steps (N, W in ticks),
//! optional serial phases that run alone before and after them, the real length
//! of a tick, and the CPU kernel a tick runs (the workload's, or a task's own:
//! one workload may mix kernels).
//!
//! A workload comes from a TOML file ([`load_file`], [`parse_str`]) or is built in
//! code ([`Workload::builder`]). Either way it passes the same validation and the
//! same [limits](Limits), so no input can make later stages allocate without bound.
//! This module does not run anything.

mod builtin;
mod limits;
pub(crate) mod load;
mod step;

pub use builtin::{BUILTIN, builtin, resolve, shadows_builtin, suggest};

use limits::validate;
pub use limits::{LimitError, Limits, check_tick_ns};
pub(crate) use limits::{check_name, check_tick, check_totals};
pub use load::{WorkloadError, load_file, parse_str};
pub use step::{KernelKind, Step, StepError};

/// A named task: its steps run in order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Task {
    /// Unique within its workload.
    pub name: String,
    /// At least one step.
    pub steps: Vec<Step>,
    /// The kernel this task's CPU ticks run, when it is not the workload's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kernel: Option<KernelKind>,
}

impl Task {
    /// Ticks of CPU work in this task.
    pub fn cpu_ticks(&self) -> u64 {
        self.steps
            .iter()
            .map(|s| match s {
                Step::Cpu(n) => *n,
                Step::Io(_) => 0,
            })
            .sum()
    }

    /// Ticks from start to end when the task runs alone (CPU and I/O).
    pub fn length(&self) -> u64 {
        self.steps.iter().map(|s| s.ticks()).sum()
    }
}

/// The default tick length: 10 ms.
pub const DEFAULT_TICK_NS: u64 = 10_000_000;

/// A validated workload.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Workload {
    /// Short name, shown in reports.
    pub name: String,
    /// One line saying what it shows.
    pub description: String,
    /// Real length of one tick, in nanoseconds.
    pub tick_ns: u64,
    /// Kernel a CPU tick runs.
    pub kernel: KernelKind,
    /// CPU ticks that run alone before the tasks.
    pub serial_before: u64,
    /// CPU ticks that run alone after the tasks.
    pub serial_after: u64,
    /// The tasks, in queue order, `count` already expanded.
    pub tasks: Vec<Task>,
}

impl Workload {
    /// Starts a workload in code; [`WorkloadBuilder::build`] validates it.
    pub fn builder(name: &str) -> WorkloadBuilder {
        WorkloadBuilder {
            w: Workload {
                name: name.to_string(),
                description: String::new(),
                tick_ns: DEFAULT_TICK_NS,
                kernel: KernelKind::Spin,
                serial_before: 0,
                serial_after: 0,
                tasks: Vec::new(),
            },
        }
    }

    /// Ticks of CPU work in the tasks (serial phases excluded).
    pub fn parallel_ticks(&self) -> u64 {
        self.tasks.iter().map(Task::cpu_ticks).sum()
    }

    /// Ticks of CPU work that must run alone.
    pub fn serial_phase_ticks(&self) -> u64 {
        self.serial_before + self.serial_after
    }

    /// All CPU work: T1, the serial time of the article.
    pub fn work(&self) -> u64 {
        self.parallel_ticks() + self.serial_phase_ticks()
    }

    /// The longest chain: serial phases plus the longest task (CPU and I/O), T∞.
    pub fn span(&self) -> u64 {
        self.serial_phase_ticks() + self.tasks.iter().map(Task::length).max().unwrap_or(0)
    }

    /// Amdahl's serial fraction s: the share of CPU work that must run alone.
    pub fn serial_fraction(&self) -> f64 {
        let w = self.work();
        if w == 0 {
            0.0
        } else {
            self.serial_phase_ticks() as f64 / w as f64
        }
    }

    /// The kernel task `k`'s CPU ticks run: its own, else the workload's.
    pub fn kernel_of(&self, k: usize) -> KernelKind {
        self.tasks[k].kernel.unwrap_or(self.kernel)
    }

    /// Every kernel the workload runs, the workload's own first, each once.
    pub fn kernels(&self) -> Vec<KernelKind> {
        let mut v = vec![self.kernel];
        for t in &self.tasks {
            if let Some(k) = t.kernel.filter(|k| !v.contains(k)) {
                v.push(k);
            }
        }
        v
    }

    /// Runs every task on `k`, the workload's kernel included.
    pub fn set_kernel(&mut self, k: KernelKind) {
        self.kernel = k;
        for t in &mut self.tasks {
            t.kernel = None;
        }
    }

    /// Ticks of I/O waiting in the tasks.
    pub fn io_ticks(&self) -> u64 {
        self.tasks
            .iter()
            .flat_map(|t| &t.steps)
            .map(|s| match s {
                Step::Io(n) => *n,
                Step::Cpu(_) => 0,
            })
            .sum()
    }

    /// Whether any task waits on I/O.
    pub fn has_io(&self) -> bool {
        self.tasks
            .iter()
            .any(|t| t.steps.iter().any(|s| matches!(s, Step::Io(_))))
    }
}

/// Builds a [`Workload`] in code.
#[derive(Debug, Clone)]
pub struct WorkloadBuilder {
    w: Workload,
}

impl WorkloadBuilder {
    /// Sets the description.
    pub fn description(mut self, d: &str) -> Self {
        self.w.description = d.to_string();
        self
    }
    /// Sets the tick length in nanoseconds.
    pub fn tick_ns(mut self, ns: u64) -> Self {
        self.w.tick_ns = ns;
        self
    }
    /// Sets the kernel.
    pub fn kernel(mut self, k: KernelKind) -> Self {
        self.w.kernel = k;
        self
    }
    /// Sets the serial phases.
    pub fn serial(mut self, before: u64, after: u64) -> Self {
        self.w.serial_before = before;
        self.w.serial_after = after;
        self
    }
    /// Adds a task.
    pub fn task(mut self, name: &str, steps: &[Step]) -> Self {
        self.w.tasks.push(Task {
            name: name.to_string(),
            steps: steps.to_vec(),
            kernel: None,
        });
        self
    }
    /// Adds a task whose CPU ticks run kernel `k` instead of the workload's.
    pub fn task_on(mut self, name: &str, k: KernelKind, steps: &[Step]) -> Self {
        self = self.task(name, steps);
        if let Some(t) = self.w.tasks.last_mut() {
            t.kernel = Some(k);
        }
        self
    }
    /// Adds `count` copies of a task named `name1`, `name2`, ….
    pub fn tasks(mut self, name: &str, count: u64, steps: &[Step]) -> Self {
        for i in 1..=count {
            self = self.task(&format!("{name}{i}"), steps);
        }
        self
    }
    /// Validates and returns the workload.
    pub fn build(self) -> Result<Workload, LimitError> {
        validate(&self.w)?;
        Ok(self.w)
    }
}

#[cfg(test)]
mod tests;
