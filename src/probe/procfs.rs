//! The server's own account of its work, read from `/proc`: user + system
//! CPU time of every thread of the process and of its descendants (nginx's
//! workers are children of its master), each live thread's CPU time, their
//! thread and process counts, the CPUs the server may run on, and the host's
//! idle time.
//!
//! Two clocks, because each misses something: `/proc/PID/stat` (utime +
//! stime) counts threads that have exited but only in clock ticks (10 ms);
//! `/proc/PID/task/TID/schedstat` counts nanoseconds but only for threads
//! still alive. A window's CPU time is the larger of the two differences.
//!
//! Linux only; elsewhere every reading is `None` and the probe goes without.
//! It reads; it never signals or changes the process.

/// Most processes followed in one tree, so a fork bomb cannot stall a sample.
const MAX_PROCESSES: usize = 4096;
/// Most threads whose own CPU time is read in one sample.
const MAX_THREADS: usize = 16_384;

/// One reading of a process tree.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TreeSample {
    /// User + system CPU time of every thread in the tree, ns (clock ticks).
    pub cpu_ns: u64,
    /// Each live thread's time on a CPU and time runnable but waiting for
    /// one, ns, by thread id (sorted).
    pub per_thread: Vec<(u32, u64, u64)>,
    /// Threads in the tree.
    pub threads: u64,
    /// Processes in the tree.
    pub processes: u64,
}

/// `utime`, `stime` (clock ticks) and `num_threads` of one process, from
/// the text of `/proc/PID/stat`. The command name may hold spaces and
/// parentheses, so fields are counted from the last `)`.
fn parse_stat(text: &str) -> Option<(u64, u64, u64)> {
    let rest = &text[text.rfind(')')? + 1..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // After the name: state is field 3 of the man page, so field k is f[k - 3].
    let utime = f.get(14 - 3)?.parse().ok()?;
    let stime = f.get(15 - 3)?.parse().ok()?;
    let threads = f.get(20 - 3)?.parse().ok()?;
    Some((utime, stime, threads))
}

#[cfg(target_os = "linux")]
fn ticks_per_second() -> u64 {
    // SAFETY: sysconf has no preconditions.
    let t = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if t > 0 { t as u64 } else { 100 }
}

/// Child process ids of `pid`, from every thread's `children` list.
#[cfg(target_os = "linux")]
pub fn children(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
        for t in tasks.flatten() {
            if let Ok(c) = std::fs::read_to_string(t.path().join("children")) {
                out.extend(c.split_whitespace().filter_map(|x| x.parse::<u32>().ok()));
            }
        }
    }
    out
}

/// What a tree used between two samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    /// CPU time, ns: the larger of the two clocks' differences.
    pub cpu_ns: u64,
    /// CPU time of the busiest live thread, ns.
    pub busiest_ns: u64,
    /// Time its live threads were runnable but waited for a CPU, ns: CPU
    /// the server wanted and the host did not give.
    pub waiting_ns: u64,
    /// Threads at the end.
    pub threads: u64,
    /// Processes at the end.
    pub processes: u64,
}

impl TreeSample {
    /// What the tree used from `self` to `later`.
    pub fn until(&self, later: &TreeSample) -> Usage {
        let (mut sched, mut busiest, mut waiting) = (0, 0, 0);
        for &(tid, ns, wait) in &later.per_thread {
            let (ns0, wait0) = self
                .per_thread
                .binary_search_by_key(&tid, |t| t.0)
                .map_or((0, 0), |i| (self.per_thread[i].1, self.per_thread[i].2));
            let d = ns.saturating_sub(ns0);
            sched += d;
            busiest = busiest.max(d);
            waiting += wait.saturating_sub(wait0);
        }
        Usage {
            cpu_ns: later.cpu_ns.saturating_sub(self.cpu_ns).max(sched),
            busiest_ns: busiest,
            waiting_ns: waiting,
            threads: later.threads,
            processes: later.processes,
        }
    }
}

/// Nanoseconds on a CPU and waiting for one, of each thread of `pid`
/// (`schedstat`'s first two fields).
#[cfg(target_os = "linux")]
fn thread_times(pid: u32, out: &mut Vec<(u32, u64, u64)>) {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return;
    };
    for t in tasks.flatten() {
        if out.len() >= MAX_THREADS {
            return;
        }
        let tid = t.file_name().to_str().and_then(|s| s.parse::<u32>().ok());
        let times = std::fs::read_to_string(t.path().join("schedstat"))
            .ok()
            .and_then(|s| {
                let mut f = s.split_whitespace().map(|x| x.parse::<u64>().ok());
                Some((f.next()??, f.next()??))
            });
        if let (Some(tid), Some((run, wait))) = (tid, times) {
            out.push((tid, run, wait));
        }
    }
}

/// The host's idle time (idle + iowait of every CPU), ns, from `/proc/stat`.
#[cfg(target_os = "linux")]
pub fn host_idle_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/stat").ok()?;
    let f: Vec<u64> = text
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .filter_map(|x| x.parse().ok())
        .collect();
    Some((f.get(3)? + f.get(4)?) * (1_000_000_000 / ticks_per_second()))
}

/// Reads the tree rooted at `pid`; `None` when `pid` itself is gone.
#[cfg(target_os = "linux")]
pub fn sample(pid: u32) -> Option<TreeSample> {
    let tick_ns = 1_000_000_000 / ticks_per_second();
    let mut total = TreeSample::default();
    let mut todo = vec![pid];
    let mut seen = 0;
    while let Some(p) = todo.pop() {
        seen += 1;
        if seen > MAX_PROCESSES {
            break;
        }
        let stat = std::fs::read_to_string(format!("/proc/{p}/stat"));
        match stat.ok().as_deref().and_then(parse_stat) {
            Some((u, s, t)) => {
                total.cpu_ns += (u + s) * tick_ns;
                total.threads += t;
                total.processes += 1;
                thread_times(p, &mut total.per_thread);
                todo.extend(children(p));
            }
            None if p == pid => return None,
            None => {}
        }
    }
    total.per_thread.sort_unstable();
    Some(total)
}

/// Whether `pid` is running (a zombie is not).
#[cfg(target_os = "linux")]
pub fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            let rest = s[s.rfind(')')? + 1..].trim_start().to_string();
            Some(!rest.starts_with('Z') && !rest.starts_with('X'))
        })
        .unwrap_or(false)
}

/// How many CPUs `pid` may run on (`sched_getaffinity`).
#[cfg(target_os = "linux")]
pub fn allowed_cpus(pid: u32) -> Option<usize> {
    // SAFETY: a zeroed cpu_set_t is a valid empty set; the call writes at most
    // size_of::<cpu_set_t>() bytes into it.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(
            pid as libc::pid_t,
            std::mem::size_of::<libc::cpu_set_t>(),
            &mut set,
        ) != 0
        {
            return None;
        }
        let n = libc::CPU_COUNT(&set);
        (n > 0).then_some(n as usize)
    }
}

#[cfg(not(target_os = "linux"))]
pub fn sample(_pid: u32) -> Option<TreeSample> {
    None
}

#[cfg(not(target_os = "linux"))]
pub fn host_idle_ns() -> Option<u64> {
    None
}

#[cfg(not(target_os = "linux"))]
pub fn alive(_pid: u32) -> bool {
    true
}

#[cfg(not(target_os = "linux"))]
pub fn allowed_cpus(_pid: u32) -> Option<usize> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_are_counted_from_the_last_parenthesis() {
        let text = "42 (a) b (c)) S 1 42 42 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 7 0 100 0 0";
        assert_eq!(parse_stat(text), Some((250, 75, 7)));
        assert_eq!(parse_stat("garbage"), None);
    }

    #[test]
    fn usage_takes_the_larger_clock_and_the_busiest_thread() {
        let a = TreeSample {
            cpu_ns: 0,
            per_thread: vec![(1, 100, 5), (2, 0, 0)],
            threads: 2,
            processes: 1,
        };
        let b = TreeSample {
            cpu_ns: 0,
            per_thread: vec![(1, 900, 10), (2, 300, 20), (3, 50, 1)],
            threads: 3,
            processes: 1,
        };
        let u = a.until(&b);
        assert_eq!((u.cpu_ns, u.busiest_ns, u.threads), (1150, 800, 3));
        assert_eq!(u.waiting_ns, 5 + 20 + 1);
        let ticks = TreeSample {
            cpu_ns: 10_000_000,
            ..b.clone()
        };
        assert_eq!(a.until(&ticks).cpu_ns, 10_000_000);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_is_read() {
        let s = sample(std::process::id()).unwrap();
        assert!(s.threads >= 1 && s.processes >= 1);
        assert!(alive(std::process::id()));
        assert!(allowed_cpus(std::process::id()).unwrap() >= 1);
        assert!(!s.per_thread.is_empty());
        assert!(host_idle_ns().is_some());
        assert_eq!(sample(u32::MAX), None);
    }
}
