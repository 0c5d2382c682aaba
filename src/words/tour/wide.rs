//! What the claims over several core counts or several runs predicted and
//! measured: Amdahl's sweep, the threads against a pool, the two sorts and
//! 8 cores.

use super::{Banded, Told, four, ns};
use crate::findings::tour::figures::AmdahlPoint;
use crate::findings::tour::{ClaimResult, Figures, Interval};
use crate::model::amdahl;
use crate::words::{Count, Maybe, Pct, Secs, num, times};

fn spread(s: &crate::stats::Summary) -> String {
    crate::words::Spread::of(s).to_string()
}

pub(super) fn amdahl_told(s: f64, points: &[AmdahlPoint]) -> Told {
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
            1.0 - s,
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

pub(super) fn switches_told(f: &Figures) -> Told {
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
            ns(*switch_same_core_ns),
            ns(*thread_spawn_ns),
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
        ns(*switch),
        signed(by_switches),
        ns(*spawn),
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

pub(super) fn span_told(f: &Figures) -> Told {
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

pub(super) fn eight_told(f: &Figures) -> Told {
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
