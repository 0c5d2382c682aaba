//! What stops X growing, as a typed value: the accept backlog when the
//! kernel dropped connections at the levels where X stopped, else the CPU
//! when the finding is one core or parallel, else waiting in the server
//! when it idled. Pure: points and the finding in, the limit out; the words
//! are in `verdict.rs`.

use super::{FLAT, Point, SEVERAL, Shape};
use crate::results::probe::{CpuUse, Finding, Limit};

/// Cores below which a server that stopped growing was waiting, not computing.
const IDLE: f64 = 0.5;

/// The limit of a server whose X stopped growing (None when it grew to the
/// last level). `cores` and `one_thread` are the CPU evidence at saturation;
/// `crowded` says the server's threads queued for CPUs (the host full, or
/// cores wanted beyond those used), so little CPU used is not waiting.
pub(super) fn limit(
    pts: &[Point],
    sh: &Shape,
    finding: Finding,
    cores: Option<f64>,
    one_thread: bool,
    crowded: bool,
) -> Option<Limit> {
    if !sh.saturated && sh.growth >= FLAT {
        return None;
    }
    let from = sh.knee.unwrap_or(1);
    let dropped = pts
        .iter()
        .filter(|p| p.n >= from)
        .filter_map(|p| Some((p, p.overflows.filter(|o| *o > 0)?)))
        .max_by_key(|(_, o)| *o);
    if let Some((p, overflows)) = dropped {
        let seen = pts
            .iter()
            .filter(|p| p.n >= from)
            .filter_map(|p| p.accept_queue);
        return Some(Limit::Backlog {
            n: p.n,
            overflows,
            queue_max: seen.max(),
        });
    }
    let cores = cores?;
    match finding {
        Finding::OneCore | Finding::Parallel => Some(Limit::Cpu {
            cores,
            what: if one_thread {
                CpuUse::OneThread
            } else if cores < SEVERAL {
                CpuUse::OneCore
            } else {
                CpuUse::Several
            },
        }),
        _ if cores < IDLE && !crowded => Some(Limit::Waiting { cores }),
        _ => None,
    }
}
