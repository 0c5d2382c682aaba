//! One measured (strategy, cores) pair turned into a [`Row`]: the median run's
//! timeline and loss breakdown, the prediction at the tick measured for this
//! pair, the model's lower bound on the wall, and the "why".
//!
//! A run cannot beat `max(T1/P, T∞)`: no schedule does less than all the work
//! spread over P cores, nor less than the longest chain. A median wall below
//! that bound (in the calibrated time of this pair) is marked "faster than
//! possible" with the tick drift measured around the pair, never "as the
//! model predicts": the tick it was measured against was not the tick it ran
//! at, or the run is wrong.
//!
//! Pure: traces in, a row out; no clock, thread or file.

use super::{CoreTime, HostCosts, Loss, Measured, Predicted, Row, explain, predict};
use crate::exec::{Plan, Trace, task_names};
use crate::findings::{Cause, Why};
use crate::judge::{Band, Beyond, under};
use crate::kinds::StrategyKind;
use crate::model::{Analysis, ModelError, amdahl_ceiling};
use crate::repeat::Stopped;
use crate::results::run::TimelineDoc;
use crate::stats::Summary;
use crate::timeline::{State, Timeline};
use crate::workload::{Step, Workload};

/// Everything measured for one pair, before it becomes a row.
pub(super) struct PairRuns<'a> {
    pub kind: StrategyKind,
    /// Its plan (CPUs, pinning).
    pub plan: &'a Plan<'a>,
    /// The model's analysis of the strategy's machine.
    pub analysis: &'a Analysis,
    /// The host's costs and contention curves.
    pub host: &'a HostCosts<'a>,
    /// Whether P exceeds the allowed CPUs.
    pub oversubscribed: bool,
    /// The serial baseline timed just before the pair, s.
    pub serial: &'a Summary,
    /// The workload's repeated serial baselines: how noisy a tick measured
    /// by one of them is.
    pub serial_runs: &'a Summary,
    /// The timed runs, checked.
    pub traces: &'a [Trace],
    /// The reference tick after ÷ before the pair − 1.
    pub drift: f64,
    /// What ended the timed runs.
    pub stopped: Stopped,
}

/// The model's lower bound on the wall, ns: `max(T1/P, T∞)` with CPU ticks at
/// `tick_ns` and I/O waits at the workload's nominal tick (they are sleeps of
/// that length, whatever the CPU's speed).
pub fn lower_bound_ns(w: &Workload, model_cores: usize, tick_ns: f64) -> f64 {
    let io_tick = w.tick_ns as f64;
    let longest = w
        .tasks
        .iter()
        .map(|t| {
            t.steps
                .iter()
                .map(|s| match *s {
                    Step::Cpu(n) => n as f64 * tick_ns,
                    Step::Io(n) => n as f64 * io_tick,
                })
                .sum::<f64>()
        })
        .fold(0.0, f64::max);
    let span = w.serial_phase_ticks() as f64 * tick_ns + longest;
    (w.work() as f64 * tick_ns / model_cores.max(1) as f64).max(span)
}

/// Whether a run with walls `wall` beat the lower bound `bound_s` beyond the
/// noise, by [`crate::judge::under`]: the bound is counted in ticks timed by
/// one serial baseline, so it is known only as well as the baselines repeat
/// (`serial_runs`), to within `tick_noise` more ([`super::noise::tick_noise`]).
pub fn beats_bound(wall: &Summary, bound_s: f64, serial_runs: &Summary, tick_noise: f64) -> bool {
    let bound = Band::relative(bound_s, Band::of(serial_runs).below() + tick_noise.abs());
    under(Band::of(wall), bound) == Beyond::Yes
}

/// How a run beat the lower bound: by how much, and what was measured around it.
pub struct Beaten {
    /// The median wall, s.
    pub wall_s: f64,
    /// The lower bound, s.
    pub bound_s: f64,
    /// The reference tick after ÷ before the pair − 1.
    pub drift: f64,
    /// The tick the pair's serial baseline measured ÷ the calibrated tick − 1.
    pub baseline_slow: f64,
}

/// The "why" of a run that beat the lower bound, with the cause the
/// measurements point to: the CPU sped up during the pair (the reference
/// ticks), the baseline the bound is measured in was itself slowed, or
/// neither — then the run did less than the work, or was timed wrong.
pub fn faster_than_possible(b: &Beaten) -> Why {
    let under = 1.0 - b.wall_s / b.bound_s;
    let cause = if -b.drift >= under * 0.5 {
        Cause::SpedUp
    } else if b.baseline_slow >= under * 0.5 {
        Cause::BaselineSlow {
            slow: b.baseline_slow,
        }
    } else {
        Cause::Unexplained
    };
    Why::FasterThanPossible {
        under,
        bound_s: b.bound_s,
        drift: b.drift,
        cause,
    }
}

/// The predicted wall with every cost at each end of its own interval, s.
fn cost_range(m: &PairRuns, p: usize, w: &Workload, tick_ns: f64) -> Option<(f64, f64)> {
    let [low, high] = m.host.ends?;
    let at = |h: &HostCosts| {
        predict(m.kind, p, w, m.analysis, tick_ns, h)
            .ok()
            .map(|x| x.predicted.wall_s)
    };
    let (a, b) = (at(low)?, at(high)?);
    Some((a.min(b), a.max(b)))
}

/// Above this share of the predicted wall, the costs' own noise is said in
/// the row that used them.
const NOISY_COSTS: f64 = 0.05;

/// Whether the measured wall's noise band meets the prediction, or the
/// range its costs' own noise allows it.
pub fn agrees(wall: &Summary, p: &Predicted) -> bool {
    let (lo, hi) = wall.interval();
    let (a, b) = p.wall_range_s.unwrap_or((p.wall_s, p.wall_s));
    // Within the clocks' 1 ns resolution two walls are the same: a
    // prediction computed in floating point may land a rounding step off
    // the wall it equals.
    lo.min(wall.median) - RESOLUTION_S <= b.max(p.wall_s)
        && a.min(p.wall_s) <= hi.max(wall.median) + RESOLUTION_S
}

/// The clocks' resolution, s.
const RESOLUTION_S: f64 = 1e-9;

/// How far the costs' own noise moves a prediction, when it moves it by
/// more than [`NOISY_COSTS`]: the prediction is only as sure as they are.
pub fn noisy_costs(p: &Predicted) -> Option<(f64, f64)> {
    let (a, b) = p.wall_range_s?;
    ((b - a) > NOISY_COSTS * p.wall_s).then_some((a, b))
}

/// The run whose wall lies nearest the median of `walls`.
fn median_run(walls: &[f64], median: f64) -> usize {
    walls
        .iter()
        .enumerate()
        .min_by(|a, b| (a.1 - median).abs().total_cmp(&(b.1 - median).abs()))
        .map_or(0, |(i, _)| i)
}

/// Where `p` cores × the wall of `trace` went, against `serial` seconds of work.
fn loss(w: &Workload, p: usize, trace: &Trace, timeline: &Timeline, serial: f64) -> Loss {
    super::loss::split(&CoreTime {
        cores: p,
        wall_ns: trace.wall_ns() as f64,
        busy_ns: trace.busy_ns as f64,
        blocked_ns: timeline.total(State::Blocked) as f64,
        serial_ns: serial * 1e9,
        startup_ns: super::startup_ns(timeline, w.tasks.len()),
        dispatch_ns: super::dispatch_ns(timeline, w.tasks.len(), w.tick_ns as f64),
    })
}

/// What was measured of a pair on `p` cores: speedup and utilisation
/// against `serial` seconds (none without CPU work), from the median run.
fn measured(
    no_cpu: bool,
    serial: f64,
    p: usize,
    trace: &Trace,
    wall: Summary,
    loss: Loss,
) -> Measured {
    Measured {
        speedup: if no_cpu {
            f64::NAN
        } else {
            serial / wall.median
        },
        utilization: if no_cpu {
            0.0
        } else {
            serial / (p as f64 * wall.median)
        },
        context_switches: trace.switches.total(),
        worker_cpu_s: trace.worker_cpu_ns.iter().sum::<u64>() as f64 / 1e9,
        wall_s: wall,
        loss,
    }
}

/// The row for one measured pair.
pub(super) fn build(w: &Workload, m: &PairRuns) -> Result<Row, ModelError> {
    let p = m.plan.cores();
    let walls: Vec<f64> = m.traces.iter().map(|t| t.wall_ns() as f64 / 1e9).collect();
    let wall = Summary::of(&walls).expect("finite walls");
    let median_trace = &m.traces[median_run(&walls, wall.median)];
    let timeline = median_trace.timeline(task_names(w), p);
    let serial = m.serial.median;
    let loss = loss(w, p, median_trace, &timeline, serial);
    // A tick as long as it took in the serial baseline: measured under the same
    // conditions as the runs, moments before them. Without CPU work the
    // baseline times nothing, and the only ticks are I/O waits of the nominal
    // length.
    let no_cpu = w.work() == 0;
    let tick_ns = if no_cpu {
        w.tick_ns as f64
    } else {
        serial * 1e9 / w.work() as f64
    };
    let a = m.analysis;
    let prediction = predict(m.kind, p, w, a, tick_ns, m.host)?;
    let mut predicted = prediction.predicted;
    predicted.wall_range_s = cost_range(m, p, w, tick_ns);
    let error = wall.median / predicted.wall_s - 1.0;
    let lower_bound_s = (!no_cpu).then(|| lower_bound_ns(w, a.machine.cores, tick_ns) / 1e9);
    let baseline_slow = tick_ns / m.plan.calibration.tick_median_ns - 1.0;
    let tick_noise = super::noise::tick_noise(
        &m.plan.calibration,
        Some(m.drift),
        (!no_cpu).then_some(baseline_slow),
    );
    let faster = lower_bound_s.is_some_and(|b| beats_bound(&wall, b, m.serial_runs, tick_noise));
    let why = match lower_bound_s.filter(|_| faster) {
        Some(b) => faster_than_possible(&Beaten {
            wall_s: wall.median,
            bound_s: b,
            drift: m.drift,
            baseline_slow,
        }),
        None => {
            let mut why = explain(m.kind, w.kernel, p, &loss, &predicted, error);
            if let Why::Losses {
                no_cpu_work,
                cost_range_s,
                ..
            } = &mut why
            {
                *no_cpu_work = no_cpu;
                *cost_range_s = noisy_costs(&predicted);
            }
            why
        }
    };
    Ok(Row {
        strategy: m.kind,
        cores: p,
        cpus: m.plan.cpus.clone(),
        pinned: m.plan.pin,
        serial_s: serial,
        oversubscribed: m.oversubscribed,
        repeats: m.traces.len(),
        stopped: Some(m.stopped),
        error_significant: Some(!agrees(&wall, &predicted)),
        measured: measured(no_cpu, serial, p, median_trace, wall, loss),
        predicted,
        error,
        tick_drift: Some(m.drift),
        baseline_drift: (!no_cpu).then_some(baseline_slow),
        lower_bound_s,
        faster_than_possible: faster,
        amdahl_ceiling: if no_cpu {
            f64::NAN
        } else {
            amdahl_ceiling(w.serial_fraction())
        },
        why: Some(why),
        timeline: Some(TimelineDoc::from(&timeline)),
        // The host model's schedule, in the measured tick's nanoseconds.
        model_timeline: Some(TimelineDoc::from(&prediction.timeline)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workload::builtin;

    #[test]
    fn the_bound_is_work_or_span_in_calibrated_time() {
        let w = builtin("five-on-four").unwrap().unwrap();
        // T1 = 5, T∞ = 1: on 4 cores the bound is 1.25 ticks.
        assert_eq!(lower_bound_ns(&w, 4, 1000.0), 1250.0);
        assert_eq!(lower_bound_ns(&w, 1, 1000.0), 5000.0);
        // I/O waits count at the nominal tick, CPU at the measured one.
        let w = builtin("blocking-vs-async").unwrap().unwrap();
        let io = 3.0 * w.tick_ns as f64;
        assert_eq!(lower_bound_ns(&w, 8, 1.0), 2.0 + io);
    }

    #[test]
    fn beating_the_bound_must_be_beyond_the_noise() {
        let serial = Summary::of(&[1.0, 1.02, 0.98]).unwrap();
        // A mock stretched 0.8 times: 20 % under a bound of 1 s.
        let mock = Summary::of(&[0.8, 0.8, 0.8]).unwrap();
        assert!(beats_bound(&mock, 1.0, &serial, 0.0));
        // One core at the sum, a hair under the bound: noise, not a miracle.
        let close = Summary::of(&[0.99, 0.995, 1.0]).unwrap();
        assert!(!beats_bound(&close, 1.0, &serial, 0.0));
        let wide = Summary::of(&[0.9, 0.95, 1.01]).unwrap();
        assert!(!beats_bound(&wide, 1.0, &serial, 0.0));
        // Exact walls 0.04 % under a bound from one exact baseline: beyond
        // only when nothing else is known of the tick; half a per cent of
        // calibration spread absorbs it.
        let one = Summary::of(&[1.0]).unwrap();
        let exact = Summary::of(&[0.9996, 0.9996, 0.9996]).unwrap();
        assert!(beats_bound(&exact, 1.0, &one, 0.0));
        assert!(!beats_bound(&exact, 1.0, &one, 0.005));
    }

    #[test]
    fn a_prediction_is_as_sure_as_its_costs() {
        let mut p = crate::compare::tests::predicted(0.0, Vec::new());
        p.wall_s = 0.100;
        let wall = Summary::of(&[0.120, 0.121, 0.119]).unwrap();
        // 20 % off with exact costs: a real difference.
        assert!(!agrees(&wall, &p));
        assert_eq!(noisy_costs(&p), None);
        // A worker start measured at 3 ms and once at 11.8 ms moves the
        // prediction up to 0.125 s: the wall lies within what the costs allow,
        // and the row says why.
        p.wall_range_s = Some((0.098, 0.125));
        assert!(agrees(&wall, &p));
        assert_eq!(noisy_costs(&p), Some((0.098, 0.125)));
        // The model itself, timed exactly: its prediction, computed in
        // floating point, lands a rounding step below the wall it equals.
        let exact = Summary::of(&[0.06270387; 3]).unwrap();
        p.wall_s = 0.06270386999999998;
        p.wall_range_s = Some((p.wall_s, p.wall_s));
        assert!(exact.median > p.wall_s);
        assert!(agrees(&exact, &p));
        // A nanosecond is not a hair: 2 ns past the prediction disagrees.
        p.wall_s = 0.06270387 - 2e-9;
        p.wall_range_s = Some((p.wall_s, p.wall_s));
        assert!(!agrees(&exact, &p));
    }

    #[test]
    fn faster_than_possible_names_the_cause() {
        let b = |wall_s, drift, baseline_slow| Beaten {
            wall_s,
            bound_s: 1.0,
            drift,
            baseline_slow,
        };
        let cause = |w: Why| match w {
            Why::FasterThanPossible { cause, under, .. } => (cause, (under * 1000.0).round()),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            cause(faster_than_possible(&b(0.9, -0.12, 0.0))),
            (Cause::SpedUp, 100.0)
        );
        assert_eq!(
            cause(faster_than_possible(&b(0.6, 0.002, 0.67))),
            (Cause::BaselineSlow { slow: 0.67 }, 400.0)
        );
        assert_eq!(
            cause(faster_than_possible(&b(0.8, 0.002, 0.0))),
            (Cause::Unexplained, 200.0)
        );
    }
}
