//! Predictions in seconds: the model's schedule for the strategy's
//! discipline, on a host that knows its contention curves and the
//! strategy's start-up delays (the rate-based host model), times the measured
//! length of a tick, plus the strategy's costs spread over the cores. Pure.
//!
//! wall = W_host(contention, delays) × tick + Σ added costs, where W_host is
//! the host model's wall in ticks. Each named cost is what it adds to the
//! wall: contention is W_host(curves, no delays) − W_tick, each delay what
//! adding it to the ones before adds to W_host, each added cost itself.
//! With flat curves and no costs the prediction is the tick model's wall ×
//! tick, as before any of this was measured.

use super::costs::Shape;
use crate::kinds::{CostKind, StrategyKind};
use crate::model::{Analysis, Contention, Delays, ModelError, Schedule, simulate_rates};
use crate::results::calibrate::{CalibrateDoc, Overheads};
use crate::results::model::HostRun;
use crate::results::run::{Cost, ModelSide, Predicted};
use crate::timeline::{Timeline, Unit};
use crate::workload::{Step, Workload};

/// What a host knows: its overheads and its kernels' contention curves.
#[derive(Debug, Clone, Copy)]
pub struct HostCosts<'a> {
    /// Overheads, ns.
    pub overheads: &'a Overheads,
    /// Contention curves.
    pub contention: &'a Contention,
    /// The same host with every cost at the low and at the high end of its
    /// own interval, when known: a prediction made at both shows how far the
    /// costs' noise can move it.
    pub ends: Option<&'a [HostCosts<'a>; 2]>,
}

/// A prediction and the host model's schedule behind it.
#[derive(Debug, Clone)]
pub struct Prediction {
    pub predicted: Predicted,
    /// The host model's schedule in nanoseconds (ticks × the tick).
    pub timeline: Timeline,
}

/// The shape of `w` and of the model's schedule `a`, as costs see it on a
/// host with overheads `oh`.
pub fn shape(cores: usize, w: &Workload, a: &Analysis, oh: &Overheads) -> Shape {
    let per_task = w
        .tasks
        .iter()
        .map(|t| t.steps.iter().filter(|s| matches!(s, Step::Io(_))).count() as u64);
    Shape {
        cores,
        tasks: w.tasks.len(),
        io_total: per_task.clone().sum(),
        io_max: per_task.max().unwrap_or(0),
        model_cores: a.machine.cores,
        preemptions: (a.timeline.slices.len() as u64).saturating_sub(w.tasks.len() as u64),
        task_setup_ns: (0..w.tasks.len())
            .map(|k| oh.setup_ns(w.kernel_of(k)))
            .sum(),
        kernel_setup_ns: w.kernels().into_iter().map(|k| oh.setup_ns(k)).sum(),
        worker_setup_ns: w.kernels().into_iter().map(|k| oh.worker_setup_ns(k)).sum(),
    }
}

/// Adds `b` to `a`, task by task and core by core.
fn sum(a: &Delays, b: &Delays) -> Delays {
    let add = |x: &[f64], y: &[f64]| {
        (0..x.len().max(y.len()))
            .map(|i| x.get(i).unwrap_or(&0.0) + y.get(i).unwrap_or(&0.0))
            .collect()
    };
    Delays {
        release: add(&a.release, &b.release),
        core_start: add(&a.core_start, &b.core_start),
    }
}

fn in_ticks(d: &Delays, tick_ns: f64) -> Delays {
    Delays {
        release: d.release.iter().map(|x| x / tick_ns).collect(),
        core_start: d.core_start.iter().map(|x| x / tick_ns).collect(),
    }
}

/// Predicts `strategy` on `cores` cores from the tick model's analysis `a`
/// of its matching machine, the measured length of a tick and the host.
pub fn predict(
    strategy: StrategyKind,
    cores: usize,
    w: &Workload,
    a: &Analysis,
    tick_ns: f64,
    host: &HostCosts,
) -> Result<Prediction, ModelError> {
    let costs = strategy.costs(&shape(cores, w, a, host.overheads), host.overheads);
    // The mock runs nothing: it shares no memory bus, whatever the host's curves.
    let none = crate::model::Contention::none();
    let contention = if strategy.synthetic() {
        &none
    } else {
        host.contention
    };
    let run = |d: &Delays| simulate_rates(w, &a.machine, contention, &in_ticks(d, tick_ns));
    let tick_wall = a.metrics.wall as f64;
    let mut named = Vec::new();
    let mut delays = Delays::default();
    let mut schedule: Schedule = run(&delays)?;
    let contention_ns = (schedule.wall() - tick_wall) * tick_ns;
    if contention_ns != 0.0 {
        named.push(Cost {
            kind: CostKind::Contention,
            s: contention_ns / 1e9,
        });
    }
    for (kind, d) in &costs.delays {
        let before = schedule.wall();
        delays = sum(&delays, d);
        schedule = run(&delays)?;
        named.push(Cost {
            kind: *kind,
            s: (schedule.wall() - before) * tick_ns / 1e9,
        });
    }
    let added: f64 = costs.added.iter().map(|c| c.1).sum();
    for &(kind, ns) in &costs.added {
        // One cost may be both a delay and core-time (thread spawns): one entry.
        match named.iter_mut().find(|c| c.kind == kind) {
            Some(c) => c.s += ns / 1e9,
            None => named.push(Cost { kind, s: ns / 1e9 }),
        }
    }
    let wall_ns = schedule.wall() * tick_ns + added;
    let timeline = schedule.timeline(Unit::Nanos, tick_ns);
    Ok(Prediction {
        predicted: figures(cores, w, a, tick_ns, wall_ns, named),
        timeline,
    })
}

/// The figures of a prediction whose wall is `wall_ns`.
fn figures(
    cores: usize,
    w: &Workload,
    a: &Analysis,
    tick_ns: f64,
    wall_ns: f64,
    costs: Vec<Cost>,
) -> Predicted {
    let p = cores as f64;
    let model_p = a.machine.cores as f64;
    let serial_ns = w.work() as f64 * tick_ns;
    let capacity = model_p * a.metrics.wall as f64;
    let frac = |x: u64| {
        if capacity > 0.0 {
            x as f64 / capacity
        } else {
            0.0
        }
    };
    Predicted {
        wall_s: wall_ns / 1e9,
        // No CPU work, no serial time: speedup is not defined (see `NO_CPU_WORK`).
        speedup: if serial_ns > 0.0 {
            serial_ns / wall_ns
        } else {
            f64::NAN
        },
        utilization: serial_ns / (p * wall_ns),
        overhead_s: (wall_ns - a.metrics.wall as f64 * tick_ns) / 1e9,
        model: ModelSide {
            cores: a.machine.cores,
            discipline: a.machine.discipline.name().into(),
            quantum: a.quantum(),
            io: a.machine.io.name().into(),
            wall_ticks: a.metrics.wall,
        },
        // The model's idle share, counted against all P cores (interleave uses one).
        idle_fraction: 1.0 - (1.0 - frac(a.metrics.idle)) * model_p / p,
        blocked_fraction: frac(a.metrics.blocked) * model_p / p,
        costs,
        wall_range_s: None,
    }
}

/// The model's run `a` of `w` on the host that `cal` was measured on: its
/// contention `curves` and, with a `strategy`, that strategy's costs; without
/// one, the bare machine (contention only, no costs).
pub fn host_run(
    w: &Workload,
    a: &Analysis,
    cal: &CalibrateDoc,
    curves: &Contention,
    strategy: Option<StrategyKind>,
) -> Result<HostRun, ModelError> {
    let host = HostCosts {
        overheads: &cal.overheads_ns,
        contention: curves,
        ends: None,
    };
    let p = predict(
        strategy.unwrap_or(StrategyKind::MOCK),
        a.machine.cores,
        w,
        a,
        w.tick_ns as f64,
        &host,
    )?;
    Ok(HostRun {
        host: cal.meta.host_label(),
        strategy,
        wall_ticks: p.predicted.wall_s * 1e9 / w.tick_ns as f64,
        wall_s: p.predicted.wall_s,
        speedup: p.predicted.speedup,
        costs: p.predicted.costs,
    })
}
