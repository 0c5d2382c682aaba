//! The open-loop steps of a probe (`--rate`, `--find-max`): the table (one
//! line per step, written as each finishes), the findings and the search's
//! answer below it, and the CSV rows. Pure functions of the document; the
//! findings' words are the document's own.

use super::columns::{STEP, head_line, line};
use crate::escape::{csv_text, terminal};
use crate::results::probe::ProbeDoc;
use crate::results::probe::open::{OpenLoop, OpenStep, Percentiles};
use crate::words::probe::{Search, slo_cell};
use crate::words::{Count, Secs, num};
use serde::Serialize;
use std::fmt::Write;

/// What the open loop's heading says.
pub fn heading(d: &ProbeDoc, max_in_flight: usize) -> String {
    format!(
        "probe {} · {} · open loop, at most {max_in_flight} in flight · {}",
        d.target,
        d.request,
        Count(d.client_threads, "client thread"),
    )
}

/// The lines above the table.
pub fn header(d: &ProbeDoc, max_in_flight: usize) -> String {
    format!(
        "{}\n\n{}",
        terminal(&heading(d, max_in_flight)),
        head_line(&STEP)
    )
}

/// One step's line.
pub fn row(st: &OpenStep) -> String {
    line(&STEP, st, ())
}

/// A step as one line of progress.
pub fn progress(st: &OpenStep) -> String {
    let p99 = st.corrected.p99;
    format!(
        "{} req/s (repeat {}): p99 {} corrected, {} sent of {} due, {}",
        num(st.asked, 1),
        st.repeat + 1,
        if p99.is_finite() {
            Secs(p99).to_string()
        } else {
            "—".into()
        },
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

/// What the terminal's short heads mean.
const LEGEND: &str = "(p50 … max count each request's latency from its intended send time on the schedule, corrected for coordinated omission; u.p50 … u.max from when it was really sent, as a closed loop counts; late-c = sent late because every connection was in flight, late-b = the client itself behind; drop = due but never sent; timed-out requests are in the percentiles at their deadline)";

/// The search's answer in words.
pub fn search(open: &OpenLoop) -> Option<String> {
    open.find_max.as_ref().map(|f| {
        Search {
            held: f.max_rate,
            above: f.above,
            stop: f.stop,
            tried: f.rates.len(),
            repeats: f.repeats,
            objectives: &open.slo,
        }
        .to_string()
    })
}

/// The lines below the steps, not yet escaped, each once: every step's
/// findings, the first failure, why the probe is partial. The search's
/// answer is [`search`].
pub fn lines(d: &ProbeDoc) -> Vec<String> {
    let mut o = Vec::new();
    let Some(open) = &d.open else {
        return o;
    };
    for st in &open.steps {
        for n in &st.notes {
            o.push(format!("{} req/s: {n}", num(st.asked, 1)));
        }
    }
    if let Some((rate, e)) = open
        .steps
        .iter()
        .find_map(|st| Some((st.asked, st.first_error.as_ref()?)))
    {
        o.push(format!("first failure at {} req/s: {e}", num(rate, 1)));
    }
    if let Some(p) = &d.partial {
        o.push(format!("PARTIAL: {p}"));
    }
    o
}

/// Below the table: what the columns mean, each step's findings, the
/// search's answer.
pub fn summary(d: &ProbeDoc) -> String {
    let mut o = format!("{LEGEND}\n\n");
    for l in lines(d) {
        let _ = writeln!(o, "{}", terminal(&l));
    }
    if let Some(f) = d.open.as_ref().and_then(search) {
        let _ = writeln!(o, "\nfind-max: {}", terminal(&f));
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
            first_error: csv_text(
                &st.first_error
                    .as_ref()
                    .map_or(String::new(), ToString::to_string),
            )
            .into_owned(),
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
        let d = open_doc();
        let said = super::lines(&d);
        assert_eq!(said.len(), 2, "{said:?}");
        let search = super::search(d.open.as_ref().unwrap()).unwrap();
        for l in said.iter().chain([&search]) {
            let l = crate::escape::terminal(l);
            assert_eq!(t.matches(&*l).count(), 1, "{l}\n{t}");
        }
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
