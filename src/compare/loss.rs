//! A real run's loss breakdown: its `cores × wall` split into useful, idle,
//! blocked and overhead core-time, from what its trace measured. Pure.

use crate::results::run::Loss;

/// The core-time of one run, in nanoseconds, that [`split`] divides.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CoreTime {
    pub cores: usize,
    /// The run's wall.
    pub wall_ns: f64,
    /// Core-time the workers were busy (CPU time or run slices).
    pub busy_ns: f64,
    /// Core-time in blocked slices.
    pub blocked_ns: f64,
    /// The serial baseline.
    pub serial_ns: f64,
    /// Core-time before each core's first task.
    pub startup_ns: f64,
    /// Short gaps between tasks on a core.
    pub dispatch_ns: f64,
}

/// Splits a run's `cores × wall`: useful is the serial baseline, blocked
/// the blocked slices, contention the busy time beyond useful, start-up
/// and dispatch as measured from the timeline (never more than the idle
/// time they are taken from), idle the rest.
pub fn split(t: &CoreTime) -> Loss {
    let capacity = t.cores as f64 * t.wall_ns;
    let useful = t.serial_ns.min(capacity);
    let contention = (t.busy_ns - useful).max(0.0);
    let free = (capacity - useful - contention - t.blocked_ns).max(0.0);
    let startup = t.startup_ns.clamp(0.0, free);
    let dispatch = t.dispatch_ns.clamp(0.0, free - startup);
    let overhead = contention + startup + dispatch;
    Loss {
        useful_s: useful / 1e9,
        idle_s: (free - startup - dispatch) / 1e9,
        blocked_s: t.blocked_ns / 1e9,
        overhead_s: overhead / 1e9,
        startup_s: startup / 1e9,
        dispatch_s: dispatch / 1e9,
        contention_s: contention / 1e9,
    }
}
