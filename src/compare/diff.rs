//! Two documents of one kind compared row by row, as criterion compares a run
//! against a saved baseline: for each row found in both (the same workload,
//! strategy and cores; the same client and cores; the same thread count), the
//! change of the median wall-clock and whether it is beyond the noise.
//!
//! The noise test: with three or more raw times on each side (`samples`), a 95 %
//! bootstrap interval of the ratio of medians (2,000 resamples, a fixed seed,
//! so the same files give the same answer); the change is significant when
//! the interval leaves 1. With fewer samples, the change is significant only
//! when the two min–max ranges do not overlap.
//!
//! Nothing is dropped silently: rows of the old document missing from the new
//! one (a configuration that failed or was not run) are `lost`; rows with
//! failed requests or runs on either side are `refused`, never compared as
//! timings; the new document's failures are kept; and what makes the two
//! documents differ (the host, a tick, a latency, the program) is listed.
//! Pure: documents in, rows out.

use crate::results::Document;
use crate::stats::{Resampler, Summary, median_in_place, percentile};
use crate::units::Nanos;
use std::collections::{HashMap, HashSet};

/// One matched row.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// What the row is (e.g. `even rayon 2 cores`).
    pub what: String,
    /// Old median, s.
    pub old_s: f64,
    /// New median, s.
    pub new_s: f64,
    /// new ÷ old − 1.
    pub change: f64,
    /// 95 % interval of the change, when samples allow one.
    pub interval: Option<(f64, f64)>,
    /// Faster, slower or no change beyond the noise.
    pub verdict: Verdict,
}

/// The outcome for one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Significantly faster.
    Faster,
    /// Significantly slower.
    Slower,
    /// Within the noise.
    NoChange,
}

/// A row found in both documents whose timings are not valid on one side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// What the row is.
    pub what: String,
    /// Why, naming the side (e.g. `new: 4 failed requests`).
    pub why: String,
    /// The new document's side failed (a regression); otherwise only the old.
    pub new_failed: bool,
}

/// Everything two documents' comparison found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diff {
    /// Rows found in both and compared, in the new document's order.
    pub changes: Vec<Change>,
    /// Rows found in both but not compared.
    pub refused: Vec<Refused>,
    /// Rows of the old document that the new one lacks.
    pub lost: Vec<String>,
    /// Rows of the new document that the old one lacks.
    pub added: Vec<String>,
    /// The new document's own failures (configurations that did not finish).
    pub failures: Vec<String>,
    /// What differs between the two documents besides the timings, in words.
    pub differences: Vec<String>,
    /// Rows in the old and in the new document.
    pub counts: (usize, usize),
}

impl Diff {
    /// Rows lost, refused because the new side failed, and new failures: each
    /// fails a regression gate whatever the timings say.
    pub fn broken(&self) -> usize {
        self.lost.len() + self.refused.iter().filter(|r| r.new_failed).count() + self.failures.len()
    }
}

/// Why two documents cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiffError {
    /// Different kinds.
    #[error(
        "the documents are of different kinds ({0} and {1}); compare a run with a run, an io with an io"
    )]
    Kinds(String, String),
    /// A kind with nothing timed to compare.
    #[error("{0} documents hold no wall-clock times to compare (run, io and scale do)")]
    Untimed(String),
}

/// Distinct differing conditions listed one by one; the rest are counted.
const MAX_UNLIKE: usize = 20;

/// One row of a document: its key, its times, the conditions it was measured
/// under (which must match for the times to compare) and what failed in it.
struct Keyed<'a> {
    what: String,
    wall: &'a Summary,
    under: Vec<(&'static str, String)>,
    failed: Option<String>,
}

fn plural(n: usize, one: &str) -> String {
    crate::words::Count(n, one).to_string()
}

fn rows(d: &Document) -> Result<Vec<Keyed<'_>>, DiffError> {
    Ok(match d {
        Document::Run(r) => r
            .workloads
            .iter()
            .flat_map(|w| {
                w.rows.iter().map(|r| Keyed {
                    what: format!("{} {} {} cores", w.workload, r.strategy, r.cores),
                    wall: &r.measured.wall_s,
                    under: vec![("tick", Nanos(w.tick_ns as f64).to_string())],
                    failed: None,
                })
            })
            .collect(),
        Document::Io(io) => io
            .rows
            .iter()
            .map(|r| Keyed {
                what: format!("{} {} cores", r.client, r.cores),
                wall: &r.measured.wall_s,
                under: vec![
                    ("latency", crate::words::Secs(r.latency_s).to_string()),
                    ("CPU per request", crate::words::Secs(r.cpu_s).to_string()),
                    ("requests", r.requests.to_string()),
                ],
                failed: (r.errors > 0).then(|| plural(r.errors, "failed request")),
            })
            .collect(),
        Document::Scale(s) => s
            .rows
            .iter()
            .map(|r| Keyed {
                what: plural(r.threads, "thread"),
                wall: &r.measured.wall_s,
                under: Vec::new(),
                failed: (r.failures > 0).then(|| plural(r.failures, "failed run")),
            })
            .collect(),
        other => {
            return Err(DiffError::Untimed(kind(other)));
        }
    })
}

fn kind(d: &Document) -> String {
    format!("{:?}", d.meta().kind).to_lowercase()
}

/// The new document's failures: a run's failed pairs.
fn failures(d: &Document) -> Vec<String> {
    match d {
        Document::Run(r) => r
            .workloads
            .iter()
            .flat_map(|w| w.failures.iter().map(|f| format!("{}: {f}", w.workload)))
            .collect(),
        _ => Vec::new(),
    }
}

/// What differs between the documents as a whole: host, CPU, program.
fn document_differences(old: &Document, new: &Document) -> Vec<String> {
    let (a, b) = (old.meta(), new.meta());
    let mut out = Vec::new();
    let mut note = |what: &str, x: String, y: String| {
        if x != y {
            out.push(format!("{what}: {x} in the old document, {y} in the new"));
        }
    };
    note("host", a.host_label(), b.host_label());
    note("CPU", a.host.cpu_model.clone(), b.host.cpu_model.clone());
    if let (Document::Scale(x), Document::Scale(y)) = (old, new) {
        note("program", x.program.join(" "), y.program.join(" "));
    }
    out
}

/// Conditions that differ between matched rows: (condition, old, new, rows),
/// the first [`MAX_UNLIKE`] listed, the rest counted.
#[derive(Default)]
struct Unlike {
    listed: Vec<(&'static str, String, String, usize)>,
    more: usize,
}

impl Unlike {
    fn note(&mut self, o: &Keyed, n: &Keyed) {
        for ((label, x), (_, y)) in o.under.iter().zip(&n.under) {
            if x == y {
                continue;
            }
            let full = self.listed.len() >= MAX_UNLIKE;
            let same =
                |u: &&mut (&str, String, String, usize)| u.0 == *label && &u.1 == x && &u.2 == y;
            match self.listed.iter_mut().find(same) {
                Some(u) => u.3 += 1,
                None if !full => self.listed.push((label, x.clone(), y.clone(), 1)),
                None => self.more += 1,
            }
        }
    }

    fn words(self) -> Vec<String> {
        let mut out: Vec<String> = self
            .listed
            .into_iter()
            .map(|(label, x, y, k)| {
                format!(
                    "{label}: {x} in the old document, {y} in the new ({})",
                    plural(k, "row")
                )
            })
            .collect();
        if self.more > 0 {
            out.push(format!(
                "{} more rows measured under other conditions",
                self.more
            ));
        }
        out
    }
}

/// Compares every row found in both documents, in the new document's order,
/// and says what was lost, refused, added and different.
pub fn diff(old: &Document, new: &Document) -> Result<Diff, DiffError> {
    if old.meta().kind != new.meta().kind {
        return Err(DiffError::Kinds(kind(old), kind(new)));
    }
    let (a, b) = (rows(old)?, rows(new)?);
    // Keyed lookups: a hostile document may hold many rows.
    let by_key: HashMap<&str, &Keyed> = a.iter().rev().map(|o| (o.what.as_str(), o)).collect();
    let in_new: HashSet<&str> = b.iter().map(|n| n.what.as_str()).collect();
    let mut out = Diff {
        failures: failures(new),
        differences: document_differences(old, new),
        counts: (a.len(), b.len()),
        ..Diff::default()
    };
    // (condition, old, new) → rows measured under each.
    let mut unlike = Unlike::default();
    for n in &b {
        let Some(o) = by_key.get(n.what.as_str()) else {
            out.added.push(n.what.clone());
            continue;
        };
        unlike.note(o, n);
        let why = |side: &str, f: &Option<String>| f.as_ref().map(|f| format!("{side}: {f}"));
        let whys: Vec<String> = [why("old", &o.failed), why("new", &n.failed)]
            .into_iter()
            .flatten()
            .collect();
        if whys.is_empty() {
            out.changes.push(compare(&n.what, o.wall, n.wall));
        } else {
            out.refused.push(Refused {
                what: n.what.clone(),
                why: whys.join("; "),
                new_failed: n.failed.is_some(),
            });
        }
    }
    out.lost = a
        .iter()
        .filter(|o| !in_new.contains(o.what.as_str()))
        .map(|o| o.what.clone())
        .collect();
    out.differences.extend(unlike.words());
    Ok(out)
}

fn compare(what: &str, o: &Summary, n: &Summary) -> Change {
    let change = n.median / o.median - 1.0;
    let (x, y) = (&o.samples, &n.samples);
    let interval = (x.len() >= 3 && y.len() >= 3).then(|| bootstrap(x, y));
    let beyond = match interval {
        Some((lo, hi)) => lo > 0.0 || hi < 0.0,
        None => n.min > o.max || n.max < o.min,
    };
    let verdict = match (beyond, change > 0.0) {
        (false, _) => Verdict::NoChange,
        (true, true) => Verdict::Slower,
        (true, false) => Verdict::Faster,
    };
    Change {
        what: what.into(),
        old_s: o.median,
        new_s: n.median,
        change,
        interval,
        verdict,
    }
}

/// 95 % percentile-bootstrap interval of median(y) ÷ median(x) − 1.
fn bootstrap(x: &[f64], y: &[f64]) -> (f64, f64) {
    const RESAMPLES: usize = 2000;
    let mut draws = Resampler::new(Resampler::SEED);
    let mut ratios = Vec::with_capacity(RESAMPLES);
    let mut a = vec![0.0; x.len()];
    let mut b = vec![0.0; y.len()];
    for _ in 0..RESAMPLES {
        draws.draw(x, &mut a);
        draws.draw(y, &mut b);
        ratios.push(median_in_place(&mut b) / median_in_place(&mut a) - 1.0);
    }
    ratios.sort_by(f64::total_cmp);
    (percentile(&ratios, 0.025), percentile(&ratios, 0.975))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A summary without its raw samples, as older documents have it.
    fn s(v: &[f64]) -> Summary {
        Summary {
            samples: Vec::new(),
            ..Summary::of(v).unwrap()
        }
    }

    fn with_samples(v: &[f64]) -> Summary {
        Summary::of(v).unwrap()
    }

    #[test]
    fn disjoint_ranges_are_a_change_overlapping_ones_are_not() {
        let c = compare("x", &s(&[1.0, 1.1]), &s(&[1.5, 1.6]));
        assert_eq!(c.verdict, Verdict::Slower);
        assert!((c.change - (1.55 / 1.05 - 1.0)).abs() < 1e-12);
        let c = compare("x", &s(&[1.0, 1.2]), &s(&[1.1, 1.3]));
        assert_eq!(c.verdict, Verdict::NoChange);
        let c = compare("x", &s(&[2.0, 2.1]), &s(&[1.0, 1.1]));
        assert_eq!(c.verdict, Verdict::Faster);
    }

    #[test]
    fn the_bootstrap_sees_a_shift_beyond_the_noise_and_not_within_it() {
        let old = [1.00, 1.02, 0.98, 1.01, 0.99, 1.00];
        let slow: Vec<f64> = old.iter().map(|x| x * 1.2).collect();
        let c = compare("x", &with_samples(&old), &with_samples(&slow));
        assert_eq!(c.verdict, Verdict::Slower);
        let (lo, hi) = c.interval.unwrap();
        assert!(lo > 0.1 && hi < 0.3, "{lo} {hi}");
        let same = [1.01, 0.99, 1.00, 1.02, 0.98, 1.00];
        let c = compare("x", &with_samples(&old), &with_samples(&same));
        assert_eq!(c.verdict, Verdict::NoChange);
        // Repeatable: the same samples give the same interval.
        let again = compare("x", &with_samples(&old), &with_samples(&same));
        assert_eq!(c.interval, again.interval);
    }
}
