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

mod scopes;

pub(super) use scopes::{begin_scope, end_scope, fold_spawn, spawn_point};

use super::clock::Strand;
use super::graph::{Graph, NIL, Node, Series};
use super::profile::{Clock, Options, Profile};
use std::cell::RefCell;

/// A position on the span and burdened-span tracks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Pos {
    pub span: u64,
    pub burdened: u64,
}

/// What a finished frame hands its parent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Child {
    pub work: u64,
    /// Relative to the frame's start, as is `burdened`.
    pub span: u64,
    pub burdened: u64,
    pub spawns: u64,
    /// The first node of its series in the graph.
    pub head: u32,
}

impl Default for Child {
    fn default() -> Child {
        Child {
            work: 0,
            span: 0,
            burdened: 0,
            spawns: 0,
            head: NIL,
        }
    }
}

impl Child {
    /// A child of these figures, with no series of its own.
    fn of(work: u64, span: u64, burdened: u64, spawns: u64) -> Child {
        Child {
            work,
            span,
            burdened,
            spawns,
            head: NIL,
        }
    }
}

struct Frame {
    start: Pos,
    done: Child,
    /// The frame's series of nodes in the graph.
    series: Series,
    /// For a scope's frame: its id, the furthest end of a spawned child and
    /// its id in the graph.
    scope: Option<(u64, Pos, u32)>,
}

impl Frame {
    fn new(start: Pos) -> Frame {
        Frame {
            start,
            done: Child::default(),
            series: Series::default(),
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
    /// The fork-join graph so far.
    graph: Graph,
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
        graph: Graph::new(),
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
pub(super) fn uninstall(outer: Option<Recorder>) -> Option<(Profile, Graph)> {
    let rec = REC.with(|r| std::mem::replace(&mut *r.borrow_mut(), outer))?;
    let (profile, graph, tail) = rec.profile()?;
    with(|o| {
        // A region measured inside another is part of the outer one's
        // strand: its work and span run there, one after the other, and
        // its graph goes on the outer one's series. One that left no
        // profile leaves the outer one without its part.
        match profile {
            Some(p) if p.clock == o.opts.clock => {
                o.top()
                    .then(Child::of(p.work, p.span, p.burdened_span, p.spawns));
                let n = o.frames.len();
                o.graph.graft(&mut o.frames[n - 1].series, &graph, tail);
            }
            Some(_) => o.mixed = true,
            None => o.poisoned = true,
        }
        o.start_strand();
    });
    profile.map(|p| (p, graph))
}

impl Recorder {
    fn top(&mut self) -> &mut Frame {
        let n = self.frames.len();
        &mut self.frames[n - 1]
    }

    fn end_strand(&mut self) {
        let d = self.strand.end();
        self.strand_of(d);
    }

    /// Adds a strand of `d` to the top frame and its series.
    fn strand_of(&mut self, d: u64) {
        if d == 0 {
            return;
        }
        self.top().then(Child::of(d, d, d, 0));
        self.push(Node::Strand(d));
    }

    /// Appends `node` to the top frame's series; its index, `None` past
    /// the bound.
    fn push(&mut self, node: Node) -> Option<u32> {
        let n = self.frames.len();
        self.graph.push(&mut self.frames[n - 1].series, node)
    }

    fn start_strand(&mut self) {
        self.strand.start();
    }

    /// The profile (none when the record is unbalanced), the graph and the
    /// last node of its root series; `None` when there was no frame.
    fn profile(mut self) -> Option<(Option<Profile>, Graph, u32)> {
        self.end_strand();
        let root = self.frames.first()?.series;
        self.graph.finish(root);
        if self.poisoned || self.mixed || self.frames.len() != 1 {
            return Some((None, self.graph, root.tail));
        }
        let d = self.frames[0].done;
        let p = Profile {
            clock: self.opts.clock,
            work: d.work,
            span: d.span,
            burdened_span: d.burdened,
            burden: self.opts.burden,
            spawns: d.spawns,
            regions: 1,
        };
        Some((Some(p), self.graph, root.tail))
    }
}

/// Adds `units` to the running strand under the virtual clock.
pub(super) fn work(units: u64) {
    with(|r| {
        if r.opts.clock == Clock::Virtual {
            r.strand_of(units);
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
        let done = r
            .frames
            .pop()
            .map(|f| Child {
                head: f.series.head,
                ..f.done
            })
            .unwrap_or_default();
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
        r.top().then(Child::of(
            a.work.saturating_add(b.work),
            a.span.max(b.span),
            a.burdened.max(b.burdened).saturating_add(burden),
            1 + a.spawns + b.spawns,
        ));
        r.push(Node::Join {
            a: a.head,
            b: b.head,
        });
        r.start_strand();
    });
}

/// Ends the strand of a scope's continuation.
pub(super) fn end_strand() {
    with(Recorder::end_strand);
}
