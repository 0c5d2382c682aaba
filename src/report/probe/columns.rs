//! The one list of a probe level's columns and the one list of an
//! open-loop step's, each column with its heading (none: CSV only), its
//! CSV key (none: people only), its width in the live terminal table and
//! its typed cell. The report's tables ([`table`]: text, Markdown, HTML and
//! CSV through [`crate::table`]) and the lines `conpar probe` prints
//! as each level finishes ([`head_line`], [`line`]) are both made from
//! them. A figure that is not defined is `—`; a latency that holds
//! timed-out requests at their deadline is `≥` it (CSV: the number).

use crate::results::probe::ProbeLevel;
use crate::results::probe::open::{OpenStep, Percentiles};
use crate::table::{Cell, Column, Table, Unit, Value};
use crate::words::Secs;

/// One column of a table of `T`, with `X` what a cell needs beside its row.
pub struct Col<T, X> {
    /// Its heading (None: written to CSV only).
    pub head: Option<&'static str>,
    /// Its CSV key (None: for people only).
    pub key: Option<&'static str>,
    /// Its width in the live terminal table.
    pub width: usize,
    /// Its cell.
    pub cell: fn(&T, &X) -> Value,
}

const fn col<T, X>(
    head: Option<&'static str>,
    key: Option<&'static str>,
    width: usize,
    cell: fn(&T, &X) -> Value,
) -> Col<T, X> {
    Col {
        head,
        key,
        width,
        cell,
    }
}

/// A latency in seconds; one that holds censored requests is at least this.
fn latency(x: f64, censored: bool) -> Value {
    if censored && x.is_finite() {
        Value::Tag {
            words: format!("≥{}", Secs(x)),
            key: x.to_string(),
        }
    } else {
        Value::secs(x)
    }
}

fn fixed(x: f64, places: usize) -> Value {
    Value::Num(x, Unit::Fixed(places))
}

fn opt(x: Option<f64>, places: usize) -> Value {
    x.map_or(Value::Absent("—"), |x| fixed(x, places))
}

fn count(x: Option<u64>) -> Value {
    x.map_or(Value::Absent("—"), Value::Count)
}

/// What a level's cells need beside it: X at N = 1 and the archetypes'
/// predicted X at its N (serial, one core, parallel).
#[derive(Debug, Clone, Copy, Default)]
pub struct LevelCtx {
    /// X at N = 1.
    pub x1: Option<f64>,
    /// Each archetype's predicted X here.
    pub curves: [Option<f64>; 3],
}

type L = Col<ProbeLevel, LevelCtx>;

/// A probe level's columns.
pub const LEVEL: [L; 33] = [
    col(Some("N"), Some("n"), 5, |l, _| Value::count(l.n)),
    col(None, Some("requests"), 0, |l, _| Value::Count(l.requests)),
    col(Some("req/s"), Some("throughput"), 10, |l, _| {
        fixed(l.throughput, 1)
    }),
    col(Some("×X(1)"), None, 6, |l, c| {
        opt(c.x1.map(|x1| l.throughput / x1), 2)
    }),
    col(Some("mean"), Some("latency_mean_s"), 9, |l, _| {
        Value::secs(l.latency_s.mean)
    }),
    col(Some("p50"), Some("latency_p50_s"), 9, |l, _| {
        latency(l.latency_s.p50, l.censored > 0)
    }),
    col(Some("p99"), Some("latency_p99_s"), 9, |l, _| {
        latency(l.latency_s.p99, l.censored > 0)
    }),
    col(Some("max"), Some("latency_max_s"), 9, |l, _| {
        latency(l.latency_s.max, l.censored > 0)
    }),
    col(Some("errors"), Some("errors"), 6, |l, _| {
        Value::Count(l.errors)
    }),
    col(Some("t/o"), Some("timeouts"), 4, |l, _| {
        Value::Count(l.timeouts)
    }),
    col(Some("unans"), Some("unanswered"), 5, |l, _| {
        Value::Count(l.unanswered)
    }),
    col(None, Some("censored"), 0, |l, _| Value::Count(l.censored)),
    col(Some("conns"), Some("connects"), 6, |l, _| {
        Value::Count(l.connects)
    }),
    col(None, Some("window_s"), 0, |l, _| Value::secs(l.window_s)),
    col(Some("c/req"), None, 5, |l, _| {
        opt(
            (l.requests > 0).then(|| l.connects as f64 / l.requests as f64),
            2,
        )
    }),
    col(Some("threads"), Some("server_threads"), 7, |l, _| {
        count(l.server.map(|s| s.threads))
    }),
    col(None, Some("server_cpu_s"), 0, |l, _| {
        opt(l.server.map(|s| s.cpu_s), 3)
    }),
    col(Some("server"), Some("server_cores"), 6, |l, _| {
        opt(l.server.map(|s| s.cores), 2)
    }),
    col(
        Some("1 thr"),
        Some("server_busiest_thread_cores"),
        6,
        |l, _| opt(l.server.map(|s| s.busiest_thread_cores), 2),
    ),
    col(Some("wait"), Some("server_waiting_cores"), 6, |l, _| {
        opt(l.server.map(|s| s.waiting_cores), 2)
    }),
    col(Some("client"), Some("client_cores"), 6, |l, _| {
        fixed(l.client_cores, 2)
    }),
    col(Some("idle"), Some("host_idle_cores"), 6, |l, _| {
        opt(l.host_idle_cores, 2)
    }),
    col(Some("X·R/N"), Some("little"), 6, |l, _| fixed(l.little, 2)),
    col(None, Some("serial_x"), 0, |_, c| opt(c.curves[0], 1)),
    col(None, Some("one_core_x"), 0, |_, c| opt(c.curves[1], 1)),
    col(None, Some("parallel_x"), 0, |_, c| opt(c.curves[2], 1)),
    col(Some("accq"), Some("accept_queue_max"), 7, |l, _| {
        count(l.kernel.and_then(|k| k.accept_queue_max))
    }),
    col(Some("ovfl"), Some("listen_overflows"), 6, |l, _| {
        count(l.kernel.map(|k| k.listen_overflows))
    }),
    col(None, Some("listen_drops"), 0, |l, _| {
        count(l.kernel.map(|k| k.listen_drops))
    }),
    col(Some("syn"), Some("syn_retrans"), 5, |l, _| {
        count(l.kernel.map(|k| k.syn_retrans))
    }),
    col(None, Some("tcp_timeouts"), 0, |l, _| {
        count(l.kernel.map(|k| k.tcp_timeouts))
    }),
    col(None, Some("syn_retry_latencies"), 0, |l, _| {
        Value::Count(l.syn_retry_latencies)
    }),
    col(None, Some("first_error"), 0, |l, _| {
        Value::Text(
            l.first_error
                .as_ref()
                .map_or(String::new(), |e| e.to_string()),
        )
    }),
];

type S = Col<OpenStep, ()>;

fn p(x: &Percentiles, f: fn(&Percentiles) -> f64) -> Value {
    Value::secs(f(x))
}

/// An open-loop step's columns.
pub const STEP: [S; 28] = [
    col(Some("asked/s"), Some("asked"), 10, |s, _| fixed(s.asked, 1)),
    col(Some("sent/s"), Some("achieved"), 10, |s, _| {
        fixed(s.achieved, 1)
    }),
    col(None, Some("repeat"), 0, |s, _| Value::count(s.repeat)),
    col(None, Some("scheduled"), 0, |s, _| Value::Count(s.scheduled)),
    col(Some("sent"), Some("sent"), 7, |s, _| Value::Count(s.sent)),
    col(Some("answer"), Some("answered"), 7, |s, _| {
        Value::Count(s.answered)
    }),
    col(Some("errors"), Some("errors"), 6, |s, _| {
        Value::Count(s.errors)
    }),
    col(Some("t/o"), Some("timeouts"), 4, |s, _| {
        Value::Count(s.timeouts)
    }),
    col(None, Some("unanswered"), 0, |s, _| {
        Value::Count(s.unanswered)
    }),
    col(Some("drop"), Some("dropped"), 6, |s, _| {
        Value::Count(s.dropped)
    }),
    col(Some("late-c"), Some("late_pool"), 6, |s, _| {
        Value::Count(s.late_pool)
    }),
    col(Some("late-b"), Some("late_client"), 6, |s, _| {
        Value::Count(s.late_client)
    }),
    col(None, Some("lag_max_s"), 0, |s, _| Value::secs(s.lag_max_s)),
    col(None, Some("in_flight_max"), 0, |s, _| {
        Value::Count(s.in_flight_max)
    }),
    col(None, Some("connects"), 0, |s, _| Value::Count(s.connects)),
    col(None, Some("window_s"), 0, |s, _| Value::secs(s.window_s)),
    col(Some("p50"), Some("p50_s"), 8, |s, _| {
        p(&s.corrected, |x| x.p50)
    }),
    col(Some("p90"), Some("p90_s"), 8, |s, _| {
        p(&s.corrected, |x| x.p90)
    }),
    col(Some("p99"), Some("p99_s"), 8, |s, _| {
        p(&s.corrected, |x| x.p99)
    }),
    col(Some("p99.9"), Some("p999_s"), 8, |s, _| {
        p(&s.corrected, |x| x.p999)
    }),
    col(Some("max"), Some("max_s"), 8, |s, _| {
        p(&s.corrected, |x| x.max)
    }),
    col(Some("u.p50"), Some("uncorrected_p50_s"), 8, |s, _| {
        p(&s.uncorrected, |x| x.p50)
    }),
    col(None, Some("uncorrected_p90_s"), 0, |s, _| {
        p(&s.uncorrected, |x| x.p90)
    }),
    col(Some("u.p99"), Some("uncorrected_p99_s"), 8, |s, _| {
        p(&s.uncorrected, |x| x.p99)
    }),
    col(None, Some("uncorrected_p999_s"), 0, |s, _| {
        p(&s.uncorrected, |x| x.p999)
    }),
    col(Some("u.max"), Some("uncorrected_max_s"), 8, |s, _| {
        p(&s.uncorrected, |x| x.max)
    }),
    col(Some("slo"), Some("slo"), 11, |s, _| {
        Value::Text(crate::words::probe::slo_cell(s.slo.as_ref()))
    }),
    col(None, Some("first_error"), 0, |s, _| {
        Value::Text(
            s.first_error
                .as_ref()
                .map_or(String::new(), |e| e.to_string()),
        )
    }),
];

/// The table of `rows` in `cols`, titled `title`, for every backend.
pub fn table<'a, T: 'a, X>(
    title: &str,
    cols: &[Col<T, X>],
    rows: impl IntoIterator<Item = (&'a T, X)>,
) -> Table {
    let columns = cols
        .iter()
        .map(|c| match (c.head, c.key) {
            (Some(h), Some(k)) => Column::new(h, k),
            (Some(h), None) => Column::people(h),
            (None, k) => Column::csv_only(k.unwrap_or("")),
        })
        .collect();
    let mut t = Table::new(title, columns);
    for (r, x) in rows {
        t.row(
            cols.iter()
                .map(|c| Cell::measured((c.cell)(r, &x)))
                .collect(),
        );
    }
    t
}

/// The heads of the columns people read, right-aligned to their widths,
/// one line: the live table's head.
pub fn head_line<T, X>(cols: &[Col<T, X>]) -> String {
    let cells: Vec<String> = cols
        .iter()
        .filter_map(|c| Some(format!("{:>w$}", c.head?, w = c.width)))
        .collect();
    format!("{}\n", cells.join(" "))
}

/// One row's line of the live table, each cell right-aligned to its width
/// and escaped for the terminal.
pub fn line<T, X>(cols: &[Col<T, X>], row: &T, x: &X) -> String {
    let cells: Vec<String> = cols
        .iter()
        .filter(|c| c.head.is_some())
        .map(|c| {
            let v = (c.cell)(row, x).to_string();
            format!("{:>w$}", crate::escape::terminal(&v), w = c.width)
        })
        .collect();
    format!("{}\n", cells.join(" "))
}
