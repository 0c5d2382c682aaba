//! The open-loop steps of a probe (`--rate`, `--find-max`): the table (one
//! line per step, written as each finishes), the findings and the search's
//! answer below it, and the CSV rows. Pure functions of the document; the
//! findings' words are the document's own.

use crate::escape::{csv_text, terminal};
use crate::results::probe::ProbeDoc;
use crate::results::probe::open::{OpenStep, Percentiles, SloVerdict};
use crate::units::Nanos;
use crate::words::Count;
use serde::Serialize;
use std::fmt::Write;

fn s(x: f64) -> String {
    if x.is_finite() {
        Nanos(x * 1e9).to_string()
    } else {
        "—".into()
    }
}

/// A verdict on the objectives, as a table cell.
pub fn slo_cell(v: Option<&SloVerdict>) -> String {
    match v {
        None => "—".into(),
        Some(SloVerdict::Held) => "held".into(),
        Some(SloVerdict::Missed { objective, .. }) => {
            format!("missed {}", objective.quantile.name())
        }
        Some(SloVerdict::Failed { .. }) => "failed".into(),
        Some(SloVerdict::NotOffered { .. }) => "not offered".into(),
    }
}

/// The lines above the table.
pub fn header(d: &ProbeDoc, max_in_flight: usize) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "probe {} · {} · open loop, at most {max_in_flight} in flight · {}\n",
        terminal(&d.target),
        terminal(&d.request),
        Count(d.client_threads, "client thread"),
    );
    let _ = writeln!(
        o,
        "{:>10} {:>10} {:>7} {:>7} {:>6} {:>4} {:>6} {:>6} {:>6} │ {:>8} {:>8} {:>8} {:>8} {:>8} │ {:>8} {:>8} {:>8} │ slo",
        "asked/s",
        "sent/s",
        "sent",
        "answer",
        "errors",
        "t/o",
        "drop",
        "late-c",
        "late-b",
        "p50",
        "p90",
        "p99",
        "p99.9",
        "max",
        "u.p50",
        "u.p99",
        "u.max",
    );
    o
}

fn pct(p: &Percentiles) -> [String; 5] {
    [s(p.p50), s(p.p90), s(p.p99), s(p.p999), s(p.max)]
}

/// One step's line.
pub fn row(st: &OpenStep) -> String {
    let c = pct(&st.corrected);
    let u = pct(&st.uncorrected);
    format!(
        "{:>10.1} {:>10.1} {:>7} {:>7} {:>6} {:>4} {:>6} {:>6} {:>6} │ {:>8} {:>8} {:>8} {:>8} {:>8} │ {:>8} {:>8} {:>8} │ {}\n",
        st.asked,
        st.achieved,
        st.sent,
        st.answered,
        st.errors,
        st.timeouts,
        st.dropped,
        st.late_pool,
        st.late_client,
        c[0],
        c[1],
        c[2],
        c[3],
        c[4],
        u[0],
        u[2],
        u[4],
        slo_cell(st.slo.as_ref())
    )
}

/// A step as one line of progress.
pub fn progress(st: &OpenStep) -> String {
    format!(
        "{:.1} req/s (repeat {}): p99 {} corrected, {} sent of {} due, {}",
        st.asked,
        st.repeat + 1,
        s(st.corrected.p99),
        st.sent,
        st.scheduled,
        slo_cell(st.slo.as_ref())
    )
}

/// Everything: the header, every step and the summary.
pub fn table(d: &ProbeDoc) -> String {
    let Some(open) = &d.open else {
        return String::new();
    };
    let mut o = header(d, open.max_in_flight);
    for st in &open.steps {
        o.push_str(&row(st));
    }
    o.push_str(&summary(d));
    o
}

/// Below the table: what the columns mean, each step's findings, the
/// search's answer.
pub fn summary(d: &ProbeDoc) -> String {
    let mut o = String::from(
        "(p50 … max count each request's latency from its intended send time on the schedule, corrected for coordinated omission; u.p50 … u.max from when it was really sent, as a closed loop counts; late-c = sent late because every connection was in flight, late-b = the client itself behind; drop = due but never sent; timed-out requests are in the percentiles at their deadline)\n\n",
    );
    let Some(open) = &d.open else {
        return o;
    };
    for st in &open.steps {
        for n in &st.notes {
            let _ = writeln!(o, "{:.1} req/s: {}", st.asked, terminal(&n.text));
        }
    }
    if let Some(st) = open.steps.iter().find(|st| st.first_error.is_some()) {
        let _ = writeln!(
            o,
            "first failure at {:.1} req/s: {}",
            st.asked,
            terminal(st.first_error.as_deref().unwrap_or(""))
        );
    }
    if let Some(f) = &open.find_max {
        let _ = writeln!(o, "\nfind-max: {}", terminal(&f.text));
    }
    if let Some(p) = &d.partial {
        let _ = writeln!(o, "PARTIAL: {}", terminal(p));
    }
    o
}

/// The CSV's columns, the names of [`CsvRow`]'s fields in order.
const CSV_HEADER: [&str; 28] = [
    "asked",
    "achieved",
    "repeat",
    "scheduled",
    "sent",
    "answered",
    "errors",
    "timeouts",
    "unanswered",
    "dropped",
    "late_pool",
    "late_client",
    "lag_max_s",
    "in_flight_max",
    "connects",
    "window_s",
    "p50_s",
    "p90_s",
    "p99_s",
    "p999_s",
    "max_s",
    "uncorrected_p50_s",
    "uncorrected_p90_s",
    "uncorrected_p99_s",
    "uncorrected_p999_s",
    "uncorrected_max_s",
    "slo",
    "first_error",
];

#[derive(Serialize)]
struct CsvRow {
    asked: f64,
    achieved: f64,
    repeat: usize,
    scheduled: u64,
    sent: u64,
    answered: u64,
    errors: u64,
    timeouts: u64,
    unanswered: u64,
    dropped: u64,
    late_pool: u64,
    late_client: u64,
    lag_max_s: f64,
    in_flight_max: u64,
    connects: u64,
    window_s: f64,
    p: [Option<f64>; 5],
    u: [Option<f64>; 5],
    slo: String,
    first_error: String,
}

fn fin(p: &Percentiles) -> [Option<f64>; 5] {
    [p.p50, p.p90, p.p99, p.p999, p.max].map(|x| x.is_finite().then_some(x))
}

/// One CSV line per open-loop step.
pub fn csv(d: &ProbeDoc) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    w.write_record(CSV_HEADER)?;
    for st in d.open.iter().flat_map(|o| &o.steps) {
        w.serialize(CsvRow {
            asked: st.asked,
            achieved: st.achieved,
            repeat: st.repeat,
            scheduled: st.scheduled,
            sent: st.sent,
            answered: st.answered,
            errors: st.errors,
            timeouts: st.timeouts,
            unanswered: st.unanswered,
            dropped: st.dropped,
            late_pool: st.late_pool,
            late_client: st.late_client,
            lag_max_s: st.lag_max_s,
            in_flight_max: st.in_flight_max,
            connects: st.connects,
            window_s: st.window_s,
            p: fin(&st.corrected),
            u: fin(&st.uncorrected),
            slo: slo_cell(st.slo.as_ref()),
            first_error: csv_text(st.first_error.as_deref().unwrap_or("")).into_owned(),
        })?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use crate::results::probe::tests::open_doc;

    #[test]
    fn steps_show_both_latencies_findings_and_the_search() {
        let t = super::table(&open_doc());
        assert!(t.contains("missed p99") && t.contains("held"), "{t}");
        // p99 corrected 160ms beside uncorrected 40ms; max not measured.
        assert!(
            t.contains(" 160ms ") && t.contains(" 40.0ms ") && t.contains("—"),
            "{t}"
        );
        assert!(t.contains("200.0 req/s: coordinated omission"), "{t}");
        assert!(t.contains("find-max: between 100 and 200"), "{t}");
    }

    #[test]
    fn the_csv_has_a_column_for_every_field() {
        let csv = String::from_utf8(super::csv(&open_doc()).unwrap()).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3);
        let width = super::CSV_HEADER.len();
        for l in &lines {
            assert_eq!(l.split(',').count(), width, "{l}");
        }
        assert!(lines[2].starts_with("200.0,200.0,0,100"), "{}", lines[2]);
        assert!(lines[2].contains(",0.16,0.16,,"), "{}", lines[2]);
    }
}
