//! "Switching between thousands of [threads] is expensive": thousands of
//! threads, one per task, against a pool of P threads doing the same work on
//! the same P cores. The difference is predicted from this host's measured
//! costs (a thread's start and a switch, spread over the P cores) and split,
//! after the fact, into what the extra switches and the thread starts
//! explain.
//!
//! Thousands, because a few dozen threads on two cores move the wall by a
//! few per cent — inside the noise — while the article places the cost at
//! thousands. The count is bounded by this host's limits (see
//! [`crate::tour::limits`]), and the work is small (a tenth of a millisecond
//! per thread) so that the claim stays quick.

use super::*;
use crate::results::calibrate::median_or_zero;
use crate::tour::limits::thread_budget;

/// Threads the claim asks for.
const THREADS: usize = 2000;
/// Each thread's work: one tick of this length.
const TICK_NS: u64 = 100_000;

/// The claim's workload: `n` one-tick tasks.
fn many_tasks(n: usize) -> Result<Workload, crate::workload::LimitError> {
    Workload::builder("thousands-of-threads")
        .description("one short task per thread, thousands of them")
        .tick_ns(TICK_NS)
        .tasks("t", n as u64, &[Step::Cpu(1)])
        .build()
}

pub(super) fn context_switches(env: &Env) -> Result<ClaimResult, TourError> {
    let c = ClaimKind::ContextSwitches.name();
    let oh = env.overheads();
    let p = env.p(usize::MAX);
    let budget = thread_budget(THREADS);
    let n = budget.threads.max(2 * p);
    let w = many_tasks(n).map_err(|e| err(c, e))?;
    let run = measure(env, c, &w, &[&env.opts.pool, &env.opts.threads], &[p])?;
    let (pool, threads) = (&run.rows[0], &run.rows[1]);
    let (pw, tw) = (
        Band::of(&pool.measured.wall_s),
        Band::of(&threads.measured.wall_s),
    );
    // An overhead that was not measured counts as 0, as in predictions.
    let (switch, spawn) = (
        median_or_zero(oh.context_switch_same_core.as_ref()),
        median_or_zero(oh.thread_spawn_join.as_ref()),
    );
    let judged = verdicts::many_threads_slower(&verdicts::Switching {
        threads: tw,
        pool: pw,
        faster: faster(pool).or(faster(threads)),
    });
    // Each prediction is in the tick its own serial baseline measured; in
    // units of that baseline, the two compare on the same tick.
    let predicted_ratio =
        (threads.predicted.wall_s / threads.serial_s) / (pool.predicted.wall_s / pool.serial_s);
    let model = model_accuracy(
        Band::ratio(tw, pw),
        predicted_ratio,
        ModelWhy::Threads {
            spawn_ns: spawn,
            switch_ns: switch,
            cores: p,
            why: threads.why.clone(),
        },
    );
    let mut res = result(Outcome {
        claim: ClaimKind::ContextSwitches,
        judged,
        model,
        figures: Figures::ContextSwitches {
            threads: n,
            thread_bound: Some(budget.bound),
            cores: Some(p),
            switch_same_core_ns: switch,
            thread_spawn_ns: spawn,
            threads_switches: threads.measured.context_switches,
            pool_switches: pool.measured.context_switches,
            threads_wall_s: threads.measured.wall_s.clone(),
            pool_wall_s: pool.measured.wall_s.clone(),
            slowdown: tw.mid / pw.mid - 1.0,
            predicted_slowdown: predicted_ratio - 1.0,
            threads_predicted_s: threads.predicted.wall_s,
            pool_predicted_s: pool.predicted.wall_s,
        },
    });
    with_warnings(&mut res, &run);
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workload_is_thousands_of_short_tasks() {
        let w = many_tasks(THREADS).unwrap();
        assert_eq!(
            (w.tasks.len(), w.work(), w.tick_ns),
            (THREADS, 2000, TICK_NS)
        );
    }
}
