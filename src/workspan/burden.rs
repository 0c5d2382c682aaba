//! The burden: what one spawn costs on the critical path when it is stolen,
//! measured on this host's rayon.
//!
//! What is timed: a two-worker pool, each worker confined to a CPU of its
//! own when two are allowed (so the thief runs beside the victim, not after
//! it). On the victim, from just before `rayon::join(a, b)` to just after it
//! returns, where `b` only raises a flag and `a` spins until the flag is up:
//! the join completes only once the other worker has stolen `b` and run it.
//! That is the fork (pushing `b`), the steal (the thief finding and taking
//! it), and the join (the victim finding `b` gone and waiting for its latch,
//! which the thief sets). The baseline is the same two closures called one
//! after the other on one thread, without rayon (mostly the clock's own
//! cost). The burden is the median timed join less the median baseline, over
//! the trials in which `b` was stolen; a trial in which it was not stolen
//! within 5 ms (a busy host) is left out.

use super::profile::WorkspanError;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Trials timed, after the warm-up ones.
const TRIALS: usize = 1000;
const WARMUP: usize = 100;
/// How long `a` waits for `b` to be stolen before the trial is left out.
const STEAL_WAIT: Duration = Duration::from_millis(5);
/// The most time spent measuring, warm-up included.
const BUDGET: Duration = Duration::from_secs(2);

/// A burden set by the caller; `u64::MAX` when none was.
static SET: AtomicU64 = AtomicU64::new(u64::MAX);
static MEASURED: OnceLock<u64> = OnceLock::new();

/// One measurement of the burden.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BurdenMeasurement {
    /// The burden: median stolen join less median baseline, ns.
    pub ns: u64,
    /// The median stolen join, ns.
    pub join_ns: u64,
    /// The median baseline, ns.
    pub baseline_ns: u64,
    /// Trials in which `b` was stolen (those the medians are over).
    pub stolen: usize,
    /// Trials timed.
    pub trials: usize,
}

/// The burden per spawn on this host in ns: the value given to
/// [`set_burden_ns`] if any (a `calibrate` document's), else measured once
/// in this process ([`measure_burden`]) and cached; 0 when it cannot be
/// measured (no pool of two workers could be started, or `b` was never
/// stolen).
pub fn burden_ns() -> u64 {
    let set = SET.load(Ordering::Relaxed);
    if set != u64::MAX {
        return set;
    }
    *MEASURED.get_or_init(|| measure_burden().map_or(0, |m| m.ns))
}

/// Uses `ns` as the burden from now on, instead of measuring it.
pub fn set_burden_ns(ns: u64) {
    SET.store(ns.min(u64::MAX - 1), Ordering::Relaxed);
}

/// Measures the burden (see the module's comment for what is timed). Runs
/// on a thread of its own, so calling it from a rayon worker never lets
/// that worker run other jobs while it waits.
pub fn measure_burden() -> Result<BurdenMeasurement, WorkspanError> {
    std::thread::scope(|s| {
        let t = std::thread::Builder::new()
            .name("conpar-burden".into())
            .spawn_scoped(s, measure_on_pool)
            .map_err(|e| WorkspanError::Pool(e.to_string()))?;
        t.join()
            .unwrap_or_else(|_| Err(WorkspanError::Pool("the burden's thread panicked".into())))
    })
}

fn measure_on_pool() -> Result<BurdenMeasurement, WorkspanError> {
    let cpus = crate::measure::allowed_cpus();
    let apart = cpus.len() >= 2;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .thread_name(|i| format!("conpar-burden-{i}"))
        .start_handler(move |i| {
            if apart {
                // Unconfined when it fails: the trials still run, the
                // thief perhaps later.
                let _ = crate::measure::confine_to(&cpus[i..=i]);
            }
        })
        .build()
        .map_err(|e| WorkspanError::Pool(e.to_string()))?;
    let (joins, trials) = pool.install(|| timed_joins(apart));
    let never =
        || WorkspanError::Pool("the second worker never stole the spawned half in time".into());
    let join = crate::stats::Summary::of(&joins).ok_or_else(never)?;
    let baseline = crate::stats::Summary::of(&baselines(trials.max(1))).ok_or_else(never)?;
    Ok(BurdenMeasurement {
        ns: (join.median - baseline.median).max(0.0).round() as u64,
        join_ns: join.median.round() as u64,
        baseline_ns: baseline.median.round() as u64,
        stolen: joins.len(),
        trials,
    })
}

/// The stolen joins' times, ns, and how many trials were timed.
fn timed_joins(apart: bool) -> (Vec<f64>, usize) {
    let began = Instant::now();
    let mut joins = Vec::with_capacity(TRIALS);
    let mut trials = 0;
    for i in 0..WARMUP + TRIALS {
        if began.elapsed() > BUDGET {
            break;
        }
        let flag = AtomicBool::new(false);
        let t0 = Instant::now();
        let (stolen, ()) = rayon::join(
            || wait_for(&flag, apart),
            || flag.store(true, Ordering::Release),
        );
        let ns = t0.elapsed().as_nanos() as f64;
        if i >= WARMUP {
            trials += 1;
            if stolen {
                joins.push(ns);
            }
        }
    }
    (joins, trials)
}

/// The same two closures, one after the other on this thread.
fn baselines(n: usize) -> Vec<f64> {
    (0..n)
        .map(|_| {
            let flag = AtomicBool::new(false);
            let t0 = Instant::now();
            flag.store(true, Ordering::Release);
            std::hint::black_box(wait_for(&flag, true));
            t0.elapsed().as_nanos() as f64
        })
        .collect()
}

/// Spins until `flag` is up (true) or `STEAL_WAIT` has passed (false).
/// When the workers are not `apart` on CPUs of their own it yields now and
/// then, so a thief on the same CPU can run.
fn wait_for(flag: &AtomicBool, apart: bool) -> bool {
    let mut t0 = None;
    let mut spins = 0u32;
    while !flag.load(Ordering::Acquire) {
        spins += 1;
        if spins.is_multiple_of(64) {
            let t = *t0.get_or_insert_with(Instant::now);
            if t.elapsed() > STEAL_WAIT {
                return false;
            }
            if !apart {
                std::thread::yield_now();
            }
        }
        std::hint::spin_loop();
    }
    true
}
