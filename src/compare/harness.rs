//! The measurement loop behind `conpar run`: calibrate the kernel on one core,
//! time the serial baseline, then for each (strategy, cores) pair build the
//! strategy outside the timed part, run one warm-up and R timed repetitions
//! between two reference ticks (the drift), and set the median beside the
//! model's prediction. Each finished row is
//! handed to the caller at once, so it can be saved before the next starts.

pub use super::WorkloadRun;
pub use super::baseline::curves;
use super::baseline::serial_run;
use super::ends::End;
use super::measuring::Handler;
pub use super::measuring::{Event, HarnessError, Options, check_trace, choose_cpus};
use super::pair::{Pair, measure_pair};
use super::{HostCosts, Row};
use crate::exec::strategy;
use crate::kernel::{Calibration, calibrate};
use crate::measure::{allowed_cpus, confine_to};
use crate::results::calibrate::{ContentionCurve, Overheads, contention as model_contention};
use crate::stats::Summary;
use crate::workload::Workload;

/// Measures `w` as `opts` says; `on` sees each event and may stop the run by
/// returning an error.
pub fn run_workload(
    w: &Workload,
    opts: &Options,
    overheads: &Overheads,
    on: &mut (dyn FnMut(Event) -> Result<(), String> + Send),
) -> Result<WorkloadRun, HarnessError> {
    let allowed = allowed_cpus();
    std::thread::scope(|s| {
        s.spawn(|| {
            // The harness thread runs serial phases and, for tokio on one core,
            // the runtime itself: it lives on the first chosen CPU.
            let _ = confine_to(&[allowed[0]]);
            let before = before_pairs(w, opts, &allowed, on)?;
            let contention_model = model_contention(&before.contention);
            let (low, high) = (overheads.at_end(End::Low), overheads.at_end(End::High));
            let curves = |end| -> Vec<ContentionCurve> {
                before.contention.iter().map(|c| c.at_end(end)).collect()
            };
            let (c_low, c_high) = (
                model_contention(&curves(End::Low)),
                model_contention(&curves(End::High)),
            );
            let ends = [
                HostCosts {
                    overheads: &low,
                    contention: &c_low,
                    ends: None,
                },
                HostCosts {
                    overheads: &high,
                    contention: &c_high,
                    ends: None,
                },
            ];
            let host = HostCosts {
                overheads,
                contention: &contention_model,
                ends: Some(&ends),
            };
            let (rows, failures) = all_pairs(w, opts, &host, &allowed, &before, on)?;
            Ok(WorkloadRun {
                workload: w.name.clone(),
                tick_ns: w.tick_ns,
                calibration: before.cal,
                kernels: before.kernels,
                contention: before.contention,
                serial_wall_s: before.serial,
                rows,
                failures,
            })
        })
        .join()
        .expect("the harness thread does not panic")
    })
}

/// What is measured once per workload, before its pairs.
struct BeforePairs {
    cal: Calibration,
    kernels: Vec<Calibration>,
    contention: Vec<ContentionCurve>,
    serial: Summary,
}

/// Calibrates the kernels, measures their contention up to the widest core
/// count and times the serial baseline (at least three runs).
fn before_pairs(
    w: &Workload,
    opts: &Options,
    allowed: &[usize],
    on: &mut Handler,
) -> Result<BeforePairs, HarnessError> {
    let mut say = |ev| on(ev).map_err(HarnessError::Handler);
    let cal = calibrate(w.kernel, w.tick_ns);
    let kernels: Vec<Calibration> = w.kernels()[1..]
        .iter()
        .map(|&k| calibrate(k, w.tick_ns))
        .collect();
    say(Event::Calibrated(&cal))?;
    say(Event::Started("the contention curves".into()))?;
    let widest = opts.cores.iter().copied().max().unwrap_or(1);
    let contention = curves(&cal, &kernels, allowed, widest);
    say(Event::Ended)?;
    let mut serial_samples = Vec::new();
    for _ in 0..opts.runs.min_runs.max(3) {
        say(Event::Started("the serial baseline".into()))?;
        serial_samples.push(serial_run(w, &cal, &kernels));
        say(Event::Ended)?;
    }
    let serial = Summary::of(&serial_samples).expect("finite samples");
    say(Event::Serial(&serial))?;
    Ok(BeforePairs {
        cal,
        kernels,
        contention,
        serial,
    })
}

/// Every (strategy, cores) pair in order: the rows, and with `keep_going`
/// the pairs that failed.
fn all_pairs(
    w: &Workload,
    opts: &Options,
    host: &HostCosts,
    allowed: &[usize],
    before: &BeforePairs,
    on: &mut Handler,
) -> Result<(Vec<Row>, Vec<String>), HarnessError> {
    let (mut rows, mut failures) = (Vec::new(), Vec::new());
    for &kind in &opts.strategies {
        let strat = strategy(kind);
        for &p in &opts.cores {
            let pair = Pair {
                w,
                opts,
                host,
                allowed,
                kind,
                strat: strat.as_ref(),
                cal: &before.cal,
                kernels: &before.kernels,
                serial_runs: &before.serial,
            };
            match measure_pair(&pair, p, on) {
                Ok(row) => {
                    on(Event::Row(&row)).map_err(HarnessError::Handler)?;
                    rows.push(row);
                }
                Err(e @ (HarnessError::Exec { .. } | HarnessError::Inconsistent { .. }))
                    if opts.keep_going =>
                {
                    on(Event::Failed(&e)).map_err(HarnessError::Handler)?;
                    failures.push(e.to_string());
                }
                Err(e) => return Err(e),
            }
        }
    }
    Ok((rows, failures))
}
