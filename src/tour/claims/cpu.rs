//! The claims about cores: taking turns, overlapping, uneven work, Amdahl,
//! context switches and eight cores.

use super::*;

pub(super) fn interleave_sum(env: &Env) -> Result<ClaimResult, TourError> {
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

pub(super) fn parallel_max(env: &Env) -> Result<ClaimResult, TourError> {
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

pub(super) fn uneven_idle(env: &Env) -> Result<ClaimResult, TourError> {
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
pub(super) fn amdahl_rows<'a>(
    env: &'a Env,
    claim: &str,
) -> Result<&'a Vec<(usize, Row)>, TourError> {
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

pub(super) fn amdahl_claim(env: &Env) -> Result<ClaimResult, TourError> {
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

pub(super) fn context_switches(env: &Env) -> Result<ClaimResult, TourError> {
    let c = "context-switches";
    let oh = env.overheads();
    let p = env.p(usize::MAX);
    let mut w = shipped("oversubscribed");
    w.tick_ns = 2_000_000;
    let run = measure(env, c, &w, &[&env.opts.pool, &env.opts.threads], &[p])?;
    let (pool, threads) = (&run.rows[0], &run.rows[1]);
    let slowdown = threads.measured.wall_s.median / pool.measured.wall_s.median - 1.0;
    let same = oh.context_switch_same_core.median;
    let cross = oh.handoff_cross_core.as_ref().map(|h| h.median);
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

pub(super) fn eight_cores(env: &Env) -> Result<ClaimResult, TourError> {
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
