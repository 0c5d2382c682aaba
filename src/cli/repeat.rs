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
    /// Timed runs of each configuration, exactly (the default when no adaptive flag is given).
    #[arg(long, short = 'r', value_parser = |s: &str| args::bounded(s, "repeat count", 1000), conflicts_with_all = ["min_runs", "max_runs"])]
    repeat: Option<u64>,
    /// Adaptive: at least this many timed runs [default: 3 when adaptive].
    #[arg(long, value_parser = |s: &str| args::bounded(s, "run count", 1000))]
    min_runs: Option<u64>,
    /// Adaptive: at most this many timed runs [default: 50 when adaptive].
    #[arg(long, value_parser = |s: &str| args::bounded(s, "run count", 1000))]
    max_runs: Option<u64>,
    /// Adaptive: stop once the median's 95 % interval is this narrow, in per cent of the median.
    #[arg(long, value_name = "PCT", default_value_t = 2.0, value_parser = |s: &str| s.parse::<f64>().ok().filter(|p| p.is_finite() && *p > 0.0 && *p <= 100.0).ok_or_else(|| format!("`{s}` is not a width: accepted are per cents above 0, at most 100")))]
    target_width: f64,
    /// Adaptive: start no further run of a configuration after this long on it.
    #[arg(long, default_value = "30s", value_parser = |s: &str| parse_duration_ns(s).map_err(|e| e.to_string()))]
    budget: u64,
    /// Untimed runs before the timed ones, per configuration.
    #[arg(long, short = 'w', value_parser = |s: &str| if s == "0" { Ok(0) } else { args::bounded(s, "warm-up count", 100) })]
    warmup: Option<u64>,
}

impl RepeatArgs {
    /// The stopping rule, with `default` runs when nothing was asked for.
    pub fn rule(&self, default: usize) -> Repeat {
        if self.min_runs.is_none() && self.max_runs.is_none() {
            return Repeat::exactly(self.repeat.map_or(default, |n| n as usize));
        }
        let min = self.min_runs.unwrap_or(3) as usize;
        Repeat {
            min_runs: min,
            max_runs: (self.max_runs.unwrap_or(50) as usize).max(min),
            target_width: self.target_width / 100.0,
            budget_s: self.budget as f64 / 1e9,
        }
    }

    /// Warm-up runs, with `default` when not given.
    pub fn warmup(&self, default: usize) -> usize {
        self.warmup.map_or(default, |n| n as usize)
    }
}
