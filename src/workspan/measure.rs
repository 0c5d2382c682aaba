//! Running a closure measured: on a fresh one-worker rayon pool, so every
//! strand runs on that worker in order, with this module's recorder
//! installed there. A region measured inside another runs inline on the
//! outer region's worker (it already is a one-worker pool) and its work and
//! span are added to the outer strand that ran it; with the other clock
//! they cannot be, and the outer region reports `MixedClocks`.

use super::profile::{Clock, Measured, Options, WorkspanError};
use super::{ACTIVE, Graph, Profile, burden_ns, stack};
use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::Ordering;

/// Runs `f` on a one-worker rayon pool with instrumentation on and the real
/// clock; the burden is [`burden_ns`].
pub fn measure<R: Send>(f: impl FnOnce() -> R + Send) -> Result<Measured<R>, WorkspanError> {
    let opts = Options {
        clock: Clock::Real,
        burden: burden_ns(),
    };
    measure_with(opts, f)
}

/// Runs `f` on a one-worker rayon pool with instrumentation on, as `opts`
/// says. A panic in `f` is caught and reported as
/// [`WorkspanError::Panicked`]; so is one caught inside `f` after it
/// unwound through a measured frame.
pub fn measure_with<R: Send>(
    opts: Options,
    f: impl FnOnce() -> R + Send,
) -> Result<Measured<R>, WorkspanError> {
    let rec = record(opts, f).map_err(|(e, _)| e)?;
    let value = rec.value.map_err(|p| WorkspanError::Panicked {
        message: panic_message(p.as_ref()),
    })?;
    Ok(Measured {
        value,
        profile: rec.profile?,
        graph: rec.graph,
    })
}

/// What a measured run left: the closure's value or its panic, and the
/// profile or why there is none.
pub(super) struct Recorded<R> {
    pub value: Result<R, Box<dyn Any + Send>>,
    pub profile: Result<Profile, WorkspanError>,
    /// The fork-join graph (empty when there is no profile).
    pub graph: Graph,
}

/// Runs `f` measured; fails only when the pool cannot be started, before
/// `f` runs, and then hands `f` back.
pub(super) fn record<R: Send, F: FnOnce() -> R + Send>(
    opts: Options,
    f: F,
) -> Result<Recorded<R>, (WorkspanError, F)> {
    if stack::recording() {
        return Ok(record_here(opts, f));
    }
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "conpar-workspan".to_string())
        .build()
    {
        Ok(p) => p,
        Err(e) => return Err((WorkspanError::Pool(e.to_string()), f)),
    };
    ACTIVE.fetch_add(1, Ordering::Relaxed);
    let _active = Active;
    Ok(pool.install(|| record_here(opts, f)))
}

/// Counts one measurement running until dropped.
struct Active;

impl Drop for Active {
    fn drop(&mut self) {
        ACTIVE.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Runs `f` on this thread with a fresh recorder, then puts back the one
/// it replaced.
fn record_here<R>(opts: Options, f: impl FnOnce() -> R) -> Recorded<R> {
    let outer = stack::install(opts);
    stack::resume();
    let value = catch_unwind(AssertUnwindSafe(f));
    let (poisoned, mixed) = (stack::poisoned(), stack::mixed());
    let (profile, graph) = match stack::uninstall(outer) {
        Some((p, g)) => (Some(p), g),
        None => (None, Graph::default()),
    };
    let profile = match (&value, profile) {
        (Err(p), _) => Err(WorkspanError::Panicked {
            message: panic_message(p.as_ref()),
        }),
        (Ok(_), None) if mixed && !poisoned => Err(WorkspanError::MixedClocks),
        (Ok(_), None) => Err(WorkspanError::Panicked {
            message: if poisoned {
                "a panic unwound through a measured strand and was caught inside the region".into()
            } else {
                "the record of joins and scopes did not close in order".into()
            },
        }),
        (Ok(_), Some(p)) if p.work == 0 => Err(WorkspanError::NothingRecorded),
        (Ok(_), Some(p)) => Ok(p),
    };
    Recorded {
        value,
        profile,
        graph,
    }
}

/// A panic payload's message, cut to 500 characters.
pub(super) fn panic_message(p: &(dyn Any + Send)) -> String {
    let s = if let Some(s) = p.downcast_ref::<&str>() {
        s
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.as_str()
    } else {
        "a panic with a payload that is not a string"
    };
    s.chars().take(500).collect()
}
