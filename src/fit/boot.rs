//! 95 % intervals of a throughput fit by bootstrap over the measurements
//! (resampling cases: each resample draws the table's rows with
//! replacement, refits the USL the same way, λ free or held, and Amdahl's
//! serial fraction against the same baseline). The interval is the 2.5th to
//! 97.5th percentile of the refits, as everywhere in conpar; the band is the
//! same percentiles of the refitted curves' throughput at each N.
//!
//! A resample with fewer than three distinct N cannot be refitted and is
//! dropped; with fewer than 90 % refitted, no interval is given. Seeded
//! ([`Resampler::SEED`]), so the same table gives the same intervals; bounded
//! by [`MAX_DRAWS`] rows drawn in all.

use crate::findings::fits::NoIntervals;
use crate::model::{Lambda, UslNls, fit_amdahl, fit_usl_nls};
use crate::results::fit::BandPoint;
use crate::stats::{Resampler, percentile};

/// Resamples per fit.
pub const RESAMPLES: usize = 1000;
/// The fewest resamples, however many rows.
pub const MIN_RESAMPLES: usize = 200;
/// Rows drawn over all resamples.
pub const MAX_DRAWS: usize = 2_000_000;
/// Points of the band.
const BAND: usize = 64;
/// The share of resamples that must refit for an interval.
const ENOUGH: f64 = 0.9;

/// The intervals found.
#[derive(Debug, Clone, Default)]
pub(super) struct Boot {
    pub sigma: Option<(f64, f64)>,
    pub kappa: Option<(f64, f64)>,
    pub lambda: Option<(f64, f64)>,
    pub amdahl: Option<(f64, f64)>,
    pub band: Vec<BandPoint>,
    pub resamples: usize,
    pub note: Option<NoIntervals>,
}

/// The N the band is drawn at: from the smallest measured N to the largest,
/// or on to the fitted peak when it is within twice the largest.
fn grid(rows: &[(f64, f64)], fit: &UslNls) -> Vec<f64> {
    let lo = rows.iter().map(|r| r.0).fold(f64::INFINITY, f64::min);
    let hi = rows.iter().map(|r| r.0).fold(0.0, f64::max);
    let peak = fit.shape().peak_cores();
    let top = if peak.is_finite() && peak > hi && peak <= 2.0 * hi {
        peak.ceil()
    } else {
        hi
    };
    (0..BAND)
        .map(|i| lo + (top - lo) * i as f64 / (BAND - 1) as f64)
        .collect()
}

fn interval(mut v: Vec<f64>) -> Option<(f64, f64)> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable_by(f64::total_cmp);
    Some((percentile(&v, 0.025), percentile(&v, 0.975)))
}

/// Resamples `rows` and refits as `fit` was made (`lambda`, Amdahl against `base`).
pub(super) fn resample(rows: &[(f64, f64)], lambda: Lambda, base: f64, fit: &UslNls) -> Boot {
    let resamples = (MAX_DRAWS / rows.len().max(1)).clamp(MIN_RESAMPLES, RESAMPLES);
    let ns = grid(rows, fit);
    let mut rng = Resampler::new(Resampler::SEED);
    let mut draw = vec![(0.0, 0.0); rows.len()];
    let (mut fits, mut amdahls) = (Vec::new(), Vec::new());
    for _ in 0..resamples {
        for d in draw.iter_mut() {
            *d = rows[rng.index(rows.len())];
        }
        if let Ok(f) = fit_usl_nls(&draw, lambda) {
            fits.push(f);
        }
        let s: Vec<(f64, f64)> = draw.iter().map(|&(n, x)| (n, x / base)).collect();
        if let Ok(a) = fit_amdahl(&s) {
            amdahls.push(a);
        }
    }
    let enough = |got: usize| got as f64 >= ENOUGH * resamples as f64;
    let mut b = Boot {
        resamples,
        ..Boot::default()
    };
    if enough(amdahls.len()) {
        b.amdahl = interval(amdahls);
    }
    let curve = |n: f64, lo, hi| BandPoint {
        n,
        x: fit.throughput(n),
        lo,
        hi,
    };
    if !enough(fits.len()) {
        b.note = Some(NoIntervals::TooFewRefits {
            refitted: fits.len(),
            resamples,
        });
        b.band = ns.iter().map(|&n| curve(n, None, None)).collect();
        return b;
    }
    b.sigma = interval(fits.iter().map(|f| f.sigma).collect());
    b.kappa = interval(fits.iter().map(|f| f.kappa).collect());
    if matches!(lambda, Lambda::Free) {
        b.lambda = interval(fits.iter().map(|f| f.lambda).collect());
    }
    b.band = ns
        .iter()
        .map(|&n| {
            let (lo, hi) = interval(fits.iter().map(|f| f.throughput(n)).collect())
                .map_or((None, None), |(l, h)| (Some(l), Some(h)));
            curve(n, lo, hi)
        })
        .collect();
    b
}
