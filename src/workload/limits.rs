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

/// Checks everything the loader checks, for workloads built in code.
pub(super) fn validate(w: &Workload) -> Result<(), String> {
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
    let mut names = std::collections::HashSet::with_capacity(w.tasks.len());
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
