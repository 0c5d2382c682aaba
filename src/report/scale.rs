//! `conpar scale` results: the table, the fit and the verdict. Pure functions
//! of the document.

use crate::escape::terminal;
use crate::findings::fits::Unit;
use crate::results::scale::{Fit, ScaleDoc, SpeedupInterval};
use crate::words::scaling::In;
use crate::words::{Count, Pct, Ratio, Secs, Spread};
use std::fmt::Write;

/// `[lo–hi]` of an interval, or nothing.
pub fn bracket(ci: Option<(f64, f64)>, digits: usize) -> String {
    ci.map_or(String::new(), |(lo, hi)| {
        format!(" [{lo:.digits$}–{hi:.digits$}]")
    })
}

/// The fitted USL in words, σ to `digits` places and κ to one more, each
/// with its interval: `σ = 0.0123 [0.0101–0.0150], κ = …`; `None` without a fit.
pub fn usl_words(f: &Fit, digits: usize) -> Option<String> {
    f.usl().map(|u| {
        format!(
            "σ = {:.digits$}{}, κ = {:.k$}{} (R² {:.3})",
            u.sigma,
            bracket(f.usl_ci95.map(|c| c.sigma), digits),
            u.kappa,
            bracket(f.usl_ci95.map(|c| c.kappa), digits + 1),
            u.r_squared,
            k = digits + 1
        )
    })
}

/// One projection in words: `4 threads 1.62× [1.41×–1.80×]`, or why it is
/// refused; `capped` when it was held at what the work allows.
pub fn projected(
    count: usize,
    unit: Unit,
    speedup: f64,
    ci: Option<&SpeedupInterval>,
    capped: bool,
) -> String {
    let count = Count(count, unit.noun());
    if capped {
        return format!("{count} {speedup:.2}× (the work's limit: T1/T∞ and the model's schedule)");
    }
    match ci {
        Some(i) if i.refused => format!(
            "{count} refused ({speedup:.2}×, but [{:.2}×–{:.2}×] is wider than that)",
            i.lo, i.hi
        ),
        Some(i) => format!("{count} {speedup:.2}× [{:.2}×–{:.2}×]", i.lo, i.hi),
        None => format!("{count} {speedup:.2}×"),
    }
}

/// The fitted laws in one line, each with its 95 % interval in brackets.
pub fn fit_line(f: &Fit) -> String {
    format!(
        "Amdahl s = {}; USL {}",
        f.amdahl_serial_fraction.map_or("—".into(), |x| format!(
            "{x:.3}{}",
            bracket(f.serial_fraction_ci95, 3)
        )),
        usl_words(f, 4).unwrap_or_else(|| format!(
            "— ({})",
            f.no_usl
                .as_ref()
                .map_or("no fit".into(), |why| format!("{why:#}"))
        ))
    )
}

/// Where the brackets come from, or why there are none.
pub fn interval_words(f: &Fit, unit: Unit) -> Option<String> {
    match (&f.no_intervals, f.resamples) {
        (Some(why), _) => Some(format!("intervals {}", In(why, unit))),
        (None, Some(n)) => Some(format!(
            "[brackets]: 95% intervals from {n} bootstrap resamples of the runs"
        )),
        (None, None) => None,
    }
}

/// How the scanned program is shown: its argv, or `sh -c '…'`.
pub fn shown(d: &ScaleDoc) -> String {
    let joined = d.program.join(" ");
    terminal(&if d.shell {
        format!("sh -c '{joined}'")
    } else {
        joined
    })
    .into_owned()
}

/// The table, the fit and the verdict.
pub fn table(d: &ScaleDoc) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}\n", shown(d));
    let _ = writeln!(
        o,
        "{:>7}  {:>27}  {:>9}  {:>6}  {:>8}  {:>10}  {:>10}",
        "threads", "wall [min–max]", "CPU", "util", "speedup", "efficiency", "Karp–Flatt"
    );
    for r in &d.rows {
        let w = &r.measured.wall_s;
        let _ = writeln!(
            o,
            "{:>7}  {:>27}  {:>9}  {:>6}  {:>8}  {:>10}  {:>10}{}",
            format!("{}{}", r.threads, if r.oversubscribed { "!" } else { "" }),
            Spread::of(w).to_string(),
            Secs(r.measured.cpu_s),
            Pct::new(r.measured.utilization),
            Ratio(r.speedup),
            Pct::new(r.efficiency),
            r.karp_flatt.map_or("—".into(), |e| format!("{e:.3}")),
            if r.failures > 0 {
                format!("  ({} failed)", Count(r.failures, "run"))
            } else {
                String::new()
            }
        );
    }
    let projected: Vec<String> = d
        .projected
        .iter()
        .map(|p| {
            projected(
                p.threads,
                Unit::Threads,
                p.speedup,
                p.interval.as_ref(),
                false,
            )
        })
        .collect();
    let f = &d.fit;
    let _ = writeln!(o, "\nfit: {}", fit_line(f));
    if !projected.is_empty() {
        let _ = writeln!(o, "projected, not measured: {}", projected.join(", "));
    }
    if let Some(w) = interval_words(f, Unit::Threads) {
        let _ = writeln!(o, "{w}");
    }
    if d.rows.iter().any(|r| r.oversubscribed) {
        let _ = writeln!(o, "! more threads than allowed CPUs: oversubscribed");
    }
    let _ = writeln!(o, "{}", d.verdict);
    for w in &f.withheld {
        let _ = writeln!(o, "{}", In(w, Unit::Threads));
    }
    o
}
