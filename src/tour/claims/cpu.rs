//! The claims about cores: taking turns, overlapping, and uneven work.

use super::*;

pub(super) fn interleave_sum(env: &Env) -> Result<ClaimResult, TourError> {
    let c = ClaimKind::InterleaveSum.name();
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
    let band = speedup_band(&run, r);
    let model_order = schedule.join(" ");
    let judged = verdicts::taking_turns(
        &seen,
        &model_order,
        &verdicts::Capped {
            m: band,
            target: 1.0,
            bound: bound(&run, r, 1.0),
            bound_name: "the most one core can do",
            holds: "one thread took turns in the model's order and finished at the sum",
            short: &Maybe(r.why.as_ref()),
            drift: Drift::of(r),
            faster: faster(r),
        },
    );
    let model = if seen == model_order {
        row_model(r)
    } else {
        model_matches(false, format!("the model's order is {model_order}"))
    };
    let mut res = result(Outcome {
        name: c,
        says: "One core running two 3-tick tasks by turns finishes when both are done: the sum of their work, speedup 1×.",
        predicted: (
            format!(
                "schedule {}, wall {} ticks = the sum, speedup {:.2}×",
                schedule.join(" "),
                m.metrics.wall,
                m.metrics.speedup
            ),
            format!("{:.2}×, {}", m.metrics.speedup, schedule.join(" ")),
        ),
        measured: (
            format!(
                "{} on 1 core: {} against a serial {}: {sp:.2}×; ran {seen}",
                r.strategy,
                spread(&r.measured.wall_s),
                Secs(r.serial_s)
            ),
            format!("{sp:.2}×, {seen}"),
        ),
        judged,
        model,
        command: "conpar run two-tasks -s interleave -c 1 --gantt",
        figures: Figures::InterleaveSum {
            model_wall_ticks: m.metrics.wall,
            speedup: sp,
            order: seen,
            wall_s: r.measured.wall_s.clone(),
            tick_drift: r.tick_drift,
        },
    });
    with_noise(&mut res, &run);
    Ok(res)
}

pub(super) fn parallel_max(env: &Env) -> Result<ClaimResult, TourError> {
    let c = ClaimKind::ParallelMax.name();
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
    let judged = verdicts::at_the_max(
        p,
        &verdicts::Capped {
            m: speedup_band(&run, r),
            target: m.metrics.speedup,
            // T1/T∞: no schedule finishes before the longest task.
            bound: bound(&run, r, w.work() as f64 / w.span() as f64),
            bound_name: "the longest task's limit T1/T∞",
            holds: "both tasks ran at once and finished at the max",
            short: &Maybe(r.why.as_ref()),
            drift: Drift::of(r),
            faster: faster(r),
        },
    );
    let mut res = result(Outcome {
        name: c,
        says: "Two cores run the two tasks at the same instant: the wall is the longest task, not the sum, so speedup approaches 2×.",
        predicted: (
            format!(
                "wall {} ticks = the max, speedup {:.2}×",
                m.metrics.wall, m.metrics.speedup
            ),
            format!("{:.2}× on 2 cores", m.metrics.speedup),
        ),
        measured: (
            format!(
                "{} on {}: {} against a serial {}: {sp:.2}×",
                r.strategy,
                crate::words::Count(p, "core"),
                spread(&r.measured.wall_s),
                Secs(r.serial_s)
            ),
            format!("{sp:.2}× on {}", crate::words::Count(p, "core")),
        ),
        judged,
        model: row_model(r),
        command: "conpar run two-tasks -s rayon -c 1,2 --gantt",
        figures: Figures::ParallelMax {
            cores: p,
            speedup: sp,
            predicted_speedup: m.metrics.speedup,
            wall_s: r.measured.wall_s.clone(),
            tick_drift: r.tick_drift,
        },
    });
    with_noise(&mut res, &run);
    Ok(res)
}

/// The article's five tasks on four cores, or on fewer cores one equal task
/// more than cores, with a label saying which.
fn uneven_workload(p: usize) -> Result<(Workload, String), String> {
    if p >= 4 {
        return Ok((
            shipped("five-on-four"),
            "5 one-tick tasks on 4 cores".to_string(),
        ));
    }
    let w = Workload::builder("uneven-analogue")
        .description("one task more than cores")
        .tick_ns(10_000_000)
        .tasks("T", p as u64 + 1, &[Step::Cpu(5)])
        .build()
        .map_err(|e| e.to_string())?;
    let label = format!(
        "{} equal tasks on {p} core{}",
        p + 1,
        if p == 1 { "" } else { "s" }
    );
    Ok((w, label))
}

pub(super) fn uneven_idle(env: &Env) -> Result<ClaimResult, TourError> {
    let c = ClaimKind::UnevenIdle.name();
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
    let (w, label) = uneven_workload(p).map_err(|e| err(c, e))?;
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
    // Equal tasks that cannot be split: the model's list schedule is the
    // shortest there is, so its speedup is a bound no run can pass.
    let bound_name = format!("the bound for {label} that cannot be split");
    let judged = verdicts::capped(&verdicts::Capped {
        m: speedup_band(&run, r),
        target: m.metrics.speedup,
        bound: bound(&run, r, m.metrics.speedup),
        bound_name: &bound_name,
        holds: "the last task ran alone while the other cores idled",
        short: &Maybe(r.why.as_ref()),
        drift: Drift::of(r),
        faster: faster(r),
    });
    let mut res = result(Outcome {
        name: c,
        says: "A task cannot be split across cores, so when tasks do not divide evenly the last ones run while other cores sit idle.",
        predicted: (
            format!(
                "article: 5 tasks on 4 cores take {} ticks, {}, {} used; here, {label}: {}, {} used",
                article.metrics.wall,
                crate::words::times(article.metrics.speedup, 1),
                Pct::new(article.metrics.utilization).places(1),
                Ratio(m.metrics.speedup),
                Pct::new(m.metrics.utilization)
            ),
            format!(
                "{}, {} used",
                Ratio(m.metrics.speedup),
                Pct::new(m.metrics.utilization)
            ),
        ),
        measured: (
            format!(
                "{label} with {}: {} → {}, {} used",
                r.strategy,
                spread(&r.measured.wall_s),
                Ratio(sp),
                Pct::new(ut)
            ),
            format!("{}, {} used", Ratio(sp), Pct::new(ut)),
        ),
        judged,
        model: row_model(r),
        command: if p >= 4 {
            "conpar run five-on-four -s rayon -c 4 --gantt"
        } else {
            "conpar model five-on-four -c 4; conpar run uneven -s rayon --gantt"
        },
        figures: Figures::UnevenIdle {
            cores: p,
            speedup: sp,
            utilization: ut,
            predicted_speedup: m.metrics.speedup,
            predicted_utilization: m.metrics.utilization,
            wall_s: r.measured.wall_s.clone(),
            tick_drift: r.tick_drift,
        },
    });
    with_noise(&mut res, &run);
    Ok(res)
}
