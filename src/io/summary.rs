//! One client's repetitions summarised into a result row: wall-clock,
//! CPU and blocked time, and latency percentiles from an HDR histogram.

use super::RunStats;
use crate::kinds::ClientKind;
use crate::results::io::{IoMeasured, IoPredicted, IoRow};
use crate::stats::{Summary, median};

/// What one client was asked to do.
#[derive(Debug, Clone, Copy)]
pub struct RowSpec {
    pub client: ClientKind,
    pub cores: usize,
    /// Pool threads (blocking-pool).
    pub threads: usize,
    pub requests: usize,
    /// c, ns.
    pub cpu_ns: u64,
    /// L, ns.
    pub latency_ns: u64,
    /// The model's prediction, s.
    pub predicted_s: f64,
}

/// Summarises `runs` of one client; `None` when there are none.
pub fn summarise(spec: &RowSpec, runs: &[RunStats]) -> Option<IoRow> {
    let walls: Vec<f64> = runs.iter().map(|r| r.wall_ns as f64 / 1e9).collect();
    let wall_s = Summary::of(&walls)?;
    let mut hist =
        hdrhistogram::Histogram::<u64>::new_with_bounds(1, 3_600_000_000, 3).expect("valid bounds");
    for r in runs {
        for &l in &r.latencies_ns {
            let _ = hist.record((l / 1000).max(1));
        }
    }
    let pct = |q: f64| {
        if hist.is_empty() {
            0.0
        } else {
            hist.value_at_quantile(q) as f64 / 1e6
        }
    };
    let of = |f: fn(&RunStats) -> u64| {
        median(&runs.iter().map(|r| f(r) as f64 / 1e9).collect::<Vec<_>>()).unwrap_or(0.0)
    };
    let error = wall_s.median / spec.predicted_s - 1.0;
    Some(IoRow {
        error,
        client: spec.client,
        cores: spec.cores,
        threads: spec.threads,
        requests: spec.requests,
        errors: runs.iter().map(|r| r.errors).sum(),
        first_error: runs.iter().find_map(|r| r.first_error.clone()),
        cpu_s: spec.cpu_ns as f64 / 1e9,
        latency_s: spec.latency_ns as f64 / 1e9,
        measured: IoMeasured {
            requests_per_s: spec.requests as f64 / wall_s.median,
            wall_s,
            blocked_core_s: of(|r| r.blocked_ns),
            cpu_time_s: of(|r| r.cpu_ns),
            p50_s: pct(0.5),
            p99_s: pct(0.99),
            max_s: if hist.is_empty() {
                0.0
            } else {
                hist.max() as f64 / 1e6
            },
        },
        predicted: IoPredicted {
            wall_s: spec.predicted_s,
        },
    })
}
