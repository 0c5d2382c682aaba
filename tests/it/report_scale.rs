//! `scale` and `fit` documents rendered: the CSV's columns and rows, the
//! terminal's flags, the HTML section's verdict, and the typed values the
//! fit's lines are made from.

use conpar::findings::fits::{FitMethod, Unit, Verdict};
use conpar::findings::fitted::{Estimate, Fitted, Interval, Laws, Projected, UslFigures};
use conpar::report::{fit, scale};
use conpar::results::fit::{FitDoc, Method};
use conpar::results::scale::{Fit, Projection, ScaleDoc, ScaleMeasured, ScaleRow, SpeedupInterval};
use conpar::results::{Document, Kind, Meta};

fn meta(kind: Kind) -> Meta {
    Meta::new(
        kind,
        vec!["conpar".into()],
        "t".into(),
        conpar::measure::host(),
    )
}

fn row(threads: usize, walls: &[f64], failures: usize) -> ScaleRow {
    ScaleRow {
        threads,
        measured: ScaleMeasured {
            wall_s: conpar::stats::Summary::of(walls).unwrap(),
            cpu_s: 1.0,
            utilization: 0.5,
        },
        speedup: 10.0 / walls[0],
        efficiency: 10.0 / walls[0] / threads as f64,
        karp_flatt: (threads > 1).then_some(0.25),
        oversubscribed: threads > 1,
        failures,
        stopped: None,
    }
}

fn scale_doc(verdict: Verdict) -> ScaleDoc {
    let interval = SpeedupInterval {
        median: 2.0,
        lo: 1.5,
        hi: 2.5,
        refused: false,
    };
    ScaleDoc {
        meta: meta(Kind::Scale),
        program: vec!["=x".into()],
        shell: false,
        rows: vec![row(1, &[10.0, 10.2, 9.8], 0), row(2, &[6.0, 6.1, 5.9], 2)],
        fit: Fit::default(),
        projected: vec![Projection {
            threads: 4,
            speedup: 2.0,
            interval: Some(interval),
        }],
        verdict,
        warnings: vec![],
    }
}

#[test]
fn the_csv_writes_measured_rows_then_projections_under_its_columns() {
    let csv = String::from_utf8(scale::csv(&scale_doc(Verdict::Linear)).unwrap()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "threads,wall_median_s,wall_min_s,wall_max_s,cpu_s,utilization,speedup,efficiency,\
         karp_flatt,oversubscribed,measured,speedup_lo,speedup_hi,refused"
    );
    assert_eq!(lines[1], "1,10.0,9.8,10.2,1.0,0.5,1.0,1.0,,false,true,,,");
    assert!(lines[2].starts_with("2,6.0,5.9,6.1,") && lines[2].ends_with(",0.25,true,true,,,"));
    assert_eq!(lines[3], "4,,,,,,2.0,0.5,,,false,1.5,2.5,false");
}

#[test]
fn the_terminal_flags_oversubscription_failed_runs_and_the_projection() {
    let d = scale_doc(Verdict::Linear);
    let t = scale::table(&d);
    let rows: Vec<&str> = t.lines().collect();
    assert!(rows[4].trim_start().starts_with("2!"), "{t}");
    assert!(rows[4].ends_with("(2 runs failed)"), "{t}");
    assert!(t.contains("! more threads than allowed CPUs"), "{t}");
    let projected = Projected {
        count: 4,
        unit: Unit::Threads,
        speedup: 2.0,
        interval: Some(Interval {
            lo: 1.5,
            hi: 2.5,
            refused: false,
        }),
        capped: false,
    };
    assert_eq!(d.projections().0, vec![projected]);
    assert_eq!(t.matches(&projected.to_string()).count(), 1, "{t}");
}

#[test]
fn the_html_scale_section_states_the_verdict_once() {
    let verdict = Verdict::Ceiling {
        s: 0.2,
        ci95: Some((0.15, 0.25)),
        ceiling: 5.0,
        stops_paying: conpar::findings::fits::StopsPaying::NoLaw,
    };
    let words = verdict.to_string();
    let docs = [("s.json".to_string(), Document::Scale(scale_doc(verdict)))];
    let page = conpar::report::html::build(&docs).html;
    assert_eq!(page.matches(&words).count(), 1, "{page}");
}

#[test]
fn a_figure_that_rounds_to_zero_has_no_minus_sign() {
    let est = |value| Estimate { value, ci95: None };
    let laws = Laws {
        amdahl: Some(est(-0.0001)),
        usl: Ok(UslFigures {
            sigma: est(-0.00001),
            kappa: est(-0.000001),
            r_squared: 1.0,
        }),
    };
    let words = laws.to_string();
    assert!(!words.contains("-0.0"), "{words}");
    assert!(words.contains("σ = 0.0000"), "{words}");
}

fn fit_doc(m: Method) -> FitDoc {
    let csv = include_bytes!("../../docs/data/cisco.csv");
    let t = conpar::fit::read("c.csv", csv).unwrap();
    conpar::fit::analyse(meta(Kind::Fit), "c.csv", &t, m).unwrap()
}

#[test]
fn the_fit_method_carries_the_lambda_it_held() {
    assert_eq!(fit_doc(Method::Free).found(), FitMethod::Free);
    assert_eq!(
        fit_doc(Method::Normalised).found(),
        FitMethod::Normalised {
            lambda: Some(955.16)
        }
    );
}

#[test]
fn the_fit_states_each_parameter_once_and_the_held_lambda_as_held() {
    for (m, held) in [(Method::Free, false), (Method::Normalised, true)] {
        let d = fit_doc(m);
        let found = d.fitted();
        let lambda = found.iter().find_map(|f| match f {
            Fitted::Lambda { held, .. } => Some(*held),
            _ => None,
        });
        assert_eq!(lambda, Some(held));
        assert!(
            found
                .iter()
                .any(|f| matches!(f, Fitted::Peak { at: Some(_), .. }))
        );
        assert!(found.iter().any(|f| matches!(f, Fitted::Amdahl(_))));
        let text = fit::table(&d);
        for f in &found {
            assert_eq!(text.matches(&f.to_string()).count(), 1, "{f:?}\n{text}");
        }
    }
}
