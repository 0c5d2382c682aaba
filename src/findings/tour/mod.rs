//! The tour's findings: each claim's outcome with the model's figure, the
//! measurement and two judgments — whether the article's claim holds on this
//! host ([`ClaimVerdict`]) and how close the model came ([`ModelVerdict`]) —
//! kept apart, because the model can be right where the article is not, and
//! the other way round. Every judgment carries its reason as a typed value
//! ([`Reason`], [`Undecided`], [`ModelWhy`]) and the figures behind it
//! ([`Figures`]); the words for all of them are made in `crate::words::tour`.

use serde::{Deserialize, Serialize};

mod claim;
pub mod figures;
mod reason;

pub use claim::{ClaimKind, Measure, UnknownClaim};
pub use figures::Figures;
pub use reason::{Drift, Interval, ModelWhy, Reason, ThreadBound, ThreadLimit, Undecided};

/// Whether the measurement bears the claim out, in one word: the summary of
/// [`ClaimVerdict`] that older readers know.
///
/// `holds` is [`ClaimVerdict::Holds`] only. Every other judgment of a claim
/// that ran — does not hold, cannot tell, suspect — is `differs`: none of them
/// bears the claim out, and `claim_verdict` says which it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The claim holds on this host.
    Holds,
    /// It does not hold, cannot be told apart from the noise, or the
    /// measurement is suspect; `claim_verdict` and the reason say which.
    Differs,
    /// The claim could not run; the reason is the error.
    Error,
}

/// The article's claim, judged against its own statement on this host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimVerdict {
    /// The measurement bears the claim out beyond the noise.
    Holds,
    /// The measurement contradicts the claim beyond the noise.
    DoesNotHold,
    /// The noise is wider than the difference that would decide.
    CannotTell,
    /// The measurement lies beyond a physical bound (faster than the work
    /// allows), or other programs bent it; the reason names the cause. Never
    /// a pass.
    Suspect,
    /// The claim could not run.
    Error,
    /// This host cannot measure the claim (it needs more CPUs than this
    /// process may use). Not a pass, and counted apart from the measured
    /// claims.
    NotMeasured,
}

impl ClaimVerdict {
    /// The one-word [`Verdict`] it maps to.
    pub fn verdict(self) -> Verdict {
        match self {
            ClaimVerdict::Holds => Verdict::Holds,
            ClaimVerdict::DoesNotHold
            | ClaimVerdict::CannotTell
            | ClaimVerdict::Suspect
            | ClaimVerdict::NotMeasured => Verdict::Differs,
            ClaimVerdict::Error => Verdict::Error,
        }
    }
}

/// How close the model's figure came to the measurement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ModelVerdict {
    /// Within `tolerance` (or within the noise); null where there is no
    /// figure to compare.
    pub within: Option<bool>,
    /// measured ÷ predicted − 1 of the figure compared; null where the
    /// comparison is not a number (an order, a count of zero).
    pub error: Option<f64>,
    /// The relative tolerance it was held to.
    pub tolerance: f64,
    /// What the model's figure was compared on, or why it is off; null
    /// where not recorded.
    #[serde(default)]
    pub why: Option<ModelWhy>,
}

/// One claim's outcome: numbers and typed judgments only.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClaimResult {
    /// Which claim (`--claim NAME`); its title and statement come from it.
    pub name: ClaimKind,
    /// Holds, differs, or error: [`ClaimVerdict::verdict`] of `claim_verdict`.
    pub verdict: Verdict,
    /// Why, with its numbers (or the error's message).
    pub reason: Reason,
    /// The article's claim on this host (null in documents written before
    /// claims were judged apart from the model).
    #[serde(default)]
    pub claim_verdict: Option<ClaimVerdict>,
    /// The model's accuracy.
    #[serde(default)]
    pub model_verdict: ModelVerdict,
    /// The relative noise margin the claim was judged with (half the width
    /// of the compared interval ÷ its median); null where the judgment
    /// counts events rather than timing them.
    #[serde(default)]
    pub margin: Option<f64>,
    /// Whether the figure is the model's projection rather than a measurement.
    #[serde(default)]
    pub projected: bool,
    /// The numbers the prediction, the measurement and the reason are told
    /// from.
    #[serde(default)]
    pub figures: Option<Figures>,
    /// What makes the measurement less certain than it looks (a noisy tick
    /// calibration, a first run apart, outliers, drift), with what to do.
    #[serde(default)]
    pub warnings: Vec<crate::findings::Warning>,
}

impl ClaimResult {
    /// A claim that could not run, with the error's message.
    pub fn failed(name: ClaimKind, error: &str) -> ClaimResult {
        ClaimResult {
            name,
            verdict: Verdict::Error,
            reason: Reason::Failed {
                message: error.into(),
            },
            claim_verdict: Some(ClaimVerdict::Error),
            model_verdict: ModelVerdict::default(),
            margin: None,
            projected: false,
            figures: None,
            warnings: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_round_trip_tagged_with_their_numbers() {
        let figure = Interval {
            lo: 1.0,
            mid: 1.5,
            hi: f64::NAN,
        };
        let reasons = [
            Reason::Undecided(Undecided::HostFull {
                cpus: 1.2,
                judged: Box::new(Reason::Undecided(Undecided::NotEnoughCpus {
                    needs: 8,
                    has: 2,
                })),
            }),
            Reason::Compared {
                figure,
                threshold: 2.0,
            },
            Reason::Failed {
                message: "cannot start".into(),
            },
            Reason::Unknown,
        ];
        for r in &reasons {
            let json = serde_json::to_value(r).unwrap();
            assert!(json["kind"].is_string(), "{json}");
            let back: Reason = serde_json::from_value(json.clone()).unwrap();
            // NaN reads back as NaN: compare through the JSON.
            assert_eq!(serde_json::to_value(&back).unwrap(), json);
        }
        let json = serde_json::to_value(&reasons[0]).unwrap();
        assert_eq!(json["undecided"], "host-full");
        assert_eq!(json["judged"]["undecided"], "not-enough-cpus");
        assert_eq!(json["judged"]["needs"], 8);
    }
}
