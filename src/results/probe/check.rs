//! The bounds a probe document's reader checks before anything is drawn.

use super::{Archetype, MAX_CLIENTS, MAX_LEVELS, ProbeDoc, open};
use crate::results::check_cores;

impl ProbeDoc {
    /// Bounds every count a renderer allocates for.
    pub fn check(&self) -> Result<(), String> {
        if self.levels.len() > MAX_LEVELS {
            return Err(format!(
                "{} levels; at most {MAX_LEVELS} are accepted",
                self.levels.len()
            ));
        }
        check_cores("server_cores", self.server_cores)?;
        check_cores("client_threads", self.client_threads)?;
        self.open.as_ref().map_or(Ok(()), open::OpenLoop::check)?;
        for l in &self.levels {
            if l.n == 0 || l.n > MAX_CLIENTS {
                return Err(format!(
                    "levels[].n = {}: accepted are 1 to {MAX_CLIENTS}",
                    l.n
                ));
            }
        }
        if let Some(a) = &self.analysis {
            if a.archetypes.len() > Archetype::ALL.len() {
                return Err(format!(
                    "{} archetype curves; at most {} are accepted",
                    a.archetypes.len(),
                    Archetype::ALL.len()
                ));
            }
            for c in &a.archetypes {
                if c.throughput.len() > MAX_LEVELS || c.latency_s.len() > MAX_LEVELS {
                    return Err(format!(
                        "a curve has more than {MAX_LEVELS} points; at most {MAX_LEVELS} are accepted"
                    ));
                }
                check_cores("archetypes[].cores", c.cores)?;
            }
        }
        Ok(())
    }
}
