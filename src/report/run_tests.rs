//! The run table's CSV columns, verdicts and marks.

use super::*;
use crate::results::{Document, parse};

fn doc() -> crate::results::run::RunDoc {
    let json = include_str!("../../docs/measurements/xeon-16cpu/run.json");
    match parse("run.json", json.as_bytes()) {
        Ok(Document::Run(d)) => d,
        other => panic!("not a run document: {other:?}"),
    }
}

#[test]
fn the_csv_keeps_its_columns_and_one_line_per_row() {
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
fn a_large_error_is_a_verdict_and_noise_and_oversubscription_are_flagged() {
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
    let foot = footnotes(w);
    assert!(foot.len() >= 2);
    // The terminal marks the verdicts only: each large error.
    let large = w
        .rows
        .iter()
        .filter(|r| paint::error_tone(r.error, r.error_significant).is_some())
        .count();
    let text = table(w, "");
    assert_eq!(text.matches(crate::escape::PAINT_MARKS[1]).count(), large);
    assert_eq!(text.matches(crate::escape::PAINT_MARKS[3]).count(), large);
}
