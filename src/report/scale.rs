//! `conpar scale` results: table, JSON and CSV. Pure.

use super::json::finite;
use crate::compare::scaling::Scaling;
use crate::stats::Summary;
use crate::units::Nanos;
use serde_json::{Value, json};
use std::fmt::Write;

/// One thread count's measurements.
#[derive(Debug, Clone)]
pub struct Row {
    /// Thread count.
    pub threads: usize,
    /// Wall-clock over the timed runs, s.
    pub wall_s: Summary,
    /// Median CPU time (user + system), s.
    pub cpu_s: f64,
    /// Runs that failed (with --keep-going).
    pub failures: usize,
    /// More threads than allowed CPUs.
    pub oversubscribed: bool,
}

impl Row {
    /// CPU time ÷ (threads × wall).
    pub fn utilization(&self) -> f64 {
        self.cpu_s / (self.threads as f64 * self.wall_s.median)
    }
}

fn s(x: f64) -> String {
    Nanos(x * 1e9).to_string()
}

/// The plain verdict on the fit.
pub fn verdict(sc: &Scaling) -> String {
    match &sc.amdahl_serial_fraction {
        Ok(f) if *f > 0.001 => format!(
            "Amdahl s ≈ {f:.3}: at most {:.1}× on any number of cores{}",
            1.0 / f,
            sc.stops_paying.map_or(String::new(), |p| format!(
                "; beyond {p} threads each one adds less than half a core"
            ))
        ),
        Ok(_) => "no measurable serial fraction: speedup tracked the thread count".into(),
        Err(e) => format!("no fit: {e}"),
    }
}

/// The table, the fit and the verdict.
pub fn table(command: &str, rows: &[Row], sc: &Scaling) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{command}\n");
    let _ = writeln!(
        o,
        "{:>7}  {:>27}  {:>9}  {:>6}  {:>8}  {:>10}  {:>10}",
        "threads", "wall [min–max]", "CPU", "util", "speedup", "efficiency", "Karp–Flatt"
    );
    for (r, p) in rows.iter().zip(&sc.points) {
        let _ = writeln!(
            o,
            "{:>7}  {:>27}  {:>9}  {:>5.0}%  {:>7.2}×  {:>9.0}%  {:>10}{}",
            format!("{}{}", r.threads, if r.oversubscribed { "!" } else { "" }),
            format!(
                "{} [{}–{}]",
                s(r.wall_s.median),
                s(r.wall_s.min),
                s(r.wall_s.max)
            ),
            s(r.cpu_s),
            r.utilization() * 100.0,
            p.speedup,
            p.efficiency * 100.0,
            p.karp_flatt.map_or("—".into(), |e| format!("{e:.3}")),
            if r.failures > 0 {
                format!("  ({} failed runs)", r.failures)
            } else {
                String::new()
            }
        );
    }
    let projected: Vec<String> = sc
        .points
        .iter()
        .filter(|p| !p.measured)
        .map(|p| format!("{} threads {:.2}×", p.cores, p.speedup))
        .collect();
    let _ = writeln!(
        o,
        "\nfit: Amdahl s = {}; USL {}",
        sc.amdahl_serial_fraction
            .as_ref()
            .map_or("—".into(), |f| format!("{f:.3}")),
        sc.usl.as_ref().map_or_else(
            |e| format!("— ({e})"),
            |u| format!(
                "σ = {:.4}, κ = {:.5} (R² {:.3})",
                u.sigma, u.kappa, u.r_squared
            )
        )
    );
    if !projected.is_empty() {
        let _ = writeln!(o, "projected, not measured: {}", projected.join(", "));
    }
    if rows.iter().any(|r| r.oversubscribed) {
        let _ = writeln!(o, "! more threads than allowed CPUs: oversubscribed");
    }
    let _ = writeln!(o, "{}", verdict(sc));
    o
}

/// JSON: `command`, `rows` (each with `threads`, `measured` with `wall_s`
/// median/min/max and `cpu_s`, `speedup`, `efficiency`, `karp_flatt`,
/// `oversubscribed`), `fit` (with `amdahl_serial_fraction`, and `usl_sigma`,
/// `usl_kappa` or null), `projected` and `verdict`.
pub fn json(argv: &[String], rows: &[Row], sc: &Scaling, host: &impl serde::Serialize) -> Value {
    json!({
        "host": host,
        "command": argv,
        "rows": rows.iter().zip(&sc.points).map(|(r, p)| json!({
            "threads": r.threads,
            "measured": {
                "wall_s": { "median": r.wall_s.median, "min": r.wall_s.min, "max": r.wall_s.max },
                "cpu_s": r.cpu_s,
                "utilization": finite(r.utilization()),
            },
            "speedup": finite(p.speedup),
            "efficiency": finite(p.efficiency),
            "karp_flatt": p.karp_flatt,
            "oversubscribed": r.oversubscribed,
            "failures": r.failures,
        })).collect::<Vec<_>>(),
        "fit": {
            "amdahl_serial_fraction": sc.amdahl_serial_fraction.as_ref().ok(),
            "usl_sigma": sc.usl.as_ref().ok().map(|u| u.sigma),
            "usl_kappa": sc.usl.as_ref().ok().map(|u| u.kappa),
            "usl_r_squared": sc.usl.as_ref().ok().map(|u| u.r_squared),
            "stops_paying": sc.stops_paying,
        },
        "projected": sc.points.iter().filter(|p| !p.measured).map(|p| json!({ "threads": p.cores, "speedup": p.speedup })).collect::<Vec<_>>(),
        "verdict": verdict(sc),
    })
}

/// CSV with a header.
pub fn csv(rows: &[Row], sc: &Scaling) -> String {
    let mut o = String::from(
        "threads,wall_median_s,wall_min_s,wall_max_s,cpu_s,utilization,speedup,efficiency,karp_flatt,oversubscribed,measured\n",
    );
    for (i, p) in sc.points.iter().enumerate() {
        match rows.get(i) {
            Some(r) if p.measured => {
                let _ = writeln!(
                    o,
                    "{},{},{},{},{},{},{},{},{},{},true",
                    r.threads,
                    r.wall_s.median,
                    r.wall_s.min,
                    r.wall_s.max,
                    r.cpu_s,
                    r.utilization(),
                    p.speedup,
                    p.efficiency,
                    p.karp_flatt.map_or(String::new(), |e| e.to_string()),
                    r.oversubscribed
                );
            }
            _ => {
                let _ = writeln!(
                    o,
                    "{},,,,,,{},{},{},,false",
                    p.cores,
                    p.speedup,
                    p.efficiency,
                    p.karp_flatt.map_or(String::new(), |e| e.to_string())
                );
            }
        }
    }
    o
}
