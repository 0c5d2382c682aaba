//! Scaling analysis of any sweep over core counts: per core count the
//! speedup, efficiency and Karp–Flatt serial fraction; the Amdahl serial
//! fraction that fits best; the USL's σ and κ with a goodness of fit when there
//! are at least three core counts; and where adding cores stops paying.
//! Core counts beyond the measured ones are projected from the fits and marked
//! as not measured. Pure.
//!
//! "Stops paying" is the smallest core count at which one more core adds less
//! than half a core's worth of speedup (S(P+1) − S(P) < 0.5) on the fitted
//! curve — the USL's where it fits, else Amdahl's — and never later than the
//! USL's peak.

use crate::findings::fits::{
    Bound, Law, NoFit, NotAmdahl, OffShape, ShapeCause, StopsPaying, Verdict, Withheld,
};
use crate::model::{FitError, UslFit, amdahl, fit_amdahl, fit_usl_exact, karp_flatt, usl};
use crate::results::scale::Fit;
use serde::Serialize;

/// A law's refusal of the points, as the typed finding documents keep.
pub fn no_fit(e: FitError) -> NoFit {
    match e {
        FitError::TooFewPoints { law, need, got, .. } => NoFit::TooFewCounts {
            law: if law == "Amdahl" {
                Law::Amdahl
            } else {
                Law::Usl
            },
            need,
            got,
        },
        FitError::BadSpeedup(s) | FitError::BadPoint(_, s) => NoFit::BadSpeedup {
            speedup: s.parse::<f64>().ok().filter(|x| x.is_finite()),
        },
        FitError::NoCurve => NoFit::NoCurve,
    }
}

/// One core count of a sweep.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ScalePoint {
    pub cores: usize,
    /// Speedup (measured, or projected when `measured` is false).
    pub speedup: f64,
    /// speedup ÷ P.
    pub efficiency: f64,
    /// Karp–Flatt serial fraction (null at P = 1).
    pub karp_flatt: Option<f64>,
    /// False for projections.
    pub measured: bool,
    /// For a projection the fit put higher: the most the work allows at
    /// this count, which it was capped to.
    pub limit: Option<f64>,
}

/// The analysis of one sweep.
#[derive(Debug, Clone, Serialize)]
pub struct Scaling {
    /// Measured points, then projected ones.
    pub points: Vec<ScalePoint>,
    /// Best-fitting Amdahl serial fraction, or why there is none.
    pub amdahl_serial_fraction: Result<f64, NoFit>,
    /// USL fit, or why there is none.
    pub usl: Result<UslFit, NoFit>,
    /// Where one more core stops adding half a core of speedup, or why it
    /// is not said.
    pub stops_paying: StopsPaying,
    /// Why the sweep is not Amdahl-shaped, when it is not.
    pub shape: Option<NotAmdahl>,
    /// Why projections were not made or not drawn.
    pub withheld: Vec<Withheld>,
}

/// The fitted curve at `p`: USL when fitted, else Amdahl.
fn fitted(s: &Scaling, p: f64) -> Option<f64> {
    match (&s.usl, &s.amdahl_serial_fraction) {
        (Ok(u), _) => Some(usl(u.sigma, u.kappa, p)),
        (_, Ok(a)) => Some(amdahl(*a, p)),
        _ => None,
    }
}

/// The most a known piece of work allows on P cores: its work ÷ span
/// (T1/T∞), and the model's own schedule of it at P. No projection or "stops
/// paying" passes it. Sweeps of programs conpar knows nothing of have none.
pub type Cap<'a> = &'a dyn Fn(usize) -> f64;

/// The fitted curve at `p`, never above `cap`.
fn capped(s: &Scaling, cap: Option<Cap>, p: usize) -> Option<f64> {
    let f = fitted(s, p as f64)?;
    Some(cap.map_or(f, |c| f.min(c(p))))
}

/// Above this tick spread, two points are too few to say where cores stop paying.
const NOISY_SPREAD: f64 = 0.05;

/// The widest count searched for where cores stop paying.
pub const SEARCHED: usize = 1 << 16;

/// Why a fit cannot describe a sweep of real work, or `None` when it can.
fn not_amdahl_shaped(
    measured: &[(usize, f64)],
    s: Option<f64>,
    kappa: Option<f64>,
) -> Option<NotAmdahl> {
    let off = match (s, kappa) {
        (Some(s), _) if !(0.0..=1.0).contains(&s) => OffShape::SerialOutside { s },
        (_, Some(k)) if k < 0.0 => OffShape::KappaNegative { kappa: k },
        _ => return None,
    };
    let cause = if measured.iter().any(|&(p, x)| p > 1 && x > p as f64) {
        ShapeCause::Superlinear
    } else if measured.iter().any(|&(p, x)| p > 1 && x < 1.0) {
        ShapeCause::Slower
    } else if s.is_some_and(|s| s < 0.0) || kappa.is_some_and(|k| k < 0.0) {
        ShapeCause::BendsUp
    } else {
        ShapeCause::GrowingLosses
    };
    Some(NotAmdahl { off, cause })
}

/// [`analyze_capped`], for a sweep whose tick calibration had relative
/// spread `tick_spread`: with only two points and a spread above 5 %, where
/// cores stop paying is not drawn.
pub fn analyze_noisy(
    measured: &[(usize, f64)],
    project: &[usize],
    tick_spread: f64,
    cap: Option<Cap>,
) -> Scaling {
    let mut s = analyze_capped(measured, project, cap);
    if measured.len() <= 2 && tick_spread > NOISY_SPREAD {
        // The runs' own spread does not hold the tick's: projections would
        // look tighter than they are, so neither they nor where cores stop
        // paying are drawn.
        if matches!(
            s.stops_paying,
            StopsPaying::Beyond { .. } | StopsPaying::NotWithin { .. }
        ) {
            s.stops_paying = StopsPaying::NoisyTick {
                spread: tick_spread,
            };
        }
        if s.points.iter().any(|p| !p.measured) {
            s.points.retain(|p| p.measured);
            s.withheld.push(Withheld::NoisyTick {
                spread: tick_spread,
            });
        }
    }
    s
}

/// Analyses `(cores, speedup)` measurements of a program conpar knows
/// nothing of, and projects `project` core counts.
pub fn analyze(measured: &[(usize, f64)], project: &[usize]) -> Scaling {
    analyze_capped(measured, project, None)
}

/// Analyses `(cores, speedup)` measurements and projects `project` core
/// counts, never above `cap`.
///
/// A NaN speedup is one that is not defined (a workload with no CPU work): no
/// law is fitted to it and nothing is projected, rather than fitting noise
/// divided by almost nothing.
pub fn analyze_capped(measured: &[(usize, f64)], project: &[usize], cap: Option<Cap>) -> Scaling {
    let pts: Vec<(f64, f64)> = measured.iter().map(|&(p, s)| (p as f64, s)).collect();
    let undefined = measured.iter().any(|m| m.1.is_nan());
    let law = |r: Result<f64, FitError>| {
        if undefined {
            Err(NoFit::NoCpuWork)
        } else {
            r.map_err(no_fit)
        }
    };
    let mut scaling = Scaling {
        points: measured
            .iter()
            .map(|&(p, s)| ScalePoint {
                cores: p,
                speedup: s,
                efficiency: s / p as f64,
                karp_flatt: karp_flatt(s, p as f64),
                measured: true,
                limit: None,
            })
            .collect(),
        amdahl_serial_fraction: law(fit_amdahl(&pts)),
        usl: if undefined {
            Err(NoFit::NoCpuWork)
        } else {
            fit_usl_exact(&pts).map_err(no_fit)
        },
        stops_paying: StopsPaying::NoLaw,
        shape: None,
        withheld: Vec::new(),
    };
    scaling.shape = not_amdahl_shaped(
        measured,
        scaling.amdahl_serial_fraction.as_ref().ok().copied(),
        scaling.usl.as_ref().ok().map(|u| u.kappa),
    );
    project_beyond(&mut scaling, measured, project, cap);
    scaling.stops_paying = stops_paying(&scaling, cap);
    scaling
}

/// Adds the projections to `project` counts beyond the measured ones; a
/// curve of the wrong shape can project what no machine does (more than P,
/// or less than nothing), and such a projection is not made.
fn project_beyond(s: &mut Scaling, measured: &[(usize, f64)], project: &[usize], cap: Option<Cap>) {
    let top = measured.iter().map(|m| m.0).max().unwrap_or(1);
    let mut beyond = false;
    for &p in project.iter().filter(|&&p| p > top) {
        let f = fitted(s, p as f64);
        let possible = f.filter(|&f| f > 0.0 && f <= p as f64);
        beyond |= f.is_some() && possible.is_none();
        if let Some(f) = possible {
            let limit = cap.map(|c| c(p)).filter(|&l| l < f);
            let y = limit.unwrap_or(f);
            s.points.push(ScalePoint {
                cores: p,
                speedup: y,
                efficiency: y / p as f64,
                karp_flatt: karp_flatt(y, p as f64),
                measured: false,
                limit,
            });
        }
    }
    if beyond {
        s.withheld.push(Withheld::Impossible);
    }
}

/// The smallest count at which one more adds less than half a core of
/// speedup on the fitted curve held under `cap`, never later than the USL's
/// peak; not drawn from a fit that is not Amdahl-shaped.
pub fn stops_paying(s: &Scaling, cap: Option<Cap>) -> StopsPaying {
    if fitted(s, 1.0).is_none() {
        return StopsPaying::NoLaw;
    }
    if s.shape.is_some() || s.withheld.contains(&Withheld::Impossible) {
        return StopsPaying::NotAmdahlShaped;
    }
    let peak = s
        .usl
        .as_ref()
        .ok()
        .map(UslFit::peak_cores)
        .filter(|&p| p < SEARCHED as f64);
    let limit = peak.map_or(SEARCHED, |p| p.floor().max(1.0) as usize);
    let gain = |p: usize, c: Option<Cap>| Some(capped(s, c, p + 1)? - capped(s, c, p)?);
    let found = (1..limit).find(|&p| gain(p, cap).is_some_and(|g| g < 0.5));
    match (found, peak) {
        (Some(at), _) => StopsPaying::Beyond {
            at,
            by: if gain(at, None).is_some_and(|g| g < 0.5) {
                Bound::Fit
            } else {
                Bound::Work
            },
        },
        (None, Some(_)) => StopsPaying::Beyond {
            at: limit,
            by: Bound::Peak,
        },
        (None, None) => StopsPaying::NotWithin { searched: limit },
    }
}

/// `scale`'s verdict on its fit: the shape when it is off, else the
/// ceiling 1/s with where threads stop paying, never a ceiling below a
/// speedup that was measured.
pub fn verdict(fit: &Fit) -> Verdict {
    if let Some(shape) = fit.shape {
        return Verdict::NotAmdahl { shape };
    }
    let Some(s) = fit.amdahl_serial_fraction else {
        return Verdict::NoFit {
            why: fit.no_amdahl.clone(),
        };
    };
    if s <= 0.001 {
        return Verdict::Linear;
    }
    let best = fit
        .points
        .iter()
        .filter(|p| p.measured && p.speedup.is_finite())
        .max_by(|a, b| a.speedup.total_cmp(&b.speedup));
    match best {
        // A ceiling below what was measured would contradict the table.
        Some(b) if b.speedup > 1.0 / s => Verdict::CeilingBelowMeasured {
            s,
            ceiling: 1.0 / s,
            best: b.speedup,
            at: b.cores,
        },
        _ => Verdict::Ceiling {
            s,
            ci95: fit.serial_fraction_ci95,
            ceiling: 1.0 / s,
            stops_paying: fit.stops_paying,
        },
    }
}

#[cfg(test)]
#[path = "scaling_tests.rs"]
mod tests;
