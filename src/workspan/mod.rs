//! Work and span of real rayon code, measured as OpenCilk's Cilkscale does
//! for Cilk: code forks through [`join`], [`scope`] and the divide-and-conquer
//! helpers here instead of rayon's, and [`measure`] runs it on a one-worker
//! pool, so every strand runs on that worker in order, while a shadow stack
//! composes work (T1) and span (T∞) over the fork-join graph. The burdened
//! span adds a per-spawn cost, measured on this host ([`burden_ns`]), on the
//! critical path.
//!
//! Outside a measurement, [`join`] is `rayon::join` plus one relaxed atomic
//! load; the other wrappers cost about as little. docs/workspan.md has the
//! composition rules and what is not measured (rayon's parallel iterators).

mod burden;
mod clock;
mod dc;
mod graph;
mod measure;
mod profile;
pub mod programs;
mod region;
mod scope;
mod stack;
#[cfg(test)]
mod tests;

pub use burden::{BurdenMeasurement, burden_ns, measure_burden, set_burden_ns};
pub use dc::{for_chunks_mut, for_range, map_reduce};
pub use graph::{Graph, MAX_NODES, SimError, SimOptions, Simulated};
pub use measure::{measure, measure_with};
pub use profile::{Bounds, Clock, Measured, Options, Profile, WorkspanError};
pub use region::{ENV_BURDEN, ENV_MODE, ENV_OUT, RegionLine, region};
pub use scope::{Scope, scope};

use std::sync::atomic::{AtomicUsize, Ordering};

/// Measurements running in this process; 0 turns every wrapper into plain
/// rayon after one relaxed load.
static ACTIVE: AtomicUsize = AtomicUsize::new(0);

/// Whether any thread of this process may be measuring.
#[inline]
fn on() -> bool {
    ACTIVE.load(Ordering::Relaxed) != 0
}

/// `rayon::join`, recorded when this thread is being measured: the strand
/// before the join ends, `a` and `b` are each measured as a child, and the
/// parent goes on by the longer of the two.
#[inline]
pub fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    if !on() {
        return rayon::join(a, b);
    }
    join_recorded(a, b)
}

#[inline(never)]
fn join_recorded<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    let Some(at) = stack::fork_point() else {
        return rayon::join(a, b);
    };
    let ((ra, ca), (rb, cb)) = rayon::join(
        move || stack::run_child(at, a),
        move || stack::run_child(at, b),
    );
    stack::after_join(ca, cb);
    (ra, rb)
}

/// The virtual clock: adds `units` to the running strand (counted only
/// under [`Clock::Virtual`]; free otherwise).
#[inline]
pub fn work(units: u64) {
    if on() {
        stack::work(units);
    }
}
