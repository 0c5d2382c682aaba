//! The claims about sharing: a race that loses updates and a deadlock.

use super::*;

pub(super) fn race(env: &Env) -> Result<ClaimResult, TourError> {
    let c = ClaimKind::Race.name();
    let cpus = &env.allowed[..env.p(2)];
    let n = 1_000_000;
    let split = count(Increment::ReadThenWrite, 2, n, cpus)
        .map_err(|e| err(c, format!("cannot start its threads: {e}")))?;
    let add = count(Increment::FetchAdd, 2, n, cpus)
        .map_err(|e| err(c, format!("cannot start its threads: {e}")))?;
    let mutex = count(Increment::Mutex, 2, n, cpus)
        .map_err(|e| err(c, format!("cannot start its threads: {e}")))?;
    let judged = verdicts::lost_updates(cpus.len(), split.lost, add.lost, mutex.lost);
    let model = model_matches(
        split.lost > 0 && add.lost == 0 && mutex.lost == 0,
        format!(
            "the model says some read-then-write increments are lost and no safe one; fetch_add cost {:.1} ns and the mutex {:.1} ns per increment",
            add.ns_per_increment, mutex.ns_per_increment
        ),
    );
    Ok(result(Outcome {
        name: c,
        says: "Two threads that read a counter and then write it back can both read the same value; one increment is lost.",
        predicted: (
            "read-then-write loses some of 2,000,000 increments; fetch_add and a mutex lose none"
                .into(),
            "some lost; safe ones none".into(),
        ),
        measured: (
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
        judged,
        model,
        command: "conpar tour --claim race",
        figures: Figures::Race {
            read_then_write: counted(&split),
            fetch_add: counted(&add),
            mutex: counted(&mutex),
        },
    }))
}

pub(super) fn deadlock() -> Result<ClaimResult, TourError> {
    let c = ClaimKind::Deadlock.name();
    let bound = Duration::from_millis(200);
    let bad =
        two_locks(false, bound).map_err(|e| err(c, format!("cannot start its threads: {e}")))?;
    let good = two_locks(true, Duration::from_secs(5))
        .map_err(|e| err(c, format!("cannot start its threads: {e}")))?;
    let judged = verdicts::deadlocked(!bad.finished, bad.gave_up, good.finished);
    let model = model_matches(
        judged.verdict == ClaimVerdict::Holds,
        "the model says opposite orders make no progress and one order finishes",
    );
    Ok(result(Outcome {
        name: c,
        says: "Two threads that each hold one lock and wait for the other's wait forever; taking locks in one agreed order cannot deadlock.",
        predicted: (
            "opposite orders: no progress (detected by a bounded wait); one order: both finish"
                .into(),
            "stuck; ordered: done".into(),
        ),
        measured: (
            format!(
                "opposite orders: {} of 2 threads gave up after {} without their second lock; one order: {} in {}",
                bad.gave_up,
                Secs(bound.as_secs_f64()),
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
        judged,
        model,
        command: "conpar tour --claim deadlock",
        figures: Figures::Deadlock {
            opposite: locked(&bad),
            ordered: locked(&good),
        },
    }))
}

/// A counting run as the document keeps it.
fn counted(c: &crate::exec::hazards::CounterRun) -> Counted {
    Counted {
        attempted: c.attempted,
        counted: c.counted,
        lost: c.lost,
        ns_per_increment: c.ns_per_increment,
    }
}

/// A run of the two locks as the document keeps it.
fn locked(l: &crate::exec::hazards::LockRun) -> Locked {
    Locked {
        finished: l.finished,
        gave_up: l.gave_up,
        wall_ns: l.wall_ns,
    }
}
