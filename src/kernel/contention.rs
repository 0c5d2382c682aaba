//! A kernel's contention curve on this host: k copies on k cores at once,
//! each timed, against one copy alone timed moments before.
//!
//! slowdown(k) = k · r₁ / R_k: R_k is the work k copies do together per ns
//! over [`TRIAL_NS`], r₁ that of one copy alone, timed just before, so a CPU
//! whose speed drifts is compared with itself. Each copy runs on its own
//! thread pinned to its own CPU, started and warmed up (the memory kernel's
//! buffer allocated and streamed twice) before all start together. Spin and
//! hash should come out near 1; the memory kernel's curve is the machine's
//! shared bandwidth.

use super::{Calibration, LINE, memory_buffer_bytes, run, warm_up};
use crate::measure::{confine_to, mono_ns};
use crate::stats::Summary;
use crate::workload::KernelKind;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

/// How long one copy runs alone in a trial, ns.
pub const TRIAL_NS: u64 = 20_000_000;

/// The copy counts measured up to `p`: every count to 8, then 12, 16, 24,
/// 32, 48, … (each about 1.5 times the last), and `p` itself.
pub fn counts_up_to(p: usize) -> Vec<usize> {
    let mut v: Vec<usize> = (1..=p.min(8)).collect();
    let mut k = 8usize;
    loop {
        k = if k.is_power_of_two() {
            k + k / 2
        } else {
            k / 3 * 4
        };
        if k >= p {
            break;
        }
        v.push(k);
    }
    if !v.contains(&p) && p > 0 {
        v.push(p);
    }
    v
}

/// Runs `cal`'s kernel on each of `cpus` at once for [`TRIAL_NS`], in
/// chunks of `chunk` iterations; returns the iterations all copies did per
/// ns, summed (NaN when a thread cannot start, say under a process limit:
/// then this count is left unmeasured).
///
/// Every copy runs for the same time, not the same work: with the same work
/// the copy that finishes first leaves the others to run alone for the rest,
/// and a machine that shares unevenly would look less contended than it is.
fn together(cal: &Calibration, cpus: &[usize], chunk: u64) -> f64 {
    // 0: wait, 1: go, 2: stop or give up. Threads that started wait for the
    // word, so one that cannot start never leaves the others waiting.
    let word = AtomicU8::new(0);
    let ready = AtomicUsize::new(0);
    std::thread::scope(|s| {
        let mut handles = Vec::with_capacity(cpus.len());
        for &cpu in cpus {
            let (word, ready) = (&word, &ready);
            let h = std::thread::Builder::new().spawn_scoped(s, move || {
                let _ = confine_to(&[cpu]);
                // Fault in the memory kernel's buffer (streamed twice, as
                // calibration does) and leave idle states.
                if cal.kernel == KernelKind::Memory {
                    run(cal.kernel, 2 * (memory_buffer_bytes() / LINE) as u64);
                }
                warm_up(2_000_000);
                ready.fetch_add(1, Ordering::SeqCst);
                while word.load(Ordering::SeqCst) == 0 {
                    std::hint::spin_loop();
                }
                let (t, mut done) = (mono_ns(), 0u64);
                while word.load(Ordering::Relaxed) == 1 {
                    run(cal.kernel, chunk);
                    done += chunk;
                }
                done as f64 / (mono_ns() - t).max(1) as f64
            });
            match h {
                Ok(h) => handles.push(h),
                Err(_) => break,
            }
        }
        let all = handles.len() == cpus.len();
        if all {
            while ready.load(Ordering::SeqCst) < cpus.len() {
                std::thread::yield_now();
            }
            word.store(1, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_nanos(TRIAL_NS));
        }
        word.store(2, Ordering::SeqCst);
        let rates: f64 = handles
            .into_iter()
            .map(|h| h.join().unwrap_or(f64::NAN))
            .sum();
        if all { rates } else { f64::NAN }
    })
}

/// The curve of `cal`'s kernel on the first k of `cpus` for each k in
/// `counts` (k above the CPUs given is skipped: that is oversubscription,
/// not contention), over `trials` trials each: s(k) = k · r₁ / R_k, with
/// R_k the iterations per ns of k copies together and r₁ of one alone,
/// timed just before — the per-copy slowdown at which k copies sharing
/// evenly would do what these did.
pub fn curve(
    cal: &Calibration,
    cpus: &[usize],
    counts: &[usize],
    trials: usize,
) -> Vec<(usize, Summary)> {
    let per_ns = cal.tick_median_ns.max(1.0) / cal.iters_per_tick.max(1) as f64;
    // Chunks of about 0.1 ms: the stop word is seen within one.
    let chunk = ((100_000.0 / per_ns) as u64).max(1);
    let mut out = Vec::new();
    for &k in counts.iter().filter(|&&k| k >= 1 && k <= cpus.len()) {
        let mut ratios = Vec::with_capacity(trials);
        for _ in 0..trials.max(1) {
            if k == 1 {
                ratios.push(1.0);
                continue;
            }
            let alone = together(cal, &cpus[..1], chunk);
            let all = together(cal, &cpus[..k], chunk);
            let ratio = k as f64 * alone / all;
            if ratio.is_finite() && ratio > 0.0 {
                ratios.push(ratio);
            }
        }
        if let Some(s) = Summary::of(&ratios) {
            out.push((k, s));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::calibrate;

    #[test]
    fn counts_cover_every_small_p_and_end_at_p() {
        assert_eq!(counts_up_to(1), [1]);
        assert_eq!(counts_up_to(2), [1, 2]);
        assert_eq!(counts_up_to(8), [1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(counts_up_to(16), [1, 2, 3, 4, 5, 6, 7, 8, 12, 16]);
        assert_eq!(
            counts_up_to(100),
            [1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 24, 32, 48, 64, 96, 100]
        );
    }

    #[test]
    fn one_copy_is_exactly_one_and_spin_stays_near_it() {
        let cpus = crate::measure::allowed_cpus();
        let cal = calibrate(KernelKind::Spin, 1_000_000);
        let c = curve(&cal, &cpus, &counts_up_to(cpus.len().min(2)), 2);
        assert_eq!(c[0].0, 1);
        assert_eq!(c[0].1.median, 1.0);
        // Generous: the machine is shared; a broken probe reads 0 or far above.
        for (_, s) in &c {
            assert!(s.median > 0.5 && s.median < 3.0, "{c:?}");
        }
    }
}
