//! Each claim: what it says, the model's prediction, the measurement, and the
//! verdict from comparing them.

use super::{CLAIMS, ClaimResult, TourError, TourOptions, verdict};
use crate::compare::Row;
use crate::compare::harness::{Options, WorkloadRun, run_workload};
use crate::exec::hazards::{Increment, count, two_locks};
use crate::exec::overhead::{self, Overheads};
use crate::io::predict::{Inputs, predict as predict_io};
use crate::io::server::ServerProcess;
use crate::io::{ClientKind, ClientPlan, IoCalibration, calibrate as calibrate_io, run_client};
use crate::kernel::calibrate;
use crate::measure::{allowed_cpus, confine_to};
use crate::model::{Discipline, IoMode, Machine, amdahl, analyze, karp_flatt};
use crate::stats::Summary;
use crate::units::Nanos;
use crate::workload::{KernelKind, Step, Workload, builtin};
use serde_json::json;
use std::cell::OnceCell;
use std::time::Duration;

/// What claims share within one tour: the host's CPUs and the costly
/// measurements more than one claim uses.
pub struct Env {
    opts: TourOptions,
    allowed: Vec<usize>,
    overheads: OnceCell<Overheads>,
    amdahl: OnceCell<Vec<(usize, Row)>>,
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
    strategies: &[&str],
    cores: &[usize],
) -> Result<WorkloadRun, TourError> {
    let opts = Options {
        strategies: strategies.iter().map(|s| s.to_string()).collect(),
        cores: cores.to_vec(),
        repeat: env.opts.repeat,
        warmup: 1,
        pin: true,
        quantum: 1,
        os_slice_ns: 3_000_000,
        timeout: Duration::from_secs(30),
        worker_exe: env.opts.exe.clone(),
        keep_going: false,
    };
    run_workload(w, &opts, env.overheads(), &mut |_| Ok(())).map_err(|e| err(claim, e))
}

fn secs(s: f64) -> String {
    Nanos(s * 1e9).to_string()
}

fn spread(s: &Summary) -> String {
    format!("{} [{}–{}]", secs(s.median), secs(s.min), secs(s.max))
}

/// The order tasks ran in on a timeline: names by start time, repeats merged.
fn order(row: &Row) -> String {
    let Some(t) = &row.timeline else {
        return String::new();
    };
    let mut v: Vec<_> = t.slices.iter().collect();
    v.sort_by_key(|s| s.start);
    let mut names: Vec<&str> = Vec::new();
    for s in v {
        let n = t.tasks[s.task as usize].as_str();
        if names.last() != Some(&n) {
            names.push(n);
        }
    }
    names.join(" ")
}

#[allow(clippy::too_many_arguments)]
fn result(
    name: &str,
    says: &str,
    (predicted, predicted_short): (String, String),
    (measured, measured_short): (String, String),
    ok: bool,
    reason: String,
    command: &str,
    figures: serde_json::Value,
) -> ClaimResult {
    let title = CLAIMS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(name, |(_, t)| t);
    ClaimResult {
        name: name.into(),
        title: title.to_string(),
        says: says.into(),
        predicted,
        measured,
        predicted_short,
        measured_short,
        verdict: verdict(ok),
        reason,
        projected: false,
        command: command.into(),
        figures,
    }
}

/// Runs the claim called `name`.
pub fn run_claim(name: &str, env: &Env) -> Result<ClaimResult, TourError> {
    match name {
        "interleave-sum" => interleave_sum(env),
        "parallel-max" => parallel_max(env),
        "uneven-idle" => uneven_idle(env),
        "amdahl" => amdahl_claim(env),
        "context-switches" => context_switches(env),
        "blocking-io" => blocking_io(env),
        "async-not-parallel" => async_not_parallel(env),
        "race" => race(env),
        "deadlock" => deadlock(),
        "eight-cores" => eight_cores(env),
        other => Err(err(
            other,
            format!(
                "no such claim; the claims are {}",
                CLAIMS.map(|c| c.0).join(", ")
            ),
        )),
    }
}

fn interleave_sum(env: &Env) -> Result<ClaimResult, TourError> {
    let c = "interleave-sum";
    let w = shipped("two-tasks");
    let m = analyze(
        &w,
        &Machine {
            cores: 1,
            discipline: Discipline::RoundRobin { quantum: 1 },
            io: IoMode::Blocking,
        },
    )
    .map_err(|e| err(c, e))?;
    let schedule: Vec<&str> = {
        let mut v: Vec<_> = m.timeline.slices.iter().collect();
        v.sort_by_key(|s| s.start);
        v.iter()
            .map(|s| m.timeline.tasks[s.task as usize].as_str())
            .collect()
    };
    let run = measure(env, c, &w, &[&env.opts.interleave], &[1])?;
    let r = &run.rows[0];
    let seen = order(r);
    let sp = r.measured.speedup;
    let same_order = seen == schedule.join(" ");
    let ok = (sp - 1.0).abs() <= 0.1 && same_order;
    let reason = if ok {
        format!("one thread took turns in the model's order and finished at the sum: {sp:.2}×")
    } else if !same_order {
        format!(
            "the tasks ran in the order {seen}, not the model's {}",
            schedule.join(" ")
        )
    } else {
        format!("speedup {sp:.2}× is not 1× within 10 %")
    };
    Ok(result(
        c,
        "One core running two 3-tick tasks by turns finishes when both are done: the sum of their work, speedup 1×.",
        (
            format!(
                "schedule {}, wall {} ticks = the sum, speedup {:.2}×",
                schedule.join(" "),
                m.metrics.wall,
                m.metrics.speedup
            ),
            format!("{:.2}×, {}", m.metrics.speedup, schedule.join(" ")),
        ),
        (
            format!(
                "{} on 1 core: {} against a serial {}: {sp:.2}×; ran {seen}",
                r.strategy,
                spread(&r.measured.wall_s),
                secs(r.serial_s)
            ),
            format!("{sp:.2}×, {seen}"),
        ),
        ok,
        reason,
        "conpar run two-tasks -s interleave -c 1 --gantt",
        json!({ "model_wall_ticks": m.metrics.wall, "speedup": sp, "order": seen, "wall_s": r.measured.wall_s }),
    ))
}

fn parallel_max(env: &Env) -> Result<ClaimResult, TourError> {
    let c = "parallel-max";
    let w = shipped("two-tasks");
    let p = env.p(2);
    let m = analyze(
        &w,
        &Machine {
            cores: 2,
            discipline: Discipline::List,
            io: IoMode::Blocking,
        },
    )
    .map_err(|e| err(c, e))?;
    let run = measure(env, c, &w, &[&env.opts.pool], &[p])?;
    let r = &run.rows[0];
    let sp = r.measured.speedup;
    let ok = p >= 2 && sp >= 0.9 * m.metrics.speedup;
    let reason = if p < 2 {
        "this host allows one CPU: nothing can run at the same instant".into()
    } else if ok {
        format!(
            "both tasks ran at once and finished at the max: {sp:.2}× of the model's {:.2}×",
            m.metrics.speedup
        )
    } else {
        format!(
            "{sp:.2}× is below 90 % of the model's {:.2}×: {}",
            m.metrics.speedup, r.why
        )
    };
    Ok(result(
        c,
        "Two cores run the two tasks at the same instant: the wall is the longest task, not the sum, so speedup approaches 2×.",
        (
            format!(
                "wall {} ticks = the max, speedup {:.2}×",
                m.metrics.wall, m.metrics.speedup
            ),
            format!("{:.2}× on 2 cores", m.metrics.speedup),
        ),
        (
            format!(
                "{} on {p} cores: {} against a serial {}: {sp:.2}×",
                r.strategy,
                spread(&r.measured.wall_s),
                secs(r.serial_s)
            ),
            format!("{sp:.2}× on {p} cores"),
        ),
        ok,
        reason,
        "conpar run two-tasks -s rayon -c 1,2 --gantt",
        json!({ "cores": p, "speedup": sp, "predicted_speedup": m.metrics.speedup, "wall_s": r.measured.wall_s }),
    ))
}

fn uneven_idle(env: &Env) -> Result<ClaimResult, TourError> {
    let c = "uneven-idle";
    let article = analyze(
        &shipped("five-on-four"),
        &Machine {
            cores: 4,
            discipline: Discipline::List,
            io: IoMode::Blocking,
        },
    )
    .map_err(|e| err(c, e))?;
    let p = env.p(4);
    let (w, label) = if p >= 4 {
        (
            shipped("five-on-four"),
            "5 one-tick tasks on 4 cores".to_string(),
        )
    } else {
        let w = Workload::builder("uneven-analogue")
            .description("one task more than cores")
            .tick_ns(10_000_000)
            .tasks("T", p as u64 + 1, &[Step::Cpu(5)])
            .build()
            .map_err(|e| err(c, e))?;
        (
            w,
            format!(
                "{} equal tasks on {p} core{}",
                p + 1,
                if p == 1 { "" } else { "s" }
            ),
        )
    };
    let m = analyze(
        &w,
        &Machine {
            cores: p,
            discipline: Discipline::List,
            io: IoMode::Blocking,
        },
    )
    .map_err(|e| err(c, e))?;
    let run = measure(env, c, &w, &[&env.opts.pool], &[p])?;
    let r = &run.rows[0];
    let (sp, ut) = (r.measured.speedup, r.measured.utilization);
    let ok =
        (sp / m.metrics.speedup - 1.0).abs() <= 0.1 && (ut - m.metrics.utilization).abs() <= 0.1;
    let reason = if ok {
        format!(
            "the last task ran alone while the other cores idled: {sp:.2}× and {:.0} % used, as the model says",
            ut * 100.0
        )
    } else {
        format!(
            "{sp:.2}× and {:.0} % against the model's {:.2}× and {:.0} %: {}",
            ut * 100.0,
            m.metrics.speedup,
            m.metrics.utilization * 100.0,
            r.why
        )
    };
    Ok(result(
        c,
        "A task cannot be split across cores, so when tasks do not divide evenly the last ones run while other cores sit idle.",
        (
            format!(
                "article: 5 tasks on 4 cores take {} ticks, {:.1}×, {:.1} % used; here, {label}: {:.2}×, {:.0} % used",
                article.metrics.wall,
                article.metrics.speedup,
                article.metrics.utilization * 100.0,
                m.metrics.speedup,
                m.metrics.utilization * 100.0
            ),
            format!(
                "{:.2}×, {:.0} % used ({label})",
                m.metrics.speedup,
                m.metrics.utilization * 100.0
            ),
        ),
        (
            format!(
                "{label} with {}: {} → {sp:.2}×, {:.0} % used",
                r.strategy,
                spread(&r.measured.wall_s),
                ut * 100.0
            ),
            format!("{sp:.2}×, {:.0} % used", ut * 100.0),
        ),
        ok,
        reason,
        if p >= 4 {
            "conpar run five-on-four -s rayon -c 4 --gantt"
        } else {
            "conpar model five-on-four -c 4; conpar run uneven -s rayon --gantt"
        },
        json!({ "cores": p, "speedup": sp, "utilization": ut, "predicted_speedup": m.metrics.speedup, "predicted_utilization": m.metrics.utilization }),
    ))
}

/// amdahl-10 measured on 1 to P cores (P at most 8), shared by two claims.
fn amdahl_rows<'a>(env: &'a Env, claim: &str) -> Result<&'a Vec<(usize, Row)>, TourError> {
    if let Some(v) = env.amdahl.get() {
        return Ok(v);
    }
    let mut w = shipped("amdahl-10");
    w.tick_ns = 2_000_000;
    let cores: Vec<usize> = (1..=env.p(8)).collect();
    let run = measure(env, claim, &w, &[&env.opts.pool], &cores)?;
    let rows = run.rows.into_iter().map(|r| (r.cores, r)).collect();
    Ok(env.amdahl.get_or_init(|| rows))
}

fn amdahl_claim(env: &Env) -> Result<ClaimResult, TourError> {
    let c = "amdahl";
    let s = shipped("amdahl-10").serial_fraction();
    let rows = amdahl_rows(env, c)?;
    let mut measured = Vec::new();
    let mut ok = true;
    for (p, r) in rows {
        let law = amdahl(s, *p as f64);
        ok &= r.measured.speedup <= law * 1.05 && r.measured.speedup >= law * 0.85;
        measured.push(format!(
            "{p} core{}: {:.2}× (law {:.2}×)",
            if *p == 1 { "" } else { "s" },
            r.measured.speedup,
            law
        ));
    }
    let top = rows.last().map_or(1, |(p, _)| *p);
    let projected: Vec<String> = [4usize, 8, 16, 64]
        .into_iter()
        .filter(|&p| p > top)
        .map(|p| format!("{p}: {:.2}×", amdahl(s, p as f64)))
        .collect();
    let reason = if ok {
        format!(
            "measured speedups stay on Amdahl's curve, below its ceiling of {:.0}×",
            1.0 / s
        )
    } else {
        "a measured speedup left Amdahl's curve by more than the allowed 5 % above or 15 % below"
            .into()
    };
    Ok(result(
        c,
        "If 10 % of the work must run alone, no number of cores makes the whole more than 10× faster.",
        (
            format!(
                "S(P) = 1/(0.1 + 0.9/P): 1.82× at 2, 4.71× at 8, ceiling 10×{}",
                if projected.is_empty() {
                    String::new()
                } else {
                    format!("; projected (not measured here) {}", projected.join(", "))
                }
            ),
            format!("{:.2}× at {top} cores, never 10×", amdahl(s, top as f64)),
        ),
        (
            measured.join(", "),
            format!(
                "{:.2}× at {top} cores",
                rows.last().map_or(0.0, |(_, r)| r.measured.speedup)
            ),
        ),
        ok,
        reason,
        "conpar run amdahl-10 -s rayon --cores all; conpar model amdahl-10 -c 1,2,4,8,16,64",
        json!({
            "serial_fraction": s,
            "measured": rows.iter().map(|(p, r)| json!({ "cores": p, "speedup": r.measured.speedup, "wall_s": r.measured.wall_s })).collect::<Vec<_>>(),
        }),
    ))
}

fn context_switches(env: &Env) -> Result<ClaimResult, TourError> {
    let c = "context-switches";
    let oh = env.overheads();
    let p = env.p(usize::MAX);
    let mut w = shipped("oversubscribed");
    w.tick_ns = 2_000_000;
    let run = measure(env, c, &w, &[&env.opts.pool, &env.opts.threads], &[p])?;
    let (pool, threads) = (&run.rows[0], &run.rows[1]);
    let slowdown = threads.measured.wall_s.median / pool.measured.wall_s.median - 1.0;
    let same = oh.context_switch_same_core.median;
    let cross = oh.handoff_cross_core.map(|h| h.median);
    let ok = same > 0.0 && threads.measured.context_switches > pool.measured.context_switches;
    let extra = threads
        .measured
        .context_switches
        .saturating_sub(pool.measured.context_switches) as f64
        * same;
    let reason = if ok {
        format!(
            "{} threads on {p} core{} switched {} times against the pool's {}; at {} a switch that is about {} ({:.2} % of the run) — the wall moved {:+.1} %, {}",
            w.tasks.len(),
            if p == 1 { "" } else { "s" },
            threads.measured.context_switches,
            pool.measured.context_switches,
            Nanos(same),
            Nanos(extra),
            extra / (threads.measured.wall_s.median * 1e9) * 100.0,
            slowdown * 100.0,
            if slowdown.abs() < 0.03 {
                "within this run's noise: switches hurt at thousands of threads, not dozens"
            } else {
                "more than the switches alone: thread start-up, cache refills and the kernel's placement"
            }
        )
    } else {
        "the thread-per-task run did not switch more often than the pool".into()
    };
    Ok(result(
        c,
        "Switching a core from one thread to another costs time and cache, so many more threads than cores do the same work more slowly.",
        (
            format!(
                "the model charges each preemption one switch: {} threads predicted {} against the pool's {}",
                w.tasks.len(),
                secs(threads.predicted.wall_s),
                secs(pool.predicted.wall_s)
            ),
            format!(
                "{:+.1} % for {} threads",
                (threads.predicted.wall_s / pool.predicted.wall_s - 1.0) * 100.0,
                w.tasks.len()
            ),
        ),
        (
            format!(
                "a switch on one core {}, a hand-off across cores {}; {} threads {} ({} switches) against a {p}-thread pool {} ({} switches)",
                Nanos(same),
                cross.map_or("n/a (one CPU)".into(), |x| Nanos(x).to_string()),
                w.tasks.len(),
                spread(&threads.measured.wall_s),
                threads.measured.context_switches,
                spread(&pool.measured.wall_s),
                pool.measured.context_switches
            ),
            format!("{:+.1} %, switch {}", slowdown * 100.0, Nanos(same)),
        ),
        ok,
        reason,
        "conpar calibrate; conpar run oversubscribed -s threads,rayon",
        json!({
            "switch_same_core_ns": same,
            "handoff_cross_core_ns": cross,
            "threads_switches": threads.measured.context_switches,
            "pool_switches": pool.measured.context_switches,
            "slowdown": slowdown,
        }),
    ))
}

struct IoSetup {
    server: ServerProcess,
    cal: IoCalibration,
}

fn io_setup(env: &Env, claim: &str, latency: Duration) -> Result<IoSetup, TourError> {
    let server = ServerProcess::start(&env.opts.exe).map_err(|e| err(claim, e))?;
    let cal = calibrate_io(
        server.addr(),
        Some(server.pid()),
        latency,
        Duration::from_secs(5),
        env.allowed[0],
    )
    .map_err(|e| err(claim, e))?;
    Ok(IoSetup { server, cal })
}

fn io_runs(env: &Env, claim: &str, plan: &ClientPlan) -> Result<Summary, TourError> {
    run_client(plan).map_err(|e| err(claim, e))?;
    let mut walls = Vec::new();
    for _ in 0..env.opts.repeat {
        let s = run_client(plan).map_err(|e| err(claim, e))?;
        if s.errors > 0 {
            return Err(err(
                claim,
                format!(
                    "{} requests failed: {}",
                    s.errors,
                    s.first_error.unwrap_or_default()
                ),
            ));
        }
        walls.push(s.wall_ns as f64 / 1e9);
    }
    Ok(Summary::of(&walls).expect("finite walls"))
}

fn blocking_io(env: &Env) -> Result<ClaimResult, TourError> {
    let c = "blocking-io";
    let (k, latency) = (20usize, Duration::from_millis(10));
    let io = io_setup(env, c, latency)?;
    let plan = |kind| ClientPlan {
        kind,
        addr: io.server.addr(),
        requests: k,
        cpu: None,
        latency,
        threads: 1,
        cpus: vec![env.allowed[0]],
        timeout: Duration::from_secs(5),
    };
    let inputs = Inputs {
        requests: k,
        cpu_ns: 0.0,
        single_request_ns: io.cal.single_request_ns,
        connection_ns: io.cal.connection_ns,
        threads: 1,
        cores: 1,
        thread_spawn_ns: 0.0,
        server_connection_ns: io.cal.server_connection_ns,
        loop_fixed_ns: io.cal.loop_fixed_ns,
    };
    let (pb, pe) = (
        predict_io(ClientKind::Blocking, &inputs) / 1e9,
        predict_io(ClientKind::EventLoop, &inputs) / 1e9,
    );
    let b = io_runs(env, c, &plan(ClientKind::Blocking))?;
    let e = io_runs(env, c, &plan(ClientKind::EventLoop))?;
    let (ratio, predicted_ratio) = (b.median / e.median, pb / pe);
    let ok = ratio >= 0.5 * predicted_ratio && ratio > 2.0;
    drop(io);
    Ok(result(
        c,
        "A thread that blocks on a socket holds its core doing nothing; an event loop on the same one core serves other requests during every wait.",
        (
            format!(
                "{k} requests of a {} wait on 1 core: blocking {} (the sum), event loop {} — {predicted_ratio:.1}× sooner",
                secs(latency.as_secs_f64()),
                secs(pb),
                secs(pe)
            ),
            format!("event loop {predicted_ratio:.1}× sooner"),
        ),
        (
            format!(
                "blocking {}, event loop {} — {ratio:.1}× sooner",
                spread(&b),
                spread(&e)
            ),
            format!("event loop {ratio:.1}× sooner"),
        ),
        ok,
        if ok {
            format!(
                "the event loop overlapped the waits: {ratio:.1}× sooner (model {predicted_ratio:.1}×)"
            )
        } else {
            format!("only {ratio:.1}× sooner against the model's {predicted_ratio:.1}×")
        },
        "conpar io --clients blocking,event-loop",
        json!({ "requests": k, "blocking_s": b, "event_loop_s": e, "ratio": ratio, "predicted_ratio": predicted_ratio }),
    ))
}

fn async_not_parallel(env: &Env) -> Result<ClaimResult, TourError> {
    let c = "async-not-parallel";
    let p = env.p(usize::MAX);
    let (k, cpu, latency) = (40usize, Duration::from_millis(2), Duration::from_millis(5));
    let io = io_setup(env, c, latency)?;
    let first = env.allowed[0];
    let cal = std::thread::spawn(move || {
        let _ = confine_to(&[first]);
        calibrate(KernelKind::Spin, cpu.as_nanos() as u64)
    })
    .join()
    .map_err(|_| err(c, "calibration failed"))?;
    let plan = |kind| ClientPlan {
        kind,
        addr: io.server.addr(),
        requests: k,
        cpu: Some(cal),
        latency,
        threads: 1,
        cpus: env.allowed[..p].to_vec(),
        timeout: Duration::from_secs(5),
    };
    let inputs = Inputs {
        requests: k,
        cpu_ns: cal.tick_median_ns,
        single_request_ns: io.cal.single_request_ns,
        connection_ns: io.cal.connection_ns,
        threads: 1,
        cores: p,
        thread_spawn_ns: 0.0,
        server_connection_ns: io.cal.server_connection_ns,
        loop_fixed_ns: io.cal.loop_fixed_ns,
    };
    let (pone, pper) = (
        predict_io(ClientKind::EventLoop, &inputs) / 1e9,
        predict_io(ClientKind::EventLoopPerCore, &inputs) / 1e9,
    );
    let one = io_runs(env, c, &plan(ClientKind::EventLoop))?;
    let per = io_runs(env, c, &plan(ClientKind::EventLoopPerCore))?;
    let cpu_total = k as f64 * cal.tick_median_ns / 1e9;
    let gain = one.median / per.median;
    let no_speedup = one.median >= 0.95 * cpu_total;
    let ok = p >= 2 && no_speedup && gain >= 0.7 * (pone / pper);
    let reason = if p < 2 {
        "this host allows one CPU: one loop per core is one loop".into()
    } else if ok {
        format!(
            "one loop needed all {} of CPU work one request at a time; {p} loops split it: {gain:.2}× (model {:.2}×)",
            secs(cpu_total),
            pone / pper
        )
    } else if !no_speedup {
        format!(
            "one loop finished in {} with {} of CPU work: it cannot have run on one core",
            secs(one.median),
            secs(cpu_total)
        )
    } else {
        format!(
            "{p} loops gained only {gain:.2}× against the model's {:.2}×",
            pone / pper
        )
    };
    drop(io);
    Ok(result(
        c,
        "An event loop interleaves waiting, but its CPU work still runs on one core; only one loop per core makes CPU-bound work faster.",
        (
            format!(
                "{k} requests × {} CPU + {} wait: one loop {}, {p} loops {} ({:.2}×)",
                secs(cpu.as_secs_f64()),
                secs(latency.as_secs_f64()),
                secs(pone),
                secs(pper),
                pone / pper
            ),
            format!("{p} loops {:.2}× one loop", pone / pper),
        ),
        (
            format!(
                "one loop {} (CPU work alone is {}), {p} loops {}: {gain:.2}×",
                spread(&one),
                secs(cpu_total),
                spread(&per)
            ),
            format!("{p} loops {gain:.2}× one loop"),
        ),
        ok,
        reason,
        "conpar io --cpu 2ms -k 100 --clients event-loop,event-loop-per-core",
        json!({ "cores": p, "one_loop_s": one, "per_core_s": per, "gain": gain, "predicted_gain": pone / pper }),
    ))
}

fn race(env: &Env) -> Result<ClaimResult, TourError> {
    let c = "race";
    let cpus = &env.allowed[..env.p(2)];
    let n = 1_000_000;
    let split = count(Increment::ReadThenWrite, 2, n, cpus);
    let add = count(Increment::FetchAdd, 2, n, cpus);
    let mutex = count(Increment::Mutex, 2, n, cpus);
    let ok = split.lost > 0 && add.lost == 0 && mutex.lost == 0;
    let reason = if ok {
        format!(
            "{} of {} read-then-write increments vanished; fetch_add cost {:.1} ns and the mutex {:.1} ns per increment, losing none",
            split.lost, split.attempted, add.ns_per_increment, mutex.ns_per_increment
        )
    } else if split.lost == 0 {
        format!(
            "no update was lost{}",
            if cpus.len() < 2 {
                " (one CPU: the threads rarely switch inside an increment)"
            } else {
                ""
            }
        )
    } else {
        "a safe increment lost updates".into()
    };
    Ok(result(
        c,
        "Two threads that read a counter and then write it back can both read the same value; one increment is lost.",
        (
            "read-then-write loses some of 2,000,000 increments; fetch_add and a mutex lose none"
                .into(),
            "some lost; atomic, mutex: none".into(),
        ),
        (
            format!(
                "read-then-write lost {} ({:.1} ns each); fetch_add lost {} ({:.1} ns); mutex lost {} ({:.1} ns)",
                split.lost,
                split.ns_per_increment,
                add.lost,
                add.ns_per_increment,
                mutex.lost,
                mutex.ns_per_increment
            ),
            format!("{} lost; {}, {}", split.lost, add.lost, mutex.lost),
        ),
        ok,
        reason,
        "conpar tour --claim race",
        json!({ "read_then_write": split, "fetch_add": add, "mutex": mutex }),
    ))
}

fn deadlock() -> Result<ClaimResult, TourError> {
    let c = "deadlock";
    let bound = Duration::from_millis(200);
    let bad = two_locks(false, bound);
    let good = two_locks(true, Duration::from_secs(5));
    let ok = !bad.finished && bad.gave_up >= 1 && good.finished;
    Ok(result(
        c,
        "Two threads that each hold one lock and wait for the other's wait forever; taking locks in one agreed order cannot deadlock.",
        (
            "opposite orders: no progress (detected by a bounded wait); one order: both finish"
                .into(),
            "stuck; ordered: done".into(),
        ),
        (
            format!(
                "opposite orders: {} of 2 threads gave up after {} without their second lock; one order: {} in {}",
                bad.gave_up,
                secs(bound.as_secs_f64()),
                if good.finished {
                    "both finished"
                } else {
                    "did not finish"
                },
                Nanos(good.wall_ns as f64)
            ),
            format!(
                "{}; ordered: {}",
                if bad.finished { "finished" } else { "stuck" },
                if good.finished { "done" } else { "stuck" }
            ),
        ),
        ok,
        if ok {
            "the deadlock was real and bounded; ordering the locks removed it".into()
        } else {
            "the demonstration did not behave as a deadlock".into()
        },
        "conpar tour --claim deadlock",
        json!({ "opposite": bad, "ordered": good }),
    ))
}

fn eight_cores(env: &Env) -> Result<ClaimResult, TourError> {
    let c = "eight-cores";
    let w = shipped("amdahl-10");
    let model8 = analyze(
        &w,
        &Machine {
            cores: 8,
            discipline: Discipline::List,
            io: IoMode::Blocking,
        },
    )
    .map_err(|e| err(c, e))?;
    let rows = amdahl_rows(env, c)?;
    let (top, r) = rows
        .last()
        .map(|(p, r)| (*p, r))
        .ok_or_else(|| err(c, "no measurement"))?;
    let (speedup, projected, how) = if top >= 8 {
        (
            r.measured.speedup,
            false,
            format!("measured on 8 cores: {:.2}×", r.measured.speedup),
        )
    } else if top >= 2 {
        // Karp–Flatt turns the measured speedup into an experimental serial
        // fraction; Amdahl's law with it projects 8 cores.
        let e = karp_flatt(r.measured.speedup, top as f64)
            .unwrap_or(w.serial_fraction())
            .max(0.0);
        let s8 = amdahl(e, 8.0);
        (
            s8,
            true,
            format!(
                "projected, not measured (this host allows {top} cores): Karp–Flatt e = {e:.3} from {:.2}× on {top} cores gives {s8:.2}× on 8",
                r.measured.speedup
            ),
        )
    } else {
        (
            model8.metrics.speedup,
            true,
            format!(
                "projected by the model alone (this host allows 1 core): {:.2}×",
                model8.metrics.speedup
            ),
        )
    };
    let ok = speedup < 0.95 * 8.0;
    let mut res = result(
        c,
        "Serial steps, uneven tasks and coordination keep real speedup on 8 cores well below 8×; 4–6× is a good result.",
        (
            format!(
                "the model schedules amdahl-10 on 8 cores at {:.2}× (Amdahl: {:.2}×)",
                model8.metrics.speedup,
                amdahl(w.serial_fraction(), 8.0)
            ),
            format!("{:.2}× on 8 cores", model8.metrics.speedup),
        ),
        (how, format!("{speedup:.2}× on 8 cores")),
        ok,
        if ok {
            format!(
                "{speedup:.2}× on 8 cores is {:.0} % of the core count",
                speedup / 8.0 * 100.0
            )
        } else {
            format!("{speedup:.2}× is within 5 % of 8×")
        },
        "conpar model amdahl-10 -c 1,2,4,8; conpar run amdahl-10 --cores all",
        json!({ "speedup_8": speedup, "model_speedup_8": model8.metrics.speedup }),
    );
    res.projected = projected;
    Ok(res)
}
