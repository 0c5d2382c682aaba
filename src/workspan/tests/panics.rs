//! A panic in a measured strand is reported, never a wrong profile, and the
//! next measurement is right.

use super::{virt, wsbs};
use crate::workspan::{Clock, Options, WorkspanError, join, measure_with, scope, work};
use std::panic::{AssertUnwindSafe, catch_unwind};

const V: Options = Options {
    clock: Clock::Virtual,
    burden: 1,
};

fn message(r: Result<impl Sized, WorkspanError>) -> String {
    match r {
        Err(WorkspanError::Panicked { message }) => message,
        Err(e) => panic!("another error: {e}"),
        Ok(_) => panic!("a profile came back from a region that panicked"),
    }
}

/// A join measured right after a failure.
fn check_next_is_right() {
    let (_, p) = virt(1, || join(|| work(2), || work(3)));
    assert_eq!(wsbs(&p), (5, 3, 4, 1));
}

#[test]
fn a_panic_in_a_join_is_reported_with_its_message() {
    let r = measure_with(V, || {
        work(1);
        join(|| work(1), || panic!("boom in b"))
    });
    assert_eq!(message(r), "boom in b");
    check_next_is_right();
}

#[test]
fn a_panic_in_a_spawned_body_is_reported() {
    let r = measure_with(V, || {
        scope(|s| {
            s.spawn(|_| {
                work(1);
                panic!("spawned {}", 7)
            });
            work(1);
        })
    });
    assert_eq!(message(r), "spawned 7");
    check_next_is_right();
}

#[test]
fn a_panic_caught_inside_the_region_still_spoils_its_profile() {
    let r = measure_with(V, || {
        let caught = catch_unwind(AssertUnwindSafe(|| join(|| work(1), || panic!("caught"))));
        work(1);
        caught.is_err()
    });
    assert!(message(r).contains("caught inside the region"));
    check_next_is_right();
}

#[test]
fn an_inner_region_that_panicked_spoils_the_outer_one() {
    let r = measure_with(V, || {
        work(1);
        let inner = measure_with(V, || join(|| work(1), || panic!("inner")));
        assert_eq!(message(inner), "inner");
        work(1);
    });
    assert!(message(r).contains("caught inside the region"));
    check_next_is_right();
}

#[test]
fn panics_propagate_as_rayon_s_do_when_off() {
    let r = catch_unwind(|| join(|| 1, || -> u32 { panic!("off") }));
    let p = r.expect_err("the panic propagates");
    assert_eq!(p.downcast_ref::<&str>(), Some(&"off"));
    let r = catch_unwind(|| scope(|s| s.spawn(|_| panic!("off in scope"))));
    assert!(r.is_err());
}
