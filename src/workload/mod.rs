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
pub(crate) mod load;

pub use builtin::{BUILTIN, builtin, resolve, shadows_builtin, suggest};

pub use load::{WorkloadError, load_file, parse_str};

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

/// Parses `cpu N` or `io N`; the error says what is accepted.
impl FromStr for Step {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let mut parts = s.split_whitespace();
        let (Some(kind), Some(n), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!(
                "step `{s}` is not of the form `cpu N` or `io N` (N a whole number of ticks, at least 1)"
            ));
        };
        let make: fn(u64) -> Step = match kind {
            "cpu" => Step::Cpu,
            "io" => Step::Io,
            other => {
                return Err(format!(
                    "unknown step kind `{other}` in `{s}`: accepted kinds are `cpu` and `io`"
                ));
            }
        };
        let ticks: u64 = n.parse().map_err(|_| {
            format!("tick count `{n}` in `{s}` is not a whole number of ticks (at least 1)")
        })?;
        if ticks == 0 {
            return Err(format!(
                "tick count 0 in `{s}`: a step lasts at least 1 tick"
            ));
        }
        if ticks > Limits::MAX_STEP_TICKS {
            return Err(format!(
                "tick count {ticks} in `{s}` is above the limit of {} ticks per step",
                Limits::MAX_STEP_TICKS
            ));
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
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        KernelKind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| format!("unknown kernel `{s}`: accepted kernels are spin, memory, hash"))
    }
}

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

/// Upper bounds on everything a workload may ask for, checked before any work.
#[derive(Debug, Clone, Copy)]
pub struct Limits;

impl Limits {
    /// Tasks after `count` expansion.
    pub const MAX_TASKS: u64 = 1_000_000;
    /// Steps in one task.
    pub const MAX_STEPS_PER_TASK: usize = 10_000;
    /// Steps over all tasks after expansion.
    pub const MAX_TOTAL_STEPS: u64 = 10_000_000;
    /// Ticks in one step or serial phase.
    pub const MAX_STEP_TICKS: u64 = 1_000_000_000_000;
    /// Ticks over the whole workload.
    pub const MAX_TOTAL_TICKS: u64 = 1_000_000_000_000_000;
    /// Shortest tick a workload may set.
    pub const MIN_TICK_NS: u64 = 1_000;
    /// Longest tick a workload may set.
    pub const MAX_TICK_NS: u64 = 10_000_000_000;
    /// Longest task name.
    pub const MAX_NAME_LEN: usize = 64;
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
    pub fn build(self) -> Result<Workload, String> {
        validate(&self.w)?;
        Ok(self.w)
    }
}

/// Checks everything the loader checks, for workloads built in code.
fn validate(w: &Workload) -> Result<(), String> {
    check_tick(w.tick_ns)?;
    if w.tasks.is_empty() {
        return Err("a workload needs at least one task".into());
    }
    if w.tasks.len() as u64 > Limits::MAX_TASKS {
        return Err(format!(
            "{} tasks is above the limit of {}",
            w.tasks.len(),
            Limits::MAX_TASKS
        ));
    }
    let mut names = std::collections::HashSet::new();
    let mut total: u64 = w.serial_phase_ticks();
    let mut steps: u64 = 0;
    for t in &w.tasks {
        check_name(&t.name)?;
        if !names.insert(t.name.as_str()) {
            return Err(format!("duplicate task name `{}`", t.name));
        }
        if t.steps.is_empty() {
            return Err(format!("task `{}` has no steps", t.name));
        }
        if t.steps.len() > Limits::MAX_STEPS_PER_TASK {
            return Err(format!(
                "task `{}` has {} steps, above the limit of {}",
                t.name,
                t.steps.len(),
                Limits::MAX_STEPS_PER_TASK
            ));
        }
        steps += t.steps.len() as u64;
        for s in &t.steps {
            if s.ticks() == 0 || s.ticks() > Limits::MAX_STEP_TICKS {
                return Err(format!(
                    "step `{s}` of task `{}`: ticks must be 1 to {}",
                    t.name,
                    Limits::MAX_STEP_TICKS
                ));
            }
            total = total.saturating_add(s.ticks());
        }
    }
    check_totals(steps, total)
}

/// Checks a tick length against [`Limits`].
pub fn check_tick_ns(ns: u64) -> Result<(), String> {
    check_tick(ns)
}

pub(crate) fn check_tick(ns: u64) -> Result<(), String> {
    if !(Limits::MIN_TICK_NS..=Limits::MAX_TICK_NS).contains(&ns) {
        return Err(format!(
            "tick of {} is outside the accepted range 1us to 10s",
            crate::units::Nanos(ns as f64)
        ));
    }
    Ok(())
}

pub(crate) fn check_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("a task name must not be empty".into());
    }
    if name.chars().count() > Limits::MAX_NAME_LEN {
        return Err(format!(
            "task name `{name}` is longer than {} characters",
            Limits::MAX_NAME_LEN
        ));
    }
    Ok(())
}

pub(crate) fn check_totals(steps: u64, ticks: u64) -> Result<(), String> {
    if steps > Limits::MAX_TOTAL_STEPS {
        return Err(format!(
            "{steps} steps in all is above the limit of {}",
            Limits::MAX_TOTAL_STEPS
        ));
    }
    if ticks > Limits::MAX_TOTAL_TICKS {
        return Err(format!(
            "{ticks} ticks in all is above the limit of {}",
            Limits::MAX_TOTAL_TICKS
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
