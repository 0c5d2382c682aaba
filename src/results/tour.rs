//! `conpar tour`'s document: each claim of the article with the model's
//! figure, the measurement and two judgments, as typed findings
//! ([`crate::findings::tour`]); the words for them are made only when the
//! document is printed (`crate::words::tour`).

use super::Meta;
use serde::{Deserialize, Serialize};

pub use crate::findings::tour::{
    ClaimKind, ClaimResult, ClaimVerdict, Figures, ModelVerdict, ModelWhy, Reason, Undecided,
    Verdict,
};

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

/// Most claims a tour document may hold (the tour has about a dozen).
pub const MAX_CLAIMS: usize = 1_000;
/// Most warnings one claim may carry.
pub const MAX_CLAIM_WARNINGS: usize = 1_000;
/// Most points of the Amdahl claim, and most thread limits a claim names.
pub const MAX_CLAIM_POINTS: usize = 1_000;

impl TourDoc {
    /// Bounds every count a renderer allocates for: the claims, each
    /// claim's warnings and the lists in its figures. Its strings are
    /// bounded by the document's size.
    pub fn check(&self) -> Result<(), super::Invalid> {
        use super::invalid::at_most_entries;
        at_most_entries("claims", self.claims.len(), MAX_CLAIMS)?;
        for c in &self.claims {
            at_most_entries("claims[].warnings", c.warnings.len(), MAX_CLAIM_WARNINGS)?;
            match &c.figures {
                Some(Figures::Amdahl { measured, .. }) => at_most_entries(
                    "claims[].figures.measured",
                    measured.len(),
                    MAX_CLAIM_POINTS,
                )?,
                Some(Figures::ContextSwitches {
                    thread_bound: Some(b),
                    ..
                }) => at_most_entries(
                    "claims[].figures.thread_bound.limits",
                    b.limits.len(),
                    MAX_CLAIM_POINTS,
                )?,
                _ => {}
            }
        }
        Ok(())
    }
}
