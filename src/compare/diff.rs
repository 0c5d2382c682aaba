//! Two documents of one kind compared row by row, as criterion compares a run
//! against a saved baseline: for each row found in both (the same workload,
//! strategy and cores; the same client and cores; the same thread count), the
//! change of the median wall-clock and whether it is beyond the noise.
//!
//! The noise test: with three or more raw times on each side (`samples`), a 95 %
//! bootstrap interval of the ratio of medians (2,000 resamples, a fixed seed,
//! so the same files give the same answer); the change is significant when
//! the interval leaves 1. With fewer samples, the change is significant only
//! when the two min–max ranges do not overlap. Pure: documents in, rows out.

use crate::results::Document;
use crate::stats::{Resampler, Summary, median_in_place, percentile};

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

type Keyed<'a> = Vec<(String, &'a Summary)>;

fn rows(d: &Document) -> Result<Keyed<'_>, DiffError> {
    Ok(match d {
        Document::Run(r) => r
            .workloads
            .iter()
            .flat_map(|w| {
                w.rows.iter().map(|r| {
                    let what = format!("{} {} {} cores", w.workload, r.strategy, r.cores);
                    (what, &r.measured.wall_s)
                })
            })
            .collect(),
        Document::Io(io) => io
            .rows
            .iter()
            .map(|r| {
                (
                    format!("{} {} cores", r.client, r.cores),
                    &r.measured.wall_s,
                )
            })
            .collect(),
        Document::Scale(s) => s
            .rows
            .iter()
            .map(|r| {
                (
                    format!(
                        "{} thread{}",
                        r.threads,
                        if r.threads == 1 { "" } else { "s" }
                    ),
                    &r.measured.wall_s,
                )
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

/// Compares every row found in both documents, in the new document's order.
pub fn diff(old: &Document, new: &Document) -> Result<Vec<Change>, DiffError> {
    if old.meta().kind != new.meta().kind {
        return Err(DiffError::Kinds(kind(old), kind(new)));
    }
    let (a, b) = (rows(old)?, rows(new)?);
    Ok(b.iter()
        .filter_map(|(what, n)| {
            let (_, o) = a.iter().find(|(w, _)| w == what)?;
            Some(compare(what, o, n))
        })
        .collect())
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
