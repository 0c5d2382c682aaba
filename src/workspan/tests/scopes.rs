//! Scopes under the virtual clock: uneven spawns, a join inside a scope, a
//! spawn from inside a join, a scope inside a join, spawns from spawns.

use super::{virt, wsbs};
use crate::workspan::{join, scope, work};

const B: u64 = 100;

#[test]
fn a_scope_ends_with_its_longest_spawn() {
    let (_, p) = virt(B, || {
        work(1);
        scope(|s| {
            work(2);
            s.spawn(|_| work(10)); // starts at 2, ends at 12
            work(3);
            s.spawn(|_| work(4)); // starts at 5, ends at 9
            work(1); // continuation: 6
        });
        work(1);
    });
    // 1 + max(6, 12) + 1; burdened: 1 + (2 + B + 10) + 1.
    assert_eq!(wsbs(&p), (22, 14, 14 + B, 2));
}

#[test]
fn a_scope_ends_with_its_continuation_when_longer() {
    let (_, p) = virt(B, || {
        scope(|s| {
            s.spawn(|_| work(3));
            work(8);
        })
    });
    // Span max(8, 3); burdened max(8, B + 3).
    assert_eq!(wsbs(&p), (11, 8, B + 3, 1));
}

#[test]
fn a_spawn_after_a_join_starts_after_the_join() {
    let (_, p) = virt(B, || {
        scope(|s| {
            join(|| work(7), || work(2));
            s.spawn(|_| work(5)); // starts at 7
            work(1);
        })
    });
    // Continuation 7 + 1 = 8; spawn 7 + 5 = 12. Burdened: the join's and
    // the spawn's burden are both on the path: 7 + B + B + 5.
    assert_eq!(wsbs(&p), (15, 12, 12 + 2 * B, 2));
}

#[test]
fn a_spawn_from_inside_a_join_starts_where_it_was_made() {
    let (_, p) = virt(B, || {
        scope(|s| {
            work(1);
            join(
                || {
                    work(2);
                    s.spawn(|_| work(10)); // starts at 1 + 2 = 3
                    work(1);
                },
                || work(5),
            );
            work(1); // continuation: 1 + max(3, 5) + 1 = 7
        })
    });
    // Span max(7, 13); burdened: the spawn's path 1 + 2 + B + 10 against
    // the continuation's 1 + 5 + B + 1.
    assert_eq!(wsbs(&p), (20, 13, 13 + B, 2));
}

#[test]
fn a_scope_inside_a_join_is_one_side() {
    let (_, p) = virt(B, || {
        join(
            || {
                scope(|s| {
                    s.spawn(|_| work(6));
                    work(2);
                })
            },
            || work(4),
        )
    });
    // Left: max(2, 6) = 6, burdened max(2, B + 6); right 4. Join: 6, and
    // burdened (B + 6) + B.
    assert_eq!(wsbs(&p), (12, 6, 6 + 2 * B, 2));
}

#[test]
fn a_spawn_from_a_spawned_body_starts_inside_that_body() {
    let (_, p) = virt(B, || {
        scope(|s| {
            work(1);
            s.spawn(|s| {
                // starts at 1
                work(2);
                s.spawn(|_| work(3)); // starts at 3, ends at 6
                work(1); // ends at 4
            });
            work(1); // continuation: 2
        })
    });
    // Burdened: the inner spawn's path 1 + B + 2 + B + 3.
    assert_eq!(wsbs(&p), (8, 6, 6 + 2 * B, 2));
}

#[test]
fn scopes_return_values_and_run_every_spawn() {
    use std::sync::atomic::{AtomicU64, Ordering};
    let sum = AtomicU64::new(0);
    let (v, p) = virt(0, || {
        scope(|s| {
            for i in 1..=10 {
                let sum = &sum;
                s.spawn(move |_| {
                    work(i);
                    sum.fetch_add(i, Ordering::Relaxed);
                });
            }
            "done"
        })
    });
    assert_eq!((v, sum.into_inner()), ("done", 55));
    // Every spawn starts at 0: span is the longest, 10.
    assert_eq!(wsbs(&p), (55, 10, 10, 10));
}
