//! `conpar calibrate`'s words: the overheads' names for people, the host's
//! lines and the tables' titles, each written once.

use crate::units::Nanos;
use std::fmt;

/// What was not measured reads so.
pub const UNMEASURED: &str = "not measured";
/// Why the hand-off across cores was not measured on one allowed CPU.
pub const NEEDS_TWO_CPUS: &str = "needs two allowed CPUs";
/// The overheads' table.
pub const OVERHEADS: &str = "overheads (median [min–max])";
/// The row of `workspan`'s burden.
pub const BURDEN: &str = "workspan burden: rayon fork, steal, join";
/// The costs measured at several counts.
pub const GROWS: &str = "costs that grow with P (median at each count k)";
/// The kernels' contention curves.
pub const CONTENTION: &str =
    "contention: one copy's slowdown with k copies on k cores (median [min–max])";

/// People's words for each overhead `Overheads::named` names.
pub fn overhead(key: &str) -> &str {
    match key {
        "thread_spawn_join" => "thread spawn + join",
        "fork" => "fork + exit + wait",
        "process_start" => "start a worker process until ready",
        "pool_dispatch" => "rayon job dispatch (2 threads), per job",
        "tokio_spawn" => "tokio task spawn + await, per task",
        "context_switch_same_core" => "context switch, same core",
        "handoff_cross_core" => "hand-off across cores",
        "sleep_overshoot" => "thread::sleep(1ms) lateness",
        "tokio_sleep_overshoot" => "tokio sleep(10ms) lateness",
        "worker_handout" => "a task handed to a worker and back",
        k => k,
    }
}

/// The kernels' table title: the tick they were calibrated to, and the CPU
/// they ran on, where known.
pub struct KernelsTitle {
    /// One tick, in ns, when any kernel was calibrated.
    pub tick_ns: Option<f64>,
    /// The CPU the kernels ran on.
    pub cpu: Option<usize>,
}

impl fmt::Display for KernelsTitle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("kernels")?;
        if let Some(t) = self.tick_ns {
            write!(f, ", one tick of {}", Nanos(t))?;
            if let Some(c) = self.cpu {
                write!(f, " on CPU {c}")?;
            }
        }
        f.write_str(" (median [min–max] over the trials)")
    }
}

/// The host's line: its name, CPU model and kernel.
pub fn host(hostname: &str, cpu_model: &str, kernel: &str) -> String {
    format!("host {hostname}: {cpu_model} — kernel {kernel}")
}

/// The CPUs this process may use, of how many, and the cgroup's quota and
/// throttling.
pub fn cpus(
    allowed: &[usize],
    logical: usize,
    quota_cpus: Option<f64>,
    throttled: u64,
    throttled_us: u64,
) -> String {
    let quota = super::page::Quota(quota_cpus);
    format!(
        "allowed CPUs {allowed:?} of {logical}; cgroup CPU quota {quota}; throttled {throttled} periods ({throttled_us} µs)"
    )
}

/// The burden's remark: a join less the same work alone, and how often the
/// job was stolen.
pub fn burden(join_ns: u64, baseline_ns: u64, stolen: u64, trials: u64) -> String {
    format!(
        "join {} less {} alone; stolen in {stolen} of {trials} trials",
        Nanos(join_ns as f64),
        Nanos(baseline_ns as f64)
    )
}

/// A kernel's set-up row: on a new thread, and (the remark) in a new worker.
pub fn setup(kernel: &str) -> String {
    format!("{kernel} kernel set-up, new thread")
}

/// The set-up row's remark: the median in a new worker, or not measured.
pub fn in_worker(median_ns: Option<f64>) -> String {
    let m = median_ns.map_or(UNMEASURED.to_string(), |m| Nanos(m).to_string());
    format!("in a new worker {m}")
}
