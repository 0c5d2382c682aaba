//! The one timeline type shared by the model and by real runs, and the metrics
//! computed from it.
//!
//! A timeline is a list of slices `(task, core, start, end, state)`: in ticks for
//! the model, in nanoseconds for a real run. Metrics, Gantt charts and the loss
//! breakdown are computed from it by the same code for both, so prediction and
//! measurement are compared on the same terms.
//!
//! Metrics follow the article: serial = the CPU work done one task after another
//! on one core; wall = when the last slice ends; speedup = serial / wall;
//! useful = serial; blocked = core-time held while waiting on I/O;
//! idle = P × wall − useful − blocked; utilization = useful / (P × wall).

use serde::{Deserialize, Serialize};

/// What a core was doing during a slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Running the task's CPU work.
    Run,
    /// Held by the task while it waits on blocking I/O.
    Blocked,
}

/// The unit of a timeline's times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Model ticks.
    Ticks,
    /// Nanoseconds of a real run.
    Nanos,
}

/// How a timeline is out of shape: the first violation found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShapeError {
    #[error("empty or reversed slice {0:?}")]
    Empty(Slice),
    #[error("slice on core {} of {cores}: {slice:?}", .slice.core)]
    Core { slice: Slice, cores: usize },
    #[error("slice of unknown task: {0:?}")]
    Task(Slice),
    /// One core, or one task, in two slices at once.
    #[error("{what} {index} in two slices at once: {first:?} and {second:?}")]
    Overlap {
        what: &'static str,
        index: u32,
        first: Slice,
        second: Slice,
    },
}

/// A stretch of time one task spent on one core.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slice {
    /// Index into [`Timeline::tasks`].
    pub task: u32,
    /// Core index, 0..cores.
    pub core: u32,
    /// Inclusive start.
    pub start: u64,
    /// Exclusive end.
    pub end: u64,
    /// Running or blocked.
    pub state: State,
    /// Ticks of CPU work done in this slice (model: `end - start` when running).
    pub work: u64,
}

impl Slice {
    /// `end - start`.
    pub fn len(&self) -> u64 {
        self.end - self.start
    }
    /// Whether the slice covers no time.
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// Slices of tasks on cores, with the names they refer to.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// Ticks or nanoseconds.
    pub unit: Unit,
    /// P, the number of cores the schedule had.
    pub cores: usize,
    /// Task names, indexed by [`Slice::task`].
    pub tasks: Vec<String>,
    /// When the last task finished; a task whose last step is an `io` wait
    /// finishes after its last slice. The wall is the later of this and the end
    /// of the last slice.
    pub finish: u64,
    /// Slices, in no required order.
    pub slices: Vec<Slice>,
}

/// The article's numbers for one schedule.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metrics {
    pub cores: usize,
    /// Serial time: all CPU work one after another on one core.
    pub serial: u64,
    /// Wall-clock: from 0 to the end of the last slice.
    pub wall: u64,
    /// serial / wall.
    pub speedup: f64,
    /// useful / (P × wall).
    pub utilization: f64,
    /// Core-time spent on useful work (= serial).
    pub useful: u64,
    /// Core-time held while blocked on I/O.
    pub blocked: u64,
    /// P × wall − useful − blocked, never below zero.
    pub idle: u64,
}

impl Timeline {
    /// When the last slice ends (0 for an empty timeline).
    pub fn wall(&self) -> u64 {
        self.slices
            .iter()
            .map(|s| s.end)
            .max()
            .unwrap_or(0)
            .max(self.finish)
    }

    /// Core-time in slices of `state`.
    pub fn total(&self, state: State) -> u64 {
        self.slices
            .iter()
            .filter(|s| s.state == state)
            .map(Slice::len)
            .sum()
    }

    /// The article's metrics, given the serial time in this timeline's unit.
    pub fn metrics(&self, serial: u64) -> Metrics {
        let wall = self.wall();
        let capacity = self.cores as u64 * wall;
        let blocked = self.total(State::Blocked);
        let useful = serial;
        let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        Metrics {
            cores: self.cores,
            serial,
            wall,
            speedup: ratio(serial, wall),
            utilization: ratio(useful, capacity),
            useful,
            blocked,
            idle: capacity.saturating_sub(useful + blocked),
        }
    }

    /// The slices of one core, ordered by start.
    pub fn core_slices(&self, core: u32) -> Vec<Slice> {
        let mut v: Vec<Slice> = self
            .slices
            .iter()
            .filter(|s| s.core == core)
            .copied()
            .collect();
        v.sort_by_key(|s| s.start);
        v
    }

    /// Checks the timeline's shape: slices are non-empty, on existing cores and
    /// tasks; no core holds two slices at once; no task is in two slices at once.
    /// Returns the first violation found.
    pub fn check_well_formed(&self) -> Result<(), ShapeError> {
        for &s in &self.slices {
            if s.end <= s.start {
                return Err(ShapeError::Empty(s));
            }
            if s.core as usize >= self.cores {
                return Err(ShapeError::Core {
                    slice: s,
                    cores: self.cores,
                });
            }
            if s.task as usize >= self.tasks.len() {
                return Err(ShapeError::Task(s));
            }
        }
        let overlaps = |key: fn(&Slice) -> u32, what: &'static str| -> Result<(), ShapeError> {
            let mut v: Vec<&Slice> = self.slices.iter().collect();
            v.sort_by_key(|s| (key(s), s.start));
            for w in v.windows(2) {
                if key(w[0]) == key(w[1]) && w[1].start < w[0].end {
                    return Err(ShapeError::Overlap {
                        what,
                        index: key(w[0]),
                        first: *w[0],
                        second: *w[1],
                    });
                }
            }
            Ok(())
        };
        overlaps(|s| s.core, "core")?;
        overlaps(|s| s.task, "task")
    }

    /// CPU work recorded per task, indexed like [`Timeline::tasks`].
    pub fn work_per_task(&self) -> Vec<u64> {
        let mut w = vec![0; self.tasks.len()];
        for s in &self.slices {
            w[s.task as usize] += s.work;
        }
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(task: u32, core: u32, start: u64, end: u64, state: State) -> Slice {
        let work = if state == State::Run { end - start } else { 0 };
        Slice {
            task,
            core,
            start,
            end,
            state,
            work,
        }
    }

    #[test]
    fn metrics_follow_the_article() {
        // Five one-tick tasks on four cores: wall 2, speedup 2.5, idle 3.
        let mut slices: Vec<Slice> = (0..4).map(|i| slice(i, i, 0, 1, State::Run)).collect();
        slices.push(slice(4, 0, 1, 2, State::Run));
        let t = Timeline {
            unit: Unit::Ticks,
            cores: 4,
            tasks: (0..5).map(|i| i.to_string()).collect(),
            finish: 0,
            slices,
        };
        let m = t.metrics(5);
        assert_eq!((m.wall, m.idle, m.blocked, m.useful), (2, 3, 0, 5));
        assert_eq!(m.speedup, 2.5);
        assert_eq!(m.utilization, 0.625);
        assert!(t.check_well_formed().is_ok());
    }

    #[test]
    fn overlap_is_caught() {
        let t = Timeline {
            unit: Unit::Ticks,
            cores: 1,
            tasks: vec!["A".into(), "B".into()],
            finish: 0,
            slices: vec![slice(0, 0, 0, 2, State::Run), slice(1, 0, 1, 3, State::Run)],
        };
        assert!(matches!(
            t.check_well_formed(),
            Err(ShapeError::Overlap {
                what: "core",
                index: 0,
                ..
            })
        ));
        let t = Timeline {
            unit: Unit::Ticks,
            cores: 2,
            tasks: vec!["A".into()],
            finish: 0,
            slices: vec![slice(0, 0, 0, 2, State::Run), slice(0, 1, 1, 3, State::Run)],
        };
        assert!(matches!(
            t.check_well_formed(),
            Err(ShapeError::Overlap {
                what: "task",
                index: 0,
                ..
            })
        ));
    }
}
