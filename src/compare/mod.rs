//! Predictions against measurements: what the model, calibrated in seconds,
//! expects of each strategy; what was measured; the loss breakdown of
//! P × wall into useful, idle, blocked and overhead; and a short "why".
//!
//! `predict` and `explain` are pure; `harness` runs the measurements.

pub mod diff;
pub mod harness;
pub mod noise;
mod predict;
pub mod row;
pub mod scaling;

pub use crate::results::run::{Loss, Measured, ModelSide, Predicted, Row};
pub use predict::predict;

use crate::kinds::StrategyKind;
use crate::results::run::{StrategyFit, WorkloadResult};
use crate::results::scale::{Fit, FitPoint};
use crate::workload::{KernelKind, Workload};

/// The document entry for a measured workload: its rows, the workload's
/// serial fraction, and the laws fitted per strategy with two or more core
/// counts (projected up to four times the widest measured).
pub fn workload_result(run: &harness::WorkloadRun, w: &Workload) -> WorkloadResult {
    let mut scaling = Vec::new();
    let mut kinds: Vec<StrategyKind> = run.rows.iter().map(|r| r.strategy).collect();
    kinds.dedup();
    for k in kinds {
        let pts: Vec<(usize, f64)> = run
            .rows
            .iter()
            .filter(|r| r.strategy == k)
            .map(|r| (r.cores, r.measured.speedup))
            .collect();
        if pts.len() < 2 {
            continue;
        }
        let top = pts.iter().map(|p| p.0).max().unwrap_or(1);
        scaling.push(StrategyFit {
            strategy: k,
            fit: fit(&scaling::analyze_noisy(
                &pts,
                &[top * 2, top * 4],
                run.calibration.spread(),
            )),
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
        warnings: noise::warnings(run),
    }
}

/// Said instead of a speedup when a workload has no CPU work: speedup is
/// serial CPU time over wall, and with nothing to run in parallel there is no
/// serial time to divide, so any number would be noise.
pub const NO_CPU_WORK: &str = "no CPU work: speedup is not defined";

/// A scaling analysis as the result contract stores it.
pub fn fit(sc: &scaling::Scaling) -> Fit {
    Fit {
        amdahl_serial_fraction: sc.amdahl_serial_fraction.as_ref().ok().copied(),
        amdahl_note: sc.amdahl_serial_fraction.as_ref().err().cloned(),
        usl_sigma: sc.usl.as_ref().ok().map(|u| u.sigma),
        usl_kappa: sc.usl.as_ref().ok().map(|u| u.kappa),
        usl_r_squared: sc.usl.as_ref().ok().map(|u| u.r_squared),
        usl_note: sc.usl.as_ref().err().cloned(),
        stops_paying: sc.stops_paying,
        shape_note: sc.shape.clone(),
        stops_paying_note: sc.stops_paying_note.clone(),
        points: sc
            .points
            .iter()
            .map(|p| FitPoint {
                cores: p.cores,
                speedup: p.speedup,
                efficiency: p.efficiency,
                karp_flatt: p.karp_flatt,
                measured: p.measured,
            })
            .collect(),
    }
}

/// Says in a sentence or two where the time went and what the model did not
/// explain. `model_idle` and `model_blocked` are the model's fractions of
/// P × wall.
pub fn explain(
    strategy: StrategyKind,
    kernel: KernelKind,
    cores: usize,
    loss: &Loss,
    model_idle: f64,
    model_blocked: f64,
    error: f64,
) -> String {
    let [_, idle, blocked, overhead] = loss.fractions();
    let mut parts = Vec::new();
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    parts.extend(strategy.what_it_does(cores));
    if idle > model_idle + 0.02 {
        let cause = strategy.why_idle();
        parts.push(format!(
            "idle {} (model {}): {cause}",
            pct(idle),
            pct(model_idle)
        ));
    } else if idle > 0.02 {
        parts.push(format!(
            "idle {} as the model predicts (uneven work or serial phases)",
            pct(idle)
        ));
    }
    if blocked > 0.02 {
        parts.push(format!(
            "blocked {} (model {}): I/O holding cores",
            pct(blocked),
            pct(model_blocked)
        ));
    }
    if overhead > 0.02 {
        let cause = if kernel == KernelKind::Memory {
            "cores compete for memory bandwidth"
        } else {
            strategy.why_slower()
        };
        parts.push(format!(
            "work ran {} slower than alone: {cause}",
            pct(overhead)
        ));
    }
    if error.abs() > 0.05 && parts.len() <= 1 {
        parts.push(format!(
            "{:+.0}% against the model beyond the overheads it knows",
            error * 100.0
        ));
    }
    if parts.is_empty() {
        "as the model predicts".into()
    } else {
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_adds_up() {
        let l = Loss::split(2, 1e9, 1.5e9, 0.2e9, 1.4e9);
        let total = l.useful_s + l.idle_s + l.blocked_s + l.overhead_s;
        assert!((total - 2.0).abs() < 1e-9, "{l:?}");
        assert!((l.overhead_s - 0.1).abs() < 1e-9);
        assert!((l.idle_s - 0.3).abs() < 1e-9);
    }

    #[test]
    fn why_follows_the_numbers() {
        let l = Loss::split(2, 1e9, 1.0e9, 0.0, 1.0e9);
        assert!(
            explain(StrategyKind::Rayon, KernelKind::Spin, 2, &l, 0.0, 0.0, 0.0)
                .contains("idle 50% (model 0%)")
        );
        assert_eq!(
            explain(
                StrategyKind::Rayon,
                KernelKind::Spin,
                2,
                &Loss::split(2, 1e9, 2e9, 0.0, 2e9),
                0.0,
                0.0,
                0.0
            ),
            "as the model predicts"
        );
        let slow = Loss::split(2, 1e9, 2e9, 0.0, 1.6e9);
        assert!(
            explain(
                StrategyKind::Rayon,
                KernelKind::Memory,
                2,
                &slow,
                0.0,
                0.0,
                0.2
            )
            .contains("memory bandwidth")
        );
    }
}
