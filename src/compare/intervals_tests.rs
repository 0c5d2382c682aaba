use super::*;
use crate::compare::{fit, scaling::analyze};

/// Eight runs per count of an Amdahl program with serial fraction `s`, one
/// thread taking 1 s, each run off by up to ±`noise` (a fixed pattern, so the
/// test does not depend on chance).
fn amdahl_runs(s: f64, counts: &[usize], noise: f64) -> Vec<Vec<f64>> {
    const WOBBLE: [f64; 8] = [0.0, 1.0, -1.0, 0.5, -0.5, 0.25, -0.75, 0.75];
    counts
        .iter()
        .enumerate()
        .map(|(i, &p)| {
            (0..WOBBLE.len())
                .map(|k| (1.0 / amdahl(s, p as f64)) * (1.0 + noise * WOBBLE[(k + i) % 8]))
                .collect()
        })
        .collect()
}

/// The fit with intervals of a scan's runs, as `conpar scale` makes it.
fn fitted(runs: &[Vec<f64>], counts: &[usize], project: &[usize]) -> Fit {
    let base = crate::stats::median(&runs[0]).unwrap();
    let measured: Vec<(usize, f64)> = counts
        .iter()
        .zip(runs)
        .map(|(&p, r)| (p, base / crate::stats::median(r).unwrap()))
        .collect();
    let mut f = fit(&analyze(&measured, project));
    let points: Vec<(usize, Runs)> = counts
        .iter()
        .zip(runs)
        .map(|(&p, r)| {
            (
                p,
                if p == 1 {
                    Runs::Baseline
                } else {
                    Runs::OverBaseline(r)
                },
            )
        })
        .collect();
    add_intervals(&mut f, &runs[0], &points);
    f
}

fn width((lo, hi): (f64, f64)) -> f64 {
    hi - lo
}

#[test]
fn intervals_hold_the_true_serial_fraction_and_widen_with_noise() {
    let counts = [1, 2, 4];
    let quiet = fitted(&amdahl_runs(0.1, &counts, 0.002), &counts, &[8, 16]);
    let (lo, hi) = quiet.serial_fraction_ci95.unwrap();
    assert!(lo <= 0.1 && 0.1 <= hi, "[{lo}, {hi}]");
    assert!(hi - lo < 0.02, "[{lo}, {hi}]");
    assert_eq!(quiet.resamples, Some(RESAMPLES));
    let u = quiet.usl_ci95.unwrap();
    // Amdahl is the USL with σ = s and κ = 0.
    assert!(u.sigma.0 <= 0.1 && 0.1 <= u.sigma.1, "{u:?}");
    assert!(u.kappa.0 <= 0.0 && 0.0 <= u.kappa.1, "{u:?}");
    let p8 = quiet.points.iter().find(|p| p.cores == 8).unwrap();
    let i8 = p8.interval.unwrap();
    assert!(
        i8.lo <= amdahl(0.1, 8.0) && amdahl(0.1, 8.0) <= i8.hi,
        "{i8:?}"
    );
    assert!(!i8.refused && quiet.withheld.is_empty());

    let noisy = fitted(&amdahl_runs(0.1, &counts, 0.15), &counts, &[8, 16]);
    let (nlo, nhi) = noisy.serial_fraction_ci95.unwrap();
    assert!(nlo <= 0.1 && 0.1 <= nhi, "[{nlo}, {nhi}]");
    assert!(
        width((nlo, nhi)) > 5.0 * width((lo, hi)),
        "[{nlo}, {nhi}] against [{lo}, {hi}]"
    );
    let n8 = noisy
        .points
        .iter()
        .find(|p| p.cores == 8)
        .unwrap()
        .interval
        .unwrap();
    assert!(
        n8.hi - n8.lo > 5.0 * (i8.hi - i8.lo),
        "{n8:?} against {i8:?}"
    );
}

#[test]
fn the_same_runs_give_the_same_intervals() {
    let counts = [1, 2];
    let runs = amdahl_runs(0.3, &counts, 0.05);
    let a = fitted(&runs, &counts, &[4]);
    let b = fitted(&runs, &counts, &[4]);
    assert_eq!(a.serial_fraction_ci95, b.serial_fraction_ci95);
    assert_eq!(a.points, b.points);
    // Two counts: no USL, so no USL interval, and Amdahl projects.
    assert!(a.usl_ci95.is_none() && a.points[2].interval.is_some());
}

#[test]
fn wide_projections_are_refused() {
    let counts = [1, 2];
    let f = fitted(&amdahl_runs(0.3, &counts, 0.6), &counts, &[4, 8]);
    let refused: Vec<usize> = f
        .points
        .iter()
        .filter(|p| p.interval.is_some_and(|i| i.refused))
        .map(|p| p.cores)
        .collect();
    assert_eq!(refused, [4, 8], "{:?}", f.points);
    assert_eq!(
        f.withheld,
        vec![Withheld::TooNoisy {
            counts: vec![4, 8],
            all: true,
            widest: 2
        }]
    );
}

#[test]
fn one_run_per_count_leaves_the_intervals_unknown() {
    let counts = [1, 2, 4];
    let runs: Vec<Vec<f64>> = amdahl_runs(0.1, &counts, 0.0)
        .into_iter()
        .map(|r| r[..1].to_vec())
        .collect();
    let f = fitted(&runs, &counts, &[8]);
    assert!(f.serial_fraction_ci95.is_none() && f.usl_ci95.is_none());
    assert!(f.points.iter().all(|p| p.interval.is_none()));
    assert_eq!(
        f.no_intervals,
        Some(NoIntervals::NoSpread { at: 1, runs: 1 })
    );
}

#[test]
fn a_fixed_serial_time_is_held_while_the_runs_are_resampled() {
    // `run`: each row's speedup is its own serial time over its wall.
    let walls = [vec![1.0, 1.01, 0.99, 1.0], vec![0.55, 0.56, 0.54, 0.55]];
    let measured = [(1, 1.0), (2, 1.0 / 0.55)];
    let mut f = fit(&analyze(&measured, &[4]));
    let points = [
        (1, Runs::OverFixed(1.0, &walls[0][..])),
        (2, Runs::OverFixed(1.0, &walls[1][..])),
    ];
    add_intervals(&mut f, &[], &points);
    let (lo, hi) = f.serial_fraction_ci95.unwrap();
    let s = f.amdahl_serial_fraction.unwrap();
    assert!(lo <= s && s <= hi && hi - lo < 0.1, "{s} in [{lo}, {hi}]");
}
