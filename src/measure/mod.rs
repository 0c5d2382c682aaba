//! Clocks and counters of this host: monotonic and per-thread CPU clocks, the
//! CPU a thread is on, the allowed CPU set and pinning, context switches, the
//! cgroup CPU quota, and facts about the host for result files.
//!
//! Platform-specific calls live in `linux.rs`; other systems get conservative
//! stand-ins from `other.rs` (no pinning, no per-thread clocks).

#[cfg(target_os = "linux")]
mod linux;
#[cfg(target_os = "linux")]
use linux as sys;
#[cfg(not(target_os = "linux"))]
mod other;
#[cfg(not(target_os = "linux"))]
use other as sys;

use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicI32, Ordering};

/// A child process group to kill if conpar is interrupted (0: none).
static INTERRUPT_GROUP: AtomicI32 = AtomicI32::new(0);

/// From now on, SIGINT (Ctrl-C) and SIGTERM kill the registered child process
/// group, say so on standard error and exit with 128 + the signal's number.
/// Result files are written whole after every finished row, so what was
/// finished stays on disk.
pub fn exit_on_interrupt() {
    sys::exit_on_interrupt()
}

/// Whether the message on an interrupt speaks of result files (`serve`
/// writes none).
static SAYS_RESULTS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// From now on an interrupt says only that conpar stopped: the command
/// writes no result files.
pub fn interrupt_without_results() {
    SAYS_RESULTS.store(false, Ordering::SeqCst);
}

/// Registers the process group of a running child (the command `conpar scale`
/// is timing), or 0 once it is reaped.
pub fn set_interrupt_group(pgid: i32) {
    INTERRUPT_GROUP.store(pgid, Ordering::SeqCst);
}

/// Monotonic time in nanoseconds, comparable across processes of this host.
pub fn mono_ns() -> u64 {
    sys::mono_ns()
}

/// CPU time consumed by the calling thread, in nanoseconds.
pub fn thread_cpu_ns() -> u64 {
    sys::thread_cpu_ns()
}

/// CPU time consumed by the whole process (all threads), in nanoseconds.
pub fn process_cpu_ns() -> u64 {
    sys::process_cpu_ns()
}

/// User plus system time of a `getrusage` or `wait4` record, in nanoseconds.
#[cfg(unix)]
pub fn rusage_cpu_ns(ru: &libc::rusage) -> u64 {
    let ns = |t: libc::timeval| t.tv_sec as u64 * 1_000_000_000 + t.tv_usec as u64 * 1000;
    ns(ru.ru_utime) + ns(ru.ru_stime)
}

/// CPU time every CPU of the host spent busy (not idle, not waiting for
/// I/O; time stolen by the hypervisor included), in nanoseconds, from
/// `/proc/stat`; `None` where the OS does not say.
pub fn host_busy_ns() -> Option<u64> {
    sys::host_busy_ns()
}

/// CPU time of this process and of its children that have been waited for
/// (worker processes, scanned commands), in nanoseconds.
pub fn own_cpu_ns() -> u64 {
    sys::own_cpu_ns()
}

/// CPU time of another process's main thread, in nanoseconds, if readable
/// (`/proc/PID/schedstat`).
pub fn other_process_cpu_ns(pid: u32) -> Option<u64> {
    sys::other_process_cpu_ns(pid)
}

/// Sets the calling thread's timer slack (how late the kernel may wake a
/// sleep, 50 µs by default) to `ns`, returning the slack it had; `None`
/// where the OS has no such setting.
pub fn set_timer_slack_ns(ns: u64) -> Option<u64> {
    sys::set_timer_slack_ns(ns)
}

/// The CPU the calling thread is running on, if the OS says.
pub fn current_cpu() -> Option<u32> {
    sys::current_cpu()
}

/// The CPUs this process may run on (`sched_getaffinity`), ascending.
pub fn allowed_cpus() -> Vec<usize> {
    let v = sys::allowed_cpus();
    if v.is_empty() {
        (0..num_cpus::get()).collect()
    } else {
        v
    }
}

/// Confines the calling thread to `cpus`; one CPU pins it.
pub fn confine_to(cpus: &[usize]) -> std::io::Result<()> {
    sys::confine_to(cpus)
}

/// Makes `cmd`'s child process start confined to `cpus`: the mask is set
/// between fork and exec, so the child never runs anywhere else.
pub fn confine_child(cmd: &mut std::process::Command, cpus: &[usize]) {
    sys::confine_child(cmd, cpus)
}

/// Makes `cmd`'s child die when this process dies (so a helper server never
/// outlives the run, even after SIGKILL).
pub fn die_with_parent(cmd: &mut std::process::Command) {
    sys::die_with_parent(cmd)
}

/// Threads of this process that the kernel still counts, if it says: a
/// joined thread counts against the user's process limit (`RLIMIT_NPROC`)
/// until the kernel releases it, a moment after `join` returns.
pub fn thread_count() -> Option<usize> {
    sys::thread_count()
}

/// Voluntary and involuntary context switches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Switches {
    /// The thread gave up the CPU (waiting, sleeping).
    pub voluntary: u64,
    /// The thread was preempted.
    pub involuntary: u64,
}

impl Switches {
    /// Both kinds together.
    pub fn total(self) -> u64 {
        self.voluntary + self.involuntary
    }
    /// `self − earlier`, counter by counter.
    pub fn since(self, earlier: Switches) -> Switches {
        Switches {
            voluntary: self.voluntary.saturating_sub(earlier.voluntary),
            involuntary: self.involuntary.saturating_sub(earlier.involuntary),
        }
    }
    /// Sum, counter by counter.
    pub fn plus(self, other: Switches) -> Switches {
        Switches {
            voluntary: self.voluntary + other.voluntary,
            involuntary: self.involuntary + other.involuntary,
        }
    }
}

/// Context switches of the whole process so far (`getrusage(RUSAGE_SELF)`).
pub fn process_switches() -> Switches {
    sys::switches(false)
}

/// Context switches of the calling thread so far (`RUSAGE_THREAD`).
pub fn thread_switches() -> Switches {
    sys::switches(true)
}

/// The cgroup's CPU limit, as a number of CPUs, and its throttling so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct CgroupCpu {
    /// quota ÷ period, or None when unlimited or unknown.
    pub quota_cpus: Option<f64>,
    /// Periods in which the group was throttled.
    pub nr_throttled: u64,
    /// Time the group spent throttled, in microseconds.
    pub throttled_us: u64,
}

/// Reads the cgroup CPU quota and throttling (v2 `cpu.max`/`cpu.stat`, or v1
/// `cpu.cfs_quota_us`/`cpu.stat`).
pub fn cgroup_cpu() -> CgroupCpu {
    sys::cgroup_cpu()
}

/// What a result file records about the host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Host {
    /// Host name.
    pub hostname: String,
    /// The allowed CPU set.
    pub allowed_cpus: Vec<usize>,
    /// Logical CPUs the OS reports in all.
    pub logical_cpus: usize,
    /// cgroup CPU quota in CPUs, or null.
    pub cgroup_cpu_quota: Option<f64>,
    /// CPU model name.
    pub cpu_model: String,
    /// OS kernel release.
    pub kernel: String,
}

#[cfg(test)]
impl Host {
    /// A made-up host of `cpus` CPUs, for documents built in tests.
    pub(crate) fn fixture(cpus: usize) -> Host {
        Host {
            hostname: "h".into(),
            allowed_cpus: (0..cpus).collect(),
            logical_cpus: cpus,
            cgroup_cpu_quota: None,
            cpu_model: "cpu".into(),
            kernel: "6".into(),
        }
    }
}

/// Facts about this host.
pub fn host() -> Host {
    Host {
        hostname: sys::hostname(),
        allowed_cpus: allowed_cpus(),
        logical_cpus: num_cpus::get(),
        cgroup_cpu_quota: cgroup_cpu().quota_cpus,
        cpu_model: sys::cpu_model(),
        kernel: sys::kernel_release(),
    }
}

/// Size of the last-level cache, in bytes, if known.
pub fn last_level_cache_bytes() -> Option<u64> {
    sys::last_level_cache_bytes()
}

/// The soft and hard limits on open file descriptors.
pub fn fd_limits() -> Option<(u64, u64)> {
    sys::fd_limits()
}

/// Raises the soft descriptor limit to the hard one; returns the new soft limit.
pub fn raise_fd_limit() -> Option<u64> {
    sys::raise_fd_limit()
}

/// Too few file descriptors for what is to be held open at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FdShortage {
    /// Descriptors needed, with room for the process's own.
    pub need: u64,
    /// The soft limit, raised to the hard one where allowed.
    pub soft: u64,
    /// The hard limit (0 when unknown).
    pub hard: u64,
}

/// Raises the soft descriptor limit to the hard one and checks that `open`
/// connections held at once fit, with 64 to spare for the process's own.
pub fn room_for_descriptors(open: usize) -> Result<(), FdShortage> {
    let soft = raise_fd_limit()
        .or(fd_limits().map(|l| l.0))
        .unwrap_or(1024);
    let need = open as u64 + 64;
    if need > soft {
        return Err(FdShortage {
            need,
            soft,
            hard: fd_limits().map_or(0, |l| l.1),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_move_forward() {
        let (a, c) = (mono_ns(), thread_cpu_ns());
        let mut x = 0u64;
        for i in 0..200_000u64 {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
        }
        assert!(mono_ns() > a);
        assert!(thread_cpu_ns() > c);
    }

    #[test]
    fn pinning_lands_on_the_chosen_cpu() {
        let cpus = allowed_cpus();
        assert!(!cpus.is_empty());
        let last = *cpus.last().unwrap();
        std::thread::spawn(move || {
            confine_to(&[last]).unwrap();
            std::thread::yield_now();
            if let Some(c) = current_cpu() {
                assert_eq!(c as usize, last);
            }
        })
        .join()
        .unwrap();
    }

    #[test]
    fn host_facts_are_filled() {
        let h = host();
        assert!(!h.allowed_cpus.is_empty());
        assert!(h.logical_cpus >= 1, "{h:?}");
        // The allowed set is a set: each CPU once, in order.
        assert!(h.allowed_cpus.windows(2).all(|w| w[0] < w[1]), "{h:?}");
    }
}
