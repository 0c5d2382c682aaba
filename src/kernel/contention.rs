//! A kernel's contention curve on this host: k copies on k cores at once,
//! each timed, against one copy alone timed moments before.
//!
//! slowdown(k) = mean time of the k copies ÷ time of the one copy, the same
//! iterations each (about [`TRIAL_NS`] alone). One copy is timed again before
//! every count, so a CPU whose speed drifts is compared with itself. Each
//! copy runs on its own thread pinned to its own CPU, started and warmed up
//! (the memory kernel's buffer allocated and streamed once) before a barrier
//! lets all k start together. Spin and hash should come out near 1; the
//! memory kernel's curve is the machine's shared bandwidth.

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

/// Times `iters` iterations of `cal`'s kernel on each of `cpus` at once;
/// returns each copy's ns (NaN for all when a thread cannot start, say under
/// a process limit: then this count is left unmeasured).
fn together(cal: &Calibration, cpus: &[usize], iters: u64) -> Vec<f64> {
    // 0: wait, 1: go, 2: give up. Threads that started wait for the word, so
    // one that cannot start never leaves the others waiting forever.
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
                loop {
                    match word.load(Ordering::SeqCst) {
                        0 => std::hint::spin_loop(),
                        1 => break,
                        _ => return f64::NAN,
                    }
                }
                let t = mono_ns();
                run(cal.kernel, iters);
                (mono_ns() - t) as f64
            });
            match h {
                Ok(h) => handles.push(h),
                Err(_) => {
                    word.store(2, Ordering::SeqCst);
                    break;
                }
            }
        }
        if word.load(Ordering::SeqCst) == 0 {
            while ready.load(Ordering::SeqCst) < cpus.len() {
                std::thread::yield_now();
            }
            word.store(1, Ordering::SeqCst);
        }
        let times: Vec<f64> = handles
            .into_iter()
            .map(|h| h.join().unwrap_or(f64::NAN))
            .collect();
        if times.len() < cpus.len() {
            vec![f64::NAN; cpus.len()]
        } else {
            times
        }
    })
}

/// The curve of `cal`'s kernel on the first k of `cpus` for each k in
/// `counts` (k above the CPUs given is skipped: that is oversubscription,
/// not contention), over `trials` trials each.
pub fn curve(
    cal: &Calibration,
    cpus: &[usize],
    counts: &[usize],
    trials: usize,
) -> Vec<(usize, Summary)> {
    let per_ns = cal.tick_median_ns.max(1.0) / cal.iters_per_tick.max(1) as f64;
    let iters = ((TRIAL_NS as f64 / per_ns) as u64).max(1);
    let mut out = Vec::new();
    for &k in counts.iter().filter(|&&k| k >= 1 && k <= cpus.len()) {
        let mut ratios = Vec::with_capacity(trials);
        for _ in 0..trials.max(1) {
            let alone = together(cal, &cpus[..1], iters)[0];
            let times = if k == 1 {
                vec![alone]
            } else {
                together(cal, &cpus[..k], iters)
            };
            let mean = times.iter().sum::<f64>() / times.len() as f64;
            let ratio = if k == 1 { 1.0 } else { mean / alone };
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
