//! `run`'s renderers through their public API: the CSV keeps its columns,
//! large errors are verdicts, noise and oversubscription are marked and
//! explained, and the fitted laws' reasons are said once a table.

use conpar::findings::fits::{Bound, StopsPaying, Unit};
use conpar::report::run::{body, csv, rows, table};
use conpar::results::scale::Fit;
use conpar::results::{Document, parse};
use conpar::table::{Block, Cell, Role, paint};
use conpar::words::{laws, page};

fn doc() -> conpar::results::run::RunDoc {
    let json = include_str!("../../docs/measurements/xeon-16cpu/run.json");
    match parse("run.json", json.as_bytes()) {
        Ok(Document::Run(d)) => d,
        other => panic!("not a run document: {other:?}"),
    }
}

#[test]
fn the_run_csv_keeps_its_columns_and_one_line_per_row() {
    let d = doc();
    let csv = String::from_utf8(csv(&d.workloads).unwrap()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "workload,strategy,cores,repeats,wall_median_s,wall_min_s,wall_max_s,predicted_wall_s,\
         error,error_significant,tick_drift,faster_than_possible,speedup,predicted_speedup,\
         utilization,predicted_utilization,amdahl_ceiling,context_switches,useful_s,idle_s,\
         blocked_s,overhead_s,startup_s,dispatch_s,contention_s"
    );
    let rows: usize = d.workloads.iter().map(|w| w.rows.len()).sum();
    assert_eq!(lines.len(), rows + 1);
}

#[test]
fn a_large_run_error_is_a_verdict_and_noise_and_oversubscription_are_flagged() {
    let mut d = doc();
    let w = &mut d.workloads[0];
    w.rows[0].error = 0.5;
    w.rows[0].error_significant = Some(true);
    w.rows[1].error = 0.5;
    w.rows[1].error_significant = Some(false);
    w.rows[1].oversubscribed = true;
    let t = rows(w);
    assert_eq!(t.rows[0][6].role, Role::Verdict(paint::Tone::Bad));
    assert_eq!(t.rows[1][6].role, Role::Predicted);
    assert_eq!(t.rows[1][6].value.to_string(), "~+50.0%");
    assert!(t.rows[1][2].value.to_string().ends_with('!'));
    let b = body(w);
    for note in [page::OVERSUBSCRIBED, page::WITHIN_NOISE] {
        assert!(b.contains(&Block::Line(Cell::note(note))), "{note}");
    }
    // The terminal marks the verdicts only: each large error.
    let large = w
        .rows
        .iter()
        .filter(|r| paint::error_tone(r.error, r.error_significant).is_some())
        .count();
    let text = table(w, "");
    assert_eq!(text.matches(conpar::escape::PAINT_MARKS[1]).count(), large);
    assert_eq!(text.matches(conpar::escape::PAINT_MARKS[3]).count(), large);
}

#[test]
fn stops_paying_is_said_in_one_wording_and_a_reason_once_a_table() {
    let with = |s| Fit {
        stops_paying: s,
        ..Fit::default()
    };
    let one = StopsPaying::Beyond {
        at: 1,
        by: Bound::Fit,
    };
    let mut said = Vec::new();
    let stops: Vec<String> = [
        one,
        StopsPaying::NotAmdahlShaped,
        StopsPaying::NotAmdahlShaped,
    ]
    .map(|s| laws::cells(&with(s).sweep(Unit::Cores), Unit::Cores, &mut said).stops_paying)
    .to_vec();
    let words = |s: &StopsPaying| conpar::words::scaling::In(s, Unit::Cores).to_string();
    assert_eq!(stops[0], words(&one));
    assert_eq!(stops[1], words(&StopsPaying::NotAmdahlShaped));
    assert_eq!(stops[2], "as above");
}

#[test]
fn a_fit_becomes_its_laws_with_every_number_kept() {
    use conpar::results::scale::{FitPoint, SpeedupInterval};
    let point = |cores, speedup, measured, karp_flatt| FitPoint {
        cores,
        speedup,
        efficiency: speedup / cores as f64,
        karp_flatt,
        measured,
        interval: None,
        limit: None,
    };
    let refused = SpeedupInterval {
        median: 3.0,
        lo: -1.0,
        hi: 5.0,
        refused: true,
    };
    let fit = Fit {
        amdahl_serial_fraction: Some(0.1),
        serial_fraction_ci95: Some((0.08, 0.12)),
        points: vec![
            point(1, 1.0, true, None),
            point(2, 1.8, true, Some(0.11)),
            FitPoint {
                interval: Some(refused),
                ..point(8, 4.7, false, None)
            },
            FitPoint {
                limit: Some(5.0),
                ..point(16, 5.0, false, None)
            },
        ],
        ..Fit::default()
    };
    let l = fit.sweep(Unit::Cores);
    assert_eq!(l.measured, [(1, 1.0), (2, 1.8)]);
    assert_eq!(l.karp_flatt, [(2, 0.11)]);
    let a = l.laws.amdahl.unwrap();
    assert_eq!((a.value, a.ci95), (0.1, Some((0.08, 0.12))));
    assert_eq!(l.laws.usl, Err(None));
    let p: Vec<_> = l.projected.0.iter().map(|p| (p.count, p.capped)).collect();
    assert_eq!(p, [(8, false), (16, true)]);
    let i = l.projected.0[0].interval.unwrap();
    assert_eq!((i.lo, i.hi, i.refused), (-1.0, 5.0, true));
}
