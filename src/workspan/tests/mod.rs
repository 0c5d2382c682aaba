//! Tests of work and span: exact figures under the virtual clock, computed
//! by hand in each test's comment; the real clock within generous bounds.

mod helpers;
mod nesting;
mod panics;
mod prop;
mod real;
mod region;
mod schedule;
mod scopes;
mod virtual_clock;

use super::{Clock, Options, Profile, measure_with};

/// Runs `f` under the virtual clock with `burden` per spawn.
fn virt<R: Send>(burden: u64, f: impl FnOnce() -> R + Send) -> (R, Profile) {
    let m = measure_with(
        Options {
            clock: Clock::Virtual,
            burden,
        },
        f,
    )
    .expect("measured");
    (m.value, m.profile)
}

/// (work, span, burdened span, spawns) of a profile.
fn wsbs(p: &Profile) -> (u64, u64, u64, u64) {
    (p.work, p.span, p.burdened_span, p.spawns)
}
