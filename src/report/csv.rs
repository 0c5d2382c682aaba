//! CSV of every document kind: one flat, serde-derived row type per kind,
//! written by the `csv` crate (which quotes `,`, `"` and line breaks), with
//! text cells guarded against formula injection. Pure: documents in, bytes out.

use crate::escape::csv_text;
use crate::results::calibrate::CalibrateDoc;
use crate::results::io::IoDoc;
use crate::results::model::ModelRun;
use crate::results::run::WorkloadResult;
use crate::results::scale::ScaleDoc;
use crate::results::tour::ClaimResult;
use serde::Serialize;

fn fin(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

fn text(s: &str) -> String {
    csv_text(s).into_owned()
}

fn write<R: Serialize>(rows: impl IntoIterator<Item = R>) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[derive(Serialize)]
struct RunRow {
    workload: String,
    strategy: String,
    cores: usize,
    repeats: usize,
    wall_median_s: f64,
    wall_min_s: f64,
    wall_max_s: f64,
    predicted_wall_s: f64,
    error: Option<f64>,
    error_significant: Option<bool>,
    tick_drift: Option<f64>,
    faster_than_possible: bool,
    speedup: Option<f64>,
    predicted_speedup: Option<f64>,
    utilization: Option<f64>,
    predicted_utilization: Option<f64>,
    amdahl_ceiling: Option<f64>,
    context_switches: u64,
    useful_s: f64,
    idle_s: f64,
    blocked_s: f64,
    overhead_s: f64,
    startup_s: f64,
    dispatch_s: f64,
    contention_s: f64,
}

/// `conpar run`: one line per (workload, strategy, cores).
pub fn run(workloads: &[WorkloadResult]) -> Result<Vec<u8>, csv::Error> {
    write(workloads.iter().flat_map(|w| {
        w.rows.iter().map(|r| {
            let m = &r.measured;
            RunRow {
                workload: text(&w.workload),
                strategy: r.strategy.to_string(),
                cores: r.cores,
                repeats: r.repeats,
                wall_median_s: m.wall_s.median,
                wall_min_s: m.wall_s.min,
                wall_max_s: m.wall_s.max,
                predicted_wall_s: r.predicted.wall_s,
                error: fin(r.error),
                error_significant: r.error_significant,
                tick_drift: r.tick_drift,
                faster_than_possible: r.faster_than_possible,
                speedup: fin(m.speedup),
                predicted_speedup: fin(r.predicted.speedup),
                utilization: fin(m.utilization),
                predicted_utilization: fin(r.predicted.utilization),
                amdahl_ceiling: fin(r.amdahl_ceiling),
                context_switches: m.context_switches,
                useful_s: m.loss.useful_s,
                idle_s: m.loss.idle_s,
                blocked_s: m.loss.blocked_s,
                overhead_s: m.loss.overhead_s,
                startup_s: m.loss.startup_s,
                dispatch_s: m.loss.dispatch_s,
                contention_s: m.loss.contention_s,
            }
        })
    }))
}

#[derive(Serialize)]
struct ModelRow {
    workload: String,
    cores: usize,
    discipline: String,
    quantum: Option<u64>,
    io: String,
    serial_ticks: u64,
    wall_ticks: u64,
    speedup: Option<f64>,
    utilization: Option<f64>,
    useful_core_ticks: u64,
    idle_core_ticks: u64,
    blocked_core_ticks: u64,
    amdahl_speedup: Option<f64>,
    amdahl_ceiling: Option<f64>,
}

/// `conpar model`: one line per schedule.
pub fn model(runs: &[ModelRun]) -> Result<Vec<u8>, csv::Error> {
    write(runs.iter().map(|a| ModelRow {
        workload: text(&a.workload),
        cores: a.cores,
        discipline: a.discipline.clone(),
        quantum: a.quantum,
        io: a.io.clone(),
        serial_ticks: a.serial_ticks,
        wall_ticks: a.wall_ticks,
        speedup: fin(a.defined(a.speedup)),
        utilization: fin(a.utilization),
        useful_core_ticks: a.useful_core_ticks,
        idle_core_ticks: a.idle_core_ticks,
        blocked_core_ticks: a.blocked_core_ticks,
        amdahl_speedup: fin(a.defined(a.amdahl_speedup)),
        amdahl_ceiling: fin(a.defined(a.amdahl_ceiling)),
    }))
}

#[derive(Serialize)]
struct IoCsvRow {
    client: &'static str,
    cores: usize,
    threads: usize,
    requests: usize,
    errors: usize,
    cpu_s: f64,
    latency_s: f64,
    wall_median_s: f64,
    wall_min_s: f64,
    wall_max_s: f64,
    predicted_wall_s: f64,
    error: Option<f64>,
    cpu_time_s: f64,
    blocked_core_s: f64,
    p50_s: f64,
    p99_s: f64,
    max_s: f64,
}

/// `conpar io`: one line per (client, cores).
pub fn io(d: &IoDoc) -> Result<Vec<u8>, csv::Error> {
    write(d.rows.iter().map(|r| IoCsvRow {
        client: r.client.name(),
        cores: r.cores,
        threads: r.threads,
        requests: r.requests,
        errors: r.errors,
        cpu_s: r.cpu_s,
        latency_s: r.latency_s,
        wall_median_s: r.measured.wall_s.median,
        wall_min_s: r.measured.wall_s.min,
        wall_max_s: r.measured.wall_s.max,
        predicted_wall_s: r.predicted.wall_s,
        error: fin(r.error),
        cpu_time_s: r.measured.cpu_time_s,
        blocked_core_s: r.measured.blocked_core_s,
        p50_s: r.measured.p50_s,
        p99_s: r.measured.p99_s,
        max_s: r.measured.max_s,
    }))
}

#[derive(Serialize)]
struct ScaleCsvRow {
    threads: usize,
    wall_median_s: Option<f64>,
    wall_min_s: Option<f64>,
    wall_max_s: Option<f64>,
    cpu_s: Option<f64>,
    utilization: Option<f64>,
    speedup: Option<f64>,
    efficiency: Option<f64>,
    karp_flatt: Option<f64>,
    oversubscribed: Option<bool>,
    measured: bool,
    /// A projection's 95 % bootstrap interval.
    speedup_lo: Option<f64>,
    speedup_hi: Option<f64>,
    /// A projection refused as too noisy (its interval wider than itself).
    refused: Option<bool>,
}

/// `conpar scale`: measured thread counts, then projections.
pub fn scale(d: &ScaleDoc) -> Result<Vec<u8>, csv::Error> {
    let measured = d.rows.iter().map(|r| ScaleCsvRow {
        threads: r.threads,
        wall_median_s: Some(r.measured.wall_s.median),
        wall_min_s: Some(r.measured.wall_s.min),
        wall_max_s: Some(r.measured.wall_s.max),
        cpu_s: Some(r.measured.cpu_s),
        utilization: fin(r.measured.utilization),
        speedup: fin(r.speedup),
        efficiency: fin(r.efficiency),
        karp_flatt: r.karp_flatt,
        oversubscribed: Some(r.oversubscribed),
        measured: true,
        speedup_lo: None,
        speedup_hi: None,
        refused: None,
    });
    let projected = d.projected.iter().map(|p| ScaleCsvRow {
        threads: p.threads,
        wall_median_s: None,
        wall_min_s: None,
        wall_max_s: None,
        cpu_s: None,
        utilization: None,
        speedup: fin(p.speedup),
        efficiency: fin(p.speedup / p.threads as f64),
        karp_flatt: None,
        oversubscribed: None,
        measured: false,
        speedup_lo: p.interval.map(|i| i.lo),
        speedup_hi: p.interval.map(|i| i.hi),
        refused: p.interval.map(|i| i.refused),
    });
    write(measured.chain(projected))
}

#[derive(Serialize)]
struct FitRow {
    n: f64,
    count: usize,
    x: f64,
    x_min: f64,
    x_max: f64,
    fitted: Option<f64>,
    speedup: Option<f64>,
    karp_flatt: Option<f64>,
}

/// `conpar fit`: one row per concurrency, the measured mean beside the fit.
pub fn fit(d: &crate::results::fit::FitDoc) -> Result<Vec<u8>, csv::Error> {
    write(d.levels.iter().map(|l| FitRow {
        n: l.n,
        count: l.count,
        x: l.x,
        x_min: l.x_min,
        x_max: l.x_max,
        fitted: fin(l.fitted),
        speedup: fin(l.speedup),
        karp_flatt: l.karp_flatt,
    }))
}

#[derive(Serialize)]
struct ClaimRow {
    claim: String,
    verdict: &'static str,
    claim_verdict: &'static str,
    model_verdict: String,
    margin: Option<f64>,
    projected: bool,
    predicted: String,
    measured: String,
    reason: String,
}

/// `conpar tour`: one line per claim.
pub fn tour(claims: &[ClaimResult]) -> Result<Vec<u8>, csv::Error> {
    write(claims.iter().map(|c| ClaimRow {
        claim: text(&c.name),
        verdict: c.verdict.word(),
        claim_verdict: c.claim_verdict.map_or("", |v| v.word()),
        model_verdict: c.model_verdict.words(),
        margin: c.margin,
        projected: c.projected,
        predicted: text(&c.predicted),
        measured: text(&c.measured),
        reason: text(&c.reason),
    }))
}

/// `conpar calibrate`: one line per kernel tick and per overhead, in ns.
pub fn calibrate(d: &CalibrateDoc) -> Result<Vec<u8>, csv::Error> {
    super::calibrate::csv(d)
}
