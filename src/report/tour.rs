//! The tour's text. Pure functions of the claims' results; the words come
//! from `crate::words::tour`.

use crate::escape::terminal;
use crate::results::tour::{ClaimResult, Verdict};
use crate::table::paint;
use crate::table::{Cell, Column, Role, Table, Unit, Value};
use crate::words::tour::{COULD_NOT_RUN, Label, accuracy, mark, reason, tally, told};

/// One claim's section: its title and verdict, then its lines.
pub fn section(i: usize, r: &ClaimResult) -> String {
    let painted = paint::mark(&mark(r), Some(paint::claim_tone(r)));
    let mut o = match r.verdict {
        Verdict::Error => format!("{i}. {} — {COULD_NOT_RUN}\n", r.name),
        _ => format!("{i}. {} — {painted}\n", r.name.title()),
    };
    for (label, words) in crate::words::tour::section(r) {
        let words = terminal(&words);
        let words = match label {
            Label::Verdict => format!("{painted} — {words}"),
            _ => words.into_owned(),
        };
        o += &format!("   {:<10} {words}\n", label.to_string());
    }
    o
}

/// `s` cut to `n` characters, the last an ellipsis where it was longer.
fn clip(s: &str, n: usize) -> String {
    match s.char_indices().nth(n - 1) {
        Some((at, _)) if s.chars().count() > n => s[..at].to_string() + "…",
        _ => s.to_string(),
    }
}

/// The summary at the end: the claims' table in a few words each, then how
/// many claims hold. Only claims that hold count; "cannot tell" and
/// "suspect" are counted apart.
pub fn summary(results: &[ClaimResult], seconds: f64) -> String {
    let t = claims(results, true);
    let t = crate::table::text::table(&t);
    format!("{t}\n{}\n", tally(results, seconds))
}

/// The claims as one table, for Markdown, CSV and the HTML page: each
/// claim's title (its name in CSV), what was predicted and measured, the
/// verdict with its reason, the model's accuracy; CSV adds the one-word
/// verdict, the margin and whether the figure is projected.
pub fn table(results: &[ClaimResult]) -> Table {
    claims(results, false)
}

/// The one column list of the claims; `short`: the terminal's summary, each
/// figure in a few words, the reason left to the sections above it.
fn claims(results: &[ClaimResult], short: bool) -> Table {
    let why = match short {
        true => Column::csv_only("reason"),
        false => Column::new("why", "reason"),
    };
    let mut t = Table::new(
        "",
        vec![
            Column::new("claim", "claim"),
            Column::new("predicted", "predicted"),
            Column::new("measured", "measured"),
            Column::csv_only("verdict"),
            Column::new("verdict", "claim_verdict"),
            why,
            Column::new("model", "model_verdict"),
            Column::csv_only("margin"),
            Column::csv_only("projected"),
        ],
    );
    for c in results {
        t.row(row(c, short));
    }
    t
}

fn row(c: &ClaimResult, short: bool) -> Vec<Cell> {
    let cut = |s: String| Value::Text(if short { clip(&s, 24) } else { s });
    let (name, told) = (c.name.name(), told(c));
    let label = match short {
        true => Cell::label(name),
        false => Cell::new(
            Value::Tag {
                words: c.name.title().into(),
                key: name.into(),
            },
            Role::Label,
        ),
    };
    let model = accuracy(&c.model_verdict);
    let (predicted, measured, judged, model) = match (short, c.verdict) {
        (true, Verdict::Error) => (String::new(), reason(c), mark(c), String::new()),
        (true, _) => (told.predicted_short, told.measured_short, mark(c), model),
        (false, _) => {
            let v = c.claim_verdict.map(|v| v.to_string());
            let v = v.unwrap_or(c.verdict.to_string());
            (told.predicted, told.measured, v, model)
        }
    };
    vec![
        label,
        Cell::predicted(cut(predicted)),
        Cell::measured(cut(measured)),
        Cell::note(c.verdict.to_string()),
        Cell::verdict(judged, Some(paint::claim_tone(c))),
        Cell::note(reason(c)),
        Cell::note(model),
        Cell::measured(Value::or_absent(c.margin, Unit::Fixed(4), "")),
        Cell::new(Value::Bool(c.projected), Role::Note),
    ]
}
