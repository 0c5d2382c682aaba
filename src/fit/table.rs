//! Reading a table of concurrency against throughput, time or latency: a CSV
//! with a header, or a conpar `scale` or `probe` document. Bytes in, rows
//! out; every value checked and every count bounded. Pure.

use crate::findings::fits::ReadNote;
use crate::results::fit::{Input, MAX_LEVELS};
use crate::results::{self, Document, ReadError};
use std::fmt;

/// Most measurements (rows) one table may hold.
pub const MAX_ROWS: usize = 20_000;
/// The largest concurrency accepted.
pub const MAX_N: f64 = 1e7;

/// Column names accepted, by role, lowercase.
const N_NAMES: [&str; 4] = ["n", "concurrency", "threads", "cores"];
const X_NAMES: [&str; 4] = ["throughput", "x", "qps", "rps"];
const R_NAMES: [&str; 2] = ["latency", "r"];
const T_NAMES: [&str; 2] = ["time", "wall"];

/// A table read: (N, X) per measurement, and how X was made.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// (N, X), one per measurement, in file order.
    pub rows: Vec<(f64, f64)>,
    /// What X was made from.
    pub input: Input,
    /// Columns read but not used, and the like.
    pub notes: Vec<ReadNote>,
}

/// Why a table was refused: the file, the line when there is one, and what.
#[derive(Debug, Clone, PartialEq)]
pub struct TableError {
    /// The file, as named (escaped for the terminal).
    pub file: String,
    /// The line, 1-based.
    pub line: Option<u64>,
    /// What is wrong and what is accepted.
    pub problem: Problem,
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.problem, self.line) {
            // The document's own refusal names the file.
            (Problem::Document(e), _) => write!(f, "{e}"),
            (p, Some(l)) => write!(f, "{}:{l}: {p}", self.file),
            (p, None) => write!(f, "{}: {p}", self.file),
        }
    }
}

impl std::error::Error for TableError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    N,
    X,
    R,
    T,
}

fn role(name: &str) -> Option<Role> {
    let n = name.trim().to_ascii_lowercase();
    let n = n.as_str();
    [
        (&N_NAMES[..], Role::N),
        (&X_NAMES[..], Role::X),
        (&R_NAMES[..], Role::R),
        (&T_NAMES[..], Role::T),
    ]
    .iter()
    .find(|(names, _)| names.contains(&n))
    .map(|(_, r)| *r)
}

/// Reads `bytes` named `file`: a conpar document when it opens with `{`,
/// else a CSV with a header.
pub fn read(file: &str, bytes: &[u8]) -> Result<Table, TableError> {
    let shown = crate::escape::terminal(file).into_owned();
    let err = |line: Option<u64>, problem: Problem| TableError {
        file: shown.clone(),
        line,
        problem,
    };
    // A spreadsheet's CSV may open with a byte-order mark.
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let table = match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        None => return Err(err(None, Problem::Empty)),
        Some(b'{') => document(&shown, bytes).map_err(|m| err(None, m))?,
        Some(_) => csv_table(bytes).map_err(|(l, m)| err(l, m))?,
    };
    let mut ns: Vec<f64> = table.rows.iter().map(|r| r.0).collect();
    ns.sort_unstable_by(f64::total_cmp);
    ns.dedup();
    if ns.len() < 3 {
        return Err(err(None, Problem::TooFewN(ns.len())));
    }
    if ns.len() > MAX_LEVELS {
        return Err(err(None, Problem::TooManyN(ns.len())));
    }
    Ok(table)
}

/// The header's roles: the column of N and of the value used, and notes.
fn header(h: &csv::StringRecord) -> Result<(usize, usize, Input, Vec<ReadNote>), Problem> {
    let mut seen: Vec<(Role, usize, String)> = Vec::new();
    for (i, name) in h.iter().enumerate() {
        let shown = crate::escape::terminal(name.trim()).into_owned();
        let Some(r) = role(name) else {
            return Err(Problem::UnknownColumn(shown));
        };
        if let Some((_, _, first)) = seen.iter().find(|(s, _, _)| *s == r) {
            return Err(Problem::SameQuantity {
                first: first.clone(),
                second: shown,
            });
        }
        seen.push((r, i, shown));
    }
    let col = |r: Role| seen.iter().find(|(s, _, _)| *s == r).map(|(_, i, _)| *i);
    let n = col(Role::N).ok_or(Problem::NoN)?;
    let (v, input) = match (col(Role::X), col(Role::R), col(Role::T)) {
        (Some(x), _, _) => (x, Input::Throughput),
        (None, Some(r), _) => (r, Input::Latency),
        (None, None, Some(t)) => (t, Input::Time),
        _ => return Err(Problem::NoValue),
    };
    let unused: Vec<ReadNote> = seen
        .iter()
        .filter(|(_, i, _)| *i != n && *i != v)
        .map(|(_, i, _)| ReadNote::ColumnUnused {
            column: h.get(*i).unwrap_or("").trim().to_string(),
            used: h.get(v).unwrap_or("").trim().to_string(),
        })
        .collect();
    Ok((n, v, input, unused))
}

fn number(what: &'static str, cell: &str) -> Result<f64, Problem> {
    let shown = || crate::escape::terminal(cell).into_owned();
    let x: f64 = cell.trim().parse().map_err(|_| Problem::NotANumber {
        what,
        cell: shown(),
    })?;
    if x.is_nan() {
        return Err(Problem::NaN { what });
    }
    if !(x.is_finite() && x > 0.0) {
        return Err(Problem::NotPositive {
            what,
            cell: shown(),
        });
    }
    Ok(x)
}

fn csv_table(bytes: &[u8]) -> Result<Table, (Option<u64>, Problem)> {
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(bytes);
    let h = rd
        .headers()
        .map_err(|e| (Some(1), Problem::Csv(e.to_string())))?
        .clone();
    let (n_col, v_col, input, notes) = header(&h).map_err(|m| (Some(1), m))?;
    let mut raw: Vec<(f64, f64)> = Vec::new();
    for rec in rd.records() {
        let rec = rec.map_err(|e| (e.position().map(|p| p.line()), Problem::Csv(e.to_string())))?;
        let line = rec.position().map(|p| p.line());
        if raw.len() == MAX_ROWS {
            return Err((line, Problem::TooManyRows));
        }
        let n = number("N", rec.get(n_col).unwrap_or("")).map_err(|m| (line, m))?;
        if n > MAX_N {
            return Err((line, Problem::NTooLarge(n)));
        }
        let what = match input {
            Input::Latency => "latency",
            Input::Time => "time",
            _ => "throughput",
        };
        let v = number(what, rec.get(v_col).unwrap_or("")).map_err(|m| (line, m))?;
        raw.push((n, v));
    }
    let rows = throughputs(&raw, input).map_err(|m| (None, m))?;
    Ok(Table { rows, input, notes })
}

/// (N, value) turned into (N, X) for `input`.
fn throughputs(raw: &[(f64, f64)], input: Input) -> Result<Vec<(f64, f64)>, Problem> {
    Ok(match input {
        Input::Latency => raw.iter().map(|&(n, r)| (n, n / r)).collect(),
        Input::Time | Input::ScaleDocument => {
            let ones: Vec<f64> = raw.iter().filter(|r| r.0 == 1.0).map(|r| r.1).collect();
            if ones.is_empty() {
                return Err(Problem::NoTimeAtOne);
            }
            let t1 = ones.iter().sum::<f64>() / ones.len() as f64;
            raw.iter().map(|&(n, t)| (n, t1 / t)).collect()
        }
        Input::Throughput | Input::ProbeDocument => raw.to_vec(),
    })
}

/// The (N, X) points of a `scale` or `probe` document.
fn document(file: &str, bytes: &[u8]) -> Result<Table, Problem> {
    let doc = results::parse(file, bytes).map_err(|e| Problem::Document(Box::new(e)))?;
    let (raw, input, notes) = match &doc {
        Document::Scale(s) => {
            let raw: Vec<(f64, f64)> = s
                .rows
                .iter()
                .flat_map(|r| {
                    r.measured
                        .wall_s
                        .samples
                        .iter()
                        .map(move |&w| (r.threads as f64, w))
                })
                .filter(|&(_, w)| w.is_finite() && w > 0.0)
                .collect();
            (raw, Input::ScaleDocument, Vec::new())
        }
        Document::Probe(p) => {
            let raw: Vec<(f64, f64)> = p
                .levels
                .iter()
                .map(|l| (l.n as f64, l.throughput))
                .collect();
            let kept: Vec<(f64, f64)> = raw
                .iter()
                .copied()
                .filter(|&(_, x)| x.is_finite() && x > 0.0)
                .collect();
            let mut notes = Vec::new();
            if kept.len() < raw.len() {
                notes.push(ReadNote::LevelsLeftOut {
                    levels: raw.len() - kept.len(),
                });
            }
            (kept, Input::ProbeDocument, notes)
        }
        other => {
            let kind = format!("{:?}", other.meta().kind).to_lowercase();
            return Err(Problem::NoSweep(kind));
        }
    };
    if raw.len() > MAX_ROWS {
        return Err(Problem::TooManyMeasurements(raw.len()));
    }
    let rows = throughputs(&raw, input)?;
    Ok(Table { rows, input, notes })
}

/// One refusal of `fit`'s input; [`TableError`] adds the file and line.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Problem {
    #[error("is empty: expected a CSV with a header")]
    Empty,
    #[error("{0} distinct N; the USL needs at least 3 (σ, κ and λ are three unknowns)")]
    TooFewN(usize),
    #[error("{0} distinct N; at most {MAX_LEVELS} are accepted")]
    TooManyN(usize),
    /// A header naming no quantity fit knows (escaped for the terminal).
    #[error("unknown column `{0}`; {Accepted}")]
    UnknownColumn(String),
    #[error("columns `{first}` and `{second}` both name the same quantity; keep one")]
    SameQuantity { first: String, second: String },
    #[error("no column of N; {Accepted}")]
    NoN,
    #[error("no column of throughput, latency or time; {Accepted}")]
    NoValue,
    /// A cell that does not read as a number (escaped for the terminal).
    #[error("{what} `{cell}` is not a number; a positive number is accepted")]
    NotANumber { what: &'static str, cell: String },
    #[error("{what} is NaN; a positive number is accepted")]
    NaN { what: &'static str },
    #[error("{what} = {cell} is not positive and finite; a positive number is accepted")]
    NotPositive { what: &'static str, cell: String },
    /// The CSV reader's own refusal.
    #[error("{0}")]
    Csv(String),
    #[error("more than {MAX_ROWS} rows; at most {MAX_ROWS} are accepted")]
    TooManyRows,
    #[error("N = {0}: at most {MAX_N} is accepted")]
    NTooLarge(f64),
    #[error(
        "a time column needs rows at N = 1: throughput is taken as T(1) / T(N), T(1) the mean time at N = 1"
    )]
    NoTimeAtOne,
    /// A document `results::parse` refused; it names the file.
    #[error(transparent)]
    Document(Box<ReadError>),
    /// A document of a kind without a sweep of concurrency.
    #[error(
        "a `{0}` document holds no sweep of concurrency; fit reads CSV tables and conpar scale and probe documents"
    )]
    NoSweep(String),
    #[error("{0} measurements; at most {MAX_ROWS} are accepted")]
    TooManyMeasurements(usize),
}

/// The column names `fit` reads, as the refusals list them.
struct Accepted;

impl fmt::Display for Accepted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "accepted are, in any case: for N {}; for throughput {}; for latency {}; for time {}",
            N_NAMES.join(", "),
            X_NAMES.join(", "),
            R_NAMES.join(", "),
            T_NAMES.join(", ")
        )
    }
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
