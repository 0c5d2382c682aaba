//! The bounds a probe document's reader checks before anything is drawn.

use super::{Archetype, MAX_CLIENTS, MAX_LEVELS, MAX_VERDICT_NOTES, ProbeDoc, Reason, open};
use crate::results::invalid::at_most_entries;
use crate::results::{Invalid, check_cores};

impl ProbeDoc {
    /// Bounds every count a renderer allocates for.
    pub fn check(&self) -> Result<(), Invalid> {
        at_most_entries("levels", self.levels.len(), MAX_LEVELS)?;
        check_cores("server_cores", self.server_cores)?;
        check_cores("client_threads", self.client_threads)?;
        self.open.as_ref().map_or(Ok(()), open::OpenLoop::check)?;
        for l in &self.levels {
            if l.n == 0 || l.n > MAX_CLIENTS {
                return Err(Invalid::Count {
                    field: "levels[].n".into(),
                    value: l.n,
                    max: MAX_CLIENTS,
                });
            }
        }
        if let Some(a) = &self.analysis {
            let archetypes = a.archetypes.len();
            at_most_entries("analysis.archetypes", archetypes, Archetype::ALL.len())?;
            for c in &a.archetypes {
                at_most_entries("archetypes[].throughput", c.throughput.len(), MAX_LEVELS)?;
                at_most_entries("archetypes[].latency_s", c.latency_s.len(), MAX_LEVELS)?;
                check_cores("archetypes[].cores", c.cores)?;
            }
            let v = &a.verdict;
            at_most_entries("verdict.notes", v.notes.len(), MAX_VERDICT_NOTES)?;
            if let Reason::TooFewLevels { ns, .. } = &v.reason {
                at_most_entries("verdict.reason.ns", ns.len(), MAX_LEVELS)?;
            }
            check_cores("verdict.evidence.cores", v.evidence.cores)?;
        }
        Ok(())
    }
}
