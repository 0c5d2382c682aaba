//! Where a real run's idle core-time went, read from its timeline (ns): the
//! start-up before each core's first task and the hand-outs between tasks.
//! Pure.
//!
//! - start-up = Σ over cores that ran a task of (its first task's start −
//!   the end of the serial phase before, if any);
//! - dispatch = Σ over cores of every gap between two different tasks'
//!   slices that is shorter than a tick (a longer gap is waiting for work,
//!   not handing it out).

use crate::timeline::Timeline;

/// Core-time before each core's first task, after the serial phase before.
pub fn startup_ns(t: &Timeline, tasks: usize) -> f64 {
    let is_task = |task: u32| (task as usize) < tasks;
    let Some(first) = t
        .slices
        .iter()
        .filter(|s| is_task(s.task))
        .map(|s| s.start)
        .min()
    else {
        return 0.0;
    };
    let phase_start = t
        .slices
        .iter()
        .filter(|s| !is_task(s.task) && s.end <= first)
        .map(|s| s.end)
        .max()
        .unwrap_or(0);
    let mut firsts = vec![None::<u64>; t.cores];
    for s in t.slices.iter().filter(|s| is_task(s.task)) {
        if let Some(f) = firsts.get_mut(s.core as usize) {
            *f = Some(f.map_or(s.start, |x| x.min(s.start)));
        }
    }
    firsts
        .iter()
        .flatten()
        .map(|&f| f.saturating_sub(phase_start) as f64)
        .sum()
}

/// Gaps shorter than `tick_ns` between two different tasks on one core.
pub fn dispatch_ns(t: &Timeline, tasks: usize, tick_ns: f64) -> f64 {
    let mut lanes: Vec<Vec<(u64, u64, u32)>> = vec![Vec::new(); t.cores];
    for s in t.slices.iter().filter(|s| (s.task as usize) < tasks) {
        if let Some(l) = lanes.get_mut(s.core as usize) {
            l.push((s.start, s.end, s.task));
        }
    }
    let mut total = 0.0;
    for l in &mut lanes {
        l.sort_unstable();
        for w in l.windows(2) {
            let gap = w[1].0.saturating_sub(w[0].1) as f64;
            if w[0].2 != w[1].2 && gap < tick_ns {
                total += gap;
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::{Slice, State, Unit};

    fn slice(task: u32, core: u32, start: u64, end: u64) -> Slice {
        Slice {
            task,
            core,
            start,
            end,
            state: State::Run,
            work: 0,
        }
    }

    #[test]
    fn start_up_and_dispatch_by_hand() {
        // Task 2 is the serial phase before, 0–10 on core 0. Core 0 starts
        // task 0 at 12, core 1 task 1 at 15: start-up 2 + 5. On core 0 task 1
        // follows task 0 after a gap of 3 (< a tick of 10); on core 1 a gap
        // of 40 is waiting, not dispatch.
        let t = Timeline {
            unit: Unit::Nanos,
            cores: 3,
            tasks: vec!["A".into(), "B".into(), "(serial before)".into()],
            finish: 200,
            slices: vec![
                slice(2, 0, 0, 10),
                slice(0, 0, 12, 50),
                slice(1, 0, 53, 60),
                slice(1, 1, 15, 20),
                slice(0, 1, 60, 90),
            ],
        };
        assert_eq!(startup_ns(&t, 2), 7.0);
        assert_eq!(dispatch_ns(&t, 2, 10.0), 3.0);
        assert_eq!(dispatch_ns(&t, 2, 100.0), 43.0);
    }
}
