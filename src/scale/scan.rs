//! The measuring loop behind `conpar scale`: for each thread count, warm-up
//! runs and timed runs of the command, summarised as wall and CPU time.

use super::{RunError, Spec, run_once};
use crate::repeat::{Repeat, Stopped, stop};
use crate::stats::{Summary, median};

/// How to scan.
#[derive(Debug, Clone)]
pub struct Scan {
    pub spec: Spec,
    /// Thread counts, increasing, starting at 1.
    pub threads: Vec<usize>,
    /// Untimed runs per count.
    pub warmup: usize,
    /// When to stop timing a count.
    pub rule: Repeat,
    /// Count failing runs instead of stopping at the first.
    pub keep_going: bool,
    /// How many CPUs this process may use (beyond: oversubscribed).
    pub allowed: usize,
}

/// One thread count's measurements.
#[derive(Debug, Clone)]
pub struct Point {
    pub threads: usize,
    /// Wall-clock over the timed runs, s.
    pub wall_s: Summary,
    /// Median CPU time (user + system), s.
    pub cpu_s: f64,
    /// Runs that failed (with `keep_going`).
    pub failures: usize,
    /// More threads than allowed CPUs.
    pub oversubscribed: bool,
    /// What ended the timed runs.
    pub stopped: Stopped,
}

/// Progress, reported between runs.
#[derive(Debug)]
pub enum Event<'a> {
    /// A thread count starts.
    Started(usize),
    /// A run failed and, with `keep_going`, the scan goes on.
    Failed(&'a RunError),
    /// A run finished.
    RunDone,
    /// With `keep_going`, every timed run of this count (not the first)
    /// failed: it is left out and the scan goes on.
    LeftOut(usize),
}

/// Why the scan stopped.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The command could not be started at all.
    #[error(transparent)]
    Start(RunError),
    /// A run failed (without `keep_going`).
    #[error("{0}; the scan stopped (pass --keep-going to count failures instead)")]
    Run(RunError),
    /// No timed run of a count succeeded.
    #[error("every run with {} failed", crate::words::Count(*.0, "thread"))]
    AllFailed(usize),
}

/// Runs the scan; `on` sees each event.
pub fn scan(s: &Scan, on: &mut dyn FnMut(Event)) -> Result<Vec<Point>, ScanError> {
    let mut points = Vec::new();
    for &t in &s.threads {
        on(Event::Started(t));
        let (mut walls, mut cpus, mut failures) = (Vec::new(), Vec::new(), 0);
        let (mut i, mut spent, mut stopped) = (0, 0.0, None);
        while stopped.is_none() && i < s.warmup + s.rule.max_runs * 2 {
            let timed = i >= s.warmup;
            i += 1;
            match run_once(&s.spec, t) {
                Ok(m) if timed => {
                    walls.push(m.wall_ns as f64 / 1e9);
                    cpus.push(m.cpu_ns as f64 / 1e9);
                    spent += m.wall_ns as f64 / 1e9;
                }
                Ok(_) => {}
                Err(e @ RunError::Start { .. }) => return Err(ScanError::Start(e)),
                Err(e) if s.keep_going => {
                    on(Event::Failed(&e));
                    // A failed warm-up run is said, not counted.
                    failures += usize::from(timed);
                }
                Err(e) => return Err(ScanError::Run(e)),
            }
            on(Event::RunDone);
            if timed {
                stopped = stop(&s.rule, &walls, spent)
                    .or((walls.len() + failures >= s.rule.max_runs).then_some(Stopped::MaxRuns));
            }
        }
        let Some(wall_s) = Summary::of(&walls) else {
            // The first count is the baseline every speedup needs.
            if s.keep_going && !points.is_empty() {
                on(Event::LeftOut(t));
                continue;
            }
            return Err(ScanError::AllFailed(t));
        };
        points.push(Point {
            threads: t,
            wall_s,
            cpu_s: median(&cpus).unwrap_or(0.0),
            failures,
            oversubscribed: t > s.allowed,
            stopped: stopped.unwrap_or(Stopped::MaxRuns),
        });
    }
    Ok(points)
}
