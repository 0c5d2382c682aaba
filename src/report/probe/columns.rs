//! The one list of a probe level's columns and the one list of an
//! open-loop step's: a short head for the terminal with its width, a title
//! for Markdown and HTML, and the cell, the same text in every backend (each
//! escapes it for its output). A figure that is not defined is `—`; a
//! latency that holds timed-out requests at their deadline is `≥` it.

use crate::results::probe::ProbeLevel;
use crate::results::probe::open::{OpenStep, Percentiles};
use crate::words::{Secs, num};

/// One column of a table of `T`, with `X` what a cell needs beside its row.
pub struct Column<T, X> {
    /// Its head in the terminal's table.
    pub head: &'static str,
    /// Its title in Markdown and HTML.
    pub title: &'static str,
    /// Its width in the terminal's table.
    pub width: usize,
    /// Its cell.
    pub cell: fn(&T, X) -> String,
}

fn secs(x: f64) -> String {
    if x.is_finite() {
        Secs(x).to_string()
    } else {
        "—".into()
    }
}

/// A latency that holds censored requests: at least this.
fn at_least(x: f64, censored: bool) -> String {
    match (secs(x), censored && x.is_finite()) {
        (v, true) => format!("≥{v}"),
        (v, false) => v,
    }
}

fn opt(x: Option<f64>, digits: usize) -> String {
    x.map_or("—".into(), |v| num(v, digits))
}

fn count(x: Option<u64>) -> String {
    x.map_or("—".into(), |v| v.to_string())
}

type Level = Column<ProbeLevel, Option<f64>>;

const fn level(
    head: &'static str,
    title: &'static str,
    width: usize,
    cell: fn(&ProbeLevel, Option<f64>) -> String,
) -> Level {
    Column {
        head,
        title,
        width,
        cell,
    }
}

/// A probe level's columns; a cell's second argument is X at N = 1.
pub const LEVEL: [Level; 22] = [
    level("N", "N", 5, |l, _| l.n.to_string()),
    level("req/s", "req/s", 10, |l, _| num(l.throughput, 1)),
    level("×X(1)", "× X(1)", 6, |l, x1| {
        opt(x1.map(|x1| l.throughput / x1), 2)
    }),
    level("mean", "mean", 9, |l, _| secs(l.latency_s.mean)),
    level("p50", "p50", 9, |l, _| {
        at_least(l.latency_s.p50, l.censored > 0)
    }),
    level("p99", "p99", 9, |l, _| {
        at_least(l.latency_s.p99, l.censored > 0)
    }),
    level("max", "max", 9, |l, _| {
        at_least(l.latency_s.max, l.censored > 0)
    }),
    level("errors", "errors", 6, |l, _| l.errors.to_string()),
    level("t/o", "timeouts", 4, |l, _| l.timeouts.to_string()),
    level("unans", "unanswered", 5, |l, _| l.unanswered.to_string()),
    level("conns", "connections", 6, |l, _| l.connects.to_string()),
    level("c/req", "connections ÷ requests", 5, |l, _| {
        opt(
            (l.requests > 0).then(|| l.connects as f64 / l.requests as f64),
            2,
        )
    }),
    level("threads", "server threads", 7, |l, _| {
        count(l.server.map(|s| s.threads))
    }),
    level("server", "server cores", 6, |l, _| {
        opt(l.server.map(|s| s.cores), 2)
    }),
    level("1 thr", "busiest thread's cores", 6, |l, _| {
        opt(l.server.map(|s| s.busiest_thread_cores), 2)
    }),
    level("wait", "cores waited for", 6, |l, _| {
        opt(l.server.map(|s| s.waiting_cores), 2)
    }),
    level("client", "client cores", 6, |l, _| num(l.client_cores, 2)),
    level("idle", "host idle cores", 6, |l, _| {
        opt(l.host_idle_cores, 2)
    }),
    level("X·R/N", "X·R/N", 6, |l, _| num(l.little, 2)),
    level("accq", "accept queue", 7, |l, _| {
        count(l.kernel.and_then(|k| k.accept_queue_max))
    }),
    level("ovfl", "listen overflows", 6, |l, _| {
        count(l.kernel.map(|k| k.listen_overflows))
    }),
    level("syn", "SYN retransmits", 5, |l, _| {
        count(l.kernel.map(|k| k.syn_retrans))
    }),
];

type Step = Column<OpenStep, ()>;

const fn step(
    head: &'static str,
    title: &'static str,
    width: usize,
    cell: fn(&OpenStep, ()) -> String,
) -> Step {
    Column {
        head,
        title,
        width,
        cell,
    }
}

fn p(x: &Percentiles, f: fn(&Percentiles) -> f64) -> String {
    secs(f(x))
}

/// An open-loop step's columns.
pub const STEP: [Step; 18] = [
    step("asked/s", "asked/s", 10, |s, _| num(s.asked, 1)),
    step("sent/s", "sent/s", 10, |s, _| num(s.achieved, 1)),
    step("sent", "sent", 7, |s, _| s.sent.to_string()),
    step("answer", "answered", 7, |s, _| s.answered.to_string()),
    step("errors", "errors", 6, |s, _| s.errors.to_string()),
    step("t/o", "timeouts", 4, |s, _| s.timeouts.to_string()),
    step("drop", "dropped", 6, |s, _| s.dropped.to_string()),
    step("late-c", "late (connections busy)", 6, |s, _| {
        s.late_pool.to_string()
    }),
    step("late-b", "late (client behind)", 6, |s, _| {
        s.late_client.to_string()
    }),
    step("p50", "p50", 8, |s, _| p(&s.corrected, |x| x.p50)),
    step("p90", "p90", 8, |s, _| p(&s.corrected, |x| x.p90)),
    step("p99", "p99", 8, |s, _| p(&s.corrected, |x| x.p99)),
    step("p99.9", "p99.9", 8, |s, _| p(&s.corrected, |x| x.p999)),
    step("max", "max", 8, |s, _| p(&s.corrected, |x| x.max)),
    step("u.p50", "uncorrected p50", 8, |s, _| {
        p(&s.uncorrected, |x| x.p50)
    }),
    step("u.p99", "uncorrected p99", 8, |s, _| {
        p(&s.uncorrected, |x| x.p99)
    }),
    step("u.max", "uncorrected max", 8, |s, _| {
        p(&s.uncorrected, |x| x.max)
    }),
    step("slo", "objective", 11, |s, _| {
        crate::words::probe::slo_cell(s.slo.as_ref())
    }),
];

/// The heads of `cols`, right-aligned to their widths, one line.
pub fn head_line<T, X>(cols: &[Column<T, X>]) -> String {
    let cells: Vec<String> = cols
        .iter()
        .map(|c| format!("{:>w$}", c.head, w = c.width))
        .collect();
    format!("{}\n", cells.join(" "))
}

/// One row's cells, each as every backend shows it (not yet escaped).
pub fn cells<T, X: Copy>(cols: &[Column<T, X>], row: &T, x: X) -> Vec<String> {
    cols.iter().map(|c| (c.cell)(row, x)).collect()
}

/// One row's line in the terminal, each cell right-aligned to its width
/// and escaped for the terminal.
pub fn line<T, X: Copy>(cols: &[Column<T, X>], row: &T, x: X) -> String {
    let cells: Vec<String> = cols
        .iter()
        .map(|c| {
            let v = (c.cell)(row, x);
            format!("{:>w$}", crate::escape::terminal(&v), w = c.width)
        })
        .collect();
    format!("{}\n", cells.join(" "))
}

/// The titles of `cols`, for Markdown and HTML.
pub fn titles<T, X>(cols: &[Column<T, X>]) -> Vec<&'static str> {
    cols.iter().map(|c| c.title).collect()
}

/// An HTML table of `titles` over `rows`, every cell escaped (levels and
/// steps are bounded by the document's check, so no row is left out).
pub fn html_table(o: &mut String, titles: &[&str], rows: impl Iterator<Item = Vec<String>>) {
    let esc = crate::escape::html;
    o.push_str("<table><tr>");
    for t in titles {
        o.push_str(&format!("<th>{}</th>", esc(t)));
    }
    o.push_str("</tr>");
    for r in rows {
        o.push_str("<tr>");
        for c in r {
            o.push_str(&format!("<td>{}</td>", esc(&c)));
        }
        o.push_str("</tr>");
    }
    o.push_str("</table>");
}
