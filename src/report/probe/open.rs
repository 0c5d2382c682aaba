//! The open-loop steps of a probe (`--rate`, `--find-max`): the table (one
//! line per step, written as each finishes), the findings and the search's
//! answer below it, and the CSV rows. Pure functions of the document; the
//! findings' words are the document's own.

use super::columns::{STEP, head_line, line};
use crate::results::probe::ProbeDoc;
use crate::results::probe::open::{OpenLoop, OpenStep};
use crate::table::{self, Block, Cell, Table};
use crate::words::probe::{Search, slo_cell};
use crate::words::{Count, Secs, num};

/// What the open loop's heading says.
pub fn heading(d: &ProbeDoc, max_in_flight: usize) -> String {
    format!(
        "probe {} · {} · open loop, at most {max_in_flight} in flight · {}",
        d.target,
        d.request,
        Count(d.client_threads, "client thread"),
    )
}

/// The lines above the live table.
pub fn header(d: &ProbeDoc, max_in_flight: usize) -> String {
    let h = heading(d, max_in_flight);
    format!("{}\n\n{}", crate::escape::terminal(&h), head_line(&STEP))
}

/// One step's line of the live table.
pub fn row(st: &OpenStep) -> String {
    line(&STEP, st, &())
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

/// The steps as a table (empty for a closed loop).
pub fn steps(d: &ProbeDoc) -> Table {
    let rows = d.open.iter().flat_map(|o| &o.steps).map(|s| (s, ()));
    super::columns::table("", &STEP, rows)
}

/// Everything: the heading, the steps and what [`below`] says.
pub fn blocks(d: &ProbeDoc) -> Vec<Block> {
    let Some(open) = &d.open else {
        return Vec::new();
    };
    let mut b = vec![
        Block::Heading(heading(d, open.max_in_flight)),
        Block::Table(steps(d)),
    ];
    b.extend(below(d));
    b
}

/// Everything as the terminal shows it.
pub fn table(d: &ProbeDoc) -> String {
    table::text::blocks(&blocks(d))
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

/// Below the steps: what the columns mean, each step's findings, the
/// first failure, why the probe is partial and the search's answer, each
/// once.
pub fn below(d: &ProbeDoc) -> Vec<Block> {
    let mut b = vec![Block::Line(Cell::note(LEGEND))];
    b.extend(lines(d).into_iter().map(|t| Block::Line(Cell::note(t))));
    if let Some(f) = d.open.as_ref().and_then(search) {
        b.push(Block::Line(Cell::note(format!("find-max: {f}"))));
    }
    b
}

/// Below the live table, as the terminal shows it, a blank line first.
pub fn summary(d: &ProbeDoc) -> String {
    format!("\n{}", table::text::blocks(&below(d)))
}

/// One CSV line per open-loop step.
pub fn csv(d: &ProbeDoc) -> Result<Vec<u8>, csv::Error> {
    table::csv::table(&steps(d))
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
        let width = super::STEP.iter().filter(|c| c.key.is_some()).count();
        for l in &lines {
            assert_eq!(l.split(',').count(), width, "{l}");
        }
        assert!(
            lines[0].starts_with("asked,achieved,repeat,scheduled"),
            "{}",
            lines[0]
        );
        assert!(lines[2].starts_with("200.0,200.0,0,100"), "{}", lines[2]);
        assert!(lines[2].contains(",0.16,0.16,,"), "{}", lines[2]);
    }
}
