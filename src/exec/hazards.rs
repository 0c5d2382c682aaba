//! What sharing costs: a race that loses updates, and a deadlock that is
//! detected by a bounded wait instead of hanging. Both really run threads.

use crate::measure::{confine_to, mono_ns};
use serde::Serialize;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// A start line for `n` threads that can be called off: a barrier that
/// does not leave its waiters hanging when one of the threads cannot start.
struct Gate {
    n: usize,
    /// Threads arrived, and whether the start was called off.
    state: Mutex<(usize, bool)>,
    cv: Condvar,
}

impl Gate {
    fn new(n: usize) -> Gate {
        Gate {
            n,
            state: Mutex::new((0, false)),
            cv: Condvar::new(),
        }
    }

    /// Waits for all `n`: `Some(true)` for the last to arrive, `Some(false)`
    /// for the others, `None` when the start was called off.
    fn wait(&self) -> Option<bool> {
        let mut st = self.state.lock().expect("no poison");
        st.0 += 1;
        if st.0 == self.n {
            self.cv.notify_all();
            return Some(true);
        }
        while st.0 < self.n && !st.1 {
            st = self.cv.wait(st).expect("no poison");
        }
        (!st.1).then_some(false)
    }

    /// Calls the start off: every waiter returns `None`.
    fn call_off(&self) {
        self.state.lock().expect("no poison").1 = true;
        self.cv.notify_all();
    }
}

/// Spawns `n` scoped threads running `f(i)`; when one cannot be started,
/// `gate` is called off so that those already started return, and the error
/// is given back.
fn spawn_all<'s, 'e, F>(
    s: &'s std::thread::Scope<'s, 'e>,
    n: usize,
    gate: &Gate,
    f: F,
) -> std::io::Result<()>
where
    F: Fn(usize) + Send + Sync + Copy + 'e,
{
    for i in 0..n {
        if let Err(e) = std::thread::Builder::new().spawn_scoped(s, move || f(i)) {
            gate.call_off();
            return Err(e);
        }
    }
    Ok(())
}

/// How one way of incrementing a shared counter fared.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CounterRun {
    /// Increments attempted in all.
    pub attempted: u64,
    /// The counter's final value.
    pub counted: u64,
    /// attempted − counted.
    pub lost: u64,
    /// Wall-clock per attempted increment, ns.
    pub ns_per_increment: f64,
}

/// How a shared counter is incremented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Increment {
    /// `load`, add one, `store`: two atomic steps with a gap between them — a
    /// data race in logic (no undefined behaviour).
    ReadThenWrite,
    /// One `fetch_add`.
    FetchAdd,
    /// A `Mutex<u64>`.
    Mutex,
}

/// `threads` threads on `cpus` each increment one counter `per_thread` times;
/// an error when one of the threads cannot be started.
pub fn count(
    how: Increment,
    threads: usize,
    per_thread: u64,
    cpus: &[usize],
) -> std::io::Result<CounterRun> {
    let atomic = AtomicU64::new(0);
    let locked = Mutex::new(0u64);
    let start = Gate::new(threads);
    let running = AtomicUsize::new(0);
    let t0 = std::sync::Mutex::new(0u64);
    std::thread::scope(|s| {
        let (atomic, locked, start, t0, running) = (&atomic, &locked, &start, &t0, &running);
        spawn_all(s, threads, start, move |i| {
            let _ = confine_to(&[cpus[i % cpus.len()]]);
            match start.wait() {
                None => return,
                Some(true) => *t0.lock().expect("no poison") = mono_ns(),
                Some(false) => {}
            }
            // Woken from the gate one by one, a thread could finish all its
            // increments before the next one runs: each waits, spinning,
            // until all are running, so that they really overlap.
            running.fetch_add(1, Ordering::AcqRel);
            while running.load(Ordering::Acquire) < threads {
                std::hint::spin_loop();
            }
            for _ in 0..per_thread {
                match how {
                    Increment::ReadThenWrite => {
                        let v = atomic.load(Ordering::Relaxed);
                        atomic.store(v + 1, Ordering::Relaxed);
                    }
                    Increment::FetchAdd => {
                        atomic.fetch_add(1, Ordering::Relaxed);
                    }
                    Increment::Mutex => *locked.lock().expect("no poison") += 1,
                }
            }
        })
    })?;
    let elapsed = mono_ns().saturating_sub(*t0.lock().expect("no poison"));
    let attempted = threads as u64 * per_thread;
    let counted = match how {
        Increment::Mutex => *locked.lock().expect("no poison"),
        _ => atomic.load(Ordering::Relaxed),
    };
    Ok(CounterRun {
        attempted,
        counted,
        lost: attempted - counted,
        ns_per_increment: elapsed as f64 / attempted as f64,
    })
}

/// What happened when two threads took two locks.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct LockRun {
    /// Whether both threads finished their work.
    pub finished: bool,
    /// Threads that gave up after waiting the whole bound for their second lock.
    pub gave_up: usize,
    /// Wall-clock of the attempt, ns.
    pub wall_ns: u64,
}

/// Takes `m` by polling `try_lock` until `deadline` (monotonic ns); std's
/// mutex has no timed lock, and a deadlock demonstration must not hang.
fn lock_until<'a, T>(m: &'a Mutex<T>, deadline: u64) -> Option<std::sync::MutexGuard<'a, T>> {
    loop {
        if let Ok(g) = m.try_lock() {
            return Some(g);
        }
        if mono_ns() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// Two threads each take lock A and lock B — in opposite orders unless
/// `ordered` — after both hold their first lock, waiting at most `bound` for
/// the second; an error when a thread cannot be started.
pub fn two_locks(ordered: bool, bound: Duration) -> std::io::Result<LockRun> {
    let a = Mutex::new(0u64);
    let b = Mutex::new(0u64);
    let both_hold_first = Gate::new(2);
    let gave_up = AtomicU64::new(0);
    let done = AtomicBool::new(true);
    let t0 = mono_ns();
    std::thread::scope(|s| {
        let (a, b, gate, gave_up, done) = (&a, &b, &both_hold_first, &gave_up, &done);
        let give_up = move || {
            gave_up.fetch_add(1, Ordering::Relaxed);
            done.store(false, Ordering::Relaxed);
        };
        spawn_all(s, 2, gate, move |i| {
            let (first, second) = if ordered || i == 0 { (a, b) } else { (b, a) };
            let deadline_first = mono_ns() + bound.as_nanos() as u64;
            let Some(mut g1) = lock_until(first, deadline_first) else {
                give_up();
                return;
            };
            // Make the bad interleaving certain: both hold one lock.
            if !ordered && gate.wait().is_none() {
                return;
            }
            let deadline = mono_ns() + bound.as_nanos() as u64;
            match lock_until(second, deadline) {
                Some(mut g2) => {
                    *g1 += 1;
                    *g2 += 1;
                }
                None => give_up(),
            }
        })
    })?;
    Ok(LockRun {
        finished: done.load(Ordering::Relaxed),
        gave_up: gave_up.load(Ordering::Relaxed) as usize,
        wall_ns: mono_ns() - t0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_increments_lose_nothing() {
        let cpus = crate::measure::allowed_cpus();
        for how in [Increment::FetchAdd, Increment::Mutex] {
            let r = count(how, 2, 100_000, &cpus).unwrap();
            assert_eq!((r.lost, r.counted), (0, 200_000), "{how:?}");
        }
        let r = count(Increment::ReadThenWrite, 2, 100_000, &cpus).unwrap();
        assert_eq!(r.attempted, 200_000);
        assert!((1..=200_000).contains(&r.counted), "{r:?}");
    }

    #[test]
    fn opposite_lock_order_deadlocks_and_ordering_does_not() {
        let bad = two_locks(false, Duration::from_millis(100)).unwrap();
        assert!(!bad.finished && bad.gave_up >= 1, "{bad:?}");
        let good = two_locks(true, Duration::from_millis(2000)).unwrap();
        assert!(good.finished && good.gave_up == 0, "{good:?}");
    }

    #[test]
    fn a_start_called_off_releases_every_waiter() {
        let gate = Gate::new(3);
        std::thread::scope(|s| {
            let waiters: Vec<_> = (0..2).map(|_| s.spawn(|| gate.wait())).collect();
            // The third thread "cannot start": its waiters must not hang.
            while gate.state.lock().unwrap().0 < 2 {
                std::thread::yield_now();
            }
            gate.call_off();
            for w in waiters {
                assert_eq!(w.join().unwrap(), None);
            }
        });
        let gate = Gate::new(2);
        std::thread::scope(|s| {
            let other = s.spawn(|| gate.wait());
            let me = gate.wait();
            let mut got = [me.unwrap(), other.join().unwrap().unwrap()];
            got.sort();
            assert_eq!(got, [false, true], "one leader");
        });
    }
}
