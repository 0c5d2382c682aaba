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
            short: r.why.as_ref(),
            drift: drift_of(r),
            faster: faster(r),
        },
    );
    let model = if seen == model_order {
        row_model(r)
    } else {
        model_matches(
            false,
            ModelWhy::Order {
                model: model_order.clone(),
            },
        )
    };
    let mut res = result(Outcome {
        claim: ClaimKind::InterleaveSum,
        judged,
        model,
        figures: Figures::InterleaveSum {
            model_wall_ticks: m.metrics.wall,
            speedup: sp,
            order: seen,
            wall_s: r.measured.wall_s.clone(),
            tick_drift: r.tick_drift,
            model_order,
            model_speedup: m.metrics.speedup,
            serial_s: r.serial_s,
            strategy: Some(r.strategy),
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
            short: r.why.as_ref(),
            drift: drift_of(r),
            faster: faster(r),
        },
    );
    let mut res = result(Outcome {
        claim: ClaimKind::ParallelMax,
        judged,
        model: row_model(r),
        figures: Figures::ParallelMax {
            cores: p,
            speedup: sp,
            predicted_speedup: m.metrics.speedup,
            wall_s: r.measured.wall_s.clone(),
            tick_drift: r.tick_drift,
            model_wall_ticks: Some(m.metrics.wall),
            serial_s: r.serial_s,
            strategy: Some(r.strategy),
        },
    });
    with_noise(&mut res, &run);
    Ok(res)
}

/// The article's five tasks on four cores, or on fewer cores one equal task
/// more than cores.
fn uneven_workload(p: usize) -> Result<Workload, crate::workload::LimitError> {
    if p >= 4 {
        return Ok(shipped("five-on-four"));
    }
    Workload::builder("uneven-analogue")
        .description("one task more than cores")
        .tick_ns(10_000_000)
        .tasks("T", p as u64 + 1, &[Step::Cpu(5)])
        .build()
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
    let w = uneven_workload(p).map_err(|e| err(c, e))?;
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
    let judged = verdicts::capped(&verdicts::Capped {
        m: speedup_band(&run, r),
        target: m.metrics.speedup,
        bound: bound(&run, r, m.metrics.speedup),
        short: r.why.as_ref(),
        drift: drift_of(r),
        faster: faster(r),
    });
    let mut res = result(Outcome {
        claim: ClaimKind::UnevenIdle,
        judged,
        model: row_model(r),
        figures: Figures::UnevenIdle {
            cores: p,
            speedup: sp,
            utilization: ut,
            predicted_speedup: m.metrics.speedup,
            predicted_utilization: m.metrics.utilization,
            wall_s: r.measured.wall_s.clone(),
            tick_drift: r.tick_drift,
            article_wall_ticks: Some(article.metrics.wall),
            article_speedup: article.metrics.speedup,
            article_utilization: article.metrics.utilization,
            strategy: Some(r.strategy),
        },
    });
    with_noise(&mut res, &run);
    Ok(res)
}
