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

/// What the measured costs explain of a slowdown.
struct Attribution {
    n: usize,
    p: usize,
    extra_switches: u64,
    switch_ns: f64,
    spawn_ns: f64,
    /// Threads' wall ÷ pool's − 1.
    slowdown: f64,
    /// The pool's wall, s.
    pool_s: f64,
}

/// The slowdown split into what the extra switches and the thread starts
/// explain (core-time spread over the P cores, against the pool's wall) and
/// what neither does.
fn attribution(a: &Attribution) -> String {
    let share = |ns: f64| ns / a.p as f64 / (a.pool_s * 1e9);
    let by_switches = share(a.extra_switches as f64 * a.switch_ns);
    let by_starts = share(a.n as f64 * a.spawn_ns);
    let rest = a.slowdown - by_switches - by_starts;
    let pct = |x: f64| Pct::new(x).places(1).signed();
    format!(
        "of that, {} extra switches at {} each explain {}, starting {} threads at {} each {}, and {} is neither{}",
        a.extra_switches,
        Nanos(a.switch_ns),
        pct(by_switches),
        a.n,
        Nanos(a.spawn_ns),
        pct(by_starts),
        pct(rest),
        if rest > by_switches + by_starts {
            " (mostly threads waiting to be placed on a core: see the model's accuracy)"
        } else {
            ""
        }
    )
}

/// The claim's figures: the two rows, the host's costs and the ratios.
struct Figures<'a> {
    n: usize,
    p: usize,
    /// Which bound on threads applied, in words.
    bound: &'a str,
    threads: &'a Row,
    pool: &'a Row,
    switch: f64,
    spawn: f64,
    /// Threads' predicted wall ÷ the pool's, each in its own baseline's tick.
    predicted_ratio: f64,
    /// Threads' measured wall ÷ the pool's − 1.
    slowdown: f64,
}

impl Figures<'_> {
    /// The model's figure: in full, and in a few words.
    fn predicted(&self) -> (String, String) {
        let (n, p) = (self.n, self.p);
        let pct = Pct::new(self.predicted_ratio - 1.0).places(1).signed();
        (
            format!(
                "{n} threads ({}) predicted {} against a {p}-thread pool's {}: {pct}",
                self.bound,
                Secs(self.threads.predicted.wall_s),
                Secs(self.pool.predicted.wall_s),
            ),
            format!("{pct} for {n} threads"),
        )
    }

    /// The measurement: in full, and in a few words.
    fn measured(&self) -> (String, String) {
        let (n, p, threads, pool) = (self.n, self.p, self.threads, self.pool);
        (
            format!(
                "a switch on one core {}, a thread's start {}; {n} threads {} ({} switches) against a {p}-thread pool {} ({} switches)",
                Nanos(self.switch),
                Nanos(self.spawn),
                spread(&threads.measured.wall_s),
                threads.measured.context_switches,
                spread(&pool.measured.wall_s),
                pool.measured.context_switches
            ),
            format!(
                "{} for {n} threads",
                Pct::new(self.slowdown).places(1).signed()
            ),
        )
    }

    fn typed(&self) -> crate::results::figures::Figures {
        crate::results::figures::Figures::ContextSwitches {
            threads: self.n,
            thread_bound: self.bound.to_string(),
            switch_same_core_ns: self.switch,
            thread_spawn_ns: self.spawn,
            threads_switches: self.threads.measured.context_switches,
            pool_switches: self.pool.measured.context_switches,
            threads_wall_s: self.threads.measured.wall_s.clone(),
            pool_wall_s: self.pool.measured.wall_s.clone(),
            slowdown: self.slowdown,
            predicted_slowdown: self.predicted_ratio - 1.0,
        }
    }
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
    let detail = attribution(&Attribution {
        n,
        p,
        extra_switches: threads
            .measured
            .context_switches
            .saturating_sub(pool.measured.context_switches),
        switch_ns: switch,
        spawn_ns: spawn,
        slowdown: tw.mid / pw.mid - 1.0,
        pool_s: pw.mid,
    });
    let judged = verdicts::many_threads_slower(&verdicts::Switching {
        n,
        p,
        threads: tw,
        pool: pw,
        detail: &detail,
        faster: faster(pool).or(faster(threads)),
    });
    // Each prediction is in the tick its own serial baseline measured; in
    // units of that baseline, the two compare on the same tick.
    let predicted_ratio =
        (threads.predicted.wall_s / threads.serial_s) / (pool.predicted.wall_s / pool.serial_s);
    let model = model_accuracy(
        Band::ratio(tw, pw),
        predicted_ratio,
        format!(
            "the model charges each thread one start ({}) and one switch ({}) spread over {p} cores; threads: {}",
            Nanos(spawn),
            Nanos(switch),
            Maybe(threads.why.as_ref())
        ),
    );
    let figures = Figures {
        n,
        p,
        bound: &budget.bound,
        threads,
        pool,
        switch,
        spawn,
        predicted_ratio,
        slowdown: tw.mid / pw.mid - 1.0,
    };
    let mut res = result(Outcome {
        name: c,
        says: "Switching a core from one thread to another costs time and cache, so thousands of threads on a few cores do the same work more slowly than a pool.",
        predicted: figures.predicted(),
        measured: figures.measured(),
        judged,
        model,
        command: "conpar calibrate; conpar run many-small -s threads,rayon",
        figures: figures.typed(),
    });
    with_warnings(&mut res, &run);
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slowdown_is_split_by_its_causes() {
        // 2000 threads on 2 cores against a 100 ms pool: 2000 switches of
        // 2 µs are +2 %, 2000 starts of 10 µs +10 %, of a +30 % slowdown.
        let s = attribution(&Attribution {
            n: 2000,
            p: 2,
            extra_switches: 2000,
            switch_ns: 2000.0,
            spawn_ns: 10_000.0,
            slowdown: 0.30,
            pool_s: 0.1,
        });
        assert!(
            s.contains("explain +2.0%") && s.contains("each +10.0%"),
            "{s}"
        );
        assert!(s.contains("+18.0% is neither (mostly"), "{s}");
    }

    #[test]
    fn the_workload_is_thousands_of_short_tasks() {
        let w = many_tasks(THREADS).unwrap();
        assert_eq!(
            (w.tasks.len(), w.work(), w.tick_ns),
            (THREADS, 2000, TICK_NS)
        );
    }
}
