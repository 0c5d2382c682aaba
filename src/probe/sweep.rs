//! The measuring loop behind `conpar probe`: each level of concurrency in
//! turn, the document analysed after each, stopping early (and saying so)
//! when a level fails or the server is gone.

use super::load::LevelPlan;
use super::{Prober, classify, points, procfs};
use crate::results::probe::{Partial, ProbeDoc};
use std::time::Duration;

/// The levels to run and how long each lasts.
#[derive(Debug, Clone)]
pub struct Levels {
    /// Concurrency levels N, in order.
    pub n: Vec<usize>,
    /// Untimed time at each level before measuring.
    pub warmup: Duration,
    /// Measured time at each level.
    pub duration: Duration,
    /// Most requests measured at one level.
    pub max_requests: u64,
}

/// Runs every level into `doc` (rows, analysis; `partial` when it stopped
/// early); `on` sees the document after each finished level and may stop
/// the sweep by returning an error.
pub fn sweep<E>(
    prober: &Prober,
    levels: &Levels,
    pid: Option<u32>,
    doc: &mut ProbeDoc,
    on: &mut dyn FnMut(&ProbeDoc) -> Result<(), E>,
) -> Result<(), E> {
    for &n in &levels.n {
        let plan = LevelPlan {
            n,
            warmup: levels.warmup,
            duration: levels.duration,
            max_requests: levels.max_requests,
        };
        let outcome = prober.level(plan, pid);
        let gone = pid.filter(|&p| !procfs::alive(p));
        if let Some(f) = &outcome.aborted {
            doc.partial = Some(Partial::LevelFailed {
                n,
                failure: f.record(),
            });
        } else if let Some(pid) = gone {
            doc.partial = Some(Partial::ServerExited { pid, n });
        }
        if doc.partial.is_some() {
            break;
        }
        doc.levels.push(outcome.row());
        analyse(doc);
        // What `on` saves says partial until the sweep ends: a probe killed
        // before its end leaves a document that says so.
        doc.partial = Some(Partial::Interrupted { after_n: n });
        on(doc)?;
        doc.partial = None;
    }
    analyse(doc);
    Ok(())
}

/// Classifies the rows so far.
pub fn analyse(doc: &mut ProbeDoc) {
    doc.analysis = classify::analyze(&points(&doc.levels, doc.client_threads), doc.server_cores);
}
