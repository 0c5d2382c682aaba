//! What was predicted and what was measured, told from a claim's typed
//! figures: one function per claim. A figure a document of an older layout
//! did not record prints as `—`.

use super::Banded;
use crate::findings::tour::figures::{AmdahlPoint, Counted, Locked};
use crate::findings::tour::{ClaimResult, Figures, Interval};
use crate::model::amdahl;
use crate::stats::Summary;
use crate::units::Nanos;
use crate::words::{Count, Maybe, Pct, Ratio, Secs, Spread, num, times};

/// A claim's prediction and measurement: in full, and in a few words for
/// the summary table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Told {
    /// The model's figure in full.
    pub predicted: String,
    /// In a few words.
    pub predicted_short: String,
    /// The measurement in full (median with spread).
    pub measured: String,
    /// In a few words.
    pub measured_short: String,
}

fn spread(s: &Summary) -> String {
    Spread::of(s).to_string()
}

fn four(predicted: String, predicted_short: String, measured: String, short: String) -> Told {
    Told {
        predicted,
        predicted_short,
        measured,
        measured_short: short,
    }
}

fn strategy(s: Option<crate::kinds::StrategyKind>) -> String {
    s.map_or_else(|| "the strategy".into(), |s| s.to_string())
}

fn ticks(t: Option<u64>) -> String {
    t.map_or_else(|| "—".into(), |t| t.to_string())
}

/// What a claim predicted and measured; empty for a claim that did not run.
pub fn told(c: &ClaimResult) -> Told {
    let Some(f) = &c.figures else {
        return Told::default();
    };
    match f {
        Figures::InterleaveSum {
            model_wall_ticks,
            speedup,
            order,
            wall_s,
            model_order,
            model_speedup,
            serial_s,
            strategy: s,
            ..
        } => four(
            format!(
                "schedule {model_order}, wall {model_wall_ticks} ticks = the sum, speedup {model_speedup:.2}×"
            ),
            format!("{model_speedup:.2}×, {model_order}"),
            format!(
                "{} on 1 core: {} against a serial {}: {speedup:.2}×; ran {order}",
                strategy(*s),
                spread(wall_s),
                Secs(*serial_s)
            ),
            format!("{speedup:.2}×, {order}"),
        ),
        Figures::ParallelMax {
            cores,
            speedup,
            predicted_speedup,
            wall_s,
            model_wall_ticks,
            serial_s,
            strategy: s,
            ..
        } => four(
            format!(
                "wall {} ticks = the max, speedup {predicted_speedup:.2}×",
                ticks(*model_wall_ticks)
            ),
            format!("{predicted_speedup:.2}× on 2 cores"),
            format!(
                "{} on {}: {} against a serial {}: {speedup:.2}×",
                strategy(*s),
                Count(*cores, "core"),
                spread(wall_s),
                Secs(*serial_s)
            ),
            format!("{speedup:.2}× on {}", Count(*cores, "core")),
        ),
        Figures::UnevenIdle {
            speedup,
            utilization,
            predicted_speedup,
            predicted_utilization,
            wall_s,
            article_wall_ticks,
            article_speedup,
            article_utilization,
            strategy: s,
            ..
        } => {
            let label = super::reason::uneven_label(c);
            let model = format!(
                "{}, {} used",
                Ratio(*predicted_speedup),
                Pct::new(*predicted_utilization)
            );
            let seen = format!("{}, {} used", Ratio(*speedup), Pct::new(*utilization));
            four(
                format!(
                    "article: 5 tasks on 4 cores take {} ticks, {}, {} used; here, {label}: {model}",
                    ticks(*article_wall_ticks),
                    times(*article_speedup, 1),
                    Pct::new(*article_utilization).places(1),
                ),
                model,
                format!("{label} with {}: {} → {seen}", strategy(*s), spread(wall_s)),
                seen,
            )
        }
        Figures::Amdahl {
            serial_fraction,
            measured,
        } => amdahl_told(*serial_fraction, measured),
        Figures::ContextSwitches { .. } => switches_told(f),
        Figures::BlockingIo {
            requests,
            blocking_s,
            event_loop_s,
            ratio,
            predicted_ratio,
            latency_s,
            predicted_blocking_s,
            predicted_event_loop_s,
        } => four(
            format!(
                "{requests} requests of a {} wait on 1 core: blocking {} (the sum), event loop {} — {predicted_ratio:.1}× sooner",
                Secs(*latency_s),
                Secs(*predicted_blocking_s),
                Secs(*predicted_event_loop_s)
            ),
            format!("event loop {predicted_ratio:.1}× sooner"),
            format!(
                "blocking {}, event loop {} — {ratio:.1}× sooner",
                spread(blocking_s),
                spread(event_loop_s)
            ),
            format!("event loop {ratio:.1}× sooner"),
        ),
        Figures::AsyncNotParallel {
            cores: p,
            one_loop_s,
            per_core_s,
            gain,
            predicted_gain,
            requests,
            cpu_s,
            latency_s,
            cpu_total_s,
            predicted_one_s,
            predicted_per_core_s,
        } => four(
            format!(
                "{} requests × {} CPU + {} wait: one loop {}, {p} loops {} ({predicted_gain:.2}×)",
                requests.map_or_else(|| "—".into(), |k| k.to_string()),
                Secs(*cpu_s),
                Secs(*latency_s),
                Secs(*predicted_one_s),
                Secs(*predicted_per_core_s)
            ),
            format!("{p} loops {predicted_gain:.2}× one loop"),
            format!(
                "one loop {} (CPU work alone is {}), {p} loops {}: {gain:.2}×",
                spread(one_loop_s),
                Secs(*cpu_total_s),
                spread(per_core_s)
            ),
            format!("{p} loops {gain:.2}× one loop"),
        ),
        Figures::Race {
            read_then_write,
            fetch_add,
            mutex,
        } => race_told(read_then_write, fetch_add, mutex),
        Figures::Deadlock {
            opposite,
            ordered,
            wait_ns,
        } => deadlock_told(opposite, ordered, *wait_ns),
        Figures::SpanLimits { .. } => span_told(f),
        Figures::EightCores { .. } => eight_told(f),
    }
}

fn amdahl_told(s: f64, points: &[AmdahlPoint]) -> Told {
    let top = points.last().map_or(1, |p| p.cores);
    let law = |p: usize| amdahl(s, p as f64);
    let projected: Vec<String> = [4usize, 8, 16, 64]
        .into_iter()
        .filter(|&p| p > top)
        .map(|p| format!("{p}: {:.2}×", law(p)))
        .collect();
    let each: Vec<String> = points
        .iter()
        .map(|p| {
            let band = p
                .band
                .map_or_else(|| times(p.speedup, 2), |b| Banded(b).to_string());
            format!(
                "{}: {band} (law {:.2}×)",
                Count(p.cores, "core"),
                law(p.cores)
            )
        })
        .collect();
    four(
        format!(
            "S(P) = 1/({s} + {}/P): {:.2}× at 2, {:.2}× at 8, ceiling {}×{}",
            num(1.0 - s, 1),
            law(2),
            law(8),
            num(1.0 / s, 0),
            if projected.is_empty() {
                String::new()
            } else {
                format!("; projected (not measured here) {}", projected.join(", "))
            }
        ),
        format!(
            "{:.2}× at {top} cores, never {}×",
            law(top),
            num(1.0 / s, 0)
        ),
        each.join(", "),
        format!(
            "{:.2}× at {top} cores",
            points.last().map_or(0.0, |p| p.speedup)
        ),
    )
}

fn switches_told(f: &Figures) -> Told {
    let Figures::ContextSwitches {
        threads: n,
        thread_bound,
        cores,
        switch_same_core_ns,
        thread_spawn_ns,
        threads_switches,
        pool_switches,
        threads_wall_s,
        pool_wall_s,
        slowdown,
        predicted_slowdown,
        threads_predicted_s,
        pool_predicted_s,
    } = f
    else {
        return Told::default();
    };
    let p = cores.map_or_else(|| "—".into(), |p| p.to_string());
    let bound = Maybe(thread_bound.as_ref());
    let predicted = Pct::new(*predicted_slowdown).places(1).signed();
    let measured = Pct::new(*slowdown).places(1).signed();
    four(
        format!(
            "{n} threads ({bound}) predicted {} against a {p}-thread pool's {}: {predicted}",
            Secs(*threads_predicted_s),
            Secs(*pool_predicted_s)
        ),
        format!("{predicted} for {n} threads"),
        format!(
            "a switch on one core {}, a thread's start {}; {n} threads {} ({threads_switches} switches) against a {p}-thread pool {} ({pool_switches} switches)",
            Nanos(*switch_same_core_ns),
            Nanos(*thread_spawn_ns),
            spread(threads_wall_s),
            spread(pool_wall_s)
        ),
        format!("{measured} for {n} threads"),
    )
}

/// The threads' slowdown against the pool with what the extra switches and
/// the thread starts explain of it (core-time spread over the cores,
/// against the pool's wall) and what neither does; `margin` when the
/// difference lies within the noise.
pub(super) fn switching(
    c: &ClaimResult,
    ratio: Interval,
    margin: Option<&str>,
    holds: bool,
) -> String {
    let Some(Figures::ContextSwitches {
        threads: n,
        cores,
        switch_same_core_ns: switch,
        thread_spawn_ns: spawn,
        threads_switches,
        pool_switches,
        pool_wall_s,
        slowdown,
        ..
    }) = &c.figures
    else {
        return Banded(ratio).to_string();
    };
    let p = cores.unwrap_or(0);
    let share = |ns: f64| ns / p as f64 / (pool_wall_s.median * 1e9);
    let extra = threads_switches.saturating_sub(*pool_switches);
    let by_switches = share(extra as f64 * switch);
    let by_starts = share(*n as f64 * spawn);
    let rest = slowdown - by_switches - by_starts;
    let signed = |x: f64| Pct::new(x).places(1).signed();
    let detail = format!(
        "of that, {extra} extra switches at {} each explain {}, starting {n} threads at {} each {}, and {} is neither{}",
        Nanos(*switch),
        signed(by_switches),
        Nanos(*spawn),
        signed(by_starts),
        signed(rest),
        if rest > by_switches + by_starts {
            " (mostly threads waiting to be placed on a core: see the model's accuracy)"
        } else {
            ""
        }
    );
    let change = format!(
        "{n} threads took {} against a {p}-thread pool (ratio {})",
        signed(ratio.mid - 1.0),
        Banded(ratio)
    );
    match (margin, holds) {
        (Some(m), _) => {
            format!("{change}: the difference is within the noise (±{m}); {detail}")
        }
        (None, true) => format!("{change}: slower beyond the noise; {detail}"),
        (None, false) => format!("{change}: not slower, beyond the noise; {detail}"),
    }
}

fn race_told(split: &Counted, add: &Counted, mutex: &Counted) -> Told {
    four(
        format!(
            "read-then-write loses some of {} increments; fetch_add and a mutex lose none",
            split.attempted
        ),
        "some lost; safe ones none".into(),
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
    )
}

fn deadlock_told(bad: &Locked, good: &Locked, wait_ns: Option<u64>) -> Told {
    let wait = wait_ns.map_or_else(|| "a bounded wait".into(), |w| Nanos(w as f64).to_string());
    let done = |l: &Locked| if l.finished { "done" } else { "stuck" };
    four(
        "opposite orders: no progress (detected by a bounded wait); one order: both finish".into(),
        "stuck; ordered: done".into(),
        format!(
            "opposite orders: {} of 2 threads gave up after {wait} without their second lock; one order: {} in {}",
            bad.gave_up,
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
            done(good)
        ),
    )
}

fn span_told(f: &Figures) -> Told {
    let Figures::SpanLimits {
        cores: p,
        quicksort_parallelism: qp,
        mergesort_parallelism: mp,
        quicksort_speedup: quick,
        mergesort_speedup: merge,
    } = f
    else {
        return Told::default();
    };
    let pf = *p as f64;
    let brent = |par: f64| 1.0 / (1.0 / pf + 1.0 / par);
    let shown = |b: &Option<[f64; 3]>| {
        b.map_or("not timed".to_string(), |[lo, mid, hi]| {
            Banded(Interval { lo, mid, hi }).to_string()
        })
    };
    four(
        format!(
            "on {} at most min(P, T1/T∞): quicksort {:.2}× (T1/T∞ {qp:.1}), mergesort {:.2}× (T1/T∞ {mp:.0}); Brent gives at least {:.2}× and {:.2}×",
            Count(*p, "core"),
            pf.min(*qp),
            pf.min(*mp),
            brent(*qp),
            brent(*mp)
        ),
        format!("quicksort ≤ {:.1}×", pf.min(*qp)),
        format!(
            "on {}: quicksort {}, mergesort {}",
            Count(*p, "core"),
            shown(quick),
            shown(merge)
        ),
        format!(
            "quicksort {}",
            quick.map_or("—".into(), |q| format!("{:.2}×", q[1]))
        ),
    )
}

fn eight_told(f: &Figures) -> Told {
    let Figures::EightCores {
        speedup_8,
        speedup_8_band: (lo, hi),
        model_speedup_8: model8,
        serial_fraction,
        top_cores,
        top_speedup,
        karp_flatt,
        held_at,
    } = f
    else {
        return Told::default();
    };
    let eight = Banded(Interval {
        lo: *lo,
        mid: *speedup_8,
        hi: *hi,
    });
    let how = match (top_cores, top_speedup, karp_flatt) {
        (Some(t), _, _) if *t >= 8 => format!("measured on 8 cores: {eight}"),
        (Some(t), Some(m), Some(e)) => format!(
            "projected, not measured (this host allows {}): Karp–Flatt e = {e:.3} from {} on {t} cores gives {eight} on 8{}",
            Count(*t, "core"),
            Banded(*m),
            held_at.map_or(String::new(), |most| format!(
                ", held at most at the model's schedule of the work, {most:.2}×"
            ))
        ),
        (Some(1), _, _) => {
            format!("projected by the model alone (this host allows 1 core): {model8:.2}×")
        }
        _ => format!("{eight} on 8 cores"),
    };
    four(
        format!(
            "the model schedules amdahl-10 on 8 cores at {model8:.2}× (Amdahl: {})",
            times(amdahl(*serial_fraction, 8.0), 2)
        ),
        format!("{model8:.2}× on 8 cores"),
        how,
        format!("{speedup_8:.2}× on 8 cores"),
    )
}
