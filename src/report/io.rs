//! `conpar io` results: table, JSON and CSV. Pure functions of the results.

use super::json::finite;
use crate::io::{ClientKind, IoCalibration, RunStats};
use crate::stats::Summary;
use crate::units::Nanos;
use serde_json::{Value, json};
use std::fmt::Write;
use std::net::SocketAddr;

/// One client on one core count, summarised over its repetitions.
#[derive(Debug, Clone)]
pub struct Row {
    /// Which client.
    pub client: ClientKind,
    /// P.
    pub cores: usize,
    /// Pool threads (blocking-pool).
    pub threads: usize,
    /// K.
    pub requests: usize,
    /// c, ns.
    pub cpu_ns: u64,
    /// L, ns.
    pub latency_ns: u64,
    /// Wall-clock over the repetitions, s.
    pub wall_s: Summary,
    /// Median CPU time of the process, s.
    pub cpu_time_s: f64,
    /// Median blocked core-time, s.
    pub blocked_core_s: f64,
    /// Failed requests over all repetitions.
    pub errors: usize,
    /// The first failure's text.
    pub first_error: Option<String>,
    /// Latency percentiles over all repetitions, s: p50, p99, max.
    pub latency_s: [f64; 3],
    /// The model's prediction, s.
    pub predicted_s: f64,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() { 0.0 } else { v[v.len() / 2] }
}

impl Row {
    /// Summarises `runs` of one client.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        client: ClientKind,
        cores: usize,
        threads: usize,
        requests: usize,
        cpu_ns: u64,
        latency_ns: u64,
        runs: &[RunStats],
        predicted_s: f64,
    ) -> Row {
        let walls: Vec<f64> = runs.iter().map(|r| r.wall_ns as f64 / 1e9).collect();
        let mut hist = hdrhistogram::Histogram::<u64>::new_with_bounds(1, 3_600_000_000, 3)
            .expect("valid bounds");
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
        Row {
            client,
            cores,
            threads,
            requests,
            cpu_ns,
            latency_ns,
            wall_s: Summary::of(&walls).unwrap_or(Summary {
                median: 0.0,
                min: 0.0,
                max: 0.0,
                n: 0,
                ci95: None,
            }),
            cpu_time_s: median(runs.iter().map(|r| r.cpu_ns as f64 / 1e9).collect()),
            blocked_core_s: median(runs.iter().map(|r| r.blocked_ns as f64 / 1e9).collect()),
            errors: runs.iter().map(|r| r.errors).sum(),
            first_error: runs.iter().find_map(|r| r.first_error.clone()),
            latency_s: [
                pct(0.5),
                pct(0.99),
                if hist.is_empty() {
                    0.0
                } else {
                    hist.max() as f64 / 1e6
                },
            ],
            predicted_s,
        }
    }

    /// Measured median ÷ predicted − 1.
    pub fn error(&self) -> f64 {
        self.wall_s.median / self.predicted_s - 1.0
    }

    /// Successful requests per second at the median wall.
    pub fn requests_per_s(&self) -> f64 {
        self.requests as f64 / self.wall_s.median
    }
}

/// Everything one `conpar io` run reports.
#[derive(Debug)]
pub struct Doc<'a> {
    /// The server used.
    pub target: SocketAddr,
    /// The measured request costs.
    pub calibration: IoCalibration,
    /// The rows so far.
    pub rows: &'a [Row],
}

fn s(x: f64) -> String {
    Nanos(x * 1e9).to_string()
}

/// The terminal table, with a sentence stating the result.
pub fn table(d: &Doc) -> String {
    let mut o = String::new();
    let Some(first) = d.rows.first() else {
        return o;
    };
    let _ = writeln!(
        o,
        "{} requests, each {} and a {} wait, against {} (one request alone: {}; each connection adds {} of serialized set-up, {} of it in the server)\n",
        first.requests,
        if first.cpu_ns == 0 {
            "no CPU work".to_string()
        } else {
            format!("{} of CPU work", s(first.cpu_ns as f64 / 1e9))
        },
        s(first.latency_ns as f64 / 1e9),
        d.target,
        Nanos(d.calibration.single_request_ns),
        Nanos(d.calibration.connection_ns),
        Nanos(d.calibration.server_connection_ns)
    );
    let _ = writeln!(
        o,
        "{:<20} {:>5}  {:>27}  {:>9}  {:>6}  {:>8}  {:>8}  {:>9}  {:>17}  {:>6}",
        "client",
        "cores",
        "measured wall [min–max]",
        "predicted",
        "error",
        "CPU",
        "blocked",
        "req/s",
        "p50 / p99",
        "errors"
    );
    for r in d.rows {
        let _ = writeln!(
            o,
            "{:<20} {:>5}  {:>27}  {:>9}  {:>+5.1}%  {:>8}  {:>8}  {:>9.0}  {:>17}  {:>6}",
            r.client.name(),
            r.cores,
            format!(
                "{} [{}–{}]",
                s(r.wall_s.median),
                s(r.wall_s.min),
                s(r.wall_s.max)
            ),
            s(r.predicted_s),
            r.error() * 100.0,
            s(r.cpu_time_s),
            s(r.blocked_core_s),
            r.requests_per_s(),
            format!("{} / {}", s(r.latency_s[0]), s(r.latency_s[1])),
            r.errors
        );
    }
    o.push('\n');
    for line in verdicts(d.rows) {
        let _ = writeln!(o, "{line}");
    }
    if let Some(e) = d.rows.iter().find_map(|r| r.first_error.as_ref()) {
        let _ = writeln!(o, "first failed request: {e}");
    }
    o
}

/// Plain sentences comparing the clients that ran on the same core count.
pub fn verdicts(rows: &[Row]) -> Vec<String> {
    let mut out = Vec::new();
    let find = |k: ClientKind, p: usize| rows.iter().find(|r| r.client == k && r.cores == p);
    let mut cores: Vec<usize> = rows.iter().map(|r| r.cores).collect();
    cores.dedup();
    for p in cores {
        if let (Some(b), Some(e)) = (
            find(ClientKind::Blocking, p),
            find(ClientKind::EventLoop, p),
        ) {
            out.push(format!(
                "One event loop finished the same {} requests {:.1}× sooner than one blocking thread ({} against {}), on one core.",
                e.requests,
                b.wall_s.median / e.wall_s.median,
                s(e.wall_s.median),
                s(b.wall_s.median)
            ));
        }
        if let (Some(e), Some(pc)) = (
            find(ClientKind::EventLoop, p),
            find(ClientKind::EventLoopPerCore, p),
        ) && p > 1
        {
            let ratio = e.wall_s.median / pc.wall_s.median;
            out.push(format!(
                "One event loop per core on {p} cores took {} against one loop's {}: {:.2}× — {}",
                s(pc.wall_s.median),
                s(e.wall_s.median),
                ratio,
                if ratio > 1.2 {
                    "the CPU work was the bottleneck, so more loops helped (parallelism)"
                } else {
                    "waiting was the bottleneck, so one loop was already enough (concurrency)"
                }
            ));
        }
    }
    out
}

/// The JSON document: `target`, `calibration`, `rows` (each with `client`,
/// `cores`, `requests`, `errors`, `cpu_s`, `latency_s`, `measured`,
/// `predicted`, `error`).
pub fn json(d: &Doc, host: &crate::measure::Host) -> Value {
    json!({
        "host": host,
        "target": d.target.to_string(),
        "calibration": d.calibration,
        "rows": d.rows.iter().map(|r| json!({
            "client": r.client.name(),
            "cores": r.cores,
            "threads": r.threads,
            "requests": r.requests,
            "errors": r.errors,
            "first_error": r.first_error,
            "cpu_s": r.cpu_ns as f64 / 1e9,
            "latency_s": r.latency_ns as f64 / 1e9,
            "measured": {
                "wall_s": { "median": r.wall_s.median, "min": r.wall_s.min, "max": r.wall_s.max },
                "blocked_core_s": r.blocked_core_s,
                "cpu_time_s": r.cpu_time_s,
                "requests_per_s": finite(r.requests_per_s()),
                "p50_s": r.latency_s[0],
                "p99_s": r.latency_s[1],
                "max_s": r.latency_s[2],
            },
            "predicted": { "wall_s": r.predicted_s },
            "error": finite(r.error()),
        })).collect::<Vec<_>>(),
    })
}

/// CSV with a header.
pub fn csv(rows: &[Row]) -> String {
    let mut o = String::from(
        "client,cores,threads,requests,errors,cpu_s,latency_s,wall_median_s,wall_min_s,wall_max_s,predicted_wall_s,error,cpu_time_s,blocked_core_s,p50_s,p99_s,max_s\n",
    );
    for r in rows {
        let _ = writeln!(
            o,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            r.client.name(),
            r.cores,
            r.threads,
            r.requests,
            r.errors,
            r.cpu_ns as f64 / 1e9,
            r.latency_ns as f64 / 1e9,
            r.wall_s.median,
            r.wall_s.min,
            r.wall_s.max,
            r.predicted_s,
            r.error(),
            r.cpu_time_s,
            r.blocked_core_s,
            r.latency_s[0],
            r.latency_s[1],
            r.latency_s[2]
        );
    }
    o
}
