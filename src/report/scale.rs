//! `conpar scale` results: the table, the fit and the verdict. Pure functions
//! of the document.

use crate::escape::terminal;
use crate::results::scale::{Fit, ScaleDoc, SpeedupInterval};
use crate::words::{Count, Pct, Ratio, Secs, Spread};
use std::fmt::Write;

/// The plain verdict on the fit, with the serial fraction's interval and any
/// refused projection.
pub fn verdict(fit: &Fit) -> String {
    let mut v = if let Some(note) = &fit.shape_note {
        note.clone()
    } else {
        let best = fit
            .points
            .iter()
            .filter(|p| p.measured && p.speedup.is_finite())
            .max_by(|a, b| a.speedup.total_cmp(&b.speedup));
        match (fit.amdahl_serial_fraction, &fit.amdahl_note) {
            // A ceiling below what was measured would contradict the table.
            (Some(f), _) if f > 0.001 && best.is_some_and(|b| b.speedup > 1.0 / f) => {
                let b = best.expect("checked");
                format!(
                    "Amdahl s ≈ {f:.3} puts the ceiling at {:.2}×, below the {:.2}× measured at {} {}: the fitted curve does not describe these runs (noisy runs, or too few counts); take the measured speedups, not the fit",
                    1.0 / f,
                    b.speedup,
                    b.cores,
                    if b.cores == 1 { "thread" } else { "threads" }
                )
            }
            (Some(f), _) if f > 0.001 => format!(
                "Amdahl s ≈ {f:.3}{}: at most {:.1}× on any number of cores{}",
                fit.serial_fraction_ci95
                    .map_or(String::new(), |(lo, hi)| format!(
                        " (95% interval {lo:.3}–{hi:.3})"
                    )),
                1.0 / f,
                fit.stops_paying.map_or(String::new(), |p| format!(
                    "; beyond {} each one adds less than half a core",
                    if p == 1 {
                        "1 thread".to_string()
                    } else {
                        format!("{p} threads")
                    }
                ))
            ),
            (Some(_), _) => {
                "no measurable serial fraction: speedup tracked the thread count".into()
            }
            (None, note) => format!("no fit: {}", note.as_deref().unwrap_or("too few points")),
        }
    };
    if let Some(note) = &fit.projection_note {
        let _ = write!(v, "; {note}");
    }
    v
}

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
    unit: &str,
    speedup: f64,
    ci: Option<&SpeedupInterval>,
    capped: bool,
) -> String {
    if capped {
        return format!(
            "{count} {unit} {speedup:.2}× (the work's limit: T1/T∞ and the model's schedule)"
        );
    }
    match ci {
        Some(i) if i.refused => format!(
            "{count} {unit} refused ({speedup:.2}×, but [{:.2}×–{:.2}×] is wider than that)",
            i.lo, i.hi
        ),
        Some(i) => format!("{count} {unit} {speedup:.2}× [{:.2}×–{:.2}×]", i.lo, i.hi),
        None => format!("{count} {unit} {speedup:.2}×"),
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
        usl_words(f, 4)
            .unwrap_or_else(|| format!("— ({})", f.usl_note.as_deref().unwrap_or("no fit")))
    )
}

/// Where the brackets come from, or why there are none.
pub fn interval_words(f: &Fit) -> Option<String> {
    match (&f.interval_note, f.resamples) {
        (Some(note), _) => Some(format!("intervals {note}")),
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
        .map(|p| projected(p.threads, "threads", p.speedup, p.interval.as_ref(), false))
        .collect();
    let f = &d.fit;
    let _ = writeln!(o, "\nfit: {}", fit_line(f));
    if !projected.is_empty() {
        let _ = writeln!(o, "projected, not measured: {}", projected.join(", "));
    }
    if let Some(w) = interval_words(f) {
        let _ = writeln!(o, "{w}");
    }
    if d.rows.iter().any(|r| r.oversubscribed) {
        let _ = writeln!(o, "! more threads than allowed CPUs: oversubscribed");
    }
    let _ = writeln!(o, "{}", d.verdict);
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::scale::FitPoint;

    fn point(cores: usize, speedup: f64) -> FitPoint {
        FitPoint {
            limit: None,
            cores,
            speedup,
            efficiency: speedup / cores as f64,
            karp_flatt: None,
            measured: true,
            interval: None,
        }
    }

    #[test]
    fn a_ceiling_below_a_measured_speedup_is_not_stated_as_a_ceiling() {
        let fit = Fit {
            amdahl_serial_fraction: Some(0.866),
            points: vec![point(1, 1.0), point(2, 1.23), point(4, 1.1)],
            ..Fit::default()
        };
        let v = verdict(&fit);
        assert!(v.contains("below the 1.23× measured at 2 threads"), "{v}");
        assert!(!v.contains("at most"), "{v}");
        let fit = Fit {
            amdahl_serial_fraction: Some(0.2),
            points: vec![point(1, 1.0), point(2, 1.66)],
            ..Fit::default()
        };
        assert!(verdict(&fit).contains("at most 5.0×"), "{}", verdict(&fit));
    }
}
