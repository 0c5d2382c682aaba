//! CPU kernels — what one tick of `cpu` work really computes — and their
//! calibration to the workload's tick length on one core.
//!
//! - `spin`: integer arithmetic in registers that the optimiser cannot remove;
//!   nothing shared, so it scales with cores.
//! - `memory`: streams through a per-thread buffer larger than the last-level
//!   cache, so cores compete for memory bandwidth and speedup falls short.
//! - `hash`: SHA-256 (the `sha2` crate) over 4 KiB blocks: a real library workload.
//!
//! Calibration finds how many iterations make one tick on this core now: the
//! CPU's speed drifts over minutes and after idling, so it runs close to each
//! measurement, after a warm-up spin, and reports its own spread.

mod contention;

pub use contention::{TRIAL_NS, counts_up_to, curve as contention_curve};

use crate::measure::{self, mono_ns};
use crate::stats::quantile;
use crate::workload::KernelKind;
use serde::Serialize;
use std::cell::RefCell;
use std::hint::black_box;

/// Bytes of one `memory` iteration: one cache line.
const LINE: usize = 64;
/// Bytes of one `hash` iteration.
const HASH_BLOCK: usize = 4096;

thread_local! {
    static MEMORY: RefCell<(Vec<u64>, usize)> = const { RefCell::new((Vec::new(), 0)) };
}

/// Per-thread buffer of the memory kernel: twice the last-level cache, from
/// 16 MiB to 64 MiB.
fn memory_buffer_bytes() -> usize {
    let llc = measure::last_level_cache_bytes().unwrap_or(32 << 20) as usize;
    (2 * llc).clamp(16 << 20, 64 << 20)
}

/// Address space a thread that runs the memory kernel takes besides its
/// buffer: its stack and the allocator's arena (glibc reserves 64 MiB per
/// arena).
const THREAD_BYTES: usize = 72 << 20;

/// The memory kernel's buffers cannot be allocated (an address-space limit,
/// `ulimit -v`, or a host short of memory).
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error(
    "the memory kernel needs {} of {} MiB (one per thread that runs it, with {} MiB more per thread for its stack and allocator), and this process cannot allocate them: raise the limit (ulimit -v) or use another kernel",
    crate::words::Count(*.threads, "buffer"),
    .buffer_bytes >> 20,
    THREAD_BYTES >> 20
)]
pub struct MemoryError {
    /// Threads that run the kernel at once.
    pub threads: usize,
    /// Bytes of one buffer.
    pub buffer_bytes: usize,
}

/// Checks, before any work, that `threads` threads can each run the memory
/// kernel: their buffers (and the room each thread takes besides) are
/// reserved together, fallibly, and given back.
pub fn check_memory(threads: usize) -> Result<(), MemoryError> {
    let buffer_bytes = memory_buffer_bytes();
    let err = MemoryError {
        threads,
        buffer_bytes,
    };
    let mut held: Vec<Vec<u8>> = Vec::new();
    held.try_reserve_exact(threads)
        .map_err(|_| MemoryError { ..err })?;
    for _ in 0..threads {
        let mut b = Vec::new();
        b.try_reserve_exact(buffer_bytes + THREAD_BYTES)
            .map_err(|_| MemoryError { ..err })?;
        held.push(b);
    }
    Ok(())
}

/// This thread's memory buffer, allocated fallibly.
fn memory_buffer() -> Result<Vec<u64>, MemoryError> {
    let bytes = memory_buffer_bytes();
    let mut v = Vec::new();
    v.try_reserve_exact(bytes / 8).map_err(|_| MemoryError {
        threads: 1,
        buffer_bytes: bytes,
    })?;
    v.extend(0..(bytes / 8) as u64);
    Ok(v)
}

/// Runs `iters` iterations of kernel `k`; returns a value that depends on them
/// all, so none can be skipped.
pub fn run(k: KernelKind, iters: u64) -> u64 {
    match k {
        KernelKind::Spin => spin(iters),
        KernelKind::Memory => stream(iters),
        KernelKind::Hash => hash(iters),
    }
}

fn spin(iters: u64) -> u64 {
    let mut x = black_box(0x9E37_79B9_7F4A_7C15u64);
    for i in 0..iters {
        // xorshift with a data dependency chain: cannot be vectorised away.
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x = x.wrapping_add(i);
    }
    black_box(x)
}

fn stream(iters: u64) -> u64 {
    MEMORY.with(|m| {
        let mut m = m.borrow_mut();
        if m.0.is_empty() {
            // Commands check the room first (`check_memory`); a thread that
            // still cannot get its buffer stops with the reason.
            m.0 = memory_buffer().unwrap_or_else(|e| panic!("{e}"));
        }
        let (buf, cursor) = &mut *m;
        let step = LINE / 8;
        let mut sum = 0u64;
        let mut c = *cursor;
        for _ in 0..iters {
            sum = sum.wrapping_add(buf[c]);
            buf[c] = sum;
            c += step;
            if c >= buf.len() {
                c = 0;
            }
        }
        *cursor = c;
        black_box(sum)
    })
}

fn hash(iters: u64) -> u64 {
    use sha2::{Digest, Sha256};
    let block = [0x5Au8; HASH_BLOCK];
    let mut h = Sha256::new();
    for _ in 0..iters {
        h.update(black_box(&block[..]));
    }
    let out = h.finalize();
    black_box(u64::from_le_bytes(out[..8].try_into().expect("8 bytes")))
}

/// A kernel calibrated to a tick length on this host.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub struct Calibration {
    pub kernel: KernelKind,
    /// The tick length asked for.
    pub tick_ns: u64,
    /// Iterations that make one tick.
    pub iters_per_tick: u64,
    /// Measured length of one tick with those iterations: median of the trials.
    pub tick_median_ns: f64,
    /// Shortest trial tick.
    pub tick_min_ns: f64,
    /// Longest trial tick.
    pub tick_max_ns: f64,
    /// The first and third quartiles of the trial ticks (absent in
    /// documents from before they were recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tick_quartiles_ns: Option<(f64, f64)>,
    /// How many trials lay beyond Tukey's fences (1.5 interquartile ranges
    /// outside the quartiles): preempted or slowed by another program.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outliers: Option<u32>,
}

impl Calibration {
    /// Runs `ticks` ticks of this kernel.
    pub fn run_ticks(&self, ticks: u64) -> u64 {
        let mut acc = 0u64;
        for _ in 0..ticks {
            acc = acc.wrapping_add(run(self.kernel, self.iters_per_tick));
        }
        acc
    }

    /// The calibration's spread, robust to a trial or two preempted by
    /// another program: the interquartile range ÷ the median of the trial
    /// ticks. Documents from before the quartiles were recorded give
    /// (max − min) ÷ median.
    pub fn spread(&self) -> f64 {
        if self.tick_median_ns <= 0.0 {
            return 0.0;
        }
        match self.tick_quartiles_ns {
            Some((q1, q3)) => (q3 - q1).max(0.0) / self.tick_median_ns,
            None => (self.tick_max_ns - self.tick_min_ns) / self.tick_median_ns,
        }
    }

    /// How far one tick of this calibration can be off, relative to it: half
    /// the [`Calibration::spread`].
    pub fn uncertainty(&self) -> f64 {
        self.spread() / 2.0
    }
}

/// Longest one trial of [`reference_tick`] runs, ns.
const REFERENCE_TRIAL_NS: f64 = 1_000_000.0;

/// The length of one tick of `cal` on the calling thread's core now, ns: the
/// median of 5 short trials of the same iteration count, scaled to a tick.
/// Taken before and after a measurement, the two show how far the CPU's
/// speed drifted under it (a few milliseconds, whatever the tick's length).
pub fn reference_tick(cal: &Calibration) -> f64 {
    let share = (REFERENCE_TRIAL_NS / cal.tick_median_ns.max(1.0)).min(1.0);
    let iters = ((cal.iters_per_tick as f64 * share).round() as u64).max(1);
    let mut trials: Vec<f64> = (0..5)
        .map(|_| {
            let t0 = mono_ns();
            run(cal.kernel, iters);
            (mono_ns() - t0) as f64
        })
        .collect();
    trials.sort_by(f64::total_cmp);
    trials[2] * cal.iters_per_tick as f64 / iters as f64
}

/// What a kernel's first tick costs on a new thread beyond the tick itself,
/// ns: the memory kernel allocates and fills its buffer there (tens of ms),
/// the others nothing to speak of. A thread or process that a strategy
/// starts for every run pays it; a pool's threads pay it once, in warm-up.
pub fn first_use_ns(k: KernelKind) -> Result<f64, ThreadError> {
    std::thread::Builder::new()
        .spawn(move || {
            let t = mono_ns();
            run(k, 1);
            let first = mono_ns() - t;
            let t = mono_ns();
            run(k, 1);
            first.saturating_sub(mono_ns() - t) as f64
        })
        .map_err(ThreadError::Start)?
        .join()
        .map_err(|_| ThreadError::Panicked)
}

/// Why a kernel's thread gave no figure.
#[derive(Debug, thiserror::Error)]
pub enum ThreadError {
    #[error("could not start a thread: {0}")]
    Start(std::io::Error),
    #[error("the kernel thread panicked")]
    Panicked,
}

/// Spins for `ns` nanoseconds, so the core leaves any idle state before timing.
pub fn warm_up(ns: u64) {
    let end = mono_ns() + ns;
    while mono_ns() < end {
        spin(10_000);
    }
}

/// Calibrates each of `kinds` to `tick_ns`, one after another, on a thread
/// confined to `cpu`.
pub fn calibrate_on<const N: usize>(
    cpu: usize,
    kinds: [KernelKind; N],
    tick_ns: u64,
) -> [Calibration; N] {
    std::thread::scope(|s| {
        s.spawn(|| {
            let _ = measure::confine_to(&[cpu]);
            kinds.map(|k| calibrate(k, tick_ns))
        })
        .join()
        .expect("calibration thread")
    })
}

/// Calibrates `k` to `tick_ns` on the calling thread (pin it first).
pub fn calibrate(k: KernelKind, tick_ns: u64) -> Calibration {
    warm_up(30_000_000);
    if k == KernelKind::Memory {
        // Allocate and fault in this thread's buffer, twice over, before timing.
        run(k, 2 * (memory_buffer_bytes() / LINE) as u64);
    }
    // Grow a probe until it takes at least 2 ms, for a first rate.
    let mut iters = 1u64;
    let rate = loop {
        let t0 = mono_ns();
        run(k, iters);
        let dt = mono_ns() - t0;
        if dt >= 2_000_000 || iters >= 1 << 40 {
            break dt as f64 / iters as f64;
        }
        iters *= 2;
    };
    // Trials last one tick, or 20 ms for longer ticks (then scaled up), so a
    // 10 s tick calibrates as fast as a 10 ms one.
    let trial_ns = tick_ns.min(20_000_000);
    let scale = tick_ns as f64 / trial_ns as f64;
    let mut per_trial = ((trial_ns as f64 / rate).round() as u64).max(1);
    // Refine over trials worth about 60 ms in all, at least 5.
    let trials = (60_000_000 / trial_ns).clamp(5, 200) as usize;
    let mut samples = Vec::with_capacity(trials);
    let measure = |iters: u64, samples: &mut Vec<f64>| {
        samples.clear();
        for _ in 0..trials {
            let t0 = mono_ns();
            run(k, iters);
            samples.push((mono_ns() - t0) as f64);
        }
        samples.sort_by(f64::total_cmp);
        samples[samples.len() / 2]
    };
    for _ in 0..2 {
        let median = measure(per_trial, &mut samples);
        per_trial = ((per_trial as f64 * trial_ns as f64 / median).round() as u64).max(1);
    }
    // Final trials with the refined count give the reported figures.
    let median = measure(per_trial, &mut samples);
    let (q1, q3) = (quantile(&samples, 0.25), quantile(&samples, 0.75));
    let fence = 1.5 * (q3 - q1);
    let outliers = samples
        .iter()
        .filter(|&&x| x < q1 - fence || x > q3 + fence)
        .count();
    Calibration {
        kernel: k,
        tick_ns,
        iters_per_tick: ((per_trial as f64 * scale).round() as u64).max(1),
        tick_median_ns: median * scale,
        tick_min_ns: samples[0] * scale,
        tick_max_ns: samples[samples.len() - 1] * scale,
        tick_quartiles_ns: Some((q1 * scale, q3 * scale)),
        outliers: Some(outliers as u32),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calibration_lands_near_the_tick() {
        for k in KernelKind::ALL {
            // Generous: the machine is shared, and under a load of several
            // busy threads per core the probe that sets the rate, or the
            // trials, can be preempted for many times a tick's length. The
            // point is the order of magnitude, from one of three tries: a
            // broken calibration (no iterations, a rate off by thousands)
            // misses every time.
            let lands = |c: &Calibration| c.tick_median_ns > 100_000.0 && c.tick_median_ns < 40e6;
            let tries: Vec<Calibration> = (0..3).map(|_| calibrate(k, 2_000_000)).collect();
            assert!(tries.iter().all(|c| c.iters_per_tick >= 1));
            assert!(tries.iter().any(lands), "{k:?}: {tries:?}");
        }
    }

    #[test]
    fn long_ticks_calibrate_quickly() {
        let t = mono_ns();
        let c = calibrate(KernelKind::Spin, 5_000_000_000);
        assert!(mono_ns() - t < 3_000_000_000, "took {} ns", mono_ns() - t);
        // Generous: scaled from 20 ms trials.
        assert!(c.tick_median_ns > 2.5e9 && c.tick_median_ns < 10e9, "{c:?}");
    }

    #[test]
    fn a_reference_tick_is_a_tick() {
        let c = calibrate(KernelKind::Spin, 5_000_000);
        let t = reference_tick(&c);
        // Generous: the machine is shared and other tests run beside this
        // one; the point is the scale (1 ms trials stand for a 5 ms tick).
        assert!(t > 1_000_000.0 && t < 25_000_000.0, "{t} for {c:?}");
    }

    #[test]
    fn kernels_depend_on_every_iteration() {
        assert_ne!(run(KernelKind::Spin, 10), run(KernelKind::Spin, 11));
        assert_ne!(run(KernelKind::Hash, 1), run(KernelKind::Hash, 2));
    }
}
