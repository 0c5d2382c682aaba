//! A host's measured costs moved to one end of their own noise: every
//! overhead and contention point at the low or the high end of its median's
//! interval (95 % from 6 tries up, else min–max). A prediction made at both
//! ends shows how far the costs' own noise can move it. Pure.

use crate::results::calibrate::{
    AtCount, ContentionCurve, ContentionPoint, KernelSetup, Overheads,
};
use crate::stats::Summary;

/// Which end of a cost's interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Its lower end.
    Low,
    /// Its upper end.
    High,
}

/// `s` with its median moved to `end` of its interval.
pub fn at(s: &Summary, end: End) -> Summary {
    let (lo, hi) = s.interval();
    Summary {
        median: match end {
            End::Low => lo.min(s.median),
            End::High => hi.max(s.median),
        },
        ..s.clone()
    }
}

fn opt(s: &Option<Summary>, end: End) -> Option<Summary> {
    s.as_ref().map(|s| at(s, end))
}

fn counts(v: &[AtCount], end: End) -> Vec<AtCount> {
    v.iter()
        .map(|a| AtCount {
            count: a.count,
            ns: at(&a.ns, end),
        })
        .collect()
}

fn setups(v: &[KernelSetup], end: End) -> Vec<KernelSetup> {
    v.iter()
        .map(|k| KernelSetup {
            kernel: k.kernel,
            ns: opt(&k.ns, end),
        })
        .collect()
}

impl Overheads {
    /// Every overhead at `end` of its interval.
    pub fn at_end(&self, end: End) -> Overheads {
        Overheads {
            thread_spawn_join: opt(&self.thread_spawn_join, end),
            fork: opt(&self.fork, end),
            process_exec: opt(&self.process_exec, end),
            pool_dispatch: opt(&self.pool_dispatch, end),
            tokio_spawn: opt(&self.tokio_spawn, end),
            context_switch_same_core: opt(&self.context_switch_same_core, end),
            handoff_cross_core: opt(&self.handoff_cross_core, end),
            sleep_overshoot: opt(&self.sleep_overshoot, end),
            tokio_sleep_overshoot: opt(&self.tokio_sleep_overshoot, end),
            thread_spawn_busy: counts(&self.thread_spawn_busy, end),
            thread_placement: counts(&self.thread_placement, end),
            rayon_wake: counts(&self.rayon_wake, end),
            tokio_wake: counts(&self.tokio_wake, end),
            workers_first: counts(&self.workers_first, end),
            workers_start: counts(&self.workers_start, end),
            workers_stop: counts(&self.workers_stop, end),
            worker_handout: opt(&self.worker_handout, end),
            kernel_setup: setups(&self.kernel_setup, end),
            worker_kernel_setup: setups(&self.worker_kernel_setup, end),
            unmeasured: self.unmeasured.clone(),
        }
    }
}

impl ContentionCurve {
    /// Every point's slowdown at `end` of its interval.
    pub fn at_end(&self, end: End) -> ContentionCurve {
        ContentionCurve {
            kernel: self.kernel,
            points: self
                .points
                .iter()
                .map(|p| ContentionPoint {
                    copies: p.copies,
                    slowdown: at(&p.slowdown, end),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_move_to_the_ends_of_their_intervals() {
        let s = Summary::of(&[3.0, 2.9, 11.8]).unwrap();
        assert_eq!(at(&s, End::Low).median, 2.9);
        assert_eq!(at(&s, End::High).median, 11.8);
        let oh = Overheads {
            fork: Some(s.clone()),
            workers_start: vec![AtCount { count: 2, ns: s }],
            ..Overheads::default()
        };
        let hi = oh.at_end(End::High);
        assert_eq!(hi.fork.unwrap().median, 11.8);
        assert_eq!(hi.workers_start[0].ns.median, 11.8);
        assert_eq!(hi.workers_start[0].count, 2);
        assert!(oh.at_end(End::Low).thread_spawn_join.is_none());
    }
}
