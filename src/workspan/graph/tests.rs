//! The recorded graph and its simulated schedules on hand-computed
//! programs under the virtual clock; random trees are in
//! `workspan::tests::schedule`.

use super::{Graph, SimError, SimOptions, Simulated};
use crate::workspan::{Clock, Options, Profile, Scope, join, measure_with, scope, work};

/// Runs `f` under the virtual clock with `burden`; its profile and graph.
fn record(burden: u64, f: impl FnOnce() + Send) -> (Profile, Graph) {
    let m = measure_with(
        Options {
            clock: Clock::Virtual,
            burden,
        },
        f,
    )
    .expect("measured");
    (m.profile, m.graph)
}

fn sim(g: &Graph, workers: usize, burden: u64) -> Simulated {
    g.simulate(SimOptions {
        workers,
        burden,
        slowdown: 1.0,
    })
    .expect("simulated")
}

fn time(g: &Graph, workers: usize, burden: u64) -> u64 {
    sim(g, workers, burden).time
}

#[test]
fn a_chain_does_not_speed_up() {
    let (p, g) = record(0, || {
        work(5);
        join(|| work(3), || ());
        work(2);
    });
    assert_eq!((p.work, p.span), (10, 10));
    assert!(g.complete());
    assert_eq!(g.work(), 10);
    for workers in [1, 2, 4] {
        assert_eq!(time(&g, workers, 0), 10, "P = {workers}");
    }
}

#[test]
fn one_join_of_two_units_takes_one_or_the_burden_more() {
    let (_, g) = record(0, || {
        join(|| work(1), || work(1));
    });
    assert_eq!(time(&g, 1, 0), 2);
    // The second worker steals b at once.
    assert_eq!(
        sim(&g, 2, 0),
        Simulated {
            time: 1,
            work: 2,
            steals: 1
        }
    );
    // The thief pays 3 before b starts: 3 + 1.
    assert_eq!(time(&g, 2, 3), 4);
}

/// fib with one unit at every call, as in the profile's tests.
fn fib(n: u64) -> u64 {
    work(1);
    if n < 2 {
        return n;
    }
    let (a, b) = join(|| fib(n - 1), || fib(n - 2));
    a + b
}

#[test]
fn fib_at_two_workers_lies_between_the_bounds() {
    // fib(10): work 177 (89 leaves, 88 joins), span 10.
    let (p, g) = record(0, || {
        fib(10);
    });
    assert_eq!((p.work, p.span), (177, 10));
    assert_eq!(time(&g, 1, 0), 177);
    let t2 = time(&g, 2, 0);
    // T1/2 = 88.5 ≤ T2 ≤ (177 − 10)/2 + 10 = 93.5.
    assert!((89..=93).contains(&t2), "{t2}");
    let t4 = time(&g, 4, 0);
    // T1/4 = 44.25 ≤ T4 ≤ 167/4 + 10 = 51.75.
    assert!((45..=51).contains(&t4), "{t4}");
}

#[test]
fn uneven_spawns_are_scheduled_greedily_not_optimally() {
    // Spawns of 4, 3, 3 and 2 units, no continuation. At P = 2 the owner
    // pops its newest (2, then 3) while the thief takes the oldest (4, then
    // the other 3 at 4): 4 + 3 = 7, where the best split gives 6 and
    // Brent's bound (12 − 4)/2 + 4 = 8.
    let (p, g) = record(0, || {
        scope(|s: &Scope| {
            for w in [4, 3, 3, 2] {
                s.spawn(move |_| work(w));
            }
        })
    });
    assert_eq!((p.work, p.span), (12, 4));
    assert_eq!(time(&g, 1, 0), 12);
    assert_eq!(
        sim(&g, 2, 0),
        Simulated {
            time: 7,
            work: 12,
            steals: 2
        }
    );
    // Four workers: each spawn on its own, the longest bounds it.
    assert_eq!(time(&g, 4, 0), 4);
}

#[test]
fn a_long_spawn_and_a_short_continuation_end_with_the_spawn() {
    // Spawns of 5, 1 and 1 unit, then 1 unit of continuation. The thief
    // takes the 5 at once; the owner runs its 1, then the two 1s: T2 = 5.
    let (_, g) = record(0, || {
        scope(|s: &Scope| {
            for w in [5, 1, 1] {
                s.spawn(move |_| work(w));
            }
            work(1);
        })
    });
    assert_eq!(time(&g, 2, 0), 5);
}

/// Quicksort's shape: a serial partition of n units, then the two halves.
fn quick(n: u64) {
    work(n);
    if n > 1 {
        join(|| quick(n / 2), || quick(n / 2));
    }
}

#[test]
fn a_quicksort_shape_beats_brents_bound() {
    // n = 8: work 8 + 2·4 + 4·2 + 8·1 = 32, span 8 + 4 + 2 + 1 = 15. After
    // the first partition each worker sorts one half (12 units): 8 + 12 =
    // 20, where Brent's bound is (32 − 15)/2 + 15 = 23.5.
    let (p, g) = record(0, || quick(8));
    assert_eq!((p.work, p.span), (32, 15));
    assert_eq!(time(&g, 2, 0), 20);
    assert_eq!(time(&g, 1, 0), 32);
}

#[test]
fn a_slowdown_stretches_every_strand() {
    let (_, g) = record(0, || quick(8));
    let s = g
        .simulate(SimOptions {
            workers: 2,
            burden: 0,
            slowdown: 1.5,
        })
        .unwrap();
    // Strands of 8, 4, 2 and 1 become 12, 6, 3 and 2 (1.5 rounded): work
    // 12 + 2·6 + 4·3 + 8·2 = 52, and 12 + (6 + 2·3 + 4·2) = 32 at P = 2.
    assert_eq!((s.time, s.work), (32, 52));
}

#[test]
fn nested_regions_are_grafted_into_the_outer_graph() {
    let (p, g) = record(0, || {
        work(2);
        let inner = measure_with(
            Options {
                clock: Clock::Virtual,
                burden: 0,
            },
            || {
                scope(|s: &Scope| s.spawn(|_| work(4)));
                join(|| work(3), || work(3));
            },
        )
        .unwrap();
        assert_eq!(inner.graph.work(), 10);
        join(|| work(1), || work(1));
    });
    assert_eq!((p.work, p.span), (14, 2 + 4 + 3 + 1));
    assert!(g.complete());
    assert_eq!(g.work(), 14);
    assert_eq!(time(&g, 1, 0), 14);
    assert_eq!(time(&g, 2, 0), 10);
}

#[test]
fn options_and_an_empty_graph_are_refused() {
    let (_, g) = record(0, || work(1));
    let bad = |workers, slowdown| {
        g.simulate(SimOptions {
            workers,
            burden: 0,
            slowdown,
        })
    };
    assert_eq!(bad(0, 1.0), Err(SimError::Options));
    assert_eq!(bad(1, f64::NAN), Err(SimError::Options));
    assert_eq!(bad(1, 0.0), Err(SimError::Options));
    assert_eq!(
        Graph::default().simulate(SimOptions {
            workers: 1,
            burden: 0,
            slowdown: 1.0
        }),
        Err(SimError::Incomplete)
    );
}

#[test]
fn a_spawn_made_by_a_spawned_body_is_stolen_when_pushed() {
    // The thief takes the body at once: 2 units, then it pushes a spawn of
    // 3 and runs its last unit; the owner, done with its 1 unit and idle,
    // steals the 3 as soon as it is pushed, at 2: T2 = 2 + 3 = 5, the span.
    let (p, g) = record(0, || {
        scope(|s: &Scope| {
            s.spawn(|s| {
                work(2);
                s.spawn(|_| work(3));
                work(1);
            });
            work(1);
        })
    });
    assert_eq!((p.work, p.span), (7, 5));
    assert_eq!(time(&g, 1, 0), 7);
    assert_eq!(
        sim(&g, 2, 0),
        Simulated {
            time: 5,
            work: 7,
            steals: 2
        }
    );
}
