//! `conpar tour`'s document: each claim of the article with the model's
//! figure, the measurement and the verdict.

use super::Meta;
use serde::{Deserialize, Serialize};

/// The whole `conpar tour --json` file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TourDoc {
    /// The header.
    #[serde(flatten)]
    pub meta: Meta,
    /// How long the tour took, s.
    pub seconds: f64,
    /// The claims, in the order they ran.
    pub claims: Vec<ClaimResult>,
}

/// Whether the measurement bears the claim out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// It does.
    Holds,
    /// It does not, here; the reason says why.
    Differs,
    /// The claim could not run; the reason is the error.
    Error,
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
    /// Title.
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
    /// Holds, differs, or error.
    pub verdict: Verdict,
    /// Why, from the numbers (or the error).
    pub reason: String,
    /// Whether the figure is the model's projection rather than a measurement.
    #[serde(default)]
    pub projected: bool,
    /// The command that shows it in detail.
    #[serde(default)]
    pub command: String,
    /// The numbers behind the words.
    #[serde(default)]
    pub figures: serde_json::Value,
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
            projected: false,
            command: String::new(),
            figures: serde_json::Value::Null,
        }
    }
}
