//! The bounds every workload is held to, loaded or built in code, and the
//! checks against them that the loader and the builder share.

use super::Workload;

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

/// What [`Limits`] and the rules every workload follows refuse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    /// A tick outside [`Limits::MIN_TICK_NS`] to [`Limits::MAX_TICK_NS`].
    #[error("tick of {} is outside the accepted range 1us to 10s", crate::units::Nanos(*ns as f64))]
    Tick { ns: u64 },
    /// No task at all.
    #[error("a workload needs at least one task")]
    NoTasks,
    /// More tasks than [`Limits::MAX_TASKS`].
    #[error("{count} tasks is above the limit of {}", Limits::MAX_TASKS)]
    Tasks { count: u64 },
    /// A task name that is empty or blank.
    #[error("a task name must not be empty")]
    EmptyName,
    /// A task name longer than [`Limits::MAX_NAME_LEN`] characters.
    #[error(
        "task name `{name}` is longer than {} characters",
        Limits::MAX_NAME_LEN
    )]
    LongName { name: String },
    /// Two tasks of one name.
    #[error("duplicate task name `{name}`")]
    Duplicate { name: String },
    /// A task without steps.
    #[error("task `{task}` has no steps")]
    NoSteps { task: String },
    /// More steps in one task than [`Limits::MAX_STEPS_PER_TASK`].
    #[error(
        "task `{task}` has {count} steps, above the limit of {}",
        Limits::MAX_STEPS_PER_TASK
    )]
    Steps { task: String, count: usize },
    /// A step of 0 ticks or more than [`Limits::MAX_STEP_TICKS`].
    #[error(
        "step `{step}` of task `{task}`: ticks must be 1 to {}",
        Limits::MAX_STEP_TICKS
    )]
    StepTicks { task: String, step: String },
    /// More steps in all than [`Limits::MAX_TOTAL_STEPS`].
    #[error(
        "{steps} steps in all is above the limit of {}",
        Limits::MAX_TOTAL_STEPS
    )]
    TotalSteps { steps: u64 },
    /// More ticks in all than [`Limits::MAX_TOTAL_TICKS`].
    #[error(
        "{ticks} ticks in all is above the limit of {}",
        Limits::MAX_TOTAL_TICKS
    )]
    TotalTicks { ticks: u64 },
}

/// Checks everything the loader checks, for workloads built in code.
pub(super) fn validate(w: &Workload) -> Result<(), LimitError> {
    check_tick(w.tick_ns)?;
    if w.tasks.is_empty() {
        return Err(LimitError::NoTasks);
    }
    if w.tasks.len() as u64 > Limits::MAX_TASKS {
        return Err(LimitError::Tasks {
            count: w.tasks.len() as u64,
        });
    }
    let mut names = std::collections::HashSet::with_capacity(w.tasks.len());
    let mut total: u64 = w.serial_phase_ticks();
    let mut steps: u64 = 0;
    for t in &w.tasks {
        check_name(&t.name)?;
        let task = || t.name.clone();
        if !names.insert(t.name.as_str()) {
            return Err(LimitError::Duplicate { name: task() });
        }
        if t.steps.is_empty() {
            return Err(LimitError::NoSteps { task: task() });
        }
        if t.steps.len() > Limits::MAX_STEPS_PER_TASK {
            return Err(LimitError::Steps {
                task: task(),
                count: t.steps.len(),
            });
        }
        steps += t.steps.len() as u64;
        for s in &t.steps {
            if s.ticks() == 0 || s.ticks() > Limits::MAX_STEP_TICKS {
                return Err(LimitError::StepTicks {
                    task: task(),
                    step: s.to_string(),
                });
            }
            total = total.saturating_add(s.ticks());
        }
    }
    check_totals(steps, total)
}

/// Checks a tick length against [`Limits`].
pub fn check_tick_ns(ns: u64) -> Result<(), LimitError> {
    check_tick(ns)
}

pub(crate) fn check_tick(ns: u64) -> Result<(), LimitError> {
    if !(Limits::MIN_TICK_NS..=Limits::MAX_TICK_NS).contains(&ns) {
        return Err(LimitError::Tick { ns });
    }
    Ok(())
}

pub(crate) fn check_name(name: &str) -> Result<(), LimitError> {
    if name.trim().is_empty() {
        return Err(LimitError::EmptyName);
    }
    if name.chars().count() > Limits::MAX_NAME_LEN {
        return Err(LimitError::LongName {
            name: name.to_string(),
        });
    }
    Ok(())
}

pub(crate) fn check_totals(steps: u64, ticks: u64) -> Result<(), LimitError> {
    if steps > Limits::MAX_TOTAL_STEPS {
        return Err(LimitError::TotalSteps { steps });
    }
    if ticks > Limits::MAX_TOTAL_TICKS {
        return Err(LimitError::TotalTicks { ticks });
    }
    Ok(())
}
