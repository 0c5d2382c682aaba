//! Every strategy on every core count from 1 to the allowed CPUs, for the
//! shipped workloads, under criterion. One iteration is one whole run of the
//! workload (`iter_custom` returns its wall-clock); pools and runtimes are
//! built outside the timed part, and each iteration follows a 5 ms spin on
//! the bench's core, untimed, as each repetition of `conpar run` does (where
//! the kernel places a new thread depends on how busy the cores just were). After criterion's summary, a table sets
//! criterion's median (and its 95 % interval) beside the model's prediction,
//! the speedups and Amdahl's ceiling.
//!
//! The model predicts each run as `conpar run` does: the strategy's
//! discipline scheduled by the host model (the kernel's contention curve and
//! the strategy's start-up delays, measured here) in ticks × the measured
//! tick, plus the host's measured overheads.
//!
//! Settings (environment variables, since criterion refuses unknown flags):
//! - `CONPAR_BENCH_WORKLOADS`: comma-separated shipped workloads
//!   (default `two-tasks,even,uneven,amdahl-10,blocking-vs-async`);
//! - `CONPAR_BENCH_STRATEGIES`: default all five;
//! - `CONPAR_BENCH_TICK`: tick length for every workload (default `2ms`);
//! - `CONPAR_BENCH_CORES`: e.g. `1,2,4` (default 1 to the allowed CPUs).
//!
//! `cargo bench --bench strategies -- --save-baseline NAME` and `--baseline NAME`
//! work as with any criterion bench.

mod common;

use common::{env_or, estimate, ns};
use conpar::compare::harness::curves;
use conpar::compare::{HostCosts, predict};
use conpar::exec::overhead;
use conpar::exec::{Plan, StrategyKind, execute, strategy};
use conpar::kernel::{calibrate, warm_up};
use conpar::measure::{allowed_cpus, confine_to, mono_ns};
use conpar::model::{amdahl_ceiling, analyze};
use conpar::results::calibrate::contention;
use conpar::units::parse_duration_ns;
use criterion::{BenchmarkId, Criterion, SamplingMode};
use std::path::PathBuf;
use std::time::Duration;

struct Planned {
    workload: String,
    strategy: String,
    cores: usize,
    predicted_s: f64,
    serial_s: f64,
    ceiling: f64,
}

fn main() {
    let allowed = allowed_cpus();
    // Serial phases and tokio's one-core runtime run on the calling thread.
    confine_to(&[allowed[0]]).expect("pin the bench thread");
    let tick = parse_duration_ns(&env_or("CONPAR_BENCH_TICK", "2ms"))
        .expect("CONPAR_BENCH_TICK: a duration such as 2ms");
    let workloads = env_or(
        "CONPAR_BENCH_WORKLOADS",
        "two-tasks,even,uneven,amdahl-10,blocking-vs-async",
    );
    let strategies = env_or(
        "CONPAR_BENCH_STRATEGIES",
        "interleave,threads,rayon,tokio,processes",
    );
    let cores = core_counts(allowed.len());
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_conpar"));
    let widest = cores.iter().copied().max().unwrap_or(1);
    let overheads = overhead::measure_up_to(&allowed, &exe, widest);
    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .configure_from_args();
    let mut planned = Vec::new();
    for name in workloads.split(',').map(str::trim) {
        let mut w = conpar::workload::builtin(name)
            .unwrap_or_else(|| panic!("CONPAR_BENCH_WORKLOADS: no shipped workload `{name}`"))
            .expect("shipped workloads are valid");
        w.tick_ns = tick;
        let cal = calibrate(w.kernel, w.tick_ns);
        let contention = contention(&curves(&cal, &[], &allowed, widest));
        let t = mono_ns();
        cal.run_ticks(w.work());
        let serial_ns = (mono_ns() - t) as f64;
        let mut group = c.benchmark_group(name);
        group.sampling_mode(SamplingMode::Flat);
        for s in strategies.split(',').map(str::trim) {
            let kind: StrategyKind = s
                .parse()
                .expect("CONPAR_BENCH_STRATEGIES: known strategies");
            let strat = strategy(kind);
            for &p in &cores {
                let plan = Plan {
                    workload: &w,
                    cpus: (0..p).map(|i| allowed[i % allowed.len()]).collect(),
                    pin: true,
                    calibration: cal,
                    kernels: Vec::new(),
                    quantum: 1,
                    os_slice_ns: 3_000_000,
                    worker_exe: exe.clone(),
                    timeout: Duration::from_secs(60),
                };
                let a = analyze(&w, &strat.model(&plan))
                    .expect("the model schedules shipped workloads");
                let host = HostCosts {
                    overheads: &overheads,
                    contention: &contention,
                    ends: None,
                };
                let pred = predict(kind, p, &w, &a, serial_ns / w.work() as f64, &host)
                    .expect("the host model schedules shipped workloads")
                    .predicted;
                planned.push(Planned {
                    workload: name.into(),
                    strategy: s.into(),
                    cores: p,
                    predicted_s: pred.wall_s,
                    serial_s: serial_ns / 1e9,
                    ceiling: amdahl_ceiling(w.serial_fraction()),
                });
                group.bench_with_input(BenchmarkId::new(s, p), &plan, |b, plan| {
                    time_runs(b, strat.as_ref(), plan)
                });
            }
        }
        group.finish();
    }
    c.final_summary();
    print_table(&planned, tick);
}

/// The core counts: `CONPAR_BENCH_CORES`, or 1 to the allowed CPUs.
fn core_counts(allowed: usize) -> Vec<usize> {
    match std::env::var("CONPAR_BENCH_CORES") {
        Ok(c) if !c.trim().is_empty() => c
            .split(',')
            .map(|x| x.trim().parse().expect("CONPAR_BENCH_CORES: numbers"))
            .collect(),
        _ => (1..=allowed).collect(),
    }
}

/// Times whole runs of `plan`, the strategy prepared once, outside the timing.
fn time_runs(b: &mut criterion::Bencher, strat: &dyn conpar::exec::Strategy, plan: &Plan) {
    let mut prepared = strat.prepare(plan).expect("the strategy starts");
    b.iter_custom(|iters| {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            // As `conpar run` starts each repetition: a spin on this core
            // first, untimed.
            warm_up(5_000_000);
            let t = execute(plan.workload, &plan.calibration, prepared.as_mut())
                .expect("the run completes");
            total += Duration::from_nanos(t.wall_ns());
        }
        total
    })
}

/// Criterion's estimates beside the model, one line per benchmark.
fn print_table(planned: &[Planned], tick: u64) {
    println!(
        "\nconpar: criterion's median [95 % interval] against the model (tick {})\n{:<18} {:<10} {:>5}  {:>30}  {:>9}  {:>6}  {:>15}  {:>7}",
        ns(tick as f64),
        "workload",
        "strategy",
        "cores",
        "measured",
        "predicted",
        "error",
        "speedup m/p",
        "Amdahl"
    );
    for p in planned {
        let Some((med, lo, hi)) = estimate(&p.workload, &p.strategy, &p.cores.to_string()) else {
            continue;
        };
        println!(
            "{:<18} {:<10} {:>5}  {:>30}  {:>9}  {:>+5.1}%  {:>15}  {:>7}",
            p.workload,
            p.strategy,
            p.cores,
            format!("{} [{}–{}]", ns(med), ns(lo), ns(hi)),
            ns(p.predicted_s * 1e9),
            (med / (p.predicted_s * 1e9) - 1.0) * 100.0,
            format!(
                "{:.2}× / {:.2}×",
                p.serial_s * 1e9 / med,
                p.serial_s / p.predicted_s
            ),
            if p.ceiling.is_finite() {
                format!("{:.1}×", p.ceiling)
            } else {
                "∞".into()
            }
        );
    }
}
