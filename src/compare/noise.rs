//! Warnings about the noise in a measured workload, in words a newcomer
//! understands, each with what to do about it: a tick calibration that
//! varied by more than [`NOISY`], a first run far from the others, outliers,
//! a CPU whose speed drifted during a pair, a run faster than possible; for
//! `scale`, a thread count whose runs spread by more than [`NOISY`].
//!
//! Pure: a measured workload in, typed [`Warning`]s out; their words are
//! in [`crate::words`].

use super::WorkloadRun;
use crate::findings::{Remedy, Subject, Warning};
use crate::kernel::Calibration;
use crate::repeat::Stopped;
use crate::stats::Summary;

/// Above this relative spread (of the tick calibration, between its
/// quartiles) or drift (of the reference tick around a pair), figures are
/// flagged as noisy.
pub const NOISY: f64 = 0.05;

/// What the command printing a warning accepts, so that its advice names
/// only flags that command takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Advice {
    /// The command's name, as typed after `conpar`.
    pub command: &'static str,
    /// Whether it takes `--tick`.
    pub tick: bool,
    /// The most repetitions `-r` accepts.
    pub max_repeat: usize,
    /// Whether it repeats adaptively (`--budget`, `--max-runs`).
    pub adaptive: bool,
}

/// `conpar run`'s flags.
pub const RUN: Advice = Advice {
    command: "run",
    tick: true,
    max_repeat: 1000,
    adaptive: true,
};

/// `conpar tour`'s flags: no `--tick`, at most 50 repetitions.
pub const TOUR: Advice = Advice {
    command: "tour",
    tick: false,
    max_repeat: 50,
    adaptive: false,
};

impl Advice {
    /// The remedy for `made` runs: twice as many, at least 10 and at most
    /// what the command accepts.
    fn remedy(&self, made: usize) -> Remedy {
        Remedy {
            runs: (made * 2).max(10).min(self.max_repeat),
            tick: self.tick,
        }
    }
}

/// How well the tick a pair's bounds are counted in is known, relative to
/// it. Three measurements of the tick's length bracket a pair: the
/// calibration (minutes before), the serial baseline timed just before the
/// pair, and reference ticks before and after it. Their disagreement is the
/// tick's uncertainty: half the calibration's interquartile spread, plus how
/// far the baseline's tick lay from the calibrated one (`baseline`), plus how
/// far the reference tick moved across the pair (`during`).
pub fn tick_noise(cal: &Calibration, during: Option<f64>, baseline: Option<f64>) -> f64 {
    cal.uncertainty() + during.unwrap_or(0.0).abs() + baseline.unwrap_or(0.0).abs()
}

/// The relative amount by which this run's figures can be off, from what was
/// measured around them: the largest disagreement between the tick measured
/// before a pair (its serial baseline's) and the calibrated one, or across
/// the pair (the reference ticks). The calibration's own spread is the
/// host's noise while it was timed, and does not move the predictions, which
/// use the baseline's tick. A verdict judged to a tolerance smaller than this
/// cannot hold.
pub fn off_by(run: &WorkloadRun) -> f64 {
    // A synthetic strategy's walls are the model's, in the calibrated tick:
    // the CPU's speed does not move them.
    run.rows
        .iter()
        .filter(|r| !r.strategy.synthetic())
        .flat_map(|r| [r.tick_drift, r.baseline_drift])
        .flatten()
        .map(f64::abs)
        .fold(0.0, f64::max)
}

/// Every warning for `run` (or the tour, with `advice`), the calibration's first.
pub fn warnings(run: &WorkloadRun, advice: Advice) -> Vec<Warning> {
    let mut out = Vec::new();
    let made = run.serial_wall_s.n;
    calibration(&mut out, &run.calibration, advice, made);
    runs(
        &mut out,
        Subject::SerialBaseline,
        &run.serial_wall_s,
        advice,
    );
    for r in &run.rows {
        let what = Subject::Pair {
            strategy: r.strategy,
            cores: r.cores,
        };
        let pair = Pair {
            wall: &r.measured.wall_s,
            stopped: r.stopped,
            drift: r.tick_drift,
            baseline: r.baseline_drift,
            faster: r.faster_than_possible,
        };
        pair_warnings(&mut out, what, &pair, advice);
    }
    out
}

/// What the warnings about one measured pair read from its row.
struct Pair<'a> {
    wall: &'a Summary,
    stopped: Option<Stopped>,
    drift: Option<f64>,
    baseline: Option<f64>,
    faster: bool,
}

/// The warnings about one pair: its runs, a budget run out, a drifting
/// tick, a run faster than the work allows.
fn pair_warnings(out: &mut Vec<Warning>, what: Subject, p: &Pair, advice: Advice) {
    let s = p.wall;
    runs(out, what, s, advice);
    if p.stopped == Some(Stopped::Budget) {
        let (lo, hi) = s.interval();
        out.push(Warning::BudgetSpent {
            what,
            runs: s.n,
            ci95: s.ci95.is_some(),
            width: (hi - lo) / s.median,
        });
    }
    let remedy = advice.remedy(s.n);
    if let Some(drift) = p.drift.filter(|d| d.abs() > NOISY) {
        out.push(Warning::TickDrift {
            what,
            drift,
            remedy,
        });
    }
    if let Some(drift) = p.baseline.filter(|b| b.abs() > NOISY) {
        out.push(Warning::BaselineDrift {
            what,
            drift,
            remedy,
        });
    }
    if p.faster {
        out.push(Warning::FasterThanPossible { what });
    }
}

/// Every warning `advice`'s command can print, each with its remedy: for
/// the test that every flag suggested is one the command accepts.
#[doc(hidden)]
pub fn every_remedy(advice: Advice) -> Vec<Warning> {
    let mut out = Vec::new();
    let cal = Calibration {
        kernel: crate::workload::KernelKind::Spin,
        tick_ns: 2_000_000,
        iters_per_tick: 1,
        tick_median_ns: 2e6,
        tick_min_ns: 1e6,
        tick_max_ns: 9e6,
        tick_quartiles_ns: Some((1.5e6, 3e6)),
        outliers: Some(1),
    };
    calibration(&mut out, &cal, advice, 40);
    let wall = Summary::of(&[1.5, 1.0, 1.01, 0.99, 1.0, 1.0, 0.4]).expect("finite");
    let pair = Pair {
        wall: &wall,
        stopped: advice.adaptive.then_some(Stopped::Budget),
        drift: Some(0.2),
        baseline: Some(0.3),
        faster: true,
    };
    let what = Subject::Threads { threads: 2 };
    pair_warnings(&mut out, what, &pair, advice);
    if advice == SCALE {
        let noisy = Summary::of(&[1.0, 1.5, 0.6]).expect("finite");
        out.extend(scale_warnings(&[(2, &noisy)]));
    }
    out
}

/// A calibration whose trials spread by more than [`NOISY`] between their
/// quartiles, with the outliers counted apart.
fn calibration(out: &mut Vec<Warning>, c: &Calibration, advice: Advice, made: usize) {
    if c.spread() <= NOISY {
        return;
    }
    let (lo_ns, hi_ns) = c
        .tick_quartiles_ns
        .unwrap_or((c.tick_min_ns, c.tick_max_ns));
    out.push(Warning::NoisyCalibration {
        spread: c.spread(),
        lo_ns,
        hi_ns,
        quartiles: c.tick_quartiles_ns.is_some(),
        tick_ns: c.tick_ns as f64,
        outliers: u64::from(c.outliers.unwrap_or(0)),
        max_ns: c.tick_max_ns,
        remedy: advice.remedy(made),
    });
}

/// Every warning for `scale`, by thread count: runs spread wider than
/// [`NOISY`] of their median, a first run apart, outliers.
pub fn scale_warnings(counts: &[(usize, &Summary)]) -> Vec<Warning> {
    let mut out = Vec::new();
    for &(threads, s) in counts {
        let what = Subject::Threads { threads };
        let (lo, hi) = s.interval();
        let spread = if s.median > 0.0 {
            (hi - lo) / s.median
        } else {
            0.0
        };
        if spread > NOISY {
            out.push(Warning::NoisyRuns {
                what,
                lo_s: lo,
                hi_s: hi,
                median_s: s.median,
                ci95: s.ci95.is_some(),
                runs: s.n,
            });
        }
        runs(&mut out, what, s, SCALE);
    }
    out
}

/// `conpar scale`'s flags.
pub const SCALE: Advice = Advice {
    command: "scale",
    tick: false,
    max_repeat: 1000,
    adaptive: true,
};

/// Warnings about the runs of one summary: a first run apart, outliers.
fn runs(out: &mut Vec<Warning>, what: Subject, s: &Summary, advice: Advice) {
    let remedy = advice.remedy(s.n);
    if let Some(apart) = s.first_run_apart() {
        out.push(Warning::FirstRunApart {
            what,
            apart,
            remedy,
        });
    }
    let k = s.outliers();
    if k > 0 {
        out.push(Warning::Outliers {
            what,
            outliers: k,
            runs: s.n,
            remedy,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
                tick_quartiles_ns: None,
                outliers: None,
            },
            kernels: Vec::new(),
            contention: Vec::new(),
            serial_wall_s: Summary::of(serial).unwrap(),
            rows: Vec::new(),
            failures: Vec::new(),
        }
    }

    #[test]
    fn a_noisy_calibration_is_found_with_a_remedy() {
        // Quartiles 1.9–2.3 ms for a 2 ms tick: 20 % between them.
        let mut r = run((1.46e6, 2.0e6, 4.49e6), &[1.0, 1.0, 1.0]);
        r.calibration.tick_quartiles_ns = Some((1.9e6, 2.3e6));
        r.calibration.outliers = Some(1);
        let w = warnings(&r, RUN);
        let [
            Warning::NoisyCalibration {
                spread,
                outliers: 1,
                max_ns,
                quartiles: true,
                remedy,
                ..
            },
        ] = w.as_slice()
        else {
            panic!("{w:?}");
        };
        assert!((spread - 0.2).abs() < 1e-9 && *max_ns == 4.49e6, "{w:?}");
        assert_eq!(
            *remedy,
            Remedy {
                runs: 10,
                tick: true
            }
        );
        // The tour takes no --tick, and is not told to use one.
        assert!(matches!(
            warnings(&r, TOUR)[0],
            Warning::NoisyCalibration {
                remedy: Remedy { tick: false, .. },
                ..
            }
        ));
        assert!(warnings(&run((1.98e6, 2.0e6, 2.02e6), &[1.0, 1.0, 1.0]), RUN).is_empty());
    }

    #[test]
    fn one_preempted_trial_does_not_make_the_spread_huge() {
        // Five trials within 1 %, one preempted to three times the tick.
        let mut r = run((1.99e6, 2.0e6, 6.0e6), &[1.0, 1.0, 1.0]);
        r.calibration.tick_quartiles_ns = Some((1.995e6, 2.005e6));
        assert!(r.calibration.spread() < 0.01, "{:?}", r.calibration);
        assert!(warnings(&r, RUN).is_empty());
    }

    #[test]
    fn noisy_thread_counts_are_found_and_steady_ones_are_not() {
        let steady = Summary::of(&[1.0, 1.01, 0.99]).unwrap();
        let noisy = Summary::of(&[0.55, 0.5, 0.62]).unwrap();
        let w = scale_warnings(&[(1, &steady), (2, &noisy)]);
        assert_eq!(
            w,
            [Warning::NoisyRuns {
                what: Subject::Threads { threads: 2 },
                lo_s: 0.5,
                hi_s: 0.62,
                median_s: 0.55,
                ci95: false,
                runs: 3,
            }]
        );
    }

    #[test]
    fn first_runs_and_outliers_are_found() {
        let w = warnings(
            &run((2e6, 2e6, 2e6), &[1.3, 1.0, 1.01, 0.99, 1.0, 1.0, 0.5]),
            RUN,
        );
        let serial = Subject::SerialBaseline;
        assert!(
            w.iter()
                .any(|x| matches!(x, Warning::FirstRunApart { what, apart, .. }
                if *what == serial && (apart - 0.3).abs() < 1e-9)),
            "{w:?}"
        );
        assert!(
            w.iter().any(|x| matches!(
                x,
                Warning::Outliers {
                    outliers: 2,
                    runs: 7,
                    ..
                }
            )),
            "{w:?}"
        );
    }
}
