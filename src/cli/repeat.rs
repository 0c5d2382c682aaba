//! The repetition flags shared by `run`, `io` and `scale`: a fixed count
//! (`--repeat`), or adaptive repetitions (`--min-runs`, `--max-runs`,
//! `--target-width`, `--budget`), and untimed warm-up runs (`--warmup`).

use super::args;
use crate::repeat::Repeat;
use crate::units::parse_duration_ns;
use clap::Args;

/// How many timed runs each configuration gets.
#[derive(Debug, Clone, Args)]
pub(super) struct RepeatArgs {
    /// Timed runs of each configuration, exactly (the default when no adaptive flag is given: 5 for run, scale and workspan, 3 for io).
    #[arg(long, short = 'r', value_parser = |s: &str| args::bounded(s, "repeat count", 1000), conflicts_with_all = ["min_runs", "max_runs", "target_width", "budget"])]
    repeat: Option<u64>,
    /// Adaptive: at least this many timed runs [default: 3 when adaptive].
    #[arg(long, value_parser = |s: &str| args::bounded(s, "run count", 1000))]
    min_runs: Option<u64>,
    /// Adaptive: at most this many timed runs [default: 50 when adaptive].
    #[arg(long, value_parser = |s: &str| args::bounded(s, "run count", 1000))]
    max_runs: Option<u64>,
    /// Adaptive: stop once the median's 95 % interval is this narrow, in per cent of the median [default: 2].
    #[arg(long, value_name = "PCT", value_parser = |s: &str| s.parse::<f64>().ok().filter(|p| p.is_finite() && *p > 0.0 && *p <= 100.0).ok_or_else(|| format!("`{s}` is not a width: accepted are per cents above 0, at most 100")))]
    target_width: Option<f64>,
    /// Adaptive: start no further run of a configuration after this long on it [default: 30s].
    #[arg(long, value_parser = |s: &str| parse_duration_ns(s).map_err(|e| e.to_string()))]
    budget: Option<u64>,
    /// Untimed runs before the timed ones, per configuration [default: 1].
    #[arg(long, short = 'w', value_parser = |s: &str| if s == "0" { Ok(0) } else { args::bounded(s, "warm-up count", 100) })]
    warmup: Option<u64>,
}

impl RepeatArgs {
    /// The stopping rule, with `default` runs when nothing was asked for;
    /// any adaptive flag makes it adaptive. A minimum above the maximum is
    /// a usage error.
    pub fn rule(&self, default: usize) -> anyhow::Result<Repeat> {
        let adaptive = self.min_runs.is_some()
            || self.max_runs.is_some()
            || self.target_width.is_some()
            || self.budget.is_some();
        if !adaptive {
            return Ok(Repeat::exactly(self.repeat.map_or(default, |n| n as usize)));
        }
        let max = self.max_runs.unwrap_or(50) as usize;
        let min = match self.min_runs {
            Some(min) if min as usize > max => {
                return Err(args::usage(format!(
                    "--min-runs {min} is above --max-runs {max}: the minimum must not exceed the maximum"
                )));
            }
            Some(min) => min as usize,
            None => max.min(3),
        };
        Ok(Repeat {
            min_runs: min,
            max_runs: max,
            target_width: self.target_width.unwrap_or(2.0) / 100.0,
            budget_s: self.budget.unwrap_or(30_000_000_000) as f64 / 1e9,
        })
    }

    /// Warm-up runs, with `default` when not given.
    pub fn warmup(&self, default: usize) -> usize {
        self.warmup.map_or(default, |n| n as usize)
    }
}
