//! One (strategy, cores) pair of `conpar run`: its serial baseline, its
//! warm-up and timed runs (repeated until the stopping rule says enough),
//! the reference ticks around them, and its row.

use super::HostCosts;
use super::Row;
use super::baseline::serial_run;
use super::measuring::{Event, Handler, HarnessError, Options, check_trace, choose_cpus};
use super::row::{self, PairRuns};
use crate::exec::{Plan, Strategy, Trace, execute, task_names};
use crate::kernel::{Calibration, reference_tick, warm_up};
use crate::kinds::StrategyKind;
use crate::model::analyze;
use crate::repeat::{Stopped, stop};
use crate::stats::Summary;
use crate::workload::Workload;

/// What one (strategy, cores) pair is measured with.
pub(super) struct Pair<'a> {
    pub(super) w: &'a Workload,
    pub(super) opts: &'a Options,
    pub(super) host: &'a HostCosts<'a>,
    pub(super) allowed: &'a [usize],
    pub(super) kind: StrategyKind,
    pub(super) strat: &'a dyn Strategy,
    pub(super) cal: &'a Calibration,
    /// The other kernels tasks run.
    pub(super) kernels: &'a [Calibration],
    /// The workload's repeated serial baselines.
    pub(super) serial_runs: &'a Summary,
}

/// The serial baseline right before a pair, so its speedup and prediction
/// use a tick measured moments before its runs. A strategy that runs nothing
/// gets the baseline of its own world: the work in calibrated ticks, without
/// noise.
fn pair_serial(pair: &Pair, on: &mut Handler) -> Result<Summary, HarnessError> {
    let (w, cal) = (pair.w, pair.cal);
    let s = if pair.kind.synthetic() {
        w.work() as f64 * cal.tick_median_ns / 1e9
    } else {
        on(Event::Started("the serial baseline".into())).map_err(HarnessError::Handler)?;
        let s = serial_run(w, cal, pair.kernels);
        on(Event::Ended).map_err(HarnessError::Handler)?;
        s
    };
    Ok(Summary::of(&[s]).expect("a finite sample"))
}

/// The warm-up runs and the timed runs of one pair, repeated until the
/// stopping rule ends them; each trace checked.
fn timed_runs(
    pair: &Pair,
    plan: &Plan,
    on: &mut Handler,
) -> Result<(Vec<Trace>, Stopped), HarnessError> {
    let (w, opts, kind, p) = (pair.w, pair.opts, pair.kind, plan.cores());
    let name = kind.to_string();
    let exec_err = |source| HarnessError::Exec {
        strategy: name.clone(),
        cores: p,
        source,
    };
    let mut prepared = pair.strat.prepare(plan).map_err(exec_err)?;
    let mut traces = Vec::with_capacity(opts.runs.min_runs);
    let (mut walls, mut spent) = (Vec::new(), 0.0);
    let mut i = 0;
    let stopped = loop {
        warm_up(5_000_000);
        on(Event::Started(format!(
            "{name} on {}",
            crate::words::Count(p, "core")
        )))
        .map_err(HarnessError::Handler)?;
        let trace = execute(w, pair.cal, prepared.as_mut()).map_err(exec_err);
        on(Event::Ended).map_err(HarnessError::Handler)?;
        let trace = trace?;
        // A run inside this process cannot be stopped at the timeout; one
        // that finished past it is a timeout all the same, never a row.
        if !kind.synthetic() && u128::from(trace.wall_ns()) > opts.timeout.as_nanos() {
            return Err(exec_err(crate::exec::ExecError::Timeout {
                strategy: kind.name(),
                after: opts.timeout,
                pending: format!(
                    "none; it finished late, after {}",
                    crate::units::Nanos(trace.wall_ns() as f64)
                ),
            }));
        }
        on(Event::RunDone {
            strategy: kind,
            cores: p,
        })
        .map_err(HarnessError::Handler)?;
        i += 1;
        if i > opts.warmup {
            let wall = trace.wall_ns() as f64 / 1e9;
            walls.push(wall);
            spent += wall;
            traces.push(trace);
            if let Some(why) = stop(&opts.runs, &walls, spent) {
                break why;
            }
        }
    };
    let names = task_names(w);
    for t in &traces {
        check_trace(w, &t.timeline(names.clone(), p)).map_err(|detail| {
            HarnessError::Inconsistent {
                strategy: name.clone(),
                cores: p,
                detail,
            }
        })?;
    }
    Ok((traces, stopped))
}

pub(super) fn measure_pair(pair: &Pair, p: usize, on: &mut Handler) -> Result<Row, HarnessError> {
    let (w, opts, cal) = (pair.w, pair.opts, pair.cal);
    let plan = Plan {
        workload: w,
        cpus: choose_cpus(pair.allowed, p),
        pin: opts.pin,
        calibration: *cal,
        kernels: pair.kernels.to_vec(),
        quantum: opts.quantum,
        os_slice_ns: opts.os_slice_ns,
        worker_exe: opts.worker_exe.clone(),
        timeout: opts.timeout,
    };
    // A reference tick before the pair and another after it: the CPU's speed
    // drifts by a few per cent over seconds, and a run timed against a tick
    // that changed under it can look faster than the work allows.
    let before = reference_tick(cal);
    let serial = pair_serial(pair, on)?;
    let (traces, stopped) = timed_runs(pair, &plan, on)?;
    let after = reference_tick(cal);
    let analysis = analyze(w, &pair.strat.model(&plan))?;
    row::build(
        w,
        &PairRuns {
            kind: pair.kind,
            plan: &plan,
            analysis: &analysis,
            host: pair.host,
            oversubscribed: p > pair.allowed.len(),
            serial: &serial,
            serial_runs: if pair.kind.synthetic() {
                &serial
            } else {
                pair.serial_runs
            },
            traces: &traces,
            drift: after / before - 1.0,
            stopped,
        },
    )
    .map_err(HarnessError::Setup)
}
