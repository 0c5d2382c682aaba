//! The values a measurement produces: the clock, the options, the profile
//! (work, span, burdened span, spawns), its speedup bounds, and the errors.

use serde::{Deserialize, Serialize};

/// What a strand's length is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Clock {
    /// Nanoseconds from a monotonic clock.
    Real,
    /// Units added by [`work`](super::work); nothing else advances a strand.
    Virtual,
}

/// How to measure.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The clock strands are counted in.
    pub clock: Clock,
    /// The cost of one spawn on the critical path, in the clock's unit.
    pub burden: u64,
}

/// Work and span of one or more measured regions.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// The clock the figures are in.
    pub clock: Clock,
    /// T1: the sum of every strand, ns or units.
    pub work: u64,
    /// T∞: the longest path through the fork-join graph.
    pub span: u64,
    /// The span with `burden` added per spawn on the critical path.
    pub burdened_span: u64,
    /// The burden used, per spawn.
    pub burden: u64,
    /// Joins and scope spawns executed (each join counts 1).
    pub spawns: u64,
    /// Measured regions added into this profile.
    pub regions: u64,
}

/// Speedups at `p` cores that the work and span allow.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bounds {
    /// min(p, T1/T∞): no schedule does better.
    pub upper: f64,
    /// T1 / (T1/p + T∞): what a greedy scheduler is guaranteed.
    pub brent: f64,
    /// T1 / (T1/p + burdened T∞): the same with the spawns' cost.
    pub burdened: f64,
}

/// A closure's value and its profile.
pub struct Measured<R> {
    /// What the closure returned.
    pub value: R,
    /// Its work and span.
    pub profile: Profile,
    /// Its fork-join graph, to simulate schedules on
    /// ([`Graph::simulate`](super::Graph::simulate)).
    pub graph: super::Graph,
}

/// Why no profile was produced.
#[derive(Debug, thiserror::Error)]
pub enum WorkspanError {
    /// A strand panicked; the record of the fork-join graph is incomplete.
    #[error(
        "a strand panicked while being measured ({message}); the fork-join record was left unbalanced, so no work or span is reported"
    )]
    Panicked {
        /// The panic's message.
        message: String,
    },
    /// The region recorded no work.
    #[error("no work or span recorded: is it built against conpar::workspan?")]
    NothingRecorded,
    /// A region measured with one clock ran inside one measured with the
    /// other.
    #[error(
        "a region measured with one clock ran inside a region measured with the other, so the outer region's work and span cannot be added up"
    )]
    MixedClocks,
    /// The one-worker pool could not be started.
    #[error("cannot start a rayon pool to measure in: {0}")]
    Pool(String),
    /// An environment variable holds a value that is not accepted.
    #[error("{name}={value:?} is not accepted; expected {expected}")]
    BadEnv {
        /// The variable.
        name: &'static str,
        /// Its value, cut to 64 characters.
        value: String,
        /// What is accepted.
        expected: &'static str,
    },
}

impl Profile {
    /// A profile of no regions, to add regions into.
    pub fn empty(clock: Clock, burden: u64) -> Profile {
        Profile {
            clock,
            work: 0,
            span: 0,
            burdened_span: 0,
            burden,
            spawns: 0,
            regions: 0,
        }
    }

    /// T1/T∞; 1 for a profile with no span (nothing to run in parallel).
    pub fn parallelism(&self) -> f64 {
        ratio(self.work, self.span)
    }

    /// T1 / burdened T∞; 1 for a profile with no span.
    pub fn burdened_parallelism(&self) -> f64 {
        ratio(self.work, self.burdened_span)
    }

    /// Adds a region run after this one: work, span and burdened span add
    /// up (the regions ran one after the other), as do spawns and regions.
    /// The clock and burden are this profile's, or `other`'s when this one
    /// holds no region yet.
    pub fn add(&mut self, other: &Profile) {
        if self.regions == 0 {
            self.clock = other.clock;
            self.burden = other.burden;
        }
        self.work = self.work.saturating_add(other.work);
        self.span = self.span.saturating_add(other.span);
        self.burdened_span = self.burdened_span.saturating_add(other.burdened_span);
        self.spawns = self.spawns.saturating_add(other.spawns);
        self.regions = self.regions.saturating_add(other.regions);
    }

    /// The speedups at `p` cores (0 is taken as 1).
    pub fn bounds(&self, p: usize) -> Bounds {
        let p = p.max(1) as f64;
        let (t1, tinf, tb) = (
            self.work as f64,
            self.span as f64,
            self.burdened_span as f64,
        );
        let speedup = |path: f64| {
            let t = t1 / p + path;
            if t > 0.0 { t1 / t } else { 1.0 }
        };
        Bounds {
            upper: p.min(self.parallelism()),
            brent: speedup(tinf),
            burdened: speedup(tb),
        }
    }
}

fn ratio(work: u64, span: u64) -> f64 {
    if span == 0 {
        1.0
    } else {
        work as f64 / span as f64
    }
}
