//! `conpar workspan` results: the profile, measured beside predicted at each
//! core count, and the findings in words. [`finding_words`] is the one place
//! a finding becomes a sentence. Pure functions of the document.

use super::text::{num, times};
use crate::escape::{csv_text, terminal};
use crate::results::workspan::{Basis, Finding, GraphRecord, Subject, WorkspanDoc, WorkspanRow};
use crate::units::Nanos;
use serde::Serialize;
use std::fmt::Write;

fn ns(x: f64) -> String {
    Nanos(x).to_string()
}

/// What a prediction rests on, as the subject of "predicts".
fn basis_words(b: Basis) -> &'static str {
    match b {
        Basis::Schedule => "the simulated schedule of the recorded fork-join graph",
        Basis::Brent => "Brent's bound",
    }
}

/// What became of the fork-join graph, and what the predictions rest on.
pub fn graph_words(g: GraphRecord) -> String {
    match g {
        GraphRecord::Recorded { nodes } => format!(
            "fork-join graph recorded whole ({nodes} nodes): the host model simulates rayon's schedule on it at each P"
        ),
        GraphRecord::TooLarge { limit } => format!(
            "fork-join graph past {limit} nodes, so its recording stopped: the host model uses Brent's bound instead of a simulated schedule"
        ),
        GraphRecord::NotRecorded => "no fork-join graph recorded (a binary's regions report work and span only): the host model uses Brent's bound".to_string(),
    }
}

/// The sentence for one finding.
pub fn finding_words(f: &Finding) -> String {
    match *f {
        Finding::MemoryBandwidth {
            cores,
            slowdown,
            measured,
            predicted,
            basis,
        } => format!(
            "memory bandwidth: at {cores} cores each one-worker copy of the program ran {slowdown:.2}× slower than alone; with the work slowed so, {} predicts {predicted:.2}× and {measured:.2}× was measured: the cores share the memory bus",
            basis_words(basis)
        ),
        Finding::SerialOutside { wall_s, work_s } => format!(
            "a serial part outside the measured regions: one worker took {} in all but {} of it was work inside them; that part does not speed up",
            ns(wall_s * 1e9),
            ns(work_s * 1e9)
        ),
        Finding::LittleParallelism {
            cores,
            parallelism,
            measured,
        } => format!(
            "too little parallelism: T1/T∞ is {parallelism:.2}, below {cores} cores, so no schedule can give more than {parallelism:.2}× ({measured:.2}× measured); more cores do not help, a shorter span does"
        ),
        Finding::Burden {
            cores,
            burdened_parallelism,
            burden_ns,
            spawns,
        } => format!(
            "the burden of spawning: at {} per spawn ({spawns} spawns), the burdened parallelism is {burdened_parallelism:.2}, below {cores} cores; coarser leaves (a larger grain or cutoff) leave more for the cores",
            ns(burden_ns as f64)
        ),
        Finding::AboveBound {
            cores,
            measured,
            bound,
        } => format!(
            "faster than the bounds allow: {measured:.2}× on {cores} cores, beyond min(P, T1/T∞) = {bound:.2}× by more than the noise; no schedule does that on cores of unchanged speed, so the cores ran faster with {cores} at work than with one (caches, clock, memory placement), or the one-worker measurement overstated the span"
        ),
        Finding::BusyHost { cpus } => format!(
            "other programs kept {cpus:.1} CPUs busy on average while this was measured: the timings, the contention and the span say as much about them as about the program (no bandwidth limit or unexplained loss is claimed); measure on a quiet machine"
        ),
        Finding::Unexplained {
            cores,
            measured,
            predicted,
            basis,
        } => format!(
            "at {cores} cores {measured:.2}× was measured, below the {predicted:.2}× that {} predicts, beyond the noise, and neither the span, the burden, the memory bus nor a serial part outside explains it (another program busy on this host?)",
            basis_words(basis)
        ),
    }
}

/// The program in one line.
pub fn shown(d: &WorkspanDoc) -> String {
    match &d.subject {
        Subject::Shipped {
            program,
            size,
            input,
        } => {
            format!("{program}, size {size}: {}", terminal(input))
        }
        Subject::Binary { argv } => terminal(&argv.join(" ")).into_owned(),
    }
}

/// Work, span, parallelism and burden in one line.
pub fn profile_line(d: &WorkspanDoc) -> String {
    let p = &d.profile;
    format!(
        "work T1 {}, span T∞ {}, parallelism {}; burdened span {} ({} per spawn, {} spawns), burdened parallelism {}",
        ns(p.work as f64),
        ns(p.span as f64),
        num(p.work as f64 / p.span.max(1) as f64, 2),
        ns(p.burdened_span as f64),
        ns(p.burden as f64),
        p.spawns,
        num(p.work as f64 / p.burdened_span.max(1) as f64, 2),
    )
}

/// The cells of one row: cores, wall, measured, upper, Brent, burdened,
/// simulated schedule, contention, host, error.
fn cells(r: &WorkspanRow) -> [String; 10] {
    let w = &r.wall_s;
    let p = &r.predicted;
    [
        r.cores.to_string(),
        format!(
            "{} [{}–{}]",
            ns(w.median * 1e9),
            ns(w.min * 1e9),
            ns(w.max * 1e9)
        ),
        format!(
            "{} [{:.2}–{:.2}]",
            times(r.speedup.mid, 2),
            r.speedup.lo,
            r.speedup.hi
        ),
        times(p.upper, 2),
        times(p.brent, 2),
        times(p.burdened, 2),
        p.simulated.map_or("—".into(), |s| times(s, 2)),
        r.contention
            .as_ref()
            .map_or("—".into(), |c| times(c.median, 2)),
        p.host.map_or("—".into(), |h| times(h, 2)),
        crate::words::Pct::new(r.error).signed().to_string(),
    ]
}

/// The column heads of [`cells`].
pub const HEAD: [&str; 10] = [
    "cores",
    "wall [min–max]",
    "speedup [interval]",
    "min(P,T1/T∞)",
    "Brent",
    "burdened",
    "schedule",
    "contention",
    "host model",
    "error",
];

/// The terminal table, with the profile above and the findings below.
pub fn table(d: &WorkspanDoc) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}\n{}\n{}\n",
        shown(d),
        profile_line(d),
        graph_words(d.graph)
    );
    let rows: Vec<[String; 10]> = d.rows.iter().map(cells).collect();
    let widths: Vec<usize> = (0..HEAD.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([HEAD[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |o: &mut String, cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{}{c}", " ".repeat(w - c.chars().count())))
            .collect();
        let _ = writeln!(o, "{}", padded.join("  "));
    };
    line(&mut o, HEAD.to_vec());
    for r in &rows {
        line(&mut o, r.iter().map(String::as_str).collect());
    }
    o.push_str("\nschedule: the recorded graph on P simulated rayon workers, each steal paying the burden; host model: the same with every strand slowed by the contention; error column: measured ÷ host model − 1 (÷ schedule where contention was not measured, ÷ Brent where neither is); contention: each one-worker copy's slowdown with P copies at once.\n");
    if d.findings.is_empty() {
        o.push_str("every measured speedup lies within the noise between its prediction and min(P, T1/T∞); no limit to name.\n");
    }
    for f in &d.findings {
        let _ = writeln!(o, "- {}", finding_words(f));
    }
    o
}

/// The table's cells, one row per core count, under [`HEAD`].
pub fn rows(d: &WorkspanDoc) -> Vec<Vec<String>> {
    d.rows.iter().map(|r| cells(r).to_vec()).collect()
}

/// The Markdown body's parts: the profile, the table's head and rows, the findings.
pub fn markdown(d: &WorkspanDoc) -> (String, Vec<&'static str>, Vec<Vec<String>>, Vec<String>) {
    (
        format!(
            "{}; {}; {}",
            shown(d),
            profile_line(d),
            graph_words(d.graph)
        ),
        HEAD.to_vec(),
        rows(d),
        d.findings.iter().map(finding_words).collect(),
    )
}

#[derive(Serialize)]
struct CsvRow {
    cores: usize,
    wall_median_s: f64,
    wall_min_s: f64,
    wall_max_s: f64,
    speedup: f64,
    speedup_lo: f64,
    speedup_hi: f64,
    upper: f64,
    brent: f64,
    burdened: f64,
    simulated: Option<f64>,
    contention: Option<f64>,
    host_model: Option<f64>,
    error: f64,
    work_ns: u64,
    span_ns: u64,
    burdened_span_ns: u64,
    program: String,
}

/// One CSV row per core count, the profile repeated on each.
pub fn csv(d: &WorkspanDoc) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let program = csv_text(&d.subject.label()).into_owned();
    for r in &d.rows {
        w.serialize(CsvRow {
            cores: r.cores,
            wall_median_s: r.wall_s.median,
            wall_min_s: r.wall_s.min,
            wall_max_s: r.wall_s.max,
            speedup: r.speedup.mid,
            speedup_lo: r.speedup.lo,
            speedup_hi: r.speedup.hi,
            upper: r.predicted.upper,
            brent: r.predicted.brent,
            burdened: r.predicted.burdened,
            simulated: r.predicted.simulated,
            contention: r.contention.as_ref().map(|c| c.median),
            host_model: r.predicted.host,
            error: r.error,
            work_ns: d.profile.work,
            span_ns: d.profile.span,
            burdened_span_ns: d.profile.burdened_span,
            program: program.clone(),
        })?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
