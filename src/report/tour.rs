//! The tour's text. Pure functions of the claims' results; the words come
//! from `crate::words::tour`.

use crate::escape::terminal;
use crate::results::tour::{ClaimResult, Verdict};
use crate::table::paint;
use crate::table::{Cell, Column, Role, Table, Unit, Value};
use crate::words::tour::{accuracy, command, mark, reason, says, tally, told};
use std::fmt::Write;

pub use crate::words::tour::HOST_MODEL;

/// One claim's section.
pub fn section(i: usize, r: &ClaimResult) -> String {
    if r.verdict == Verdict::Error {
        return failed(i, r);
    }
    let t = told(r);
    let mut o = String::new();
    let painted = paint::mark(&mark(r), Some(paint::claim_tone(r)));
    let _ = writeln!(o, "{}. {} — {painted}", i, r.name.title());
    let _ = writeln!(o, "   claim:     {}", says(r.name));
    let _ = writeln!(o, "   model:     {}", terminal(&t.predicted));
    let _ = writeln!(
        o,
        "   {:<10} {}",
        if r.projected {
            "projected:"
        } else {
            "measured:"
        },
        terminal(&t.measured)
    );
    let _ = writeln!(o, "   verdict:   {painted} — {}", terminal(&reason(r)));
    if r.model_verdict.within.is_some() {
        let why = r.model_verdict.why.as_ref().map_or(String::new(), |w| {
            format!(" — {}", terminal(&w.to_string()))
        });
        let _ = writeln!(
            o,
            "   accuracy:  the model {}{why}",
            accuracy(&r.model_verdict)
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
        let _ = writeln!(o, "   warning:   {}", terminal(&w));
    }
    let _ = writeln!(o, "   see more:  {}", command(r));
    o
}

/// A section for a claim that failed to run.
fn failed(i: usize, r: &ClaimResult) -> String {
    format!(
        "{i}. {} — could not run\n   error:     {}\n",
        r.name,
        terminal(&reason(r))
    )
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
    let mut t = Table::new(
        "",
        vec![
            Column::people("claim"),
            Column::people("predicted"),
            Column::people("measured"),
            Column::people("verdict"),
            Column::people("model"),
        ],
    );
    let short = |s: &str| Value::Text(clip(s, 24));
    for r in results {
        if r.verdict == Verdict::Error {
            t.row(vec![
                Cell::label(r.name.name()),
                Cell::empty(),
                Cell::new(short(&reason(r)), Role::Note),
                Cell::verdict("error", Some(paint::Tone::Bad)),
            ]);
            continue;
        }
        let told = told(r);
        t.row(vec![
            Cell::label(r.name.name()),
            Cell::predicted(short(&told.predicted_short)),
            Cell::measured(short(&told.measured_short)),
            Cell::verdict(mark(r), Some(paint::claim_tone(r))),
            Cell::note(accuracy(&r.model_verdict)),
        ]);
    }
    format!(
        "{}\n{}\n",
        crate::table::text::table(&t),
        tally(results, seconds)
    )
}

/// The claims as one table, for Markdown, CSV and the HTML page: each
/// claim's title (its name in CSV), what was predicted and measured, the
/// verdict with its reason, the model's accuracy; CSV adds the one-word
/// verdict, the margin and whether the figure is projected.
pub fn table(claims: &[ClaimResult]) -> Table {
    let mut t = Table::new(
        "",
        vec![
            Column::new("claim", "claim"),
            Column::new("predicted", "predicted"),
            Column::new("measured", "measured"),
            Column::csv_only("verdict"),
            Column::new("verdict", "claim_verdict"),
            Column::new("why", "reason"),
            Column::new("model", "model_verdict"),
            Column::csv_only("margin"),
            Column::csv_only("projected"),
        ],
    );
    for c in claims {
        let told = told(c);
        let judged = c
            .claim_verdict
            .map_or_else(|| c.verdict.to_string(), |v| v.to_string());
        t.row(vec![
            Cell::new(
                Value::Tag {
                    words: c.name.title().into(),
                    key: c.name.name().into(),
                },
                Role::Label,
            ),
            Cell::predicted(Value::Text(told.predicted)),
            Cell::measured(Value::Text(told.measured)),
            Cell::note(c.verdict.to_string()),
            Cell::verdict(judged, Some(paint::claim_tone(c))),
            Cell::note(reason(c)),
            Cell::note(accuracy(&c.model_verdict)),
            Cell::measured(Value::or_absent(c.margin, Unit::Fixed(4), "")),
            Cell::new(Value::Bool(c.projected), Role::Note),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::tour::{ClaimKind, ClaimVerdict};

    fn claim(v: ClaimVerdict) -> ClaimResult {
        let mut c = ClaimResult::failed(ClaimKind::Race, "");
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
            s.contains("1 of 4 measured claims hold on this host (1 does not hold, 1 cannot be told from the noise, 1 is suspect, 1 not measured here)"),
            "{s}"
        );
        assert!(s.contains("SUSPECT") && s.contains("cannot tell"), "{s}");
    }
}
