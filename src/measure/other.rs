//! Stand-ins for systems other than Linux: wall clocks work, the rest reports
//! "unknown" rather than guessing.

use super::{CgroupCpu, Switches};
use std::sync::OnceLock;
use std::time::Instant;

fn epoch() -> Instant {
    static E: OnceLock<Instant> = OnceLock::new();
    *E.get_or_init(Instant::now)
}

pub fn mono_ns() -> u64 {
    epoch().elapsed().as_nanos() as u64
}
pub fn thread_cpu_ns() -> u64 {
    mono_ns()
}
pub fn process_cpu_ns() -> u64 {
    mono_ns()
}
pub fn other_process_cpu_ns(_pid: u32) -> Option<u64> {
    None
}
pub fn die_with_parent(_cmd: &mut std::process::Command) {}
pub fn set_timer_slack_ns(_ns: u64) -> Option<u64> {
    None
}
pub fn current_cpu() -> Option<u32> {
    None
}
pub fn allowed_cpus() -> Vec<usize> {
    Vec::new()
}
pub fn confine_to(_cpus: &[usize]) -> std::io::Result<()> {
    Ok(())
}
pub fn thread_count() -> Option<usize> {
    None
}
pub fn confine_child(_cmd: &mut std::process::Command, _cpus: &[usize]) {}
pub fn switches(_thread: bool) -> Switches {
    Switches::default()
}
pub fn cgroup_cpu() -> CgroupCpu {
    CgroupCpu::default()
}
pub fn hostname() -> String {
    "unknown".into()
}
pub fn cpu_model() -> String {
    "unknown".into()
}
pub fn kernel_release() -> String {
    "unknown".into()
}
pub fn last_level_cache_bytes() -> Option<u64> {
    None
}
pub fn fd_limits() -> Option<(u64, u64)> {
    None
}
pub fn raise_fd_limit() -> Option<u64> {
    None
}
pub fn exit_on_interrupt() {}
pub fn host_busy_ns() -> Option<u64> {
    None
}
pub fn own_cpu_ns() -> u64 {
    process_cpu_ns()
}
