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
    assert_eq!(
        s.stops_paying,
        StopsPaying::Beyond {
            at: 4,
            by: Bound::Fit
        }
    );
}

#[test]
fn nothing_beyond_what_p_cores_can_do_is_projected() {
    // Superlinear: s below 0 would project more than P.
    let s = analyze(&[(1, 1.0), (2, 2.2)], &[4, 8]);
    assert_eq!(s.withheld, vec![Withheld::Impossible]);
    assert_eq!(s.stops_paying, StopsPaying::NotAmdahlShaped);
    assert!(s.points.iter().all(|p| p.measured), "{:?}", s.points);
    // A little slower on two cores (s = 1.02, outside [0, 1]): flagged,
    // and its projections (just under 1×) are still possible ones.
    let s = analyze(&[(1, 1.0), (2, 0.99)], &[4, 8]);
    // 1/0.99 − 1/2 = s (1 − 1/2): s = 2/0.99 − 1.
    let OffShape::SerialOutside { s: serial } = s.shape.unwrap().off else {
        panic!("{:?}", s.shape)
    };
    assert!((serial - (2.0 / 0.99 - 1.0)).abs() < 1e-12, "{serial}");
    let p8 = s.points.iter().find(|p| p.cores == 8).unwrap();
    assert!(p8.speedup > 0.9 && p8.speedup < 1.0, "{p8:?}");
}

#[test]
fn two_core_counts_are_not_enough_for_the_usl() {
    let s = analyze(&[(1, 1.0), (2, 1.9)], &[4]);
    assert_eq!(
        s.usl.unwrap_err(),
        NoFit::TooFewCounts {
            law: Law::Usl,
            need: 3,
            got: 2
        }
    );
    assert!(s.amdahl_serial_fraction.is_ok());
}

#[test]
fn undefined_speedups_fit_nothing() {
    let s = analyze(&[(1, f64::NAN), (2, f64::NAN)], &[4]);
    assert_eq!(s.amdahl_serial_fraction.unwrap_err(), NoFit::NoCpuWork);
    assert_eq!(s.usl.unwrap_err(), NoFit::NoCpuWork);
    assert!(
        s.points
            .iter()
            .all(|p| p.measured && p.karp_flatt.is_none())
    );
    assert_eq!(s.stops_paying, StopsPaying::NoLaw);
}

#[test]
fn fits_outside_their_range_are_flagged() {
    // Superlinear: 2.3× on 2 cores gives a negative serial fraction.
    let s = analyze(&[(1, 1.0), (2, 2.3)], &[4]);
    assert!(s.amdahl_serial_fraction.clone().unwrap() < 0.0);
    let shape = s.shape.unwrap();
    // 1/2.3 − 1/2 = s (1 − 1/2): s = 2/2.3 − 1.
    let OffShape::SerialOutside { s: serial } = shape.off else {
        panic!("{shape:?}")
    };
    assert!((serial - (2.0 / 2.3 - 1.0)).abs() < 1e-12, "{serial}");
    assert_eq!(shape.cause, ShapeCause::Superlinear);
    assert_eq!(s.stops_paying, StopsPaying::NotAmdahlShaped);
    // Slower with more cores: s above 1.
    let s = analyze(&[(1, 1.0), (2, 0.8), (4, 0.6)], &[]);
    assert_eq!(s.shape.unwrap().cause, ShapeCause::Slower);
    // A well-behaved sweep is not flagged.
    let s = analyze(&[(1, 1.0), (2, 1.8), (4, 2.9)], &[]);
    assert_eq!(s.shape, None);
}

#[test]
fn two_noisy_points_do_not_say_where_cores_stop_paying() {
    let m = [(1, 1.0), (2, amdahl(0.1, 2.0))];
    let quiet = analyze_noisy(&m, &[4, 8], 0.02, None);
    assert!(matches!(
        quiet.stops_paying,
        StopsPaying::Beyond { at: 4, .. }
    ));
    assert_eq!(quiet.points.len(), 4, "two measured, two projected");
    let s = analyze_noisy(&m, &[4, 8], 0.30, None);
    assert_eq!(s.stops_paying, StopsPaying::NoisyTick { spread: 0.30 });
    assert!(s.points.iter().all(|p| p.measured), "nor projections");
    assert_eq!(s.withheld, vec![Withheld::NoisyTick { spread: 0.30 }]);
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
    // One more core past the second adds nothing: it stops paying there,
    // where the fitted curve alone would still pay.
    assert_eq!(
        s.stops_paying,
        StopsPaying::Beyond {
            at: 2,
            by: Bound::Work
        }
    );
    // Unknown work: the fit alone, far past 2×.
    let s = analyze(&m, &[8]);
    assert!(s.points.last().unwrap().speedup > 7.0);
    assert_eq!(s.points.last().unwrap().limit, None);
}

#[test]
fn a_linear_sweep_pays_as_far_as_was_searched() {
    let s = analyze(&[(1, 1.0), (2, 2.0), (4, 4.0)], &[]);
    assert_eq!(s.shape, None);
    assert_eq!(
        s.stops_paying,
        StopsPaying::NotWithin { searched: SEARCHED }
    );
}

#[test]
fn usl_peak_bounds_stops_paying() {
    let m: Vec<(usize, f64)> = [1, 2, 4, 8, 16]
        .iter()
        .map(|&p| (p, usl(0.02, 0.01, p as f64)))
        .collect();
    let s = analyze(&m, &[]);
    let peak = s.usl.as_ref().unwrap().peak_cores();
    let StopsPaying::Beyond { at, .. } = s.stops_paying else {
        panic!("{:?}", s.stops_paying)
    };
    assert!(at as f64 <= peak);
}

#[test]
fn a_ceiling_below_a_measured_speedup_is_not_stated_as_a_ceiling() {
    let fit = |s: f64, pts: &[(usize, f64)]| Fit {
        amdahl_serial_fraction: Some(s),
        points: crate::compare::fit(&analyze(pts, &[])).points,
        ..Fit::default()
    };
    let v = verdict(&fit(0.866, &[(1, 1.0), (2, 1.23), (4, 1.1)]));
    let Verdict::CeilingBelowMeasured { best, at, .. } = v else {
        panic!("{v:?}")
    };
    assert_eq!((best, at), (1.23, 2));
    let v = verdict(&fit(0.2, &[(1, 1.0), (2, 1.66)]));
    let Verdict::Ceiling { ceiling, .. } = v else {
        panic!("{v:?}")
    };
    assert!((ceiling - 5.0).abs() < 1e-12, "{ceiling}");
}

#[test]
fn the_verdict_follows_the_fit() {
    let amdahl_pts: Vec<(usize, f64)> = [1, 2, 4]
        .iter()
        .map(|&p| (p, amdahl(0.1, p as f64)))
        .collect();
    let f = crate::compare::fit(&analyze(&amdahl_pts, &[8]));
    assert!(matches!(
        verdict(&f),
        Verdict::Ceiling {
            stops_paying: StopsPaying::Beyond { at: 4, .. },
            ..
        }
    ));
    let f = crate::compare::fit(&analyze(&[(1, 1.0), (2, 2.3)], &[]));
    assert!(matches!(verdict(&f), Verdict::NotAmdahl { .. }));
    let f = crate::compare::fit(&analyze(&[(1, f64::NAN), (2, f64::NAN)], &[]));
    assert_eq!(
        verdict(&f),
        Verdict::NoFit {
            why: Some(NoFit::NoCpuWork)
        }
    );
}

#[test]
fn two_noisy_points_say_nothing_of_a_linear_sweep_either() {
    let s = analyze_noisy(&[(1, 1.0), (2, 2.0)], &[4], 0.2, None);
    assert_eq!(s.stops_paying, StopsPaying::NoisyTick { spread: 0.2 });
    assert_eq!(s.withheld, vec![Withheld::NoisyTick { spread: 0.2 }]);
}
