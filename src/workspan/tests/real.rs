//! The real clock, within generous bounds (the test host is a noisy
//! two-core VM), and the burden measured on this host.

use crate::workspan::{Clock, join, measure, measure_burden, scope};
use std::time::{Duration, Instant};

/// Spins for `d` of wall time.
fn spin(d: Duration) {
    let t = Instant::now();
    while t.elapsed() < d {
        std::hint::spin_loop();
    }
}

#[test]
fn real_clock_work_and_span_bound_the_strands() {
    let ms = Duration::from_millis(2);
    let m = measure(|| {
        join(|| spin(ms), || spin(ms));
        scope(|s| s.spawn(move |_| spin(ms)));
        7
    })
    .expect("measured");
    let p = m.profile;
    assert_eq!(
        (m.value, p.clock, p.spawns, p.regions),
        (7, Clock::Real, 2, 1)
    );
    // Three strands of at least 2 ms each; the span holds two of them
    // (one side of the join, then the spawn), never all three.
    assert!(p.work >= 6_000_000, "work {}", p.work);
    assert!(p.span >= 4_000_000, "span {}", p.span);
    assert!(p.span < p.work, "span {} work {}", p.span, p.work);
    assert!(p.burdened_span >= p.span + 2 * p.burden);
}

#[test]
fn the_burden_is_measured_on_this_host() {
    let b = measure_burden().expect("a two-worker pool starts");
    assert!(b.stolen > 0 && b.stolen <= b.trials);
    assert!(b.join_ns >= b.ns);
    // A fork, steal and join takes well under 5 ms even on a loaded host
    // (a trial waits for the steal for 5 ms at most).
    assert!(b.join_ns < 5_000_000, "{b:?}");
}
