//! The judgments of the claims about many threads, waiting and sharing:
//! thousands of threads against a pool, blocking against an event loop, one
//! loop against one per core, a race and a deadlock.

use super::super::judge::{Band, Beyond, Judgment, above, beyond};
use super::pct;
use crate::findings::Why;
use crate::results::tour::ClaimVerdict::{CannotTell, DoesNotHold, Holds, NotMeasured, Suspect};

/// context-switches: `n` threads against a `p`-thread pool doing the same
/// work; `detail` says what the switches and thread starts explain.
pub struct Switching<'a> {
    /// Threads (one per task).
    pub n: usize,
    /// Pool threads.
    pub p: usize,
    /// The threads' wall.
    pub threads: Band,
    /// The pool's wall.
    pub pool: Band,
    /// Where the difference comes from, measured.
    pub detail: &'a str,
    /// A row's "why" when it beat the model's lower bound.
    pub faster: Option<&'a Why>,
}

/// "Thousands of threads on a few cores do the same work more slowly."
pub fn many_threads_slower(s: &Switching) -> Judgment {
    let ratio = Band::ratio(s.threads, s.pool);
    let margin = Some(ratio.margin());
    if let Some(why) = s.faster {
        return Judgment::new(Suspect, why.to_string(), margin);
    }
    let v = above(ratio, 1.0);
    let change = format!(
        "{} threads took {} against a {}-thread pool (ratio {})",
        s.n,
        crate::words::Pct::new(ratio.mid - 1.0).places(1).signed(),
        s.p,
        ratio.show("×")
    );
    let reason = match v {
        Holds => format!("{change}: slower beyond the noise; {}", s.detail),
        DoesNotHold => format!("{change}: not slower, beyond the noise; {}", s.detail),
        _ => format!(
            "{change}: the difference is within the noise (±{}); {}",
            pct(ratio.margin()),
            s.detail
        ),
    };
    Judgment::new(v, reason, margin)
}

/// blocking-io: `k` requests of `latency_s` each, blocking against an event
/// loop on one core (walls in seconds).
pub fn event_loop_sooner(k: usize, latency_s: f64, blocking: Band, event: Band) -> Judgment {
    let ratio = Band::ratio(blocking, event);
    let margin = Some(ratio.margin());
    let waits = k as f64 * latency_s;
    if blocking.hi < waits {
        return Judgment::new(
            Suspect,
            format!(
                "one blocking thread finished in {:.4} s, before its {k} waits of {latency_s} s could have: its clock or the server is wrong",
                blocking.mid
            ),
            margin,
        );
    }
    let v = above(ratio, 2.0);
    let reason = match v {
        Holds => format!(
            "the event loop overlapped the waits: {} sooner, beyond 2× and the noise",
            ratio.show("×")
        ),
        DoesNotHold => format!(
            "the event loop was only {} sooner: the waits did not overlap",
            ratio.show("×")
        ),
        _ => format!(
            "{} sooner straddles 2× within the noise: cannot tell",
            ratio.show("×")
        ),
    };
    Judgment::new(v, reason, margin)
}

/// async-not-parallel: one loop against one loop per core on `p` cores, with
/// `cpu_s` of CPU work in all (walls in seconds).
pub fn loops_per_core(p: usize, one: Band, per: Band, cpu_s: f64) -> Judgment {
    let gain = Band::ratio(one, per);
    let margin = Some(gain.margin());
    if p < 2 {
        return Judgment::new(
            NotMeasured,
            "this host allows one CPU: one loop per core is one loop, so the claim cannot be measured here",
            None,
        );
    }
    if one.hi < 0.95 * cpu_s {
        return Judgment::new(
            Suspect,
            format!(
                "one loop finished in {:.4} s with {cpu_s:.4} s of CPU work: one thread cannot; the tick drifted since it was calibrated",
                one.mid
            ),
            margin,
        );
    }
    if beyond(gain, Band::exact(p as f64)) == Beyond::Yes {
        return Judgment::new(
            Suspect,
            format!(
                "{p} loops gained {}, more than {p} cores can",
                gain.show("×")
            ),
            margin,
        );
    }
    let v = above(gain, 1.0);
    let reason = match v {
        Holds => format!(
            "one loop needed all {cpu_s:.3} s of CPU work one request at a time; {p} loops split it: {} faster, beyond the noise",
            gain.show("×")
        ),
        DoesNotHold => format!("{p} loops were not faster than one: {}", gain.show("×")),
        _ => format!(
            "{p} loops gained {}, within the noise of no gain: cannot tell",
            gain.show("×")
        ),
    };
    Judgment::new(v, reason, margin)
}

/// race: updates lost by each increment, on `cpus` CPUs.
pub fn lost_updates(cpus: usize, split: u64, fetch_add: u64, mutex: u64) -> Judgment {
    let (v, reason) = if fetch_add > 0 || mutex > 0 {
        (
            Suspect,
            "a safe increment lost updates: the demonstration itself is wrong".to_string(),
        )
    } else if split > 0 {
        (
            Holds,
            format!(
                "{split} read-then-write increments vanished; fetch_add and the mutex lost none"
            ),
        )
    } else if cpus < 2 {
        (
            CannotTell,
            "no update was lost on one CPU: the threads rarely switch inside an increment".into(),
        )
    } else {
        (
            DoesNotHold,
            "no update was lost: the threads never interleaved inside an increment".into(),
        )
    };
    Judgment::new(v, reason, None)
}

/// deadlock: opposite lock orders stuck (`gave_up` threads gave up), one
/// order finished.
pub fn deadlocked(stuck: bool, gave_up: usize, ordered_finished: bool) -> Judgment {
    let ok = stuck && gave_up >= 1 && ordered_finished;
    Judgment::new(
        if ok { Holds } else { DoesNotHold },
        if ok {
            "the deadlock was real and bounded; ordering the locks removed it"
        } else {
            "the demonstration did not behave as a deadlock"
        },
        None,
    )
}
