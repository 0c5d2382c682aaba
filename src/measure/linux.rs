//! Linux implementations of the `measure` functions.

use super::{CgroupCpu, Switches};
use std::fs;

fn clock(id: libc::clockid_t) -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: ts is a valid out-pointer and the clock ids used are supported.
    unsafe { libc::clock_gettime(id, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

pub fn mono_ns() -> u64 {
    clock(libc::CLOCK_MONOTONIC)
}

pub fn thread_cpu_ns() -> u64 {
    clock(libc::CLOCK_THREAD_CPUTIME_ID)
}

pub fn process_cpu_ns() -> u64 {
    clock(libc::CLOCK_PROCESS_CPUTIME_ID)
}

pub fn other_process_cpu_ns(pid: u32) -> Option<u64> {
    read(&format!("/proc/{pid}/schedstat"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

pub fn die_with_parent(cmd: &mut std::process::Command) {
    use std::os::unix::process::CommandExt;
    let parent = std::process::id() as libc::pid_t;
    // SAFETY: between fork and exec the closure makes only async-signal-safe
    // system calls and allocates nothing.
    unsafe {
        cmd.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // The parent may have died between fork and prctl, before there
            // was anyone to signal: then the child is already orphaned.
            if libc::getppid() != parent {
                libc::_exit(1);
            }
            Ok(())
        });
    }
}

pub fn set_timer_slack_ns(ns: u64) -> Option<u64> {
    // SAFETY: PR_GET_TIMERSLACK and PR_SET_TIMERSLACK read and set a value
    // of the calling thread only; no pointers are passed.
    unsafe {
        let old = libc::prctl(libc::PR_GET_TIMERSLACK);
        let ns = libc::c_ulong::try_from(ns.max(1)).unwrap_or(libc::c_ulong::MAX);
        (old >= 0 && libc::prctl(libc::PR_SET_TIMERSLACK, ns) == 0).then_some(old as u64)
    }
}

pub fn current_cpu() -> Option<u32> {
    // SAFETY: sched_getcpu takes no arguments.
    let c = unsafe { libc::sched_getcpu() };
    (c >= 0).then_some(c as u32)
}

pub fn allowed_cpus() -> Vec<usize> {
    // SAFETY: the set is zeroed and its size passed correctly.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) != 0 {
            return Vec::new();
        }
        (0..libc::CPU_SETSIZE as usize)
            .filter(|&c| libc::CPU_ISSET(c, &set))
            .collect()
    }
}

pub fn thread_count() -> Option<usize> {
    // A task leaves /proc/self/task only once the kernel has released it.
    fs::read_dir("/proc/self/task").ok().map(|d| d.count())
}

/// Makes the CPU mask out of `cpus`, ignoring those beyond `CPU_SETSIZE`.
fn cpu_set(cpus: &[usize]) -> libc::cpu_set_t {
    // SAFETY: the set is zeroed, then filled with in-range CPUs only.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        for &c in cpus {
            if c < libc::CPU_SETSIZE as usize {
                libc::CPU_SET(c, &mut set);
            }
        }
        set
    }
}

pub fn confine_to(cpus: &[usize]) -> std::io::Result<()> {
    if let &[one] = cpus {
        // core_affinity indexes its mask without a check: refuse first.
        if one >= libc::CPU_SETSIZE as usize {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!(
                    "CPU {one} is beyond the {} a CPU mask can name",
                    libc::CPU_SETSIZE
                ),
            ));
        }
        if core_affinity::set_for_current(core_affinity::CoreId { id: one }) {
            return Ok(());
        }
        // Its last call is sched_setaffinity, so errno is still that call's.
        return Err(std::io::Error::last_os_error());
    }
    // core_affinity pins to one core only; a set of CPUs needs the mask itself.
    let set = cpu_set(cpus);
    // SAFETY: set is a valid cpu_set_t and its size is passed correctly.
    unsafe {
        if libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

pub fn confine_child(cmd: &mut std::process::Command, cpus: &[usize]) {
    use std::os::unix::process::CommandExt;
    // Between fork and exec only async-signal-safe calls are allowed.
    // core_affinity's Linux pin happens not to allocate today, but it promises
    // nothing of the kind, pins to one core only (an unpinned worker gets the
    // whole set) and would panic on a CPU beyond the mask; so the hook calls
    // sched_setaffinity itself, on a mask built before the fork.
    let set = cpu_set(cpus);
    // SAFETY: between fork and exec the closure makes one system call and
    // allocates nothing.
    unsafe {
        cmd.pre_exec(move || {
            if libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

pub fn switches(thread: bool) -> Switches {
    // SAFETY: ru is a valid out-pointer.
    unsafe {
        let mut ru: libc::rusage = std::mem::zeroed();
        let who = if thread {
            libc::RUSAGE_THREAD
        } else {
            libc::RUSAGE_SELF
        };
        libc::getrusage(who, &mut ru);
        Switches {
            voluntary: ru.ru_nvcsw as u64,
            involuntary: ru.ru_nivcsw as u64,
        }
    }
}

fn read(path: &str) -> Option<String> {
    fs::read_to_string(path).ok().map(|s| s.trim().to_string())
}

fn stat_field(text: &str, key: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix(key).and_then(|v| v.trim().parse().ok()))
        .unwrap_or(0)
}

pub fn cgroup_cpu() -> CgroupCpu {
    // cgroup v2: the process's group from /proc/self/cgroup ("0::/path").
    let v2 = read("/proc/self/cgroup").and_then(|s| {
        s.lines()
            .find_map(|l| l.strip_prefix("0::").map(|p| format!("/sys/fs/cgroup{p}")))
    });
    if let Some(dir) = v2
        && let Some(max) = read(&format!("{dir}/cpu.max"))
    {
        let mut it = max.split_whitespace();
        let quota = it.next().and_then(|q| q.parse::<f64>().ok());
        let period = it
            .next()
            .and_then(|p| p.parse::<f64>().ok())
            .unwrap_or(100_000.0);
        let stat = read(&format!("{dir}/cpu.stat")).unwrap_or_default();
        return CgroupCpu {
            quota_cpus: quota.map(|q| q / period),
            nr_throttled: stat_field(&stat, "nr_throttled "),
            throttled_us: stat_field(&stat, "throttled_usec "),
        };
    }
    // cgroup v1.
    let quota = read("/sys/fs/cgroup/cpu/cpu.cfs_quota_us").and_then(|q| q.parse::<f64>().ok());
    let period = read("/sys/fs/cgroup/cpu/cpu.cfs_period_us").and_then(|p| p.parse::<f64>().ok());
    let stat = read("/sys/fs/cgroup/cpu/cpu.stat").unwrap_or_default();
    CgroupCpu {
        quota_cpus: match (quota, period) {
            (Some(q), Some(p)) if q > 0.0 && p > 0.0 => Some(q / p),
            _ => None,
        },
        nr_throttled: stat_field(&stat, "nr_throttled "),
        throttled_us: stat_field(&stat, "throttled_time ") / 1000,
    }
}

pub fn hostname() -> String {
    read("/proc/sys/kernel/hostname").unwrap_or_else(|| "unknown".into())
}

pub fn cpu_model() -> String {
    read("/proc/cpuinfo")
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

pub fn kernel_release() -> String {
    read("/proc/sys/kernel/osrelease").unwrap_or_else(|| "unknown".into())
}

pub fn last_level_cache_bytes() -> Option<u64> {
    (0..8)
        .rev()
        .find_map(|i| read(&format!("/sys/devices/system/cpu/cpu0/cache/index{i}/size")))
        .and_then(|s| {
            let (n, mult) = match s.strip_suffix('K') {
                Some(n) => (n, 1024),
                None => match s.strip_suffix('M') {
                    Some(n) => (n, 1024 * 1024),
                    None => (s.as_str(), 1),
                },
            };
            n.parse::<u64>().ok().map(|v| v * mult)
        })
}

pub fn fd_limits() -> Option<(u64, u64)> {
    // SAFETY: rl is a valid out-pointer.
    unsafe {
        let mut rl: libc::rlimit = std::mem::zeroed();
        (libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl) == 0).then_some((rl.rlim_cur, rl.rlim_max))
    }
}

pub fn raise_fd_limit() -> Option<u64> {
    let (_, hard) = fd_limits()?;
    let rl = libc::rlimit {
        rlim_cur: hard,
        rlim_max: hard,
    };
    // SAFETY: rl is a valid rlimit.
    let ok = unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &rl) } == 0;
    fd_limits().map(|(soft, _)| soft).filter(|_| ok)
}

extern "C" fn on_interrupt(signal: libc::c_int) {
    let group = super::INTERRUPT_GROUP.load(std::sync::atomic::Ordering::SeqCst);
    let msg: &[u8] = if super::SAYS_RESULTS.load(std::sync::atomic::Ordering::SeqCst) {
        b"\nconpar: interrupted; a result file named with --json or --csv holds every row finished before now (it is not written until one is)\n"
    } else {
        b"\nconpar: stopped\n"
    };
    // A result file half-written now is never renamed over its target.
    crate::outfile::remove_pending();
    // SAFETY: kill, write and _exit are async-signal-safe.
    unsafe {
        if group > 0 {
            libc::kill(-group, libc::SIGKILL);
        }
        libc::write(2, msg.as_ptr().cast(), msg.len());
        libc::_exit(128 + signal);
    }
}

pub fn exit_on_interrupt() {
    let handler = on_interrupt as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: the handler only makes async-signal-safe calls.
    unsafe {
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
    }
}

pub fn host_busy_ns() -> Option<u64> {
    // The first line of /proc/stat: user nice system idle iowait irq softirq
    // steal, in clock ticks, summed over every CPU of the host.
    let text = fs::read_to_string("/proc/stat").ok()?;
    let f: Vec<u64> = text
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .take(8)
        .filter_map(|x| x.parse().ok())
        .collect();
    if f.len() < 8 {
        return None;
    }
    let busy = f.iter().sum::<u64>() - f[3] - f[4];
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    Some(busy * (1_000_000_000 / hz))
}

pub fn own_cpu_ns() -> u64 {
    // SAFETY: ru is a valid out-pointer.
    let children = unsafe {
        let mut ru: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru);
        super::rusage_cpu_ns(&ru)
    };
    process_cpu_ns() + children
}
