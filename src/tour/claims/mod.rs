//! Each claim: what it says, the model's prediction, the measurement, and
//! two judgments from them (the claim's, by [`super::verdicts`]; the
//! model's accuracy), with the noise the measurement showed.

use super::judge::{Band, Judgment, drift_of, model_accuracy, model_matches};
use super::verdicts;
use super::{ClaimKind, ClaimResult, TourError, TourOptions};
use crate::compare::Row;
use crate::compare::harness::{Options, WorkloadRun, run_workload};
use crate::compare::noise;
use crate::exec::hazards::{Increment, count, two_locks};
use crate::exec::overhead::{self, Overheads};
use crate::findings::tour::figures::{AmdahlPoint, Counted, Figures, Locked};
use crate::findings::tour::{ModelWhy, Reason, Undecided};
use crate::findings::{Warning, Why};
use crate::io::predict::{Inputs, predict as predict_io};
use crate::io::server::ServerProcess;
use crate::io::{ClientKind, ClientPlan, IoCalibration, calibrate as calibrate_io, run_client};
use crate::kernel::calibrate;
use crate::kinds::StrategyKind;
use crate::measure::{allowed_cpus, confine_to};
use crate::model::{Discipline, IoMode, Machine, amdahl, analyze, karp_flatt};
use crate::results::tour::{ClaimVerdict, ModelVerdict};
use crate::stats::Summary;
use crate::workload::{KernelKind, Step, Workload, builtin};
use std::cell::OnceCell;
use std::time::Duration;

mod amdahl;
mod cpu;
mod io;
mod sharing;
mod span;
mod switches;

/// What claims share within one tour: the host's CPUs and the costly
/// measurements more than one claim uses.
pub struct Env {
    opts: TourOptions,
    allowed: Vec<usize>,
    overheads: OnceCell<Overheads>,
    amdahl: OnceCell<WorkloadRun>,
}

impl Env {
    /// A fresh environment for `opts`.
    pub fn new(opts: TourOptions) -> Env {
        Env {
            opts,
            allowed: allowed_cpus(),
            overheads: OnceCell::new(),
            amdahl: OnceCell::new(),
        }
    }

    fn overheads(&self) -> &Overheads {
        self.overheads
            .get_or_init(|| overhead::measure(&self.allowed, &self.opts.exe))
    }

    /// The same environment with `repeat` timed runs a measurement, keeping
    /// the host's overheads measured so far.
    fn with_repeat(&self, repeat: usize) -> Env {
        let e = Env::new(TourOptions {
            repeat,
            ..self.opts.clone()
        });
        if let Some(o) = self.overheads.get() {
            let _ = e.overheads.set(o.clone());
        }
        e
    }

    fn p(&self, want: usize) -> usize {
        want.min(self.allowed.len()).max(1)
    }
}

fn err(claim: &str, e: impl std::fmt::Display) -> TourError {
    TourError {
        claim: claim.to_string(),
        message: e.to_string(),
    }
}

fn shipped(name: &str) -> Workload {
    builtin(name)
        .expect("a shipped workload")
        .expect("shipped workloads are valid")
}

fn measure(
    env: &Env,
    claim: &str,
    w: &Workload,
    strategies: &[&StrategyKind],
    cores: &[usize],
) -> Result<WorkloadRun, TourError> {
    let opts = Options {
        strategies: strategies.iter().map(|&&s| s).collect(),
        cores: cores.to_vec(),
        runs: crate::repeat::Repeat::exactly(env.opts.repeat),
        warmup: env.opts.warmup,
        pin: true,
        quantum: 1,
        os_slice_ns: 3_000_000,
        timeout: Duration::from_secs(30),
        worker_exe: env.opts.exe.clone(),
        keep_going: false,
    };
    run_workload(w, &opts, env.overheads(), &mut |_| Ok(())).map_err(|e| err(claim, e))
}

/// The order tasks ran in on a timeline: names by start time, repeats merged.
fn order(row: &Row) -> String {
    let Some(t) = &row.timeline else {
        return String::new();
    };
    let mut v: Vec<_> = t.slices.iter().collect();
    v.sort_by_key(|s| s.2);
    let mut names: Vec<&str> = Vec::new();
    for &&(task, ..) in &v {
        let n = t.tasks[task as usize].as_str();
        if names.last() != Some(&n) {
            names.push(n);
        }
    }
    names.join(" ")
}

/// Everything a claim found, before it becomes a [`ClaimResult`].
struct Outcome {
    claim: ClaimKind,
    judged: Judgment,
    model: ModelVerdict,
    figures: Figures,
}

fn result(o: Outcome) -> ClaimResult {
    ClaimResult {
        name: o.claim,
        verdict: o.judged.verdict.verdict(),
        reason: o.judged.reason,
        claim_verdict: Some(o.judged.verdict),
        model_verdict: o.model,
        margin: o.judged.margin,
        projected: false,
        figures: Some(o.figures),
        warnings: Vec::new(),
    }
}

/// A row's measured speedup with its noise: the pair's serial baseline
/// (with the relative band of the workload's repeated baselines; exact for
/// a strategy that runs nothing) over the wall's band.
fn speedup_band(run: &WorkloadRun, r: &Row) -> Band {
    let serial = if r.strategy.synthetic() {
        Band::exact(r.serial_s)
    } else {
        Band::around(r.serial_s, &run.serial_wall_s)
    };
    Band::ratio(serial, Band::of(&r.measured.wall_s))
}

/// The relative noise of the tick a row's bounds are counted in
/// ([`noise::tick_noise`]). The serial baseline's own repeats are in the
/// speedup's band already ([`speedup_band`]).
fn bound_noise(run: &WorkloadRun, r: &Row) -> f64 {
    noise::tick_noise(&run.calibration, r.tick_drift, r.baseline_drift)
}

/// `value`, a bound no run of the work passes, known as well as the tick
/// of row `r` is.
fn bound(run: &WorkloadRun, r: &Row, value: f64) -> Band {
    Band::relative(value, bound_noise(run, r))
}

/// The run's noise warnings on the claim. A claim judged in ticks to a
/// tolerance smaller than what its figures can be off by
/// ([`noise::off_by`]) cannot hold: it cannot be told.
fn with_noise(res: &mut ClaimResult, run: &WorkloadRun) {
    res.warnings = tour_warnings(run);
    let off = noise::off_by(run);
    if off > verdicts::TOLERANCE && res.claim_verdict == Some(ClaimVerdict::Holds) {
        res.claim_verdict = Some(ClaimVerdict::CannotTell);
        res.verdict = ClaimVerdict::CannotTell.verdict();
        res.reason = Reason::Undecided(Undecided::TickMoved {
            off,
            tolerance: verdicts::TOLERANCE,
        });
    }
}

/// The run's noise warnings alone, for a claim that compares two measured
/// walls beyond their own noise rather than a figure in ticks against a
/// tolerance: the tick's drift does not decide it.
fn with_warnings(res: &mut ClaimResult, run: &WorkloadRun) {
    res.warnings = tour_warnings(run);
}

/// The run's noise warnings for a claim, less "faster than possible": the
/// claim's verdict (suspect) says that, once.
fn tour_warnings(run: &WorkloadRun) -> Vec<Warning> {
    noise::warnings(run, noise::TOUR)
        .into_iter()
        .filter(|w| !matches!(w, Warning::FasterThanPossible { .. }))
        .collect()
}

/// The row's "why" when its wall beat the model's lower bound.
fn faster(r: &Row) -> Option<&Why> {
    r.why.as_ref().filter(|_| r.faster_than_possible)
}

/// The model's prediction of a row's wall against the measured wall.
fn row_model(r: &Row) -> ModelVerdict {
    // Judged against the host model (the tick model with this host's
    // measured costs and contention, said once in the tour's opening), which
    // the claim's own predicted figure is not: say so, with its figures. A
    // run faster than possible has its cause in the verdict, not here again.
    model_accuracy(
        Band::of(&r.measured.wall_s),
        r.predicted.wall_s,
        ModelWhy::HostModel {
            predicted_s: r.predicted.wall_s,
            predicted_speedup: r.predicted.speedup,
            strategy: r.strategy,
            cores: r.cores,
            why: if r.faster_than_possible {
                None
            } else {
                r.why.clone()
            },
        },
    )
}

/// Above this many CPUs kept busy by other programs, on average, while a
/// claim is measured, its timed verdict is suspect.
pub const BUSY_HOST_CPUS: f64 = 0.25;

/// Timed repetitions of a claim measured again because its first runs could
/// not tell: with 9 runs the 95 % interval of the median leaves out the
/// slowest and the fastest run, so one run disturbed by another program no
/// longer decides.
pub const RETRY_REPEAT: usize = 9;

/// Runs the claim called `name`, watching how busy other programs keep the
/// host meanwhile. A timed claim whose first runs cannot tell is measured
/// once more with [`RETRY_REPEAT`] runs, and judged on those.
pub fn run_claim(claim: ClaimKind, env: &Env) -> Result<ClaimResult, TourError> {
    let first = watched(claim, env)?;
    let undecided = first.claim_verdict == Some(ClaimVerdict::CannotTell)
        && first.margin.is_some()
        && env.opts.repeat < RETRY_REPEAT;
    if !undecided {
        return Ok(first);
    }
    let again = env.with_repeat(RETRY_REPEAT);
    let mut r = watched(claim, &again)?;
    r.warnings.insert(
        0,
        Warning::MeasuredAgain {
            claim: claim.name().to_string(),
            first: env.opts.repeat,
            again: RETRY_REPEAT,
        },
    );
    Ok(r)
}

/// [`run_claim`]'s one measurement and judgment.
fn watched(claim: ClaimKind, env: &Env) -> Result<ClaimResult, TourError> {
    let before = (
        crate::measure::host_busy_ns(),
        crate::measure::own_cpu_ns(),
        crate::measure::mono_ns(),
    );
    let mut r = dispatch(claim, env)?;
    let (Some(busy0), own0, t0) = before else {
        return Ok(r);
    };
    let Some(busy1) = crate::measure::host_busy_ns() else {
        return Ok(r);
    };
    let own = crate::measure::own_cpu_ns().saturating_sub(own0);
    let wall = crate::measure::mono_ns().saturating_sub(t0).max(1);
    let others = busy1.saturating_sub(busy0).saturating_sub(own) as f64 / wall as f64;
    // A synthetic pool's figures do not depend on the host's load.
    if !env.opts.pool.synthetic() {
        judge_busy_host(&mut r, others);
    }
    Ok(r)
}

/// A timed verdict measured while other programs kept more than
/// [`BUSY_HOST_CPUS`] busy is suspect, with that cause named.
pub fn judge_busy_host(r: &mut ClaimResult, others_cpus: f64) {
    let timed = r.margin.is_some() || r.projected;
    if !(timed && others_cpus > BUSY_HOST_CPUS) {
        return;
    }
    r.warnings.push(Warning::BusyHost {
        claim: r.name.name().to_string(),
        cpus: others_cpus,
    });
    if matches!(
        r.claim_verdict,
        Some(ClaimVerdict::Holds | ClaimVerdict::DoesNotHold | ClaimVerdict::CannotTell)
    ) {
        r.claim_verdict = Some(ClaimVerdict::Suspect);
        r.verdict = ClaimVerdict::Suspect.verdict();
        let judged = Box::new(std::mem::replace(&mut r.reason, Reason::Unknown));
        r.reason = Reason::Undecided(Undecided::HostFull {
            cpus: others_cpus,
            judged,
        });
    }
}

fn dispatch(claim: ClaimKind, env: &Env) -> Result<ClaimResult, TourError> {
    match claim {
        ClaimKind::InterleaveSum => cpu::interleave_sum(env),
        ClaimKind::ParallelMax => cpu::parallel_max(env),
        ClaimKind::UnevenIdle => cpu::uneven_idle(env),
        ClaimKind::Amdahl => amdahl::amdahl_claim(env),
        ClaimKind::ContextSwitches => switches::context_switches(env),
        ClaimKind::BlockingIo => io::blocking_io(env),
        ClaimKind::AsyncNotParallel => io::async_not_parallel(env),
        ClaimKind::Race => sharing::race(env),
        ClaimKind::Deadlock => sharing::deadlock(),
        ClaimKind::EightCores => amdahl::eight_cores(env),
        ClaimKind::SpanLimits => span::span_limits(env),
    }
}
