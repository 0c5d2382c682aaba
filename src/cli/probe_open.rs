//! `conpar probe --rate`, `--find-max`: the open-loop flags, their checks,
//! and the run with its printing, saving and exit status.

use super::output::Outputs;
use crate::probe::Prober;
use crate::probe::open::{FindPlan, OpenPlan, search};
use crate::probe::options::{self, MIN_RATE, Rates, Slo};
use crate::report::probe::open as report;
use crate::results::probe::ProbeDoc;
use crate::results::probe::open::{MAX_IN_FLIGHT, MAX_STEPS, SearchStop};
use clap::Args;
use std::time::Duration;

/// The first rate of a search without `--rate`, req/s.
const FIRST_RATE: f64 = 10.0;
/// A search stops when the bracket's ends are within this ratio.
const PRECISION: f64 = 1.1;

#[derive(Debug, Args)]
pub(super) struct OpenArgs {
    /// Open loop: send requests on a fixed schedule at RATE per second (`500`, `2k`, `1.5k/s`), or a ladder of rates run in turn (`100,200,400`); latencies count from each request's intended send time.
    #[arg(long, value_name = "RATE[,RATE…]", value_parser = options::rates, conflicts_with = "levels")]
    pub rate: Option<Rates>,
    /// Open loop: connections, each with one request in flight; a request due when all are busy waits for one, and is late.
    #[arg(long, default_value_t = 128, value_parser = |s: &str| super::args::bounded(s, "connection count", MAX_IN_FLIGHT as u64))]
    pub max_in_flight: u64,
    /// Latency objectives on the corrected percentiles, `p50|p90|p99|p99.9=DURATION`, comma-separated (`p99=50ms`); each step says whether it held.
    #[arg(long, value_name = "QUANTILE=DURATION[,…]", value_parser = options::slo)]
    pub slo: Option<Slo>,
    /// Open loop: search for the highest rate that holds --slo, doubling from --rate (default 10/s), then bisecting.
    #[arg(long, requires = "slo", conflicts_with = "levels")]
    pub find_max: bool,
    /// --find-max: most runs of each rate; a rate holds when most of its runs hold (a tie is a miss).
    #[arg(long, default_value_t = 3, value_parser = |s: &str| super::args::bounded(s, "repeat count", 10))]
    pub find_repeats: u64,
    /// --find-max: most steps (runs) in all.
    #[arg(long, default_value_t = 40, value_parser = |s: &str| super::args::bounded(s, "step count", MAX_STEPS as u64))]
    pub find_steps: u64,
    /// --find-max: the highest rate tried.
    #[arg(long, default_value = "100k", value_parser = options::rate)]
    pub max_rate: f64,
    /// --find-max: most time for the whole search (a step under way finishes).
    #[arg(long, default_value = "120s", value_parser = |s: &str| options::bounded_duration(s, options::SECOND, 3600 * options::SECOND))]
    pub find_budget: u64,
}

impl OpenArgs {
    /// Whether an open loop was asked for.
    pub fn asked(&self) -> bool {
        self.rate.is_some() || self.find_max
    }

    /// The connections needed at once.
    pub fn connections(&self) -> usize {
        self.max_in_flight as usize
    }

    /// A usage error in the flags given without an open loop.
    pub fn refusal(&self) -> Option<String> {
        (!self.asked() && self.slo.is_some()).then(|| {
            "--slo judges open-loop steps: accepted with --rate or --find-max, not with the closed loop (--levels)".into()
        })
    }

    /// The plan, or a usage error.
    pub fn plan(&self, warmup: Duration, duration: Duration) -> Result<OpenPlan, String> {
        let rates = self.rate.clone().map(|r| r.0);
        if self.find_max && rates.as_ref().is_some_and(|r| r.len() > 1) {
            return Err(
                "--find-max starts from one --rate, not a ladder: accepted is one rate (`--rate 100`) or none (10/s)"
                    .into(),
            );
        }
        let find = self.find_max.then(|| FindPlan {
            search: search::Plan {
                start: rates.as_ref().map_or(FIRST_RATE, |r| r[0]),
                max_rate: self.max_rate,
                min_rate: MIN_RATE,
                repeats: self.find_repeats as usize,
                max_steps: self.find_steps as usize,
                precision: PRECISION,
            },
            budget: Duration::from_nanos(self.find_budget),
        });
        Ok(OpenPlan {
            rates: rates.unwrap_or_else(|| vec![FIRST_RATE]),
            warmup,
            duration,
            max_in_flight: self.max_in_flight as usize,
            slo: self.slo.clone().map(|s| s.0).unwrap_or_default(),
            find,
        })
    }
}

/// Runs the open loop into `doc`, printing each step (a search's progress
/// on standard error) and saving after each.
pub(super) fn run(
    plan: &OpenPlan,
    prober: &Prober,
    out: &Outputs,
    doc: &mut ProbeDoc,
) -> anyhow::Result<()> {
    let files = out.files_only();
    let show = !out.stdout_taken();
    if show {
        super::out(&report::header(doc, plan.max_in_flight))?;
    }
    let searching = plan.find.is_some();
    let total = plan.find.map_or(plan.rates.len(), |f| f.search.max_steps);
    crate::probe::open::run(prober, plan, doc, &mut |doc| {
        let open = doc.open.as_ref().expect("the open loop's data");
        if open.find_max.is_some() {
            return save(&files, doc);
        }
        let step = open.steps.last().expect("a finished step");
        if show {
            super::out(&report::row(step))?;
        }
        if searching {
            super::console::err_line(&format!(
                "find-max: step {} of at most {total}: {}",
                open.steps.len(),
                report::progress(step)
            ));
        }
        save(&files, doc)
    })
}

/// The exit status's reason, if not success: a ladder with failures, a
/// search that found no rate holding.
pub(super) fn failure(doc: &ProbeDoc) -> Option<String> {
    let open = doc.open.as_ref()?;
    match &open.find_max {
        Some(f) if f.max_rate.is_none() || f.stop == SearchStop::FirstMissed => {
            Some("no rate held the objectives".into())
        }
        Some(_) => None,
        None => {
            let failed: u64 = open.steps.iter().map(|s| s.errors + s.timeouts).sum();
            (failed > 0).then(|| {
                format!(
                    "{} failed or timed out; see the errors column",
                    crate::words::Count(failed as usize, "request")
                )
            })
        }
    }
}

/// Writes a probe document to the JSON and CSV targets asked for (the open
/// loop's CSV when it has one).
pub(super) fn save(out: &Outputs, doc: &ProbeDoc) -> anyhow::Result<()> {
    out.json(doc)?;
    if out.wants_csv() {
        match doc.open {
            Some(_) => out.csv(&report::csv(doc)?)?,
            None => out.csv(&crate::report::probe::csv(doc)?)?,
        }
    }
    Ok(())
}
