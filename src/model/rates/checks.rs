//! What the host model refuses before it schedules anything, and the
//! refusal of a schedule that grows too long while it runs.

use super::*;
use crate::model::HostError;

/// Refuses a machine, a quantum or delays the model does not take, and a
/// round-robin schedule too long to hold; returns the quantum, if any.
pub(super) fn check(w: &Workload, m: &Machine, delays: &Delays) -> Result<Option<u64>, ModelError> {
    if m.cores == 0 || m.cores > MAX_CORES {
        return Err(ModelError::Cores(m.cores));
    }
    let quantum = match m.discipline {
        Discipline::List => None,
        Discipline::RoundRobin { quantum: 0 } => return Err(ModelError::Quantum),
        Discipline::RoundRobin { quantum } => Some(quantum),
    };
    if let Some(q) = quantum {
        let at_least = super::super::sim::min_slices(w, m, q);
        if at_least > MAX_SLICES as u64 {
            return Err(ModelError::TooManySlices { at_least });
        }
    }
    delays.check()?;
    Ok(quantum)
}

/// The refusal of a schedule that would cost more than [`MAX_WORK`].
pub(super) fn too_much_work() -> ModelError {
    ModelError::Host(HostError::TooMuchWork { max: MAX_WORK })
}
