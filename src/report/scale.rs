//! `conpar scale` results: the table, the fit and the verdict. Pure functions
//! of the document.

use crate::escape::terminal;
use crate::results::scale::{Fit, ScaleDoc};
use crate::units::Nanos;
use std::fmt::Write;

fn s(x: f64) -> String {
    Nanos(x * 1e9).to_string()
}

/// The plain verdict on the fit.
pub fn verdict(fit: &Fit) -> String {
    if let Some(note) = &fit.shape_note {
        return note.clone();
    }
    match (fit.amdahl_serial_fraction, &fit.amdahl_note) {
        (Some(f), _) if f > 0.001 => format!(
            "Amdahl s ≈ {f:.3}: at most {:.1}× on any number of cores{}",
            1.0 / f,
            fit.stops_paying.map_or(String::new(), |p| format!(
                "; beyond {p} threads each one adds less than half a core"
            ))
        ),
        (Some(_), _) => "no measurable serial fraction: speedup tracked the thread count".into(),
        (None, note) => format!("no fit: {}", note.as_deref().unwrap_or("too few points")),
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
            "{:>7}  {:>27}  {:>9}  {:>5.0}%  {:>7.2}×  {:>9.0}%  {:>10}{}",
            format!("{}{}", r.threads, if r.oversubscribed { "!" } else { "" }),
            format!("{} [{}–{}]", s(w.median), s(w.min), s(w.max)),
            s(r.measured.cpu_s),
            r.measured.utilization * 100.0,
            r.speedup,
            r.efficiency * 100.0,
            r.karp_flatt.map_or("—".into(), |e| format!("{e:.3}")),
            if r.failures > 0 {
                format!("  ({} failed runs)", r.failures)
            } else {
                String::new()
            }
        );
    }
    let projected: Vec<String> = d
        .projected
        .iter()
        .map(|p| format!("{} threads {:.2}×", p.threads, p.speedup))
        .collect();
    let f = &d.fit;
    let _ = writeln!(
        o,
        "\nfit: Amdahl s = {}; USL {}",
        f.amdahl_serial_fraction
            .map_or("—".into(), |x| format!("{x:.3}")),
        f.usl().map_or_else(
            || format!("— ({})", f.usl_note.as_deref().unwrap_or("no fit")),
            |u| format!(
                "σ = {:.4}, κ = {:.5} (R² {:.3})",
                u.sigma, u.kappa, u.r_squared
            )
        )
    );
    if !projected.is_empty() {
        let _ = writeln!(o, "projected, not measured: {}", projected.join(", "));
    }
    if d.rows.iter().any(|r| r.oversubscribed) {
        let _ = writeln!(o, "! more threads than allowed CPUs: oversubscribed");
    }
    let _ = writeln!(o, "{}", d.verdict);
    o
}
