//! Predictions against measurements: what the model, calibrated in seconds,
//! expects of each strategy; what was measured; the loss breakdown of
//! P × wall into useful, idle, blocked and overhead; and a short "why".
//!
//! `predict` and `explain` are pure; `harness` runs the measurements.

mod baseline;
pub mod costs;
pub mod diff;
pub mod ends;
pub mod harness;
pub mod intervals;
mod lanes;
pub mod loss;
mod measuring;
pub mod noise;
mod pair;
mod predict;
pub mod row;
pub mod scaling;

pub use crate::results::run::{Loss, Measured, ModelSide, Predicted, Row};
pub use lanes::{dispatch_ns, startup_ns};
pub use loss::CoreTime;
pub use predict::{HostCosts, Prediction, host_run, predict, shape};

use crate::findings::fits::NoFit;
use crate::findings::{Share, Why};
use crate::kernel::Calibration;
use crate::kinds::StrategyKind;
use crate::results::calibrate::ContentionCurve;
use crate::results::run::{StrategyFit, WorkloadResult};
use crate::results::scale::{Fit, FitPoint};
use crate::stats::Summary;
use crate::workload::{KernelKind, Workload};

/// Everything measured for one workload.
#[derive(Debug, Clone, serde::Serialize)]
pub struct WorkloadRun {
    pub workload: String,
    /// Tick length.
    pub tick_ns: u64,
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

/// The document entry for a measured workload: its rows, the workload's
/// serial fraction, and the laws fitted per strategy with two or more core
/// counts (projected up to four times the widest measured, never above what
/// the work allows: [`limit`]). A strategy that runs on one thread by design,
/// and work that mostly waits, get no parallel law: [`no_law`] says why.
pub fn workload_result(run: &WorkloadRun, w: &Workload) -> WorkloadResult {
    let mut scaling = Vec::new();
    let mut kinds: Vec<StrategyKind> = run.rows.iter().map(|r| r.strategy).collect();
    kinds.dedup();
    for k in kinds {
        let rows: Vec<_> = run.rows.iter().filter(|r| r.strategy == k).collect();
        let pts: Vec<(usize, f64)> = rows.iter().map(|r| (r.cores, r.measured.speedup)).collect();
        if pts.len() < 2 {
            continue;
        }
        if let Some(why) = no_law(k, w) {
            scaling.push(StrategyFit {
                strategy: k,
                fit: unfitted(&pts, why),
            });
            continue;
        }
        let top = pts.iter().map(|p| p.0).max().unwrap_or(1);
        let cap = |p: usize| limit(w, k, p);
        let mut f = fit(&scaling::analyze_noisy(
            &pts,
            &[top * 2, top * 4],
            run.calibration.spread(),
            Some(&cap),
        ));
        let runs: Vec<(usize, intervals::Runs)> = rows
            .iter()
            .map(|r| {
                let walls = &r.measured.wall_s.samples[..];
                (r.cores, intervals::Runs::OverFixed(r.serial_s, walls))
            })
            .collect();
        intervals::add_intervals(&mut f, &[], &runs);
        cap_intervals(&mut f, &cap);
        scaling.push(StrategyFit {
            strategy: k,
            fit: f,
        });
    }
    WorkloadResult {
        workload: run.workload.clone(),
        serial_fraction: w.serial_fraction(),
        tick_ns: run.tick_ns,
        serial_wall_s: run.serial_wall_s.median,
        serial: Some(run.serial_wall_s.clone()),
        calibration: run.calibration,
        rows: run.rows.clone(),
        failures: run.failures.clone(),
        scaling,
        warnings: noise::warnings(run, noise::RUN),
        contention: run.contention.clone(),
    }
}

/// The most `w` allows strategy `k` on `p` cores: its work ÷ span (T1/T∞)
/// and the model's own schedule of it for that strategy's machine.
pub fn limit(w: &Workload, k: StrategyKind, p: usize) -> f64 {
    let t1_tinf = if w.span() == 0 {
        f64::INFINITY
    } else {
        w.work() as f64 / w.span() as f64
    };
    let machine = k.machine(p, 1, 0, w.tick_ns);
    let model = crate::model::analyze(w, &machine)
        .map(|a| a.metrics.speedup)
        .unwrap_or(f64::INFINITY);
    t1_tinf.min(model).min(p as f64)
}

/// Why no parallel law is fitted to strategy `k` on `w`: it runs one thread
/// by design, or the work mostly waits rather than computes.
pub fn no_law(k: StrategyKind, w: &Workload) -> Option<NoFit> {
    if k.one_thread() {
        return Some(NoFit::OneThread { strategy: k });
    }
    let waits = w.io_ticks();
    (waits > w.work()).then(|| NoFit::MostlyWaiting {
        io_ticks: waits,
        work_ticks: w.work(),
    })
}

/// The measured points alone, with `why` in place of every law.
fn unfitted(pts: &[(usize, f64)], why: NoFit) -> Fit {
    Fit {
        no_amdahl: Some(why.clone()),
        no_usl: Some(why),
        points: pts
            .iter()
            .map(|&(p, s)| FitPoint {
                cores: p,
                speedup: s,
                efficiency: s / p as f64,
                karp_flatt: None,
                measured: true,
                interval: None,
                limit: None,
            })
            .collect(),
        ..Fit::default()
    }
}

/// Each projection's bootstrap interval held under what the work allows.
fn cap_intervals(f: &mut Fit, cap: &dyn Fn(usize) -> f64) {
    for p in f.points.iter_mut().filter(|p| !p.measured) {
        let l = cap(p.cores);
        if let Some(i) = p.interval.as_mut().filter(|i| i.hi > l) {
            i.lo = i.lo.min(l);
            i.median = i.median.min(l);
            i.hi = l;
            p.limit = Some(l);
        }
    }
}

pub use crate::results::run::NO_CPU_WORK;

/// A scaling analysis as the result contract stores it.
pub fn fit(sc: &scaling::Scaling) -> Fit {
    Fit {
        amdahl_serial_fraction: sc.amdahl_serial_fraction.as_ref().ok().copied(),
        no_amdahl: sc.amdahl_serial_fraction.as_ref().err().cloned(),
        usl_sigma: sc.usl.as_ref().ok().map(|u| u.sigma),
        usl_kappa: sc.usl.as_ref().ok().map(|u| u.kappa),
        usl_r_squared: sc.usl.as_ref().ok().map(|u| u.r_squared),
        no_usl: sc.usl.as_ref().err().cloned(),
        stops_paying: sc.stops_paying,
        shape: sc.shape,
        withheld: sc.withheld.clone(),
        points: sc
            .points
            .iter()
            .map(|p| FitPoint {
                cores: p.cores,
                speedup: p.speedup,
                efficiency: p.efficiency,
                karp_flatt: p.karp_flatt,
                measured: p.measured,
                interval: None,
                limit: p.limit,
            })
            .collect(),
        ..Fit::default()
    }
}

/// Where the time went and what the model did not explain, as a typed
/// [`Why`]: the measured loss beside the model's idle and blocked fractions
/// of P × wall (`p.idle_fraction`, `p.blocked_fraction`), then each cost the
/// prediction named. Its words are in [`crate::words`].
pub fn explain(
    strategy: StrategyKind,
    kernel: KernelKind,
    cores: usize,
    loss: &Loss,
    p: &Predicted,
    error: f64,
) -> Why {
    let shares = loss_shares(kernel, loss, p);
    let said = usize::from(strategy.what_it_does(cores).is_some()) + shares.len();
    Why::Losses {
        strategy,
        cores,
        no_cpu_work: false,
        shares,
        beyond_model: (error.abs() > 0.05 && said <= 1).then_some(error),
        costs: p
            .costs
            .iter()
            .filter(|c| c.s.abs() >= 5e-6)
            .map(|c| (c.kind, c.s))
            .collect(),
        cost_range_s: None,
    }
}

/// Each share of the measured loss above 2 %: idle and blocked beside the
/// model's, start-up, dispatch, and contention.
fn loss_shares(kernel: KernelKind, loss: &Loss, p: &Predicted) -> Vec<Share> {
    let (model, model_blocked) = (p.idle_fraction, p.blocked_fraction);
    let [_, idle, blocked, _] = loss.fractions();
    let total = loss.useful_s + loss.idle_s + loss.blocked_s + loss.overhead_s;
    let share = |x: f64| if total > 0.0 { x / total } else { 0.0 };
    // A document from before the split has its overhead as contention.
    let unsplit = loss.startup_s + loss.dispatch_s + loss.contention_s == 0.0;
    let contention = share(if unsplit {
        loss.overhead_s
    } else {
        loss.contention_s
    });
    let mut out = Vec::new();
    if idle > model + 0.02 {
        out.push(Share::IdleBeyondModel { idle, model });
    } else if idle > 0.02 {
        out.push(Share::IdleAsModel { idle });
    }
    if share(loss.startup_s) > 0.02 {
        out.push(Share::Startup {
            share: share(loss.startup_s),
        });
    }
    if share(loss.dispatch_s) > 0.02 {
        out.push(Share::Dispatch {
            share: share(loss.dispatch_s),
        });
    }
    if blocked > 0.02 {
        out.push(Share::Blocked {
            blocked,
            model: model_blocked,
        });
    }
    if contention > 0.02 {
        out.push(Share::Contention {
            share: contention,
            memory: kernel == KernelKind::Memory,
        });
    }
    out
}

#[cfg(test)]
mod costs_tests;
#[cfg(test)]
mod tests;
