//! The tour's text and JSON. Pure functions of the claims' results.

use crate::tour::{ClaimResult, Verdict};
use serde_json::{Value, json};
use std::fmt::Write;

fn mark(v: Verdict) -> &'static str {
    match v {
        Verdict::Holds => "holds",
        Verdict::Differs => "DIFFERS",
    }
}

/// One claim's section.
pub fn section(i: usize, r: &ClaimResult) -> String {
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
pub fn summary(results: &[Result<ClaimResult, (String, String)>], seconds: f64) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{:<20} {:<36} {:<36} verdict",
        "claim", "predicted", "measured"
    );
    for r in results {
        match r {
            Ok(r) => {
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
            Err((name, e)) => {
                let _ = writeln!(o, "{:<20} {:<36} {:<36} error", name, "", clip(e, 36));
            }
        }
    }
    let holds = results
        .iter()
        .filter(|r| matches!(r, Ok(c) if c.verdict == Verdict::Holds))
        .count();
    let _ = writeln!(
        o,
        "\n{holds} of {} claims hold on this host; the tour took {seconds:.1} s.",
        results.len()
    );
    o
}

/// `{"claims": [...], "seconds": S}`; a claim that failed to run has verdict
/// `error` and its message as the reason.
pub fn json(
    results: &[Result<ClaimResult, (String, String)>],
    host: &impl serde::Serialize,
    seconds: f64,
) -> Value {
    json!({
        "host": host,
        "seconds": seconds,
        "claims": results.iter().map(|r| match r {
            Ok(c) => serde_json::to_value(c).unwrap_or(Value::Null),
            Err((name, e)) => json!({ "name": name, "predicted": null, "measured": null, "verdict": "error", "reason": e }),
        }).collect::<Vec<_>>(),
    })
}

/// CSV with a header: claim, verdict, projected, predicted, measured, reason.
pub fn csv(results: &[Result<ClaimResult, (String, String)>]) -> String {
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut o = String::from("claim,verdict,projected,predicted,measured,reason\n");
    for r in results {
        match r {
            Ok(c) => o.push_str(&format!(
                "{},{},{},{},{},{}\n",
                c.name,
                if c.verdict == Verdict::Holds {
                    "holds"
                } else {
                    "differs"
                },
                c.projected,
                q(&c.predicted),
                q(&c.measured),
                q(&c.reason)
            )),
            Err((name, e)) => o.push_str(&format!("{name},error,false,,,{}\n", q(e))),
        }
    }
    o
}
