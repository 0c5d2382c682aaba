//! `rayon::scope` and its spawns, recorded: a spawn starts at the spawn
//! point, its body runs later (on one worker, at the scope's end) as a child
//! frame and folds its end into the scope's longest child.

use super::{on, stack};

/// A rayon scope whose spawns are recorded while measuring.
pub struct Scope<'scope> {
    /// The rayon scope this wraps. A pointer because a `&rayon::Scope`
    /// handed to a closure lives shorter than `'scope`, and rayon's scope
    /// is invariant in `'scope`; every `Scope` is made on the stack of the
    /// closure that received that reference and handed out only by
    /// reference, so the pointer is valid for as long as the `Scope` can be
    /// reached (as rayon's own `&Scope` is).
    inner: *const rayon::Scope<'scope>,
    /// The scope's frame while measuring.
    id: Option<u64>,
}

// SAFETY: `Scope` only holds a pointer to a `rayon::Scope`, which is `Send`
// and `Sync`, valid for as long as the `Scope` is reachable (see `inner`).
unsafe impl Send for Scope<'_> {}
// SAFETY: as above; `spawn` only calls `rayon::Scope::spawn`, which takes
// `&self`.
unsafe impl Sync for Scope<'_> {}

/// `rayon::scope`, recorded when this thread is being measured: the scope
/// ends at the later of its continuation and its longest spawned child.
pub fn scope<'scope, OP, R>(op: OP) -> R
where
    OP: FnOnce(&Scope<'scope>) -> R + Send,
    R: Send,
{
    let id = if on() { stack::begin_scope() } else { None };
    let guard = id.map(|_| stack::PoisonOnUnwind);
    let r = rayon::scope(|rs| {
        let ws = Scope {
            inner: rs as *const rayon::Scope<'scope>,
            id,
        };
        if id.is_some() {
            stack::resume();
        }
        let r = op(&ws);
        if id.is_some() {
            stack::end_strand();
        }
        r
    });
    std::mem::forget(guard);
    if let Some(id) = id {
        stack::end_scope(id);
    }
    r
}

impl<'scope> Scope<'scope> {
    /// `rayon::Scope::spawn`, recorded while measuring.
    pub fn spawn<BODY>(&self, body: BODY)
    where
        BODY: FnOnce(&Scope<'scope>) + Send + 'scope,
    {
        // SAFETY: see `inner`: `self` is reachable, so the scope is alive.
        let rs = unsafe { &*self.inner };
        let Some((id, (start, node))) = self.id.and_then(|id| Some((id, stack::spawn_point(id)?)))
        else {
            rs.spawn(move |rs| {
                body(&Scope {
                    inner: rs as *const rayon::Scope<'scope>,
                    id: None,
                })
            });
            return;
        };
        rs.spawn(move |rs| {
            let ws = Scope {
                inner: rs as *const rayon::Scope<'scope>,
                id: Some(id),
            };
            let ((), child) = stack::run_child(start, || body(&ws));
            stack::fold_spawn(id, start, node, child);
        });
        stack::resume();
    }
}
