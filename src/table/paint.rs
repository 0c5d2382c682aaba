//! Terminal colour from a finding's type, never from its words: renderers
//! mark the span a verdict or a large prediction error takes with
//! [`mark`], choosing its [`Tone`] from the typed value ([`claim_tone`],
//! [`error_tone`]); [`apply`] turns the marks into colour, or drops them,
//! once the text is escaped and wrapped. The marks are characters
//! [`crate::escape::terminal`] never lets through from outside.
//!
//! Pure; whether to colour at all is the caller's choice.

use crate::escape::PAINT_MARKS;
use crate::results::probe::{Finding, Partial};
use crate::results::tour::{ClaimResult, ClaimVerdict, Verdict};

/// How a marked span is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Green: the claim holds.
    Good,
    /// Red: does not hold, suspect, an error, a large prediction error.
    Bad,
    /// Yellow: cannot tell, not measured here.
    Unsure,
}

impl Tone {
    fn mark(self) -> char {
        PAINT_MARKS[self as usize]
    }

    fn ansi(self) -> &'static str {
        match self {
            Tone::Good => "\x1b[32m",
            Tone::Bad => "\x1b[31m",
            Tone::Unsure => "\x1b[33m",
        }
    }
}

/// The mark that ends a span.
const END: char = PAINT_MARKS[3];

/// Prediction errors beyond this share of the prediction (and beyond the
/// noise) are coloured.
pub const LARGE_ERROR: f64 = 0.10;

/// `text` marked to be coloured in `tone`; unmarked without one.
pub fn mark(text: &str, tone: Option<Tone>) -> String {
    match tone {
        Some(t) => format!("{}{text}{END}", t.mark()),
        None => text.to_string(),
    }
}

/// The tone of a claim's judgment.
pub fn claim_tone(r: &ClaimResult) -> Tone {
    match (r.claim_verdict, r.verdict) {
        (Some(ClaimVerdict::Holds), _) => Tone::Good,
        (Some(ClaimVerdict::CannotTell | ClaimVerdict::NotMeasured), _) => Tone::Unsure,
        (Some(ClaimVerdict::DoesNotHold | ClaimVerdict::Suspect | ClaimVerdict::Error), _) => {
            Tone::Bad
        }
        (None, Verdict::Holds) => Tone::Good,
        (None, Verdict::Differs | Verdict::Error) => Tone::Bad,
    }
}

/// The tone of a probe's finding: an archetype found is good, none or
/// cannot tell unsure; a probe partial because requests failed or the
/// server exited is bad, one interrupted unsure.
pub fn probe_tone(finding: Option<Finding>, partial: Option<&Partial>) -> Tone {
    match (partial, finding) {
        (Some(Partial::Interrupted { .. } | Partial::Unstated), _) => Tone::Unsure,
        (Some(_), _) | (None, None) => Tone::Bad,
        (None, Some(Finding::None | Finding::CannotTell)) => Tone::Unsure,
        (None, Some(_)) => Tone::Good,
    }
}

/// Red for a prediction error beyond [`LARGE_ERROR`] that is not within
/// the measured noise (`significant` false); none otherwise.
pub fn error_tone(error: f64, significant: Option<bool>) -> Option<Tone> {
    (error.abs() > LARGE_ERROR && significant != Some(false)).then_some(Tone::Bad)
}

/// `text` with its marks turned into colour (`colour`) or dropped.
pub fn apply(text: &str, colour: bool) -> String {
    let mut o = String::with_capacity(text.len());
    for c in text.chars() {
        match PAINT_MARKS.iter().position(|&m| m == c) {
            Some(3) if colour => o.push_str("\x1b[0m"),
            Some(i) if colour => o.push_str([Tone::Good, Tone::Bad, Tone::Unsure][i].ansi()),
            Some(_) => {}
            None => o.push(c),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::tour::ClaimResult;

    fn judged(v: ClaimVerdict) -> ClaimResult {
        let mut r = ClaimResult::failed(crate::results::tour::ClaimKind::Race, "");
        r.claim_verdict = Some(v);
        r.verdict = v.verdict();
        r
    }

    #[test]
    fn every_verdict_has_its_tone() {
        assert_eq!(claim_tone(&judged(ClaimVerdict::Holds)), Tone::Good);
        assert_eq!(claim_tone(&judged(ClaimVerdict::DoesNotHold)), Tone::Bad);
        assert_eq!(claim_tone(&judged(ClaimVerdict::Suspect)), Tone::Bad);
        assert_eq!(claim_tone(&judged(ClaimVerdict::CannotTell)), Tone::Unsure);
        assert_eq!(claim_tone(&judged(ClaimVerdict::NotMeasured)), Tone::Unsure);
        assert_eq!(error_tone(0.42, Some(true)), Some(Tone::Bad));
        assert_eq!(error_tone(-0.155, None), Some(Tone::Bad));
        assert_eq!(error_tone(0.12, Some(false)), None);
        assert_eq!(error_tone(-0.031, Some(true)), None);
    }

    #[test]
    fn marks_become_colour_or_nothing_and_words_alone_are_never_coloured() {
        let text = format!(
            "the claim holds; a measurement error — {}",
            mark("DOES NOT HOLD", Some(Tone::Bad))
        );
        assert_eq!(
            apply(&text, false),
            "the claim holds; a measurement error — DOES NOT HOLD"
        );
        assert_eq!(
            apply(&text, true),
            "the claim holds; a measurement error — \x1b[31mDOES NOT HOLD\x1b[0m"
        );
        assert_eq!(apply(&mark("cannot tell", None), true), "cannot tell");
    }
}
