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
        ModelWhy::Race {
            fetch_add_ns: add.ns_per_increment,
            mutex_ns: mutex.ns_per_increment,
        },
    );
    Ok(result(Outcome {
        claim: ClaimKind::Race,
        judged,
        model,
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
    let model = model_matches(judged.verdict == ClaimVerdict::Holds, ModelWhy::Deadlock);
    Ok(result(Outcome {
        claim: ClaimKind::Deadlock,
        judged,
        model,
        figures: Figures::Deadlock {
            opposite: locked(&bad),
            ordered: locked(&good),
            wait_ns: Some(bound.as_nanos() as u64),
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
