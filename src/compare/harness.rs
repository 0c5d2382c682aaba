//! The measurement loop behind `conpar run`: calibrate the kernel on one core,
//! time the serial baseline, then for each (strategy, cores) pair build the
//! strategy outside the timed part, run one warm-up and R timed repetitions
//! between two reference ticks (the drift), and set the median beside the
//! model's prediction. Each finished row is
//! handed to the caller at once, so it can be saved before the next starts.

pub use super::baseline::curves;
use super::baseline::serial_run;
use super::row::{self, PairRuns};
use super::{Host, Row};
use crate::exec::{ExecError, Plan, Strategy, Trace, execute, strategy, task_names};
use crate::kernel::{Calibration, calibrate, reference_tick, warm_up};
use crate::kinds::StrategyKind;
use crate::measure::{allowed_cpus, confine_to};
use crate::model::analyze;
use crate::results::calibrate::{ContentionCurve, Overheads, contention as model_contention};
use crate::stats::Summary;
use crate::timeline::Timeline;
use crate::workload::Workload;
use std::path::PathBuf;
use std::time::Duration;

/// How to measure.
#[derive(Debug, Clone)]
pub struct Options {
    /// Strategies, in the order to run them.
    pub strategies: Vec<StrategyKind>,
    /// Core counts, each at least 1.
    pub cores: Vec<usize>,
    /// Timed repetitions per pair, at least 1.
    pub repeat: usize,
    /// Untimed runs before them.
    pub warmup: usize,
    /// Pin pool workers one per core.
    pub pin: bool,
    /// `interleave`'s quantum in ticks.
    pub quantum: u64,
    /// The OS time slice assumed for `threads`.
    pub os_slice_ns: u64,
    /// Longest one run may take.
    pub timeout: Duration,
    /// The binary started as a worker process.
    pub worker_exe: PathBuf,
    /// On a failed pair, report it and go on with the next instead of stopping.
    pub keep_going: bool,
}

/// Progress, reported between timed runs (never during one).
#[derive(Debug)]
pub enum Event<'a> {
    /// The kernel was calibrated.
    Calibrated(&'a Calibration),
    /// The serial baseline was timed (seconds).
    Serial(&'a Summary),
    /// A run (timed or not, baseline or strategy) is about to start.
    Started(String),
    /// That run ended, well or not.
    Ended,
    /// A pair failed and, with `keep_going`, the next one follows.
    Failed(&'a HarnessError),
    /// One run of a pair finished.
    RunDone {
        /// Strategy.
        strategy: StrategyKind,
        /// P.
        cores: usize,
    },
    /// A pair is complete.
    Row(&'a Row),
}

/// Everything measured for one workload.
#[derive(Debug, Clone, serde::Serialize)]
pub struct WorkloadRun {
    /// Workload name.
    pub workload: String,
    /// Tick length.
    pub tick_ns: u64,
    /// The kernel's calibration.
    pub calibration: Calibration,
    /// The other kernels tasks run, calibrated to the same tick.
    pub kernels: Vec<Calibration>,
    /// Each kernel's contention curve up to the widest core count.
    pub contention: Vec<ContentionCurve>,
    /// The serial baseline, in seconds.
    pub serial_wall_s: Summary,
    /// One row per (strategy, cores) that completed.
    pub rows: Vec<Row>,
    /// The pairs that failed (with `keep_going`), as messages.
    pub failures: Vec<String>,
}

/// Why measuring stopped.
#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    /// A run failed.
    #[error("{strategy} on {cores} cores: {source}")]
    Exec {
        /// Strategy.
        strategy: String,
        /// P.
        cores: usize,
        /// What failed.
        source: ExecError,
    },
    /// The caller's handler refused an event (for example, saving failed).
    #[error("{0}")]
    Handler(String),
    /// A trace did not account for every tick.
    #[error("{strategy} on {cores} cores: the trace is inconsistent: {detail}")]
    Inconsistent {
        /// Strategy.
        strategy: String,
        /// P.
        cores: usize,
        /// What was wrong.
        detail: String,
    },
    /// An unknown strategy or a model error.
    #[error("{0}")]
    Setup(String),
}

/// The P CPUs to use: the first P allowed ones, cycling when P exceeds them.
pub fn choose_cpus(allowed: &[usize], p: usize) -> Vec<usize> {
    (0..p).map(|i| allowed[i % allowed.len()]).collect()
}

/// Checks a trace against its workload: every task's CPU ticks ran exactly
/// once and no task is in two slices at once.
pub fn check_trace(w: &Workload, t: &Timeline) -> Result<(), String> {
    let work = t.work_per_task();
    for (i, task) in w.tasks.iter().enumerate() {
        if work[i] != task.cpu_ticks() {
            return Err(format!(
                "task `{}` ran {} of its {} ticks",
                task.name,
                work[i],
                task.cpu_ticks()
            ));
        }
    }
    let mut v: Vec<_> = t.slices.iter().collect();
    v.sort_by_key(|s| (s.task, s.start));
    for p in v.windows(2) {
        if p[0].task == p[1].task && p[1].start < p[0].end {
            return Err(format!(
                "task `{}` ran in two slices at once",
                t.tasks[p[0].task as usize]
            ));
        }
    }
    Ok(())
}

/// Measures `w` as `opts` says; `on` sees each event and may stop the run by
/// returning an error.
pub fn run_workload(
    w: &Workload,
    opts: &Options,
    overheads: &Overheads,
    on: &mut (dyn FnMut(Event) -> Result<(), String> + Send),
) -> Result<WorkloadRun, HarnessError> {
    let allowed = allowed_cpus();
    let strategies: Vec<(StrategyKind, Box<dyn Strategy>)> =
        opts.strategies.iter().map(|&k| (k, strategy(k))).collect();
    std::thread::scope(|s| {
        s.spawn(|| {
            // The harness thread runs serial phases and, for tokio on one core,
            // the runtime itself: it lives on the first chosen CPU.
            let _ = confine_to(&[allowed[0]]);
            let cal = calibrate(w.kernel, w.tick_ns);
            let kernels: Vec<Calibration> = w.kernels()[1..]
                .iter()
                .map(|&k| calibrate(k, w.tick_ns))
                .collect();
            on(Event::Calibrated(&cal)).map_err(HarnessError::Handler)?;
            on(Event::Started("the contention curves".into())).map_err(HarnessError::Handler)?;
            let widest = opts.cores.iter().copied().max().unwrap_or(1);
            let contention = curves(&cal, &kernels, &allowed, widest);
            on(Event::Ended).map_err(HarnessError::Handler)?;
            let contention_model = model_contention(&contention);
            let host = Host {
                overheads,
                contention: &contention_model,
            };
            let mut serial_samples = Vec::new();
            for _ in 0..opts.repeat.max(3) {
                on(Event::Started("the serial baseline".into())).map_err(HarnessError::Handler)?;
                serial_samples.push(serial_run(w, &cal, &kernels));
                on(Event::Ended).map_err(HarnessError::Handler)?;
            }
            let serial = Summary::of(&serial_samples).expect("finite samples");
            on(Event::Serial(&serial)).map_err(HarnessError::Handler)?;
            let mut rows = Vec::new();
            let mut failures = Vec::new();
            for (kind, strat) in &strategies {
                for &p in &opts.cores {
                    let pair = Pair {
                        w,
                        opts,
                        host: &host,
                        allowed: &allowed,
                        kind: *kind,
                        strat: strat.as_ref(),
                        cal: &cal,
                        kernels: &kernels,
                        serial_runs: &serial,
                    };
                    match measure_pair(&pair, p, on) {
                        Ok(row) => {
                            on(Event::Row(&row)).map_err(HarnessError::Handler)?;
                            rows.push(row);
                        }
                        Err(
                            e @ (HarnessError::Exec { .. } | HarnessError::Inconsistent { .. }),
                        ) if opts.keep_going => {
                            on(Event::Failed(&e)).map_err(HarnessError::Handler)?;
                            failures.push(e.to_string());
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
            Ok(WorkloadRun {
                workload: w.name.clone(),
                tick_ns: w.tick_ns,
                calibration: cal,
                kernels,
                contention,
                serial_wall_s: serial,
                rows,
                failures,
            })
        })
        .join()
        .expect("the harness thread does not panic")
    })
}

/// What one (strategy, cores) pair is measured with.
struct Pair<'a> {
    w: &'a Workload,
    opts: &'a Options,
    host: &'a Host<'a>,
    allowed: &'a [usize],
    kind: StrategyKind,
    strat: &'a dyn Strategy,
    cal: &'a Calibration,
    /// The other kernels tasks run.
    kernels: &'a [Calibration],
    /// The workload's repeated serial baselines.
    serial_runs: &'a Summary,
}

type Handler<'h> = dyn FnMut(Event) -> Result<(), String> + Send + 'h;

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

/// The warm-up and timed runs of one pair, each trace checked.
fn timed_runs(pair: &Pair, plan: &Plan, on: &mut Handler) -> Result<Vec<Trace>, HarnessError> {
    let (w, opts, kind, p) = (pair.w, pair.opts, pair.kind, plan.cores());
    let name = kind.to_string();
    let exec_err = |source| HarnessError::Exec {
        strategy: name.clone(),
        cores: p,
        source,
    };
    let mut prepared = pair.strat.prepare(plan).map_err(exec_err)?;
    let mut traces = Vec::with_capacity(opts.repeat);
    for i in 0..opts.warmup + opts.repeat {
        warm_up(5_000_000);
        on(Event::Started(format!("{name} on {p} cores"))).map_err(HarnessError::Handler)?;
        let trace = execute(w, pair.cal, prepared.as_mut()).map_err(exec_err);
        on(Event::Ended).map_err(HarnessError::Handler)?;
        let trace = trace?;
        on(Event::RunDone {
            strategy: kind,
            cores: p,
        })
        .map_err(HarnessError::Handler)?;
        if i >= opts.warmup {
            traces.push(trace);
        }
    }
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
    Ok(traces)
}

fn measure_pair(pair: &Pair, p: usize, on: &mut Handler) -> Result<Row, HarnessError> {
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
    let traces = timed_runs(pair, &plan, on)?;
    let after = reference_tick(cal);
    let analysis =
        analyze(w, &pair.strat.model(&plan)).map_err(|e| HarnessError::Setup(e.to_string()))?;
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
        },
    )
    .map_err(HarnessError::Setup)
}
