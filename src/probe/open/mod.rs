//! `conpar probe --rate`, `--find-max`: an open-loop load. Requests leave on
//! a fixed schedule at the asked rate, as wrk2 and k6's constant arrival
//! rate do, whatever became of the ones before ([`step`]); each latency is
//! measured from the request's intended send time, so a stall is charged to
//! every request due during it, not only to the one that met it
//! ([`schedule`]). A ladder runs each rate once; the search ([`search`])
//! looks for the highest rate that holds a latency objective. It measures
//! and hands each finished step to the caller; it prints nothing.

pub mod schedule;
pub mod search;
pub mod step;

use super::Prober;
use super::classify::open as findings;
use crate::results::probe::open::{FindMax, Objective, OpenLoop, OpenStep, Percentiles};
use crate::results::probe::{Partial, ProbeDoc};
use hdrhistogram::Histogram;
use std::time::{Duration, Instant};
pub use step::{StepOutcome, StepPlan};

impl Prober {
    /// Runs one open-loop step.
    pub fn open_step(&self, plan: StepPlan) -> StepOutcome {
        step::step(&self.rt, self.ctx.clone(), plan)
    }
}

fn percentiles(h: &Histogram<u64>) -> Percentiles {
    let q = |p: f64| {
        if h.is_empty() {
            f64::NAN
        } else {
            h.value_at_quantile(p) as f64 / 1e9
        }
    };
    Percentiles {
        p50: q(0.5),
        p90: q(0.9),
        p99: q(0.99),
        p999: q(0.999),
        max: if h.is_empty() {
            f64::NAN
        } else {
            h.max() as f64 / 1e9
        },
    }
}

impl StepOutcome {
    /// The step as a result row, with its findings and its verdict on `slo`.
    pub fn row(&self, repeat: usize, slo: &[Objective]) -> OpenStep {
        let w = self.plan.duration.as_secs_f64();
        let mut s = OpenStep {
            asked: self.plan.rate,
            achieved: self.sent as f64 / w,
            repeat,
            scheduled: self.scheduled,
            sent: self.sent,
            answered: self.answered,
            errors: self.errors,
            timeouts: self.timeouts,
            unanswered: self.unanswered,
            dropped: self.scheduled.saturating_sub(self.sent),
            late_pool: self.late_pool,
            late_client: self.late_client,
            lag_max_s: self.lag_max_ns as f64 / 1e9,
            in_flight_max: self.in_flight_max,
            connects: self.connects,
            window_s: w,
            corrected: percentiles(&self.corrected),
            uncorrected: percentiles(&self.uncorrected),
            slo: None,
            notes: Vec::new(),
            first_error: self.first_error.as_ref().map(|f| f.record()),
        };
        s.slo = findings::slo(&s, slo);
        s.notes = findings::findings(&s, self.plan.max_in_flight);
        s
    }
}

/// The search's settings beside the steps'.
#[derive(Debug, Clone, Copy)]
pub struct FindPlan {
    /// Its bounds.
    pub search: search::Plan,
    /// Most time for the whole search.
    pub budget: Duration,
}

/// What to run: a ladder of rates, or a search from the first.
#[derive(Debug, Clone)]
pub struct OpenPlan {
    /// The rates of the ladder (the first rate of a search).
    pub rates: Vec<f64>,
    /// Unmeasured time of each step.
    pub warmup: Duration,
    /// Measured time of each step.
    pub duration: Duration,
    /// Connections, each with one request in flight.
    pub max_in_flight: usize,
    /// The objectives (empty for none).
    pub slo: Vec<Objective>,
    /// The search, when asked.
    pub find: Option<FindPlan>,
}

/// Runs `plan` into `doc.open`; `on` sees the document after each step and
/// may stop the run by returning an error. A ladder stops (and the document
/// says partial) at a step whose every recent request failed.
pub fn run<E>(
    prober: &Prober,
    plan: &OpenPlan,
    doc: &mut ProbeDoc,
    on: &mut dyn FnMut(&ProbeDoc) -> Result<(), E>,
) -> Result<(), E> {
    doc.open = Some(OpenLoop {
        max_in_flight: plan.max_in_flight,
        slo: plan.slo.clone(),
        steps: Vec::new(),
        find_max: None,
    });
    let one = |rate: f64| StepPlan {
        rate,
        warmup: plan.warmup,
        duration: plan.duration,
        max_in_flight: plan.max_in_flight,
    };
    let Some(find) = plan.find else {
        for &rate in &plan.rates {
            let out = prober.open_step(one(rate));
            push(doc, out.row(0, &plan.slo));
            if let Some(f) = &out.aborted {
                doc.partial = Some(Partial::StepFailed {
                    rate,
                    failure: f.record(),
                });
            }
            on(doc)?;
            if doc.partial.is_some() {
                break;
            }
        }
        return Ok(());
    };
    let started = Instant::now();
    let failed: std::cell::RefCell<Option<E>> = std::cell::RefCell::new(None);
    let found = search::search(
        &find.search,
        &mut |rate, repeat| {
            let row = prober.open_step(one(rate)).row(repeat, &plan.slo);
            let held = row.slo.is_some_and(|v| v.held());
            push(doc, row);
            if let Err(e) = on(doc) {
                *failed.borrow_mut() = Some(e);
                return false;
            }
            held
        },
        &mut || failed.borrow().is_some() || started.elapsed() >= find.budget,
    );
    if let Some(e) = failed.into_inner() {
        return Err(e);
    }
    if let Some(o) = doc.open.as_mut() {
        o.find_max = Some(FindMax {
            max_rate: found.held,
            above: found.above,
            repeats: find.search.repeats,
            stop: found.stop,
            rates: found.rates,
        });
    }
    on(doc)
}

fn push(doc: &mut ProbeDoc, row: OpenStep) {
    if let Some(o) = doc.open.as_mut() {
        o.steps.push(row);
    }
}
