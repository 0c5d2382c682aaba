//! What was predicted and what was measured, told from a claim's typed
//! figures: one function per claim. A figure a document of an older layout
//! did not record prints as `—`.

use super::wide;
use super::{Told, four, ns};
use crate::findings::tour::figures::{Counted, Locked};
use crate::findings::tour::{ClaimResult, Figures};
use crate::stats::Summary;
use crate::words::{Count, Pct, Ratio, Secs, Spread, times};

fn spread(s: &Summary) -> String {
    Spread::of(s).to_string()
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
        Figures::InterleaveSum { .. }
        | Figures::ParallelMax { .. }
        | Figures::UnevenIdle { .. } => cores_told(c, f),
        Figures::Amdahl {
            serial_fraction,
            measured,
        } => wide::amdahl_told(*serial_fraction, measured),
        Figures::ContextSwitches { .. } => wide::switches_told(f),
        Figures::BlockingIo { .. } | Figures::AsyncNotParallel { .. } => io_told(f),
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
        Figures::SpanLimits { .. } => wide::span_told(f),
        Figures::EightCores { .. } => wide::eight_told(f),
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
    let wait = wait_ns.map_or_else(|| "a bounded wait".into(), |w| ns(w as f64).to_string());
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
            ns(good.wall_ns as f64)
        ),
        format!(
            "{}; ordered: {}",
            if bad.finished { "finished" } else { "stuck" },
            done(good)
        ),
    )
}

/// What the claims on one or two cores predicted and measured.
fn cores_told(c: &ClaimResult, f: &Figures) -> Told {
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
        Figures::UnevenIdle { .. } => uneven_told(c, f),
        _ => Told::default(),
    }
}

/// What the uneven claim predicted and measured: the article's 5 tasks on
/// 4 cores, then the tasks this host ran.
fn uneven_told(c: &ClaimResult, f: &Figures) -> Told {
    match f {
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
            let label = super::uneven_label(c);
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
        _ => Told::default(),
    }
}

/// What the I/O claims predicted and measured.
fn io_told(f: &Figures) -> Told {
    match f {
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
        _ => Told::default(),
    }
}
