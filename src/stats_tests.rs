use super::*;

#[test]
fn median_min_max() {
    let s = Summary::of(&[3.0, 1.0, 2.0]).unwrap();
    assert_eq!((s.median, s.min, s.max, s.n), (2.0, 1.0, 3.0, 3));
    assert_eq!(Summary::of(&[1.0, 2.0, 3.0, 4.0]).unwrap().median, 2.5);
    assert!(Summary::of(&[]).is_none());
    assert!(Summary::of(&[1.0, f64::NAN]).is_none());
    assert_eq!(s.ci95, None);
    assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    assert_eq!(median(&[5.0]), Some(5.0));
    assert_eq!(median(&[]), None);
    assert_eq!(median(&[1.0, f64::INFINITY]), None);
}

#[test]
fn interval_of_the_median() {
    // n = 10: the classic interval is [x(2), x(9)] (coverage 97.9 %).
    let v: Vec<f64> = (1..=10).map(f64::from).collect();
    assert_eq!(Summary::of(&v).unwrap().ci95, Some((2.0, 9.0)));
    // n = 6: [x(1), x(6)] (coverage 96.9 %).
    let v: Vec<f64> = (1..=6).map(f64::from).collect();
    assert_eq!(Summary::of(&v).unwrap().ci95, Some((1.0, 6.0)));
}

#[test]
fn mean_and_sample_deviation() {
    // The textbook set: mean 5, population σ 2, sample σ √(32/7).
    let s = Summary::of(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]).unwrap();
    assert_eq!(s.mean, Some(5.0));
    assert!(
        (s.sd.unwrap() - (32.0f64 / 7.0).sqrt()).abs() < 1e-12,
        "{s:?}"
    );
    assert_eq!(s.median, 4.5);
    // n = 8: [x(1), x(8)] is the first interval with 95 % coverage.
    assert_eq!(s.ci95, Some((2.0, 9.0)));
    let one = Summary::of(&[3.0]).unwrap();
    assert_eq!((one.mean, one.sd), (Some(3.0), None));
    assert_eq!(Summary::of(&[1.0, 3.0]).unwrap().sd, Some(2f64.sqrt()));
}

#[test]
fn samples_keep_their_order_and_are_bounded() {
    let s = Summary::of(&[3.0, 1.0, 2.0]).unwrap();
    assert_eq!(s.samples, vec![3.0, 1.0, 2.0]);
    let many: Vec<f64> = (0..MAX_SAMPLES + 10).map(|i| i as f64).collect();
    let s = Summary::of(&many).unwrap();
    assert_eq!((s.samples.len(), s.n), (MAX_SAMPLES, MAX_SAMPLES + 10));
    assert_eq!(s.samples[0], 0.0);
}

#[test]
fn noise_band_is_the_interval_or_the_range() {
    let few = Summary::of(&[1.0, 2.0, 3.0]).unwrap();
    assert_eq!(few.interval(), (1.0, 3.0));
    assert!(few.within_noise(2.9) && !few.within_noise(3.1));
    let v: Vec<f64> = (1..=10).map(f64::from).collect();
    let many = Summary::of(&v).unwrap();
    assert_eq!(many.interval(), (2.0, 9.0));
    assert!(!many.within_noise(1.5));
}

#[test]
fn resampling_is_repeatable_and_covers_the_samples() {
    let from = [1.0, 2.0, 3.0];
    let (mut a, mut b) = (
        Resampler::new(Resampler::SEED),
        Resampler::new(Resampler::SEED),
    );
    let (mut x, mut y) = (vec![0.0; 300], vec![0.0; 300]);
    a.draw(&from, &mut x);
    b.draw(&from, &mut y);
    assert_eq!(x, y);
    assert!(from.iter().all(|f| x.contains(f)));
    let mut v = vec![3.0, 1.0, 2.0, 4.0];
    assert_eq!(median_in_place(&mut v), 2.5);
    let sorted: Vec<f64> = (0..=100).map(f64::from).collect();
    assert_eq!(percentile(&sorted, 0.025), 3.0);
    assert_eq!(percentile(&sorted, 0.975), 98.0);
}

#[test]
fn first_runs_and_outliers() {
    let s = Summary::of(&[1.5, 1.0, 1.01, 0.99, 1.0]).unwrap();
    assert!((s.first_run_apart().unwrap() - 0.5).abs() < 1e-9, "{s:?}");
    assert_eq!(
        Summary::of(&[1.02, 1.0, 1.01]).unwrap().first_run_apart(),
        None
    );
    assert_eq!(Summary::of(&[1.5, 1.0]).unwrap().first_run_apart(), None);
    // One run far outside the others; a tight set has none.
    assert_eq!(
        Summary::of(&[1.0, 1.01, 0.99, 1.0, 2.0])
            .unwrap()
            .outliers(),
        1
    );
    assert_eq!(
        Summary::of(&[1.0, 1.001, 1.0, 1.0, 1.01])
            .unwrap()
            .outliers(),
        0
    );
    assert_eq!(Summary::of(&[1.0, 9.0, 1.0, 1.0]).unwrap().outliers(), 0);
}
