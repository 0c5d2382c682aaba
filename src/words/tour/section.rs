//! A claim's section on the terminal, line by line: each line's label and
//! its words. The layout (numbering, colour, escaping) is the report's.

use super::{Pct, accuracy, command, reason, says, told};
use crate::findings::tour::{ClaimResult, Verdict};
use std::fmt;

/// What a line of a claim's section says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// The claim's statement.
    Claim,
    /// What the model predicted.
    Model,
    /// What was measured.
    Measured,
    /// What was projected, for a claim this host could not measure.
    Projected,
    /// Why the verdict is what it is (the verdict itself goes before it).
    Verdict,
    /// How close the model came.
    Accuracy,
    /// The noise around the figure judged.
    Noise,
    /// A warning.
    Warning,
    /// The command that shows more.
    SeeMore,
    /// Why a claim that failed to run failed.
    Error,
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Label::Claim => "claim:",
            Label::Model => "model:",
            Label::Measured => "measured:",
            Label::Projected => "projected:",
            Label::Verdict => "verdict:",
            Label::Accuracy => "accuracy:",
            Label::Noise => "noise:",
            Label::Warning => "warning:",
            Label::SeeMore => "see more:",
            Label::Error => "error:",
        })
    }
}

/// Said after a claim's title when it failed to run.
pub const COULD_NOT_RUN: &str = "could not run";

/// A claim's section, line by line, in words (unescaped).
pub fn section(r: &ClaimResult) -> Vec<(Label, String)> {
    if r.verdict == Verdict::Error {
        return vec![(Label::Error, reason(r))];
    }
    let t = told(r);
    let judged = if r.projected {
        Label::Projected
    } else {
        Label::Measured
    };
    let mut v = vec![
        (Label::Claim, says(r.name).to_string()),
        (Label::Model, t.predicted),
        (judged, t.measured),
        (Label::Verdict, reason(r)),
    ];
    if r.model_verdict.within.is_some() {
        let why = r.model_verdict.why.as_ref();
        let why = why.map_or(String::new(), |w| format!(" — {w}"));
        let acc = accuracy(&r.model_verdict);
        v.push((Label::Accuracy, format!("the model {acc}{why}")));
    }
    if let Some(m) = r.margin {
        let m = Pct::new(m).places(1);
        v.push((Label::Noise, format!("±{m} around the figure judged")));
    }
    for w in crate::words::warning_lines(&r.warnings) {
        v.push((Label::Warning, w));
    }
    v.push((Label::SeeMore, command(r).to_string()));
    v
}
