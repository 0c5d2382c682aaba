//! The fork-join graph recorded while measuring: every strand with its
//! length, every join with its two sides, every scope with its body and the
//! spawns made into it, in the order they ran on the one worker. It is kept
//! as series of nodes (a node's `next` is what followed it in its frame), so
//! recording a node is one push onto a vector. At most [`MAX_NODES`] nodes
//! are kept: past that, recording stops and the graph says so
//! ([`Graph::complete`]); the profile is still exact, and a prediction made
//! from it falls back to Brent's bound.
//!
//! [`Graph::simulate`] runs the graph on P simulated workers the way rayon
//! schedules it (`sim.rs`).

mod sim;

pub use sim::{SimError, SimOptions, Simulated};

/// Most nodes one measurement records (strands, joins, scopes, spawns).
pub const MAX_NODES: usize = 1 << 20;

/// No node: the end of a series, or a side that did nothing.
pub(crate) const NIL: u32 = u32::MAX;

/// One node of the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Node {
    /// A strand of this length (ns, or units of the virtual clock).
    Strand(u64),
    /// `join(a, b)`: the first nodes of its two sides.
    Join { a: u32, b: u32 },
    /// `scope(|s| body)`: the scope's id and the first node of its body.
    Scope { id: u32, body: u32 },
    /// `s.spawn(body)` into scope `scope`: the first node of the body.
    Spawn { scope: u32, body: u32 },
}

#[derive(Clone, Copy, Debug)]
struct Slot {
    node: Node,
    next: u32,
}

/// A series of nodes being recorded: its first and last node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Series {
    pub head: u32,
    pub tail: u32,
}

impl Default for Series {
    fn default() -> Series {
        Series {
            head: NIL,
            tail: NIL,
        }
    }
}

/// A recorded fork-join graph.
#[derive(Clone, Debug)]
pub struct Graph {
    slots: Vec<Slot>,
    /// The first node of the region's own series.
    root: u32,
    /// Scopes opened (ids run from 0).
    scopes: u32,
    /// More than [`MAX_NODES`] nodes ran: recording stopped.
    overflow: bool,
}

impl Default for Graph {
    /// No graph: not [`complete`](Graph::complete).
    fn default() -> Graph {
        Graph::new()
    }
}

impl Graph {
    /// An empty graph to record into.
    pub(crate) fn new() -> Graph {
        Graph {
            slots: Vec::new(),
            root: NIL,
            scopes: 0,
            overflow: false,
        }
    }

    /// Nodes recorded.
    pub fn nodes(&self) -> usize {
        self.slots.len()
    }

    /// Whether every node that ran was recorded (false past [`MAX_NODES`],
    /// or when no graph was recorded at all).
    pub fn complete(&self) -> bool {
        !self.overflow && self.root != NIL
    }

    /// The sum of every strand.
    pub fn work(&self) -> u64 {
        self.slots
            .iter()
            .map(|s| match s.node {
                Node::Strand(d) => d,
                _ => 0,
            })
            .fold(0u64, u64::saturating_add)
    }

    pub(crate) fn node(&self, i: u32) -> (Node, u32) {
        let s = self.slots[i as usize];
        (s.node, s.next)
    }

    pub(crate) fn root(&self) -> u32 {
        self.root
    }

    pub(crate) fn scopes(&self) -> u32 {
        self.scopes
    }

    /// A new scope's id.
    pub(crate) fn open_scope(&mut self) -> u32 {
        self.scopes = self.scopes.saturating_add(1);
        self.scopes - 1
    }

    /// Appends `node` to `series`; returns its index, `None` past the bound.
    pub(crate) fn push(&mut self, series: &mut Series, node: Node) -> Option<u32> {
        if let (Node::Strand(d), Some(last)) = (node, self.slots.get_mut(series.tail as usize))
            && let Node::Strand(e) = &mut last.node
        {
            *e = e.saturating_add(d);
            return Some(series.tail);
        }
        if self.overflow || self.slots.len() >= MAX_NODES {
            self.overflow = true;
            return None;
        }
        let i = self.slots.len() as u32;
        self.slots.push(Slot { node, next: NIL });
        self.link(series, i, i);
        Some(i)
    }

    fn link(&mut self, series: &mut Series, head: u32, tail: u32) {
        match self.slots.get_mut(series.tail as usize) {
            Some(last) => last.next = head,
            None => series.head = head,
        }
        series.tail = tail;
    }

    /// Sets the body of the spawn at `at` (a side's or body's first node).
    pub(crate) fn set_body(&mut self, at: u32, body: u32) {
        if let Some(Slot {
            node: Node::Spawn { body: b, .. },
            ..
        }) = self.slots.get_mut(at as usize)
        {
            *b = body;
        }
    }

    /// Ends the recording: `root` is the region's series.
    pub(crate) fn finish(&mut self, root: Series) {
        self.root = root.head;
    }

    /// Appends graph `inner` (a region measured inside this one) to
    /// `series`, its nodes and scope ids moved past this graph's own.
    pub(crate) fn graft(&mut self, series: &mut Series, inner: &Graph, inner_tail: u32) {
        if !inner.complete() || self.slots.len() + inner.slots.len() > MAX_NODES {
            self.overflow = true;
            return;
        }
        let (off, scope_off) = (self.slots.len() as u32, self.scopes);
        let mv = |i: u32| if i == NIL { NIL } else { i + off };
        self.slots.extend(inner.slots.iter().map(|s| Slot {
            node: match s.node {
                Node::Strand(d) => Node::Strand(d),
                Node::Join { a, b } => Node::Join { a: mv(a), b: mv(b) },
                Node::Scope { id, body } => Node::Scope {
                    id: id + scope_off,
                    body: mv(body),
                },
                Node::Spawn { scope, body } => Node::Spawn {
                    scope: scope + scope_off,
                    body: mv(body),
                },
            },
            next: mv(s.next),
        }));
        self.scopes += inner.scopes;
        self.link(series, mv(inner.root), mv(inner_tail));
    }

    /// Marks the graph incomplete: recording could not follow the program.
    pub(crate) fn abandon(&mut self) {
        self.overflow = true;
    }
}

#[cfg(test)]
mod tests;
