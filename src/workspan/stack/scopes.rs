//! A scope's frames on the shadow stack: a scope opens a frame of its own;
//! a spawn starts at the spawn point (plus the burden on the burdened
//! track) and records a spawn node; its body, run later, folds its end into
//! the scope's longest child; the scope ends at the later of its
//! continuation and that child.

use super::super::graph::{NIL, Node};
use super::{Child, Frame, Pos, with};

/// Ends the strand and opens a scope's frame; returns its id, or `None`
/// when this thread is not recording.
pub(in crate::workspan) fn begin_scope() -> Option<u64> {
    with(|r| {
        r.end_strand();
        let id = r.next_scope;
        r.next_scope += 1;
        let at = r.top().at();
        let mut f = Frame::new(at);
        f.scope = Some((id, at, r.graph.open_scope()));
        r.frames.push(f);
        id
    })
}

/// Closes scope `id`: it ends at the later of its continuation and its
/// longest spawned child, and its parent goes on from there.
pub(in crate::workspan) fn end_scope(id: u64) {
    with(|r| {
        let f = r.frames.pop();
        let Some((f, (_, end, gid))) =
            f.and_then(|f| f.scope.filter(|s| s.0 == id).map(|s| (f, s)))
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
        r.push(Node::Scope {
            id: gid,
            body: f.series.head,
        });
        r.start_strand();
    });
}

/// Where a spawn into scope `id` starts: the running strand ended here, the
/// burden added on the burdened track; with the spawn's node in the graph
/// (`NIL` past the bound).
pub(in crate::workspan) fn spawn_point(id: u64) -> Option<(Pos, u32)> {
    with(|r| {
        r.end_strand();
        let at = r.top().at();
        let gid = r
            .frames
            .iter()
            .rev()
            .find_map(|f| f.scope.filter(|s| s.0 == id));
        let node = match gid {
            Some((_, _, scope)) => r.push(Node::Spawn { scope, body: NIL }),
            None => {
                r.graph.abandon();
                None
            }
        };
        let pos = Pos {
            span: at.span,
            burdened: at.burdened.saturating_add(r.opts.burden),
        };
        (pos, node.unwrap_or(NIL))
    })
}

/// Folds a spawned body that started at `start` and did `c` into scope
/// `id`'s frame, and into its spawn's node `node` of the graph.
pub(in crate::workspan) fn fold_spawn(id: u64, start: Pos, node: u32, c: Child) {
    with(|r| {
        r.graph.set_body(node, c.head);
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
        if let Some((_, end, _)) = f.scope.as_mut() {
            end.span = end.span.max(start.span.saturating_add(c.span));
            end.burdened = end.burdened.max(start.burdened.saturating_add(c.burdened));
        }
    });
}
