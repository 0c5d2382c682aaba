//! A host-model schedule: slices with times and work as real numbers, and
//! its conversion to the one [`Timeline`] type (rounded to whole ticks or
//! nanoseconds). Pure.

use crate::timeline::{Slice, State, Timeline, Unit};
use std::cmp::Ordering;

/// A slice of the host model: times in ticks, work in ticks done.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateSlice {
    /// Task index, as in [`Slice`].
    pub task: u32,
    pub core: u32,
    /// Start, ticks.
    pub start: f64,
    /// End, ticks.
    pub end: f64,
    /// Running or blocked.
    pub state: State,
    /// Ticks of work done in it (below `end - start` under contention).
    pub work: f64,
}

/// A host-model schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub cores: usize,
    /// Task names, as in [`Timeline`].
    pub tasks: Vec<String>,
    /// When the last task finished, ticks.
    pub finish: f64,
    pub slices: Vec<RateSlice>,
}

impl Schedule {
    /// When the last task finished or the last slice ended, ticks.
    pub fn wall(&self) -> f64 {
        self.slices
            .iter()
            .map(|s| s.end)
            .fold(self.finish, f64::max)
    }

    /// The schedule as a timeline, every time multiplied by `scale` and
    /// rounded (scale 1 and unit ticks for the tick model's terms, the tick's
    /// nanoseconds and unit nanos for a prediction).
    pub fn timeline(&self, unit: Unit, scale: f64) -> Timeline {
        let at = |x: f64| (x * scale).round().max(0.0) as u64;
        Timeline {
            unit,
            cores: self.cores,
            tasks: self.tasks.clone(),
            finish: at(self.finish),
            slices: self
                .slices
                .iter()
                .map(|s| Slice {
                    task: s.task,
                    core: s.core,
                    start: at(s.start),
                    end: at(s.end),
                    state: s.state,
                    work: s.work.round() as u64,
                })
                .collect(),
        }
    }
}

/// A time as a key of ordered sets (times are finite and non-negative).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Time(pub(super) f64);
impl Eq for Time {}
impl PartialOrd for Time {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Time {
    fn cmp(&self, o: &Self) -> Ordering {
        self.0.total_cmp(&o.0)
    }
}
