//! The tour's text. Pure functions of the claims' results.

use crate::results::tour::{ClaimResult, Verdict};
use std::fmt::Write;

fn mark(v: Verdict) -> &'static str {
    match v {
        Verdict::Holds => "holds",
        Verdict::Differs => "DIFFERS",
        Verdict::Error => "error",
    }
}

/// One claim's section.
pub fn section(i: usize, r: &ClaimResult) -> String {
    if r.verdict == Verdict::Error {
        return failed(i, &r.name, &r.reason);
    }
    let mut o = String::new();
    let _ = writeln!(o, "{}. {} — {}", i, r.title, mark(r.verdict));
    let _ = writeln!(o, "   claim:     {}", r.says);
    let _ = writeln!(o, "   model:     {}", r.predicted);
    let _ = writeln!(
        o,
        "   {:<10} {}",
        if r.projected {
            "projected:"
        } else {
            "measured:"
        },
        r.measured
    );
    let _ = writeln!(o, "   verdict:   {} — {}", mark(r.verdict), r.reason);
    let _ = writeln!(o, "   see more:  {}", r.command);
    o
}

/// A section for a claim that failed to run.
pub fn failed(i: usize, name: &str, error: &str) -> String {
    format!("{i}. {name} — could not run\n   error:     {error}\n")
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

/// The summary table at the end.
pub fn summary(results: &[ClaimResult], seconds: f64) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{:<20} {:<36} {:<36} verdict",
        "claim", "predicted", "measured"
    );
    for r in results {
        match r.verdict {
            Verdict::Holds | Verdict::Differs => {
                let _ = writeln!(
                    o,
                    "{:<20} {:<36} {:<36} {}{}",
                    r.name,
                    clip(&r.predicted_short, 36),
                    clip(&r.measured_short, 36),
                    mark(r.verdict),
                    if r.projected { " (projected)" } else { "" }
                );
            }
            Verdict::Error => {
                let _ = writeln!(
                    o,
                    "{:<20} {:<36} {:<36} error",
                    r.name,
                    "",
                    clip(&r.reason, 36)
                );
            }
        }
    }
    let holds = results
        .iter()
        .filter(|c| c.verdict == Verdict::Holds)
        .count();
    let _ = writeln!(
        o,
        "\n{holds} of {} claims hold on this host; the tour took {seconds:.1} s.",
        results.len()
    );
    o
}
