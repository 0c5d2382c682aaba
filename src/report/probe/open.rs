//! The open-loop steps of a probe (`--rate`, `--find-max`): the table (one
//! line per step, written as each finishes), the findings and the search's
//! answer below it, and the CSV rows. Pure functions of the document; the
//! words are `words::probe_report`'s and `words::probe`'s.

use super::columns::STEP;
use crate::results::probe::ProbeDoc;
use crate::results::probe::open::{OpenLoop, OpenStep};
use crate::table::columns::{head_line, line};
use crate::table::{self, Block, Cell, Table};
use crate::words::probe::{Search, slo_cell};
use crate::words::probe_report::{
    At, FindMax, FirstFailure, PartialLine, Progress, STEP_LEGEND, StepNote,
};

/// The lines above the live table.
pub fn header(d: &ProbeDoc, max_in_flight: usize) -> String {
    let h = super::heading(d, Some(max_in_flight));
    format!("{}\n\n{}", crate::escape::terminal(&h), head_line(&STEP))
}

/// One step's line of the live table.
pub fn row(st: &OpenStep) -> String {
    line(&STEP, st, &())
}

/// A step as one line of progress.
pub fn progress(st: &OpenStep) -> String {
    let slo = slo_cell(st.slo.as_ref());
    let (asked, repeat, p99) = (st.asked, st.repeat, st.corrected.p99);
    let (sent, scheduled) = (st.sent, st.scheduled);
    Progress {
        asked,
        repeat,
        p99,
        sent,
        scheduled,
        slo: &slo,
    }
    .to_string()
}

/// The steps as a table (empty for a closed loop).
pub fn steps(d: &ProbeDoc) -> Table {
    let rows = d.open.iter().flat_map(|o| &o.steps).map(|s| (s, ()));
    table::columns::table("", &STEP, rows)
}

/// Everything: the heading, the steps and what [`below`] says.
pub fn blocks(d: &ProbeDoc) -> Vec<Block> {
    let Some(open) = &d.open else {
        return Vec::new();
    };
    let heading = super::heading(d, Some(open.max_in_flight));
    let mut b = vec![Block::Heading(heading), Block::Table(steps(d))];
    b.extend(below(d));
    b
}

/// The search's answer in words.
pub fn search(open: &OpenLoop) -> Option<Search<'_>> {
    let f = open.find_max.as_ref()?;
    let (held, above, stop, repeats) = (f.max_rate, f.above, f.stop, f.repeats);
    Some(Search {
        held,
        above,
        stop,
        tried: f.rates.len(),
        repeats,
        objectives: &open.slo,
    })
}

/// Below the steps, each once: what the columns mean, each step's
/// findings, the first failure, why the probe is partial (in its tone) and
/// the search's answer.
pub fn below(d: &ProbeDoc) -> Vec<Block> {
    let note = |s: String| Block::Line(Cell::note(s));
    let mut b = vec![note(STEP_LEGEND.into())];
    let Some(open) = &d.open else {
        return b;
    };
    for st in &open.steps {
        b.extend(
            st.notes
                .iter()
                .map(|n| note(StepNote(st.asked, n).to_string())),
        );
    }
    let first = (open.steps.iter()).find_map(|st| Some((st.asked, st.first_error.as_ref()?)));
    if let Some((rate, e)) = first {
        b.push(note(FirstFailure(At::Rate(rate), e).to_string()));
    }
    if let Some(p) = &d.partial {
        let tone = crate::table::paint::probe_tone(None, Some(p));
        b.push(Block::Line(Cell::verdict(
            PartialLine(p).to_string(),
            Some(tone),
        )));
    }
    b.extend(search(open).map(|f| note(FindMax(f).to_string())));
    b
}

/// One CSV line per open-loop step.
pub fn csv(d: &ProbeDoc) -> Result<Vec<u8>, csv::Error> {
    table::csv::table(&steps(d))
}
