//! A region measured inside another, and measurements beside unmeasured
//! code.

use super::{virt, wsbs};
use crate::workspan::{Clock, Options, join, measure_with, work};

#[test]
fn a_region_inside_a_region_is_part_of_the_outer_strand() {
    let (inner, outer) = virt(10, || {
        work(3);
        let inner = measure_with(
            Options {
                clock: Clock::Virtual,
                burden: 10,
            },
            || join(|| work(2), || work(5)),
        )
        .expect("inner measured");
        work(1);
        inner.profile
    });
    // Inner: work 7, span 5, burdened 5 + 10, 1 join.
    assert_eq!(wsbs(&inner), (7, 5, 15, 1));
    // Outer: 3, then the inner region, then 1.
    assert_eq!(wsbs(&outer), (11, 9, 19, 1));
}

#[test]
fn joins_outside_the_measured_thread_are_plain_rayon() {
    // Another thread keeps a measurement open while this one joins: its
    // joins are not recorded and give rayon's results.
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let (ready_tx, ready_rx) = std::sync::mpsc::channel::<()>();
    let rx = std::sync::Mutex::new(rx);
    let t = std::thread::spawn(move || {
        virt(0, || {
            work(1);
            ready_tx.send(()).unwrap();
            rx.lock().unwrap().recv().unwrap();
        })
        .1
    });
    ready_rx.recv().unwrap();
    let s: u64 =
        crate::workspan::map_reduce(0..1000, 8, |r| r.map(|i| i as u64).sum(), |a, b| a + b);
    assert_eq!(s, 499_500);
    tx.send(()).unwrap();
    assert_eq!(wsbs(&t.join().unwrap()), (1, 1, 1, 0));
}

#[test]
fn a_region_with_no_work_is_reported() {
    let r = measure_with(
        Options {
            clock: Clock::Virtual,
            burden: 0,
        },
        || join(|| 1, || 2),
    );
    assert!(matches!(
        r,
        Err(crate::workspan::WorkspanError::NothingRecorded)
    ));
}

#[test]
fn a_region_with_the_other_clock_inside_spoils_the_outer_one() {
    let virt = Options {
        clock: Clock::Virtual,
        burden: 0,
    };
    let real = Options {
        clock: Clock::Real,
        burden: 0,
    };
    let r = measure_with(virt, || {
        work(1);
        let inner = measure_with(real, || join(|| 1, || 2)).expect("inner measured");
        assert_eq!((inner.value, inner.profile.spawns), ((1, 2), 1));
    });
    assert!(matches!(
        r,
        Err(crate::workspan::WorkspanError::MixedClocks)
    ));
    // The next region is right.
    let m = measure_with(virt, || join(|| work(2), || work(3))).expect("measured");
    assert_eq!(wsbs(&m.profile), (5, 3, 3, 1));
}

#[test]
fn regions_measured_at_once_from_rayon_s_own_workers_are_each_exact() {
    // Four leaves of a parallel loop in the global pool, each measuring its
    // own region at the same time as the others: a balanced tree of 3
    // levels with a unit per leaf, burden 2.
    let profiles = crate::workspan::map_reduce(
        0..4,
        1,
        |_| vec![virt(2, || crate::workspan::for_range(0..8, 1, |_| work(1))).1],
        |mut a, b| {
            a.extend(b);
            a
        },
    );
    assert_eq!(profiles.len(), 4);
    for p in &profiles {
        assert_eq!(wsbs(p), (8, 1, 7, 7));
    }
}
