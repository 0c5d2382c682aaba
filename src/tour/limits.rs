//! How many threads the tour may start at once on this host, and which limit
//! decided: the per-user limit on processes (`RLIMIT_NPROC`, which counts
//! threads), the kernel's `threads-max`, and available memory. Half of each
//! count limit is left to the rest of the system, and each thread is charged
//! [`THREAD_BYTES`] of memory (stack pages it touches, the kernel's stack and
//! bookkeeping), of which a quarter of the available memory may go to them.
//! Only Linux is read; elsewhere the wanted count stands.

/// Memory charged to one thread, bytes: generous, so the bound is safe.
pub const THREAD_BYTES: u64 = 256 << 10;

use crate::findings::tour::{ThreadBound, ThreadLimit};

/// The threads to start and why that many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadBudget {
    /// How many.
    pub threads: usize,
    /// Which bound applied, and the others.
    pub bound: ThreadBound,
}

/// A limit on threads with its name.
struct Limit {
    name: ThreadLimit,
    threads: u64,
}

/// Up to `want` threads, within this host's limits.
pub fn thread_budget(want: usize) -> ThreadBudget {
    decide(want, &limits())
}

fn decide(want: usize, limits: &[Limit]) -> ThreadBudget {
    let all: Vec<(ThreadLimit, u64)> = limits.iter().map(|l| (l.name, l.threads)).collect();
    match limits.iter().min_by_key(|l| l.threads) {
        Some(l) if (l.threads as usize) < want => ThreadBudget {
            threads: (l.threads as usize).max(1),
            bound: ThreadBound {
                bounded_by: Some(l.name),
                limits: all,
            },
        },
        _ => ThreadBudget {
            threads: want,
            bound: ThreadBound {
                bounded_by: None,
                limits: all,
            },
        },
    }
}

#[cfg(target_os = "linux")]
fn limits() -> Vec<Limit> {
    let mut v = Vec::new();
    let mut rl = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: rl is a valid, writable rlimit.
    if unsafe { libc::getrlimit(libc::RLIMIT_NPROC, &mut rl) } == 0
        && rl.rlim_cur != libc::RLIM_INFINITY
    {
        v.push(Limit {
            name: ThreadLimit::Nproc,
            threads: rl.rlim_cur / 2,
        });
    }
    let read = |path: &str| std::fs::read_to_string(path).ok();
    if let Some(n) = read("/proc/sys/kernel/threads-max").and_then(|s| s.trim().parse::<u64>().ok())
    {
        v.push(Limit {
            name: ThreadLimit::ThreadsMax,
            threads: n / 2,
        });
    }
    let available_kib = read("/proc/meminfo").and_then(|m| {
        m.lines()
            .find_map(|l| l.strip_prefix("MemAvailable:"))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
    });
    if let Some(kib) = available_kib {
        v.push(Limit {
            name: ThreadLimit::Memory,
            threads: kib * 1024 / 4 / THREAD_BYTES,
        });
    }
    v
}

#[cfg(not(target_os = "linux"))]
fn limits() -> Vec<Limit> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tightest_limit_decides() {
        use ThreadLimit::{Memory, Nproc};
        let l = |name, threads| Limit { name, threads };
        let b = decide(2000, &[l(Nproc, 50_000), l(Memory, 900)]);
        assert_eq!(b.threads, 900);
        assert_eq!(b.bound.bounded_by, Some(Memory), "{b:?}");
        assert_eq!(b.bound.limits, [(Nproc, 50_000), (Memory, 900)]);
        let b = decide(2000, &[l(Nproc, 50_000)]);
        assert_eq!(b.threads, 2000);
        assert_eq!(b.bound.bounded_by, None, "{b:?}");
        assert_eq!(decide(10, &[]).threads, 10);
    }

    #[test]
    fn this_host_allows_some_threads() {
        let b = thread_budget(100);
        assert!(b.threads >= 1 && b.threads <= 100, "{b:?}");
    }
}
