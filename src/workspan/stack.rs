//! The shadow stack: one per measuring thread, a frame per strand sequence
//! (the measured region, each side of a join, each spawned body, each
//! scope), composing work and span as Cilkscale does.
//!
//! Positions are kept on two tracks, the span and the burdened span, each
//! measured from the region's start: a frame knows where on each track it
//! started and how far it has come since. A join's two sides start where the
//! join was called; the parent goes on by the longer side (plus the burden
//! on the burdened track). A scope spawn starts at the spawn point (plus the
//! burden on the burdened track), runs later, at the scope's end, and folds
//! its end into the scope's longest child; the scope then ends at the later
//! of its continuation and that child. Frames are pushed and popped as the
//! call stack enters and leaves the wrappers, so the frame on top is always
//! the one whose code is running.

use super::clock::Strand;
use super::profile::{Clock, Options, Profile};
use std::cell::RefCell;

/// A position on the span and burdened-span tracks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Pos {
    pub span: u64,
    pub burdened: u64,
}

/// What a finished frame hands its parent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Child {
    pub work: u64,
    /// Relative to the frame's start, as is `burdened`.
    pub span: u64,
    pub burdened: u64,
    pub spawns: u64,
}

struct Frame {
    start: Pos,
    done: Child,
    /// For a scope's frame: its id and the furthest end of a spawned child.
    scope: Option<(u64, Pos)>,
}

impl Frame {
    fn new(start: Pos) -> Frame {
        Frame {
            start,
            done: Child::default(),
            scope: None,
        }
    }

    fn at(&self) -> Pos {
        Pos {
            span: self.start.span + self.done.span,
            burdened: self.start.burdened + self.done.burdened,
        }
    }

    /// Runs `c` after what this frame has done so far.
    fn then(&mut self, c: Child) {
        let d = &mut self.done;
        d.work = d.work.saturating_add(c.work);
        d.span = d.span.saturating_add(c.span);
        d.burdened = d.burdened.saturating_add(c.burdened);
        d.spawns = d.spawns.saturating_add(c.spawns);
    }
}

/// One measuring thread's record.
pub(super) struct Recorder {
    opts: Options,
    frames: Vec<Frame>,
    strand: Strand,
    next_scope: u64,
    /// A frame was left or found out of order (a panic unwound through it).
    poisoned: bool,
    /// A region measured with the other clock ran inside this one.
    mixed: bool,
}

thread_local! {
    static REC: RefCell<Option<Recorder>> = const { RefCell::new(None) };
}

/// Runs `f` on this thread's recorder, if it has one.
fn with<T>(f: impl FnOnce(&mut Recorder) -> T) -> Option<T> {
    REC.try_with(|r| r.borrow_mut().as_mut().map(f))
        .ok()
        .flatten()
}

/// Whether this thread is recording.
pub(super) fn recording() -> bool {
    REC.try_with(|r| r.borrow().is_some()).unwrap_or(false)
}

/// Installs a fresh recorder with one root frame and returns the one it
/// replaces (a region being measured around this one), its strand ended.
pub(super) fn install(opts: Options) -> Option<Recorder> {
    let fresh = Recorder {
        opts,
        frames: vec![Frame::new(Pos::default())],
        strand: Strand::new(opts.clock),
        next_scope: 0,
        poisoned: false,
        mixed: false,
    };
    let mut old = REC.with(|r| r.borrow_mut().replace(fresh));
    if let Some(o) = old.as_mut() {
        o.end_strand();
    }
    old
}

/// Removes this thread's recorder, putting `outer` back, and returns the
/// profile of the region it recorded; `None` when the record is unbalanced.
pub(super) fn uninstall(outer: Option<Recorder>) -> Option<Profile> {
    let rec = REC.with(|r| std::mem::replace(&mut *r.borrow_mut(), outer))?;
    let profile = rec.profile();
    with(|o| {
        // A region measured inside another is part of the outer one's
        // strand: its work and span run there, one after the other. One
        // that left no profile leaves the outer one without its part.
        match profile {
            Some(p) if p.clock == o.opts.clock => o.top().then(Child {
                work: p.work,
                span: p.span,
                burdened: p.burdened_span,
                spawns: p.spawns,
            }),
            Some(_) => o.mixed = true,
            None => o.poisoned = true,
        }
        o.start_strand();
    });
    profile
}

impl Recorder {
    fn top(&mut self) -> &mut Frame {
        let n = self.frames.len();
        &mut self.frames[n - 1]
    }

    fn end_strand(&mut self) {
        let d = self.strand.end();
        let f = self.top();
        f.then(Child {
            work: d,
            span: d,
            burdened: d,
            spawns: 0,
        });
    }

    fn start_strand(&mut self) {
        self.strand.start();
    }

    fn profile(mut self) -> Option<Profile> {
        self.end_strand();
        if self.poisoned || self.mixed || self.frames.len() != 1 {
            return None;
        }
        let d = self.frames[0].done;
        Some(Profile {
            clock: self.opts.clock,
            work: d.work,
            span: d.span,
            burdened_span: d.burdened,
            burden: self.opts.burden,
            spawns: d.spawns,
            regions: 1,
        })
    }
}

/// Adds `units` to the running strand under the virtual clock.
pub(super) fn work(units: u64) {
    with(|r| {
        if r.opts.clock == Clock::Virtual {
            r.top().then(Child {
                work: units,
                span: units,
                burdened: units,
                spawns: 0,
            });
        }
    });
}

/// Ends the running strand at a fork and returns where it ended; `None`
/// when this thread is not recording.
pub(super) fn fork_point() -> Option<Pos> {
    with(|r| {
        r.end_strand();
        r.top().at()
    })
}

/// Starts the strand after a fork or a spawn.
pub(super) fn resume() {
    with(Recorder::start_strand);
}

/// Marks the record unbalanced: a panic unwound through a frame.
pub(super) fn poison() {
    with(|r| r.poisoned = true);
}

/// Whether a panic unwound through a frame of this record.
pub(super) fn poisoned() -> bool {
    with(|r| r.poisoned).unwrap_or(false)
}

/// Whether a region measured with the other clock ran inside this one.
pub(super) fn mixed() -> bool {
    with(|r| r.mixed).unwrap_or(false)
}

/// Runs `f` as a child frame starting at `start`, returning what it did.
/// On a thread that is not recording, `f` runs alone and nothing is
/// recorded.
pub(super) fn run_child<R>(start: Pos, f: impl FnOnce() -> R) -> (R, Child) {
    let Some((depth, was_running)) = with(|r| {
        let was_running = r.strand.running();
        r.end_strand();
        r.frames.push(Frame::new(start));
        r.start_strand();
        (r.frames.len(), was_running)
    }) else {
        return (f(), Child::default());
    };
    let guard = PoisonOnUnwind;
    let value = f();
    std::mem::forget(guard);
    let child = with(|r| {
        r.end_strand();
        if r.frames.len() != depth {
            r.poisoned = true;
            r.frames.truncate(depth);
        }
        let done = r.frames.pop().map(|f| f.done).unwrap_or_default();
        if was_running {
            r.start_strand();
        }
        done
    });
    (value, child.unwrap_or_default())
}

/// Marks the record unbalanced when dropped, which happens only while a
/// panic unwinds through a measured frame (it is forgotten otherwise).
pub(super) struct PoisonOnUnwind;

impl Drop for PoisonOnUnwind {
    fn drop(&mut self) {
        poison();
    }
}

/// After a join whose sides did `a` and `b`: the parent goes on by the
/// longer side, plus the burden on the burdened track.
pub(super) fn after_join(a: Child, b: Child) {
    with(|r| {
        let burden = r.opts.burden;
        r.top().then(Child {
            work: a.work.saturating_add(b.work),
            span: a.span.max(b.span),
            burdened: a.burdened.max(b.burdened).saturating_add(burden),
            spawns: 1 + a.spawns + b.spawns,
        });
        r.start_strand();
    });
}

/// Ends the strand and opens a scope's frame; returns its id, or `None`
/// when this thread is not recording.
pub(super) fn begin_scope() -> Option<u64> {
    with(|r| {
        r.end_strand();
        let id = r.next_scope;
        r.next_scope += 1;
        let at = r.top().at();
        let mut f = Frame::new(at);
        f.scope = Some((id, at));
        r.frames.push(f);
        id
    })
}

/// Ends the strand of a scope's continuation.
pub(super) fn end_strand() {
    with(Recorder::end_strand);
}

/// Closes scope `id`: it ends at the later of its continuation and its
/// longest spawned child, and its parent goes on from there.
pub(super) fn end_scope(id: u64) {
    with(|r| {
        let f = r.frames.pop();
        let Some((f, (_, end))) = f.and_then(|f| f.scope.filter(|s| s.0 == id).map(|s| (f, s)))
        else {
            r.poisoned = true;
            return;
        };
        let at = f.at();
        let span = at.span.max(end.span) - f.start.span;
        let burdened = at.burdened.max(end.burdened) - f.start.burdened;
        r.top().then(Child {
            span,
            burdened,
            ..f.done
        });
        r.start_strand();
    });
}

/// Where a spawn into a scope starts: the running strand ended here, the
/// burden added on the burdened track.
pub(super) fn spawn_point() -> Option<Pos> {
    with(|r| {
        r.end_strand();
        let at = r.top().at();
        Pos {
            span: at.span,
            burdened: at.burdened.saturating_add(r.opts.burden),
        }
    })
}

/// Folds a spawned body that started at `start` and did `c` into scope
/// `id`'s frame.
pub(super) fn fold_spawn(id: u64, start: Pos, c: Child) {
    with(|r| {
        let frame = r
            .frames
            .iter_mut()
            .rev()
            .find(|f| f.scope.is_some_and(|s| s.0 == id));
        let Some(f) = frame else {
            r.poisoned = true;
            return;
        };
        f.done.work = f.done.work.saturating_add(c.work);
        f.done.spawns = f.done.spawns.saturating_add(1 + c.spawns);
        if let Some((_, end)) = f.scope.as_mut() {
            end.span = end.span.max(start.span.saturating_add(c.span));
            end.burdened = end.burdened.max(start.burdened.saturating_add(c.burdened));
        }
    });
}
