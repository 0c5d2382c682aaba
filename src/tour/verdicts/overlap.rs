//! The judgments of the claims about many threads, waiting and sharing:
//! thousands of threads against a pool, blocking against an event loop, one
//! loop against one per core, a race and a deadlock.

use super::super::judge::{Band, Beyond, Judgment, above, beyond};
use crate::findings::Why;
use crate::findings::tour::{Interval, Reason, Undecided};
use crate::results::tour::ClaimVerdict::{
    self, CannotTell, DoesNotHold, Holds, NotMeasured, Suspect,
};

/// A figure against a threshold: compared beyond the noise, or undecided.
fn compared(v: ClaimVerdict, figure: Band, threshold: f64) -> Reason {
    let figure = Interval::from(figure);
    match v {
        CannotTell => Reason::Undecided(Undecided::WithinNoise { figure, threshold }),
        _ => Reason::Compared { figure, threshold },
    }
}

/// context-switches: `n` threads against a `p`-thread pool doing the same
/// work; the figures say what the switches and thread starts explain.
pub struct Switching<'a> {
    /// The threads' wall.
    pub threads: Band,
    /// The pool's wall.
    pub pool: Band,
    /// A row's "why" when it beat the model's lower bound.
    pub faster: Option<&'a Why>,
}

/// "Thousands of threads on a few cores do the same work more slowly."
pub fn many_threads_slower(s: &Switching) -> Judgment {
    let ratio = Band::ratio(s.threads, s.pool);
    let margin = Some(ratio.margin());
    if let Some(why) = s.faster {
        let reason = Reason::FasterThanPossible { why: why.clone() };
        return Judgment::new(Suspect, reason, margin);
    }
    let v = above(ratio, 1.0);
    Judgment::new(v, compared(v, ratio, 1.0), margin)
}

/// blocking-io: `k` requests of `latency_s` each, blocking against an event
/// loop on one core (walls in seconds).
pub fn event_loop_sooner(k: usize, latency_s: f64, blocking: Band, event: Band) -> Judgment {
    let ratio = Band::ratio(blocking, event);
    let margin = Some(ratio.margin());
    if blocking.hi < k as f64 * latency_s {
        let reason = Reason::ClockWrong {
            wall_s: blocking.mid,
            requests: k,
            latency_s,
        };
        return Judgment::new(Suspect, reason, margin);
    }
    let v = above(ratio, 2.0);
    Judgment::new(v, compared(v, ratio, 2.0), margin)
}

/// async-not-parallel: one loop against one loop per core on `p` cores, with
/// `cpu_s` of CPU work in all (walls in seconds).
pub fn loops_per_core(p: usize, one: Band, per: Band, cpu_s: f64) -> Judgment {
    let gain = Band::ratio(one, per);
    let margin = Some(gain.margin());
    if p < 2 {
        let reason = Reason::Undecided(Undecided::NotEnoughCpus { needs: 2, has: p });
        return Judgment::new(NotMeasured, reason, None);
    }
    if one.hi < 0.95 * cpu_s {
        let reason = Reason::OneLoopTooFast {
            wall_s: one.mid,
            cpu_s,
        };
        return Judgment::new(Suspect, reason, margin);
    }
    if beyond(gain, Band::exact(p as f64)) == Beyond::Yes {
        let reason = Reason::MoreThanCores {
            cores: p,
            gain: gain.into(),
        };
        return Judgment::new(Suspect, reason, margin);
    }
    let v = above(gain, 1.0);
    Judgment::new(v, compared(v, gain, 1.0), margin)
}

/// race: updates lost by each increment, on `cpus` CPUs.
pub fn lost_updates(cpus: usize, split: u64, fetch_add: u64, mutex: u64) -> Judgment {
    let (v, reason) = if fetch_add > 0 || mutex > 0 {
        (Suspect, Reason::SafeLost)
    } else if split > 0 {
        (Holds, Reason::Lost { updates: split })
    } else if cpus < 2 {
        (CannotTell, Reason::Undecided(Undecided::NoLossOnOneCpu))
    } else {
        (DoesNotHold, Reason::NoneLost)
    };
    Judgment::new(v, reason, None)
}

/// deadlock: opposite lock orders stuck (`gave_up` threads gave up), one
/// order finished.
pub fn deadlocked(stuck: bool, gave_up: usize, ordered_finished: bool) -> Judgment {
    if stuck && gave_up >= 1 && ordered_finished {
        Judgment::new(Holds, Reason::Deadlocked, None)
    } else {
        Judgment::new(DoesNotHold, Reason::NoDeadlock, None)
    }
}
