//! Warnings about the noise in a measured workload, in words a newcomer
//! understands, each with what to do about it: a tick calibration that
//! varied by more than [`NOISY`], a first run far from the others, outliers,
//! a CPU whose speed drifted during a pair, a run faster than possible; for
//! `scale`, a thread count whose runs spread by more than [`NOISY`].
//!
//! Pure: a measured workload in, sentences out.

use super::harness::WorkloadRun;
use crate::repeat::Stopped;
use crate::stats::Summary;
use crate::units::Nanos;

/// Above this relative spread (of the tick calibration) or drift (of the
/// reference tick around a pair), figures are flagged as noisy.
pub const NOISY: f64 = 0.05;

const MORE_RUNS: &str = "more repetitions (-r 10)";

/// Every warning for `run`, the calibration's first.
pub fn warnings(run: &WorkloadRun) -> Vec<String> {
    let mut out = Vec::new();
    let c = &run.calibration;
    if c.spread() > NOISY {
        out.push(format!(
            "the tick calibration varied by {:.0} % ({} to {} for a {} tick): another program is using this CPU or its clock speed is changing, so every figure here can be off by as much; try {MORE_RUNS}, a longer tick (--tick 10ms) or a quieter machine",
            c.spread() * 100.0,
            Nanos(c.tick_min_ns),
            Nanos(c.tick_max_ns),
            Nanos(c.tick_ns as f64)
        ));
    }
    runs(&mut out, "the serial baseline", &run.serial_wall_s);
    for r in &run.rows {
        let what = format!("{} on {} core{}", r.strategy, r.cores, plural(r.cores));
        runs(&mut out, &what, &r.measured.wall_s);
        if r.stopped == Some(Stopped::Budget) {
            let s = &r.measured.wall_s;
            let (lo, hi) = s.interval();
            out.push(format!(
                "{what}: the time budget ran out after {} runs, with its {} still {:.1} % of the median wide; raise --budget or --max-runs for a tighter figure, or take this one as it is",
                s.n,
                s.interval_name(),
                (hi - lo) / s.median * 100.0
            ));
        }
        if let Some(d) = r.tick_drift.filter(|d| d.abs() > NOISY) {
            out.push(format!(
                "{what}: a reference tick took {:.0} % {} after the runs than before them (the CPU's speed or its load changed under them), so the model's tick is off by about as much; try a quieter machine or a longer tick",
                d.abs() * 100.0,
                if d > 0.0 { "longer" } else { "less" }
            ));
        }
        if r.faster_than_possible {
            out.push(format!(
                "{what} finished faster than the work allows, so its figures are suspect ({})",
                r.why
            ));
        }
    }
    out
}

/// Every warning for `scale`, by thread count: runs spread wider than
/// [`NOISY`] of their median, a first run apart, outliers.
pub fn scale_warnings(counts: &[(usize, &Summary)]) -> Vec<String> {
    let mut out = Vec::new();
    for &(t, s) in counts {
        let what = format!("{t} thread{}", plural(t));
        let (lo, hi) = s.interval();
        let spread = if s.median > 0.0 {
            (hi - lo) / s.median
        } else {
            0.0
        };
        if spread > NOISY {
            out.push(format!(
                "{what}: the runs are noisy: their {} ({} to {}) spans {:.0} % of the median {}, so the speedups, the fit and its projections are that uncertain (see their intervals); try more repetitions (-r {}) or a quieter machine",
                s.interval_name(),
                Nanos(lo * 1e9),
                Nanos(hi * 1e9),
                spread * 100.0,
                Nanos(s.median * 1e9),
                (2 * s.n).max(10),
            ));
        }
        runs(&mut out, &what, s);
    }
    out
}

/// Warnings about the runs of one summary: a first run apart, outliers.
fn runs(out: &mut Vec<String>, what: &str, s: &Summary) {
    let more = format!("more repetitions (-r {})", (s.n * 2).max(10));
    if let Some(apart) = s.first_run_apart() {
        out.push(format!(
            "{what}: the first timed run took {:.0} % {} than the others (caches or the CPU's clock were still settling); try {more} so that one run weighs less, or more untimed runs first (--warmup 3)",
            apart.abs() * 100.0,
            if apart > 0.0 { "longer" } else { "less" }
        ));
    }
    let k = s.outliers();
    if k > 0 {
        out.push(format!(
            "{what}: {k} of {} runs {} far from the others (an outlier: probably another program ran at the same time); the median is barely moved by it, but a quieter machine or {more} makes sure",
            s.n,
            if k == 1 { "lies" } else { "lie" }
        ));
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::Calibration;
    use crate::workload::KernelKind;

    fn run(tick: (f64, f64, f64), serial: &[f64]) -> WorkloadRun {
        WorkloadRun {
            workload: "w".into(),
            tick_ns: 2_000_000,
            calibration: Calibration {
                kernel: KernelKind::Spin,
                tick_ns: 2_000_000,
                iters_per_tick: 1,
                tick_median_ns: tick.1,
                tick_min_ns: tick.0,
                tick_max_ns: tick.2,
            },
            kernels: Vec::new(),
            contention: Vec::new(),
            serial_wall_s: Summary::of(serial).unwrap(),
            rows: Vec::new(),
            failures: Vec::new(),
        }
    }

    #[test]
    fn a_noisy_calibration_is_said_with_a_remedy() {
        // The spread seen on this 2-core machine: 1.46–4.49 ms for a 2 ms tick.
        let w = warnings(&run((1.46e6, 2.0e6, 4.49e6), &[1.0, 1.0, 1.0]));
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].contains("varied by 152 %") && w[0].contains("--tick"),
            "{w:?}"
        );
        assert!(warnings(&run((1.98e6, 2.0e6, 2.02e6), &[1.0, 1.0, 1.0])).is_empty());
    }

    #[test]
    fn noisy_thread_counts_are_said_and_steady_ones_are_not() {
        let steady = Summary::of(&[1.0, 1.01, 0.99]).unwrap();
        let noisy = Summary::of(&[0.55, 0.5, 0.62]).unwrap();
        let w = scale_warnings(&[(1, &steady), (2, &noisy)]);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with(
                "2 threads: the runs are noisy: their min–max (500ms to 620ms) spans 22 %"
            ),
            "{w:?}"
        );
    }

    #[test]
    fn first_runs_and_outliers_are_said() {
        let w = warnings(&run(
            (2e6, 2e6, 2e6),
            &[1.3, 1.0, 1.01, 0.99, 1.0, 1.0, 0.5],
        ));
        assert!(
            w.iter()
                .any(|s| s.contains("first timed run took 30 % longer")),
            "{w:?}"
        );
        assert!(w.iter().any(|s| s.contains("2 of 7 runs lie far")), "{w:?}");
    }
}
