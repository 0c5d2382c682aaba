//! The tour's text. Pure functions of the claims' results.

use super::paint;
use crate::escape::terminal;
use crate::results::tour::{ClaimResult, ClaimVerdict, Verdict};
use std::fmt::Write;

/// What "the host model" in the accuracy lines is, said once per tour.
pub const HOST_MODEL: &str = "accuracy compares each measurement with the host model: the tick model with this host's measured costs and contention added.";

/// The claim's judgment as tables print it: upper case where the claim
/// fails or the measurement is suspect, so it stands out.
fn mark(r: &ClaimResult) -> &'static str {
    match (r.claim_verdict, r.verdict) {
        (Some(ClaimVerdict::DoesNotHold), _) => "DOES NOT HOLD",
        (Some(ClaimVerdict::Suspect), _) => "SUSPECT",
        (Some(ClaimVerdict::NotMeasured), _) => "not measured",
        (Some(v), _) => v.word(),
        (None, Verdict::Holds) => "holds",
        (None, Verdict::Differs) => "DIFFERS",
        (None, Verdict::Error) => "error",
    }
}

/// One claim's section.
pub fn section(i: usize, r: &ClaimResult) -> String {
    if r.verdict == Verdict::Error {
        return failed(i, &r.name, &r.reason);
    }
    let mut o = String::new();
    let painted = paint::mark(mark(r), Some(paint::claim_tone(r)));
    let _ = writeln!(o, "{}. {} — {painted}", i, terminal(&r.title));
    let _ = writeln!(o, "   claim:     {}", terminal(&r.says));
    let _ = writeln!(o, "   model:     {}", terminal(&r.predicted));
    let _ = writeln!(
        o,
        "   {:<10} {}",
        if r.projected {
            "projected:"
        } else {
            "measured:"
        },
        terminal(&r.measured)
    );
    let _ = writeln!(o, "   verdict:   {painted} — {}", terminal(&r.reason));
    if r.model_verdict.within.is_some() {
        let _ = writeln!(
            o,
            "   accuracy:  the model {} — {}",
            r.model_verdict.words(),
            terminal(&r.model_verdict.why)
        );
    }
    if let Some(m) = r.margin {
        let _ = writeln!(
            o,
            "   noise:     ±{} around the figure judged",
            crate::words::Pct::new(m).places(1)
        );
    }
    for w in crate::words::warning_lines(&r.warnings) {
        let _ = writeln!(o, "   warning:   {}", crate::escape::terminal(&w));
    }
    let _ = writeln!(o, "   see more:  {}", terminal(&r.command));
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

/// The summary table at the end: the claim's verdict and the model's
/// accuracy side by side, then how many claims hold. Only claims that hold
/// count; "cannot tell" and "suspect" are counted apart.
pub fn summary(results: &[ClaimResult], seconds: f64) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{:<18} {:<24} {:<24} {:<13} model",
        "claim", "predicted", "measured", "verdict"
    );
    for r in results {
        if r.verdict == Verdict::Error {
            let _ = writeln!(
                o,
                "{:<18} {:<24} {:<24} {}",
                r.name,
                "",
                clip(&r.reason, 24),
                paint::mark("error", Some(paint::Tone::Bad))
            );
            continue;
        }
        let _ = writeln!(
            o,
            "{:<18} {:<24} {:<24} {} {}",
            r.name,
            clip(&r.predicted_short, 24),
            clip(&r.measured_short, 24),
            paint::mark(&format!("{:<13}", mark(r)), Some(paint::claim_tone(r))),
            r.model_verdict.words(),
        );
    }
    let count = |v: ClaimVerdict| {
        results
            .iter()
            .filter(|c| c.claim_verdict == Some(v))
            .count()
    };
    let holds = results
        .iter()
        .filter(|c| c.verdict == Verdict::Holds)
        .count();
    let mut apart = Vec::new();
    for (v, one, many) in [
        (ClaimVerdict::DoesNotHold, "does not hold", "do not hold"),
        (
            ClaimVerdict::CannotTell,
            "cannot be told from the noise",
            "cannot be told from the noise",
        ),
        (ClaimVerdict::Suspect, "is suspect", "are suspect"),
    ] {
        match count(v) {
            0 => {}
            1 => apart.push(format!("1 {one}")),
            k => apart.push(format!("{k} {many}")),
        }
    }
    let unmeasured = count(ClaimVerdict::NotMeasured);
    if unmeasured > 0 {
        apart.push(format!("{unmeasured} not measured here, projected"));
    }
    let measured = results.len() - unmeasured;
    let apart = if apart.is_empty() {
        String::new()
    } else {
        format!(" ({})", apart.join(", "))
    };
    let _ = if measured == 0 {
        writeln!(
            o,
            "\nno claim could be measured on this host{apart}; the tour took {seconds:.1} s."
        )
    } else {
        writeln!(
            o,
            "\n{holds} of {measured} measured claims hold on this host{apart}; the tour took {seconds:.1} s."
        )
    };
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(v: ClaimVerdict) -> ClaimResult {
        let mut c = ClaimResult::failed("x", "");
        c.claim_verdict = Some(v);
        c.verdict = v.verdict();
        c
    }

    #[test]
    fn only_claims_that_hold_are_counted_as_holding() {
        let s = summary(
            &[
                claim(ClaimVerdict::Holds),
                claim(ClaimVerdict::CannotTell),
                claim(ClaimVerdict::Suspect),
                claim(ClaimVerdict::DoesNotHold),
                claim(ClaimVerdict::NotMeasured),
            ],
            1.0,
        );
        assert!(
            s.contains("1 of 4 measured claims hold on this host (1 does not hold, 1 cannot be told from the noise, 1 is suspect, 1 not measured here, projected)"),
            "{s}"
        );
        assert!(s.contains("SUSPECT") && s.contains("cannot tell"), "{s}");
    }
}
