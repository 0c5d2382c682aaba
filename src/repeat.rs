//! When to stop repeating a measurement: at least `min_runs`, then until the
//! noise band of the median (its 95 % interval from 6 runs on, min–max
//! before) is narrower than `target_width` of the median, or `max_runs` are
//! done, or the time budget is spent — and say which ended it, as hyperfine's
//! `--min-runs`/`--max-runs` and criterion's measurement time do.
//!
//! Pure: the caller passes the samples and the time spent.

use crate::stats::Summary;
use serde::{Deserialize, Serialize};

/// The stopping rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Repeat {
    /// Runs always done.
    pub min_runs: usize,
    /// Runs never exceeded.
    pub max_runs: usize,
    /// The noise band's width relative to the median that is tight enough (0.02: 2 %).
    pub target_width: f64,
    /// Seconds after which no further run starts (once `min_runs` are done).
    pub budget_s: f64,
}

impl Repeat {
    /// Exactly `n` runs.
    pub fn exactly(n: usize) -> Repeat {
        Repeat {
            min_runs: n,
            max_runs: n,
            target_width: 0.0,
            budget_s: f64::INFINITY,
        }
    }
}

/// What ended the repetitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stopped {
    /// The band was as tight as asked.
    TightEnough,
    /// `max_runs` were done.
    MaxRuns,
    /// The time budget was spent.
    Budget,
}

impl Stopped {
    /// In words, for tables and warnings.
    pub fn words(self) -> &'static str {
        match self {
            Stopped::TightEnough => "the interval was tight enough",
            Stopped::MaxRuns => "--max-runs was reached",
            Stopped::Budget => "the time budget was spent",
        }
    }
}

/// Whether to stop after `samples`, with `spent_s` seconds spent so far.
pub fn stop(rule: &Repeat, samples: &[f64], spent_s: f64) -> Option<Stopped> {
    let n = samples.len();
    if n < rule.min_runs.max(1) {
        return None;
    }
    if n >= rule.max_runs {
        return Some(Stopped::MaxRuns);
    }
    if let Some(s) = Summary::of(samples) {
        let (lo, hi) = s.interval();
        if n >= 2 && s.median > 0.0 && (hi - lo) / s.median <= rule.target_width {
            return Some(Stopped::TightEnough);
        }
    }
    (spent_s >= rule.budget_s).then_some(Stopped::Budget)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: Repeat = Repeat {
        min_runs: 3,
        max_runs: 10,
        target_width: 0.02,
        budget_s: 5.0,
    };

    #[test]
    fn each_reason_ends_it() {
        assert_eq!(stop(&RULE, &[1.0, 1.0], 0.0), None);
        assert_eq!(
            stop(&RULE, &[1.0, 1.001, 0.999], 0.1),
            Some(Stopped::TightEnough)
        );
        assert_eq!(stop(&RULE, &[1.0, 1.5, 0.7], 0.1), None);
        assert_eq!(stop(&RULE, &[1.0, 1.5, 0.7], 6.0), Some(Stopped::Budget));
        let noisy: Vec<f64> = (0..10).map(|i| 1.0 + 0.1 * f64::from(i % 3)).collect();
        assert_eq!(stop(&RULE, &noisy, 0.1), Some(Stopped::MaxRuns));
        assert_eq!(
            stop(&Repeat::exactly(2), &[1.0, 9.0], 0.0),
            Some(Stopped::MaxRuns)
        );
        assert_eq!(stop(&Repeat::exactly(2), &[1.0], 100.0), None);
    }
}
