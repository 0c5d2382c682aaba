//! The claims about sharing: a race that loses updates and a deadlock.

use super::*;

pub(super) fn race(env: &Env) -> Result<ClaimResult, TourError> {
    let c = "race";
    let cpus = &env.allowed[..env.p(2)];
    let n = 1_000_000;
    let split = count(Increment::ReadThenWrite, 2, n, cpus);
    let add = count(Increment::FetchAdd, 2, n, cpus);
    let mutex = count(Increment::Mutex, 2, n, cpus);
    let ok = split.lost > 0 && add.lost == 0 && mutex.lost == 0;
    let reason = if ok {
        format!(
            "{} of {} read-then-write increments vanished; fetch_add cost {:.1} ns and the mutex {:.1} ns per increment, losing none",
            split.lost, split.attempted, add.ns_per_increment, mutex.ns_per_increment
        )
    } else if split.lost == 0 {
        format!(
            "no update was lost{}",
            if cpus.len() < 2 {
                " (one CPU: the threads rarely switch inside an increment)"
            } else {
                ""
            }
        )
    } else {
        "a safe increment lost updates".into()
    };
    Ok(result(
        c,
        "Two threads that read a counter and then write it back can both read the same value; one increment is lost.",
        (
            "read-then-write loses some of 2,000,000 increments; fetch_add and a mutex lose none"
                .into(),
            "some lost; atomic, mutex: none".into(),
        ),
        (
            format!(
                "read-then-write lost {} ({:.1} ns each); fetch_add lost {} ({:.1} ns); mutex lost {} ({:.1} ns)",
                split.lost,
                split.ns_per_increment,
                add.lost,
                add.ns_per_increment,
                mutex.lost,
                mutex.ns_per_increment
            ),
            format!("{} lost; {}, {}", split.lost, add.lost, mutex.lost),
        ),
        ok,
        reason,
        "conpar tour --claim race",
        json!({ "read_then_write": split, "fetch_add": add, "mutex": mutex }),
    ))
}

pub(super) fn deadlock() -> Result<ClaimResult, TourError> {
    let c = "deadlock";
    let bound = Duration::from_millis(200);
    let bad = two_locks(false, bound);
    let good = two_locks(true, Duration::from_secs(5));
    let ok = !bad.finished && bad.gave_up >= 1 && good.finished;
    Ok(result(
        c,
        "Two threads that each hold one lock and wait for the other's wait forever; taking locks in one agreed order cannot deadlock.",
        (
            "opposite orders: no progress (detected by a bounded wait); one order: both finish"
                .into(),
            "stuck; ordered: done".into(),
        ),
        (
            format!(
                "opposite orders: {} of 2 threads gave up after {} without their second lock; one order: {} in {}",
                bad.gave_up,
                secs(bound.as_secs_f64()),
                if good.finished {
                    "both finished"
                } else {
                    "did not finish"
                },
                Nanos(good.wall_ns as f64)
            ),
            format!(
                "{}; ordered: {}",
                if bad.finished { "finished" } else { "stuck" },
                if good.finished { "done" } else { "stuck" }
            ),
        ),
        ok,
        if ok {
            "the deadlock was real and bounded; ordering the locks removed it".into()
        } else {
            "the demonstration did not behave as a deadlock".into()
        },
        "conpar tour --claim deadlock",
        json!({ "opposite": bad, "ordered": good }),
    ))
}
