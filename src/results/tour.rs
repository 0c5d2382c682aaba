//! `conpar tour`'s document: each claim of the article with the model's
//! figure, the measurement and two judgments — whether the article's claim
//! holds on this host ([`ClaimVerdict`]) and how close the model came
//! ([`ModelVerdict`]) — kept apart, because the model can be right where the
//! article is not, and the other way round.

use super::Meta;
use serde::{Deserialize, Serialize};

/// The whole `conpar tour --json` file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TourDoc {
    #[serde(flatten)]
    pub meta: Meta,
    /// How long the tour took, s.
    pub seconds: f64,
    /// The claims, in the order they ran.
    pub claims: Vec<ClaimResult>,
}

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
    /// allows); the reason names the cause found. Never a pass.
    Suspect,
    /// The claim could not run.
    Error,
    /// This host cannot measure the claim (it needs more CPUs than this
    /// process may use); the reason gives the model's projection. Not a pass,
    /// and counted apart from the measured claims.
    NotMeasured,
}

impl ClaimVerdict {
    /// The word tables print.
    pub fn word(self) -> &'static str {
        match self {
            ClaimVerdict::Holds => "holds",
            ClaimVerdict::DoesNotHold => "does not hold",
            ClaimVerdict::CannotTell => "cannot tell",
            ClaimVerdict::Suspect => "suspect",
            ClaimVerdict::Error => "error",
            ClaimVerdict::NotMeasured => "not measured here",
        }
    }

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
    /// Why it is off, or what matched.
    pub why: String,
}

impl ModelVerdict {
    /// "within 3 %", "within the noise" (further off than the tolerance,
    /// but inside the measured band), "misses by 15 %", or "matches" /
    /// "misses" without a number.
    pub fn words(&self) -> String {
        let pct = |e: f64| crate::words::Pct::new(e.abs()).to_string();
        match (self.within, self.error) {
            (None, _) => "not judged".into(),
            (Some(true), Some(e)) if e.abs() > self.tolerance => "within the noise".into(),
            (Some(true), Some(e)) => format!("within {}", pct(e)),
            (Some(false), Some(e)) => format!("misses by {}", pct(e)),
            (Some(true), None) => "matches".into(),
            (Some(false), None) => "misses".into(),
        }
    }
}

impl Verdict {
    /// The word tables print.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::Differs => "differs",
            Verdict::Error => "error",
        }
    }
}

/// One claim's outcome.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClaimResult {
    /// Short name (`--claim NAME`).
    pub name: String,
    #[serde(default)]
    pub title: String,
    /// What the claim says, in a sentence.
    #[serde(default)]
    pub says: String,
    /// The model's prediction, in words and numbers.
    #[serde(default)]
    pub predicted: String,
    /// What was measured (median with spread), or why nothing was.
    #[serde(default)]
    pub measured: String,
    /// The prediction in a few words, for the summary table.
    #[serde(default)]
    pub predicted_short: String,
    /// The measurement in a few words, for the summary table.
    #[serde(default)]
    pub measured_short: String,
    /// Holds, differs, or error: [`ClaimVerdict::verdict`] of `claim_verdict`.
    pub verdict: Verdict,
    /// Why, from the numbers (or the error).
    pub reason: String,
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
    /// The command that shows it in detail.
    #[serde(default)]
    pub command: String,
    /// The numbers behind the words.
    #[serde(default)]
    pub figures: Option<super::figures::Figures>,
    /// What makes the measurement less certain than it looks (a noisy tick
    /// calibration, a first run apart, outliers, drift), with what to do.
    #[serde(default)]
    pub warnings: Vec<crate::findings::Warning>,
}

impl ClaimResult {
    /// A claim that could not run.
    pub fn failed(name: &str, error: &str) -> ClaimResult {
        ClaimResult {
            name: name.into(),
            title: String::new(),
            says: String::new(),
            predicted: String::new(),
            measured: String::new(),
            predicted_short: String::new(),
            measured_short: String::new(),
            verdict: Verdict::Error,
            reason: error.into(),
            claim_verdict: Some(ClaimVerdict::Error),
            model_verdict: ModelVerdict::default(),
            margin: None,
            projected: false,
            command: String::new(),
            figures: None,
            warnings: Vec::new(),
        }
    }
}

/// Most claims a tour document may hold (the tour has about a dozen).
pub const MAX_CLAIMS: usize = 1_000;
/// Most warnings one claim may carry.
pub const MAX_CLAIM_WARNINGS: usize = 1_000;

impl TourDoc {
    /// Bounds every count a renderer allocates for: the claims and each
    /// claim's warnings. Its strings are bounded by the document's size.
    pub fn check(&self) -> Result<(), super::Invalid> {
        use super::invalid::at_most_entries;
        at_most_entries("claims", self.claims.len(), MAX_CLAIMS)?;
        for c in &self.claims {
            at_most_entries("claims[].warnings", c.warnings.len(), MAX_CLAIM_WARNINGS)?;
        }
        Ok(())
    }
}
