//! Fits that know their limits: 95 % intervals of the fitted laws and of
//! their projections, by bootstrap over the runs (Efron & Tibshirani 1993,
//! the percentile method).
//!
//! Each resample draws every count's raw wall times with replacement,
//! recomputes the speedups from the medians of the draws (against the
//! resampled one-thread median, or a fixed serial time), refits Amdahl's s
//! and the USL's σ and κ, and projects from the refitted curve — the USL's
//! when the sweep has one, else Amdahl's, as the projections themselves are
//! made. The interval is the 2.5th to 97.5th percentile of the refits.
//!
//! A projection is refused when its interval is wider than the projected
//! speedup itself (hi − lo > S): the measured runs cannot say where the curve
//! goes. With a count measured once there is no spread to resample, and the
//! intervals are said to be unknown rather than drawn from nothing.
//!
//! Bounded: [`RESAMPLES`] resamples, fewer (never under [`MIN_RESAMPLES`])
//! when the runs are so many that the draws would pass [`MAX_DRAWS`]. Seeded,
//! so the same runs give the same intervals. Pure.

use crate::findings::fits::{NoIntervals, Withheld};
use crate::model::{amdahl, fit_amdahl, fit_usl_exact, usl};
use crate::results::scale::{Fit, SpeedupInterval, UslIntervals};
use crate::stats::{Resampler, median_in_place, percentile};

/// Resamples per fit.
pub const RESAMPLES: usize = 1000;
/// The fewest resamples a fit is given, however many runs it has.
pub const MIN_RESAMPLES: usize = 200;
/// Draws (raw times picked) one fit may make over all its resamples.
pub const MAX_DRAWS: usize = 20_000_000;
/// The share of resamples whose refit must succeed for an interval.
const ENOUGH: f64 = 0.9;

/// Where a measured point's speedup comes from, resample by resample.
#[derive(Debug, Clone, Copy)]
pub enum Runs<'a> {
    /// The baseline's own runs: speedup 1 in every resample.
    Baseline,
    /// The resampled baseline median over the resampled median of these runs.
    OverBaseline(&'a [f64]),
    /// A serial time held fixed over the resampled median of these runs (for
    /// `run`, whose serial baseline is timed once before each pair).
    OverFixed(f64, &'a [f64]),
}

impl Runs<'_> {
    fn walls(&self) -> Option<&[f64]> {
        match self {
            Runs::Baseline => None,
            Runs::OverBaseline(w) | Runs::OverFixed(_, w) => Some(w),
        }
    }
}

/// Adds bootstrap intervals to `fit`, which was made from the medians of the
/// same runs: `baseline` holds the one-thread runs that
/// [`Runs::OverBaseline`] divides, `points` each measured count's runs. Refused projections are added to `fit.withheld`.
pub fn add_intervals(fit: &mut Fit, baseline: &[f64], points: &[(usize, Runs)]) {
    if fit.amdahl_serial_fraction.is_none() {
        return;
    }
    let uses_base = points
        .iter()
        .any(|(_, r)| matches!(r, Runs::Baseline | Runs::OverBaseline(_)));
    let base = if uses_base { baseline } else { &[] };
    if let Some(why) = no_spread(base, points) {
        fit.no_intervals = Some(why);
        return;
    }
    let per = points
        .iter()
        .filter_map(|(_, r)| r.walls().map(<[f64]>::len))
        .sum::<usize>()
        + base.len();
    let resamples = (MAX_DRAWS / per.max(1)).clamp(MIN_RESAMPLES, RESAMPLES);
    let project: Vec<usize> = fit
        .points
        .iter()
        .filter(|p| !p.measured)
        .map(|p| p.cores)
        .collect();
    let refits = refit(baseline, points, &project, fit.usl().is_some(), resamples);
    let need = (resamples as f64 * ENOUGH).ceil() as usize;
    let band = |mut v: Vec<f64>| {
        (v.len() >= need).then(|| {
            v.sort_by(f64::total_cmp);
            (
                percentile(&v, 0.025),
                percentile(&v, 0.5),
                percentile(&v, 0.975),
            )
        })
    };
    fit.resamples = Some(resamples);
    fit.serial_fraction_ci95 = band(refits.s).map(|(lo, _, hi)| (lo, hi));
    fit.usl_ci95 = match (band(refits.sigma), band(refits.kappa)) {
        (Some(s), Some(k)) => Some(UslIntervals {
            sigma: (s.0, s.2),
            kappa: (k.0, k.2),
        }),
        _ => None,
    };
    let mut refused = Vec::new();
    for (cores, values) in project.iter().zip(refits.projected) {
        let Some((lo, median, hi)) = band(values) else {
            continue;
        };
        if let Some(p) = fit
            .points
            .iter_mut()
            .find(|p| !p.measured && p.cores == *cores)
        {
            // A projection that is not a number is no projection either.
            let no = hi - lo > p.speedup || !p.speedup.is_finite();
            p.interval = Some(SpeedupInterval {
                median,
                lo,
                hi,
                refused: no,
            });
            if no {
                refused.push(*cores);
            }
        }
    }
    if !refused.is_empty() {
        fit.withheld.push(Withheld::TooNoisy {
            all: refused.len() == project.len(),
            counts: refused,
            widest: fit.widest_measured(),
        });
    }
}

/// Why there is no spread to resample: a count (the baseline first) with
/// fewer than two runs.
fn no_spread(baseline: &[f64], points: &[(usize, Runs)]) -> Option<NoIntervals> {
    let uses_base = points
        .iter()
        .any(|(_, r)| matches!(r, Runs::Baseline | Runs::OverBaseline(_)));
    let (p, n) = uses_base
        .then_some((1, baseline.len()))
        .into_iter()
        .chain(
            points
                .iter()
                .filter_map(|(p, r)| r.walls().map(|w| (*p, w.len()))),
        )
        .find(|&(_, n)| n < 2)?;
    Some(NoIntervals::NoSpread { at: p, runs: n })
}

/// The refitted parameters and projections of every resample that fitted.
#[derive(Debug, Default)]
struct Refits {
    s: Vec<f64>,
    sigma: Vec<f64>,
    kappa: Vec<f64>,
    projected: Vec<Vec<f64>>,
}

fn refit(
    baseline: &[f64],
    points: &[(usize, Runs)],
    project: &[usize],
    with_usl: bool,
    resamples: usize,
) -> Refits {
    let mut draws = Resampler::new(Resampler::SEED);
    let mut out = Refits {
        projected: vec![Vec::with_capacity(resamples); project.len()],
        ..Refits::default()
    };
    let mut base_buf = vec![0.0; baseline.len()];
    let mut bufs: Vec<Vec<f64>> = points
        .iter()
        .map(|(_, r)| vec![0.0; r.walls().map_or(0, <[f64]>::len)])
        .collect();
    let mut pts = Vec::with_capacity(points.len());
    for _ in 0..resamples {
        let base = if baseline.is_empty() {
            f64::NAN
        } else {
            draws.draw(baseline, &mut base_buf);
            median_in_place(&mut base_buf)
        };
        pts.clear();
        for ((p, r), buf) in points.iter().zip(bufs.iter_mut()) {
            let speedup = match r {
                Runs::Baseline => 1.0,
                Runs::OverBaseline(w) | Runs::OverFixed(_, w) => {
                    draws.draw(w, buf);
                    let m = median_in_place(buf);
                    match r {
                        Runs::OverFixed(serial, _) => serial / m,
                        _ => base / m,
                    }
                }
            };
            pts.push((*p as f64, speedup));
        }
        let s = fit_amdahl(&pts).ok();
        let u = with_usl.then(|| fit_usl_exact(&pts).ok()).flatten();
        out.s.extend(s);
        if let Some(u) = u {
            out.sigma.push(u.sigma);
            out.kappa.push(u.kappa);
        }
        for (&p, v) in project.iter().zip(out.projected.iter_mut()) {
            let y = match (with_usl, u, s) {
                (true, Some(u), _) => usl(u.sigma, u.kappa, p as f64),
                (false, _, Some(s)) => amdahl(s, p as f64),
                _ => continue,
            };
            if y.is_finite() {
                v.push(y);
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "intervals_tests.rs"]
mod tests;
