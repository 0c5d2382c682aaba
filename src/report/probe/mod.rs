//! `conpar probe` results: the table per level (written as each level
//! finishes), the archetypes beside the measurement, the verdict coloured
//! by its tone, and the CSV rows. Pure functions of the document; the
//! words are `words::probe_report`'s, escaped by each backend.

pub mod columns;
pub mod open;

use crate::results::probe::{Archetype, ProbeDoc, ProbeLevel};
use crate::table::columns::{head_line, line};
use crate::table::paint::probe_tone;
use crate::table::{self, Block, Cell, Column, Table, Value};
use crate::words::probe::TimedOut;
use crate::words::probe_report::{
    At, FirstFailure, Heading, Knee, LEVEL_LEGEND, NOTHING_ANALYSED, Named, PartialLine, Service,
    Usl, VerdictLine,
};
use crate::words::{Pct, num};
use columns::{LEVEL, LevelCtx};

/// What the probe's heading says (`max_in_flight`: an open loop's).
pub fn heading(d: &ProbeDoc, max_in_flight: Option<usize>) -> String {
    let h = Heading {
        target: &d.target,
        request: &d.request,
        client_threads: d.client_threads,
        server_cores: d.server_cores,
        pid: d.server_pid,
        max_in_flight,
    };
    h.to_string()
}

/// The lines above the live table: what is probed, and the column heads.
pub fn header(d: &ProbeDoc) -> String {
    let h = crate::escape::terminal(&heading(d, None)).into_owned();
    format!("{h}\n\n{}", head_line(&LEVEL))
}

/// One level's line of the live table; `x1` is X at N = 1.
pub fn row(l: &ProbeLevel, x1: Option<f64>) -> String {
    let curves = [None; 3];
    line(&LEVEL, l, &LevelCtx { x1, curves })
}

/// The levels as a table, each with the archetypes' predicted X (CSV).
pub fn levels(d: &ProbeDoc) -> Table {
    let x1 = d.levels.iter().find(|l| l.n == 1).map(|l| l.throughput);
    let curve = |a: Archetype, i: usize| {
        let mut all = d.analysis.as_ref()?.archetypes.iter();
        let c = all.find(|c| c.archetype == a)?;
        c.throughput.get(i).copied().flatten()
    };
    let rows = d.levels.iter().enumerate().map(|(i, l)| {
        let curves = Archetype::ALL.map(|a| curve(a, i));
        (l, LevelCtx { x1, curves })
    });
    table::columns::table("", &LEVEL, rows)
}

/// Everything: the heading, the levels, and what [`below`] says.
pub fn blocks(d: &ProbeDoc) -> Vec<Block> {
    let mut b = vec![Block::Heading(heading(d, None)), Block::Table(levels(d))];
    b.extend(below(d));
    b
}

/// One CSV line per level, with each archetype's predicted X beside it.
pub fn csv(d: &ProbeDoc) -> Result<Vec<u8>, csv::Error> {
    table::csv::table(&levels(d))
}

/// The archetypes' table: each one's name, how far off it is, and its
/// predicted X at each measured N (None without an analysis).
pub fn archetypes(d: &ProbeDoc) -> Option<Table> {
    let ns: Vec<String> = d.levels.iter().map(|l| l.n.to_string()).collect();
    let predicted = format!("predicted X at N = {}", ns.join(", "));
    let cols = ["archetype", "off by", &predicted].map(Column::people);
    let mut t = Table::new("", cols.to_vec());
    for c in &d.analysis.as_ref()?.archetypes {
        let xs: Vec<String> = (c.throughput.iter())
            .map(|x| x.map_or("—".into(), |x| num(x, 0)))
            .collect();
        let off = c.residual.map_or(Value::Absent("needs CPU"), |r| {
            Value::Text(Pct::new(r.exp() - 1.0).to_string())
        });
        t.row(vec![
            Cell::label(Named(c.archetype, c.cores).to_string()),
            Cell::predicted(off),
            Cell::predicted(Value::Text(xs.join(" "))),
        ]);
    }
    Some(t)
}

/// Below the levels, each once: the legend, timed-out requests, the first
/// failure, S, the archetypes, the USL, the verdict in its tone, the knee
/// and why the probe is partial.
pub fn below(d: &ProbeDoc) -> Vec<Block> {
    let note = |s: String| Block::Line(Cell::note(s));
    let mut b = vec![note(LEVEL_LEGEND.into())];
    for l in d.levels.iter().filter(|l| l.timeouts + l.unanswered > 0) {
        let (n, timeouts, unanswered, censored) = (l.n, l.timeouts, l.unanswered, l.censored);
        let deadline_s = d.timeout_s;
        let t = TimedOut {
            n,
            timeouts,
            unanswered,
            censored,
            deadline_s,
        };
        b.push(note(t.to_string()));
    }
    let first = d
        .levels
        .iter()
        .find_map(|l| Some((l.n, l.first_error.as_ref()?)));
    if let Some((n, e)) = first {
        b.push(note(FirstFailure(At::Level(n), e).to_string()));
    }
    let partial = d.partial.as_ref();
    let warn = partial.map(|p| Block::Line(Cell::warning(PartialLine(p).to_string())));
    let Some(a) = &d.analysis else {
        let tone = probe_tone(None, partial);
        b.push(Block::Line(Cell::verdict(NOTHING_ANALYSED, Some(tone))));
        b.extend(warn);
        return b;
    };
    let (s, cpu) = (a.service_time_s, a.server_cpu_per_request_s);
    b.push(note(Service { s, cpu }.to_string()));
    b.extend(archetypes(d).map(Block::Table));
    let usl = Usl {
        fit: a.usl_sigma.zip(a.usl_kappa),
        r_squared: a.usl_r_squared,
        missing: a.usl_missing.as_ref(),
    };
    b.push(note(usl.to_string()));
    let v = &a.verdict;
    let tone = Some(probe_tone(Some(v.finding), partial));
    b.push(Block::Line(Cell::verdict(VerdictLine(v).to_string(), tone)));
    b.push(note(Knee(v).to_string()));
    b.extend(warn);
    b
}

/// Below the live table (the levels' or the open loop's steps'), as the
/// terminal shows it, a blank line first.
pub fn summary(d: &ProbeDoc) -> String {
    let below = if d.open.is_some() {
        open::below(d)
    } else {
        below(d)
    };
    format!("\n{}", table::text::blocks(&below))
}
