use super::*;
use crate::findings::fits::{Baseline, NoIntervals};
use crate::results::fit::{Binds, Input};
use crate::results::{Kind, Meta};

fn meta() -> Meta {
    let host = crate::measure::Host::fixture(1);
    Meta::new(Kind::Fit, vec!["conpar".into()], "t".into(), host)
}

fn cisco() -> Table {
    read("cisco.csv", include_bytes!("../../docs/data/cisco.csv")).unwrap()
}

#[test]
fn the_reference_dataset_gives_the_reference_figures_with_intervals_around_them() {
    let d = analyse(meta(), "cisco.csv", &cisco(), Method::Free).unwrap();
    let u = d.usl.unwrap();
    let rel = |got: f64, want: f64| ((got - want) / want).abs() <= 1e-5;
    assert!(rel(u.sigma, 0.02671591) && rel(u.kappa, 7.690945e-4) && rel(u.lambda, 995.6486));
    assert_eq!(u.n_max, Some(35));
    assert!(rel(u.x_max.unwrap(), 12341.7454), "{:?}", u.x_max);
    assert_eq!(u.binds, Binds::Contention);
    assert!(u.usl_shaped);
    assert_eq!(d.baseline, Baseline::MeasuredX1 { x: 955.16 });
    for (ci, v) in [
        (u.sigma_ci95, u.sigma),
        (u.kappa_ci95, u.kappa),
        (u.lambda_ci95, u.lambda),
    ] {
        let (lo, hi) = ci.unwrap();
        assert!(lo < v && v < hi, "{v} outside [{lo}, {hi}]");
    }
    assert_eq!(d.resamples, 1000);
    assert_eq!(d.levels.len(), 32);
    assert_eq!(d.levels[0].speedup, 1.0);
    assert!(d.levels[0].karp_flatt.is_none() && d.levels[1].karp_flatt.is_some());
    let s = d.amdahl_serial_fraction.unwrap();
    assert!((0.0..0.1).contains(&s), "{s}");
    assert!(
        d.band
            .iter()
            .all(|b| b.lo.unwrap() <= b.x && b.x <= b.hi.unwrap())
    );
    // The band reaches the fitted peak, within twice the largest N.
    assert!(d.band.last().unwrap().n >= 35.0);
}

#[test]
fn the_same_table_gives_the_same_intervals() {
    let a = analyse(meta(), "c", &cisco(), Method::Free).unwrap();
    let b = analyse(meta(), "c", &cisco(), Method::Free).unwrap();
    assert_eq!(a.usl.unwrap().sigma_ci95, b.usl.unwrap().sigma_ci95);
}

#[test]
fn normalised_holds_lambda_and_needs_n_one() {
    let d = analyse(meta(), "c", &cisco(), Method::Normalised).unwrap();
    let u = d.usl.unwrap();
    assert_eq!(u.lambda, 955.16);
    assert!(u.lambda_ci95.is_none());
    assert!(((u.sigma - 0.02072) / 0.02072).abs() < 1e-3, "{}", u.sigma);
    let t = read("t.csv", b"n,x\n2,10\n3,14\n4,17\n").unwrap();
    let e = analyse(meta(), "t.csv", &t, Method::Normalised).unwrap_err();
    assert!(e.to_string().contains("no rows at N = 1"), "{e}");
    // Without N = 1 the free fit runs, and speedups are against λ.
    let d = analyse(meta(), "t.csv", &t, Method::Free).unwrap();
    let Baseline::FittedLambda { lambda } = d.baseline else {
        panic!("{:?}", d.baseline)
    };
    assert_eq!(lambda, d.usl.unwrap().lambda);
}

#[test]
fn amdahl_by_hand_and_superlinear_tables_said_to_be_not_usl_shaped() {
    // Speedups 1, 1/(0.2 + 0.8/2) = 5/3 and 1/(0.2 + 0.8/4) = 2.5: s = 0.2.
    let t = read("t.csv", b"n,time\n1,10\n2,6\n4,4\n").unwrap();
    assert_eq!(t.input, Input::Time);
    let d = analyse(meta(), "t.csv", &t, Method::Free).unwrap();
    assert!((d.amdahl_serial_fraction.unwrap() - 0.2).abs() < 1e-12);
    // Karp–Flatt at N = 2: (1/S − 1/2)/(1/2) = (0.6 − 0.5)/0.5 = 0.2.
    assert!((d.levels[1].karp_flatt.unwrap() - 0.2).abs() < 1e-12);
    let t = read("t.csv", b"n,x\n1,1\n2,2.5\n3,4.5\n4,7\n").unwrap();
    let d = analyse(meta(), "t.csv", &t, Method::Free).unwrap();
    let u = d.usl.unwrap();
    assert!(!u.usl_shaped && u.n_max.is_none(), "{u:?}");
    // Superlinear: a serial fraction below 0, kept as the figure it is.
    assert!(d.amdahl_serial_fraction.unwrap() < 0.0);
    assert_eq!(d.no_amdahl, None);
    // Four rows: too few distinct N drawn in most resamples to refit the USL.
    assert!(
        matches!(d.no_intervals, Some(NoIntervals::TooFewRefits { refitted, resamples: 1000 }) if refitted < 900),
        "{:?}",
        d.no_intervals
    );
}

#[test]
fn the_document_reads_back_and_its_counts_are_bounded() {
    use crate::results::{Document, parse};
    let d = analyse(meta(), "c", &cisco(), Method::Free).unwrap();
    let bytes = serde_json::to_vec(&d).unwrap();
    match parse("f.json", &bytes).unwrap() {
        Document::Fit(back) => {
            let (a, b) = (back.usl.unwrap(), d.usl.unwrap());
            assert_eq!(
                (a.n_max, a.binds, back.levels.len()),
                (b.n_max, b.binds, 32)
            );
            assert!(((a.sigma - b.sigma) / b.sigma).abs() < 1e-12);
        }
        other => panic!("{other:?}"),
    }
    let mut bad = d.clone();
    bad.levels[0].n = -1.0;
    let e = parse("f.json", &serde_json::to_vec(&bad).unwrap()).unwrap_err();
    assert!(e.to_string().contains("levels[].n = -1"), "{e}");
    let mut big = d.clone();
    big.band = vec![big.band[0]; crate::results::fit::MAX_BAND + 1];
    let e = parse("f.json", &serde_json::to_vec(&big).unwrap()).unwrap_err();
    assert!(e.to_string().contains("at most 512"), "{e}");
}
