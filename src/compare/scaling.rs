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

use super::NO_CPU_WORK;
use crate::model::{FitError, UslFit, amdahl, fit_amdahl, fit_usl_exact, karp_flatt, usl};
use serde::{Serialize, Serializer};

/// Why a sweep has no fitted law: no CPU work to divide, or the law's own
/// refusal of the points. Written to JSON as its text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoFit {
    #[error("{NO_CPU_WORK}")]
    NoCpuWork,
    #[error(transparent)]
    Law(#[from] FitError),
}

impl Serialize for NoFit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
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
    /// Where one more core stops adding half a core of speedup, on the fitted curve.
    pub stops_paying: Option<usize>,
    /// Why the sweep is not Amdahl-shaped, when it is not.
    pub shape: Option<String>,
    /// Why `stops_paying` was not drawn, when it could have been.
    pub stops_paying_note: Option<String>,
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

/// Why a fit cannot describe a sweep of real work, or `None` when it can.
fn not_amdahl_shaped(
    measured: &[(usize, f64)],
    s: Option<f64>,
    kappa: Option<f64>,
) -> Option<String> {
    let what = match (s, kappa) {
        (Some(s), _) if !(0.0..=1.0).contains(&s) => format!("Amdahl s = {s:.3}, outside [0, 1]"),
        (_, Some(k)) if k < 0.0 => format!("USL κ = {k:.5}, below 0"),
        _ => return None,
    };
    let cause = if measured.iter().any(|&(p, x)| p > 1 && x > p as f64) {
        "a speedup above its core count: superlinear caching (more cache with more cores) or a slow one-core baseline"
    } else if measured.iter().any(|&(p, x)| p > 1 && x < 1.0) {
        "slower with more cores: oversubscription (more threads than cores) or contention"
    } else if s.is_some_and(|s| s < 0.0) || kappa.is_some_and(|k| k < 0.0) {
        "a curve that bends upwards: noise in the measurements, or caching that grows with the cores"
    } else {
        "losses that grow faster than a serial part explains: oversubscription or noise"
    };
    Some(format!("not Amdahl-shaped ({what}): likely {cause}"))
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
        s.stops_paying = None;
        s.points.retain(|p| p.measured);
        s.stops_paying_note = Some(format!(
            "neither this nor any projection is drawn from two points with a tick spread of {}",
            crate::words::Pct::new(tick_spread)
        ));
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
    let fit = |r: Result<f64, FitError>| {
        if undefined {
            Err(NoFit::NoCpuWork)
        } else {
            Ok(r?)
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
        amdahl_serial_fraction: fit(fit_amdahl(&pts)),
        usl: if undefined {
            Err(NoFit::NoCpuWork)
        } else {
            fit_usl_exact(&pts).map_err(NoFit::from)
        },
        stops_paying: None,
        shape: None,
        stops_paying_note: None,
    };
    scaling.shape = not_amdahl_shaped(
        measured,
        scaling.amdahl_serial_fraction.as_ref().ok().copied(),
        scaling.usl.as_ref().ok().map(|u| u.kappa),
    );
    let top = measured.iter().map(|m| m.0).max().unwrap_or(1);
    // A curve of the wrong shape can project what no machine does: more
    // than P, or less than nothing. Such a projection is not made.
    let mut beyond = false;
    for &p in project.iter().filter(|&&p| p > top) {
        let s = fitted(&scaling, p as f64);
        let possible = s.filter(|&s| s > 0.0 && s <= p as f64);
        beyond |= s.is_some() && possible.is_none();
        if let Some(f) = possible {
            let limit = cap.map(|c| c(p)).filter(|&l| l < f);
            let s = limit.unwrap_or(f);
            scaling.points.push(ScalePoint {
                cores: p,
                speedup: s,
                efficiency: s / p as f64,
                karp_flatt: karp_flatt(s, p as f64),
                measured: false,
                limit,
            });
        }
    }
    if beyond {
        let note = "no projection is made beyond what P cores can do (0 to P×)";
        scaling.shape = Some(match scaling.shape.take() {
            Some(shape) => format!("{shape}; {note}"),
            None => note.to_string(),
        });
    }
    let peak = scaling
        .usl
        .as_ref()
        .ok()
        .map(UslFit::peak_cores)
        .filter(|p| p.is_finite());
    let limit = peak.map_or(1 << 16, |p| p.floor().max(1.0) as usize);
    scaling.stops_paying = (1..limit).find_map(|p| {
        let gain = capped(&scaling, cap, p + 1)? - capped(&scaling, cap, p)?;
        (gain < 0.5).then_some(p)
    });
    if scaling.stops_paying.is_none() && peak.is_some() {
        scaling.stops_paying = Some(limit);
    }
    if scaling.shape.is_some() && scaling.stops_paying.is_some() {
        scaling.stops_paying = None;
        scaling.stops_paying_note = Some("not drawn from a fit that is not Amdahl-shaped".into());
    }
    scaling
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amdahl_data_is_recovered_and_projected() {
        let m: Vec<(usize, f64)> = [1, 2, 4]
            .iter()
            .map(|&p| (p, amdahl(0.1, p as f64)))
            .collect();
        let s = analyze(&m, &[8, 16]);
        assert!((s.amdahl_serial_fraction.clone().unwrap() - 0.1).abs() < 1e-9);
        let p8 = s.points.iter().find(|p| p.cores == 8).unwrap();
        assert!(!p8.measured);
        assert!((p8.speedup - amdahl(0.1, 8.0)).abs() < 1e-6, "{p8:?}");
        // Karp–Flatt of exact Amdahl data is the serial fraction itself.
        assert!((s.points[1].karp_flatt.unwrap() - 0.1).abs() < 1e-9);
        // S(P+1) − S(P) = 0.5 first happens between 3 and 4 cores at s = 0.1.
        assert_eq!(s.stops_paying, Some(4));
    }

    #[test]
    fn nothing_beyond_what_p_cores_can_do_is_projected() {
        // Superlinear: s below 0 would project more than P.
        let s = analyze(&[(1, 1.0), (2, 2.2)], &[4, 8]);
        assert!(
            s.shape
                .as_deref()
                .unwrap()
                .contains("no projection is made")
        );
        assert!(s.points.iter().all(|p| p.measured), "{:?}", s.points);
        // A little slower on two cores (s = 1.02, outside [0, 1]): flagged,
        // and its projections (just under 1×) are still possible ones.
        let s = analyze(&[(1, 1.0), (2, 0.99)], &[4, 8]);
        assert!(s.shape.is_some());
        let p8 = s.points.iter().find(|p| p.cores == 8).unwrap();
        assert!(p8.speedup > 0.9 && p8.speedup < 1.0, "{p8:?}");
    }

    #[test]
    fn two_core_counts_are_not_enough_for_the_usl() {
        let s = analyze(&[(1, 1.0), (2, 1.9)], &[4]);
        assert!(matches!(s.usl, Err(NoFit::Law(_))));
        assert!(s.usl.unwrap_err().to_string().contains("at least 3"));
        assert!(s.amdahl_serial_fraction.is_ok());
    }

    #[test]
    fn undefined_speedups_fit_nothing() {
        let s = analyze(&[(1, f64::NAN), (2, f64::NAN)], &[4]);
        assert_eq!(s.amdahl_serial_fraction.unwrap_err(), NoFit::NoCpuWork);
        assert_eq!(s.usl.unwrap_err().to_string(), NO_CPU_WORK);
        assert!(
            s.points
                .iter()
                .all(|p| p.measured && p.karp_flatt.is_none())
        );
        assert_eq!(s.stops_paying, None);
    }

    #[test]
    fn fits_outside_their_range_are_flagged() {
        // Superlinear: 2.3× on 2 cores gives a negative serial fraction.
        let s = analyze(&[(1, 1.0), (2, 2.3)], &[4]);
        assert!(s.amdahl_serial_fraction.clone().unwrap() < 0.0);
        let shape = s.shape.unwrap();
        assert!(
            shape.starts_with("not Amdahl-shaped (Amdahl s = -0.130"),
            "{shape}"
        );
        assert!(shape.contains("superlinear caching"), "{shape}");
        assert_eq!(s.stops_paying, None);
        assert!(s.stops_paying_note.unwrap().contains("not Amdahl-shaped"));
        // Slower with more cores: s above 1.
        let s = analyze(&[(1, 1.0), (2, 0.8), (4, 0.6)], &[]);
        assert!(s.shape.unwrap().contains("oversubscription"));
        // A well-behaved sweep is not flagged.
        let s = analyze(&[(1, 1.0), (2, 1.8), (4, 2.9)], &[]);
        assert_eq!(s.shape, None);
    }

    #[test]
    fn two_noisy_points_do_not_say_where_cores_stop_paying() {
        let m = [(1, 1.0), (2, amdahl(0.1, 2.0))];
        let quiet = analyze_noisy(&m, &[4, 8], 0.02, None);
        assert_eq!(quiet.stops_paying, Some(4));
        assert_eq!(quiet.points.len(), 4, "two measured, two projected");
        let s = analyze_noisy(&m, &[4, 8], 0.30, None);
        assert_eq!(s.stops_paying, None);
        assert!(s.points.iter().all(|p| p.measured), "nor projections");
        assert!(s.stops_paying_note.unwrap().contains("tick spread of 30%"));
    }

    #[test]
    fn a_projection_is_capped_by_what_the_work_allows() {
        // Two tasks: T1/T∞ = 2, whatever the fit says of 4 or 8 cores.
        let m = [(1, 1.0), (2, 1.99)];
        let two = |_: usize| 2.0;
        let s = analyze_capped(&m, &[4, 8], Some(&two));
        for p in s.points.iter().filter(|p| !p.measured) {
            assert_eq!(p.speedup, 2.0, "{p:?}");
            assert_eq!(p.limit, Some(2.0), "{p:?}");
        }
        // One more core past the second adds nothing: it stops paying there.
        assert_eq!(s.stops_paying, Some(2));
        // Unknown work: the fit alone, far past 2×.
        let s = analyze(&m, &[8]);
        assert!(s.points.last().unwrap().speedup > 7.0);
        assert_eq!(s.points.last().unwrap().limit, None);
    }

    #[test]
    fn usl_peak_bounds_stops_paying() {
        let m: Vec<(usize, f64)> = [1, 2, 4, 8, 16]
            .iter()
            .map(|&p| (p, usl(0.02, 0.01, p as f64)))
            .collect();
        let s = analyze(&m, &[]);
        let peak = s.usl.as_ref().unwrap().peak_cores();
        assert!(s.stops_paying.unwrap() as f64 <= peak);
    }
}
