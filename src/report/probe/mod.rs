//! `conpar probe` results: the table per level (written as each level
//! finishes), the archetypes beside the measurement, the verdict, and the
//! CSV rows. Pure functions of the document; every string that came from a
//! server or the command line is escaped for the terminal or the spreadsheet.

pub mod columns;
pub mod open;

use crate::results::probe::{Archetype, ProbeDoc, ProbeLevel};
use crate::table::{self, Block, Cell, Column, Table, Value};
use crate::words::probe::TimedOut;
use crate::words::{Count, Pct, Secs, num};
use columns::{LEVEL, LevelCtx, head_line, line};

/// What the probe's heading says: the target, the request, the client's
/// threads and the server.
pub fn heading(d: &ProbeDoc) -> String {
    let server = match d.server_pid {
        Some(p) => format!("server pid {p}, {}", Count(d.server_cores, "core")),
        None => format!(
            "server CPU not read (no --pid), {}",
            Count(d.server_cores, "core")
        ),
    };
    format!(
        "probe {} · {} · {} · {}",
        d.target,
        d.request,
        Count(d.client_threads, "client thread"),
        server
    )
}

/// The lines above the live table: what is probed, and the column heads.
pub fn header(d: &ProbeDoc) -> String {
    let h = heading(d);
    format!("{}\n\n{}", crate::escape::terminal(&h), head_line(&LEVEL))
}

/// One level's line of the live table; `x1` is X at N = 1.
pub fn row(l: &ProbeLevel, x1: Option<f64>) -> String {
    let ctx = LevelCtx {
        x1,
        curves: [None; 3],
    };
    line(&LEVEL, l, &ctx)
}

/// X at N = 1, when measured.
pub fn x1(d: &ProbeDoc) -> Option<f64> {
    d.levels.iter().find(|l| l.n == 1).map(|l| l.throughput)
}

/// The levels as a table, each with the archetypes' predicted X (CSV).
pub fn levels(d: &ProbeDoc) -> Table {
    let curve = |a: Archetype, i: usize| {
        let an = d.analysis.as_ref()?;
        let c = an.archetypes.iter().find(|c| c.archetype == a)?;
        c.throughput.get(i).copied().flatten()
    };
    let rows = d.levels.iter().enumerate().map(|(i, l)| {
        let curves = Archetype::ALL.map(|a| curve(a, i));
        (l, LevelCtx { x1: x1(d), curves })
    });
    columns::table("", &LEVEL, rows)
}

/// Everything: the heading, the levels, and what [`below`] says.
pub fn blocks(d: &ProbeDoc) -> Vec<Block> {
    let mut b = vec![Block::Heading(heading(d)), Block::Table(levels(d))];
    b.extend(below(d));
    b
}

/// Everything as the terminal shows it.
pub fn table(d: &ProbeDoc) -> String {
    table::text::blocks(&blocks(d))
}

/// One CSV line per level, with each archetype's predicted X beside it.
pub fn csv(d: &ProbeDoc) -> Result<Vec<u8>, csv::Error> {
    table::csv::table(&levels(d))
}

/// What the terminal's short heads mean.
const LEGEND: &str = "(t/o = timed out, unans = of them still unanswered when the level ended; c/req = connections opened ÷ requests: near 0 kept alive, 1 or more a connection per request; in cores: server = its CPU time ÷ wall, 1 thr = its busiest thread's, wait = its threads runnable but waiting for a CPU, client = this probe's, idle = the host's idle; accq = most connections seen in the target's accept queue; ovfl = the host's accept-queue overflows (ListenOverflows), syn = SYNs retransmitted (TCPSynRetrans), over the level)";

/// The lines below a probe's levels, not yet escaped, each said once;
/// every backend prints all of them.
#[derive(Debug, Default)]
pub struct Lines {
    /// Timed-out requests, the first failure, S (or that nothing completed).
    pub before: Vec<String>,
    /// The USL's fit, or why there is none.
    pub usl: Option<String>,
    /// The verdict, then the knee, the effective cores and the best fit.
    pub verdict: Vec<String>,
    /// Why the probe is partial.
    pub partial: Option<String>,
}

/// The lines below `d`'s levels.
pub fn lines(d: &ProbeDoc) -> Lines {
    let mut o = Lines::default();
    for l in d.levels.iter().filter(|l| l.timeouts + l.unanswered > 0) {
        let t = TimedOut {
            n: l.n,
            timeouts: l.timeouts,
            unanswered: l.unanswered,
            censored: l.censored,
            deadline_s: d.timeout_s,
        };
        o.before.push(t.to_string());
    }
    if let Some((n, e)) = d
        .levels
        .iter()
        .find_map(|l| Some((l.n, l.first_error.as_ref()?)))
    {
        o.before.push(format!("first failure at N = {n}: {e}"));
    }
    o.partial = d.partial.as_ref().map(|p| format!("PARTIAL: {p}"));
    let Some(a) = &d.analysis else {
        o.before
            .push("no level completed: nothing to analyse".into());
        return o;
    };
    o.before.push(format!(
        "S (one request alone) = {}; server CPU per request at N = 1: {}",
        Secs(a.service_time_s),
        a.server_cpu_per_request_s
            .map_or("not known".into(), |c| Secs(c).to_string())
    ));
    o.usl = Some(match (a.usl_sigma, a.usl_kappa, &a.usl_missing) {
        (Some(sg), Some(k), _) => format!(
            "USL on X(N)/X(1): σ = {sg:.3}, κ = {k:.5} (R² {})",
            a.usl_r_squared.map_or("—".into(), |r| num(r, 3))
        ),
        (_, _, Some(m)) => format!("USL: {m}"),
        _ => "USL: no fit".into(),
    });
    let v = &a.verdict;
    o.verdict.push(format!("verdict: {v}"));
    o.verdict.push(format!(
        "knee: {}; effective cores: {}; best-fitting curve: {}",
        v.knee.map_or("not reached".into(), |k| format!("N = {k}")),
        v.effective_cores.map_or("—".into(), |c| num(c, 2)),
        v.best_fit.map_or("—", Archetype::name)
    ));
    o
}

/// The archetypes' table: each one's name, how far off it is, and its
/// predicted X at each measured N (None without an analysis).
pub fn archetypes(d: &ProbeDoc) -> Option<Table> {
    let a = d.analysis.as_ref()?;
    let ns: Vec<String> = d.levels.iter().map(|l| l.n.to_string()).collect();
    let mut t = Table::new(
        "",
        vec![
            Column::people("archetype"),
            Column::people("off by"),
            Column::people(format!("predicted X at N = {}", ns.join(", "))),
        ],
    );
    for c in &a.archetypes {
        let name = match c.archetype {
            Archetype::Parallel => format!("parallel ({})", Count(c.cores, "core")),
            other => other.name().to_string(),
        };
        let xs: Vec<String> = c
            .throughput
            .iter()
            .map(|x| x.map_or("—".into(), |x| num(x, 0)))
            .collect();
        let off = c.residual.map_or(Value::Absent("needs CPU"), |r| {
            Value::Text(Pct::new(r.exp() - 1.0).to_string())
        });
        t.row(vec![
            Cell::label(name),
            Cell::predicted(off),
            Cell::predicted(Value::Text(xs.join(" "))),
        ]);
    }
    Some(t)
}

/// Below the levels: the legend, what came before the analysis, the
/// archetypes, the USL, the verdict and why the probe is partial, each once.
pub fn below(d: &ProbeDoc) -> Vec<Block> {
    let l = lines(d);
    let mut b = vec![Block::Line(Cell::note(LEGEND))];
    b.extend(l.before.into_iter().map(|t| Block::Line(Cell::note(t))));
    b.extend(archetypes(d).map(Block::Table));
    b.extend(l.usl.into_iter().map(|t| Block::Line(Cell::note(t))));
    b.extend(l.verdict.into_iter().map(|t| Block::Line(Cell::note(t))));
    b.extend(l.partial.into_iter().map(|t| Block::Line(Cell::warning(t))));
    b
}

/// Below the live table, as the terminal shows it, a blank line first.
pub fn summary(d: &ProbeDoc) -> String {
    format!("\n{}", table::text::blocks(&below(d)))
}

#[cfg(test)]
mod tests;
