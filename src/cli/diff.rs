//! `conpar diff OLD.json NEW.json`: matched rows of two documents compared,
//! with a noise test, for baselines and CI.

use super::args::usage;
use crate::compare::diff::{Change, Diff, Verdict, diff};
use crate::words::{Pct, Secs};
use clap::Args;
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit status when a significant regression exceeds `--fail-on-regression`.
const REGRESSED: u8 = 4;

#[derive(Debug, Args)]
#[command(
    after_help = "A change counts only beyond the noise: with 3 or more raw times per row, when the 95% bootstrap interval of the ratio of medians leaves 1; otherwise when the two min–max ranges do not overlap."
)]
pub(super) struct DiffArgs {
    /// The baseline document (run, io or scale, written with --json).
    old: PathBuf,
    /// The document to compare with it (the same kind).
    new: PathBuf,
    /// Exit with status 4 when a row is slower beyond the noise by more than PCT per cent, or a row is lost, failed or has failures in NEW.
    #[arg(long, value_name = "PCT", value_parser = |s: &str| s.parse::<f64>().ok().filter(|p| p.is_finite() && *p >= 0.0).ok_or_else(|| format!("`{s}` is not a percentage: accepted are numbers from 0")))]
    fail_on_regression: Option<f64>,
}

fn word(v: Verdict) -> &'static str {
    match v {
        Verdict::Faster => "faster",
        Verdict::Slower => "SLOWER",
        Verdict::NoChange => "no change",
    }
}

/// A signed per cent to one decimal, or to two where one would read as
/// +0.0 % (an interval that only just leaves 0 must show it does).
fn pct(x: f64) -> String {
    let p = x * 100.0;
    let places = if p != 0.0 && p.abs() < 0.05 { 2 } else { 1 };
    Pct::new(x).places(places).signed().to_string()
}

fn table(changes: &[Change]) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{:<36} {:>10} {:>10} {:>9}  {:<20} verdict",
        "row", "old", "new", "change", "95% interval"
    );
    for c in changes {
        let _ = writeln!(
            o,
            "{:<36} {:>10} {:>10} {:>9}  {:<20} {}",
            crate::escape::terminal(&c.what),
            Secs(c.old_s).to_string(),
            Secs(c.new_s).to_string(),
            Pct::new(c.change).places(1).signed(),
            c.interval
                .map_or("(min–max test)".into(), |(lo, hi)| format!(
                    "[{}, {}]",
                    pct(lo),
                    pct(hi)
                )),
            word(c.verdict)
        );
    }
    o
}

/// Most rows listed by name in each of the lost, added, refused and failed
/// lists; the rest are counted.
const LISTED: usize = 20;

fn list<T>(o: &mut String, head: &str, items: &[T], line: impl Fn(&T) -> String) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(o, "{head} ({}):", items.len());
    for i in items.iter().take(LISTED) {
        let _ = writeln!(o, "  {}", crate::escape::terminal(&line(i)));
    }
    if items.len() > LISTED {
        let _ = writeln!(o, "  … and {} more", items.len() - LISTED);
    }
}

/// Everything beside the table: how many rows matched, what was not
/// compared and why, and what differs between the documents.
fn accounts(d: &Diff) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "\n{} of {} old and {} new rows compared.",
        d.changes.len(),
        d.counts.0,
        d.counts.1
    );
    list(
        &mut o,
        "LOST: in the old document, not in the new",
        &d.lost,
        |w| w.clone(),
    );
    list(&mut o, "FAILED in the new document", &d.failures, |f| {
        f.clone()
    });
    list(
        &mut o,
        "NOT COMPARED: failures in the row",
        &d.refused,
        |r| format!("{}: {}", r.what, r.why),
    );
    list(&mut o, "new rows, not in the old document", &d.added, |w| {
        w.clone()
    });
    list(&mut o, "the documents differ in", &d.differences, |w| {
        w.clone()
    });
    o
}

pub(super) fn run(a: DiffArgs) -> anyhow::Result<ExitCode> {
    let old = super::report::read(&a.old)?;
    let new = super::report::read(&a.new)?;
    let d = diff(&old, &new).map_err(|e| usage(e.to_string()))?;
    let nothing_matched = d.changes.is_empty() && d.refused.is_empty();
    // A new document that lost every row is a result (a regression), not a
    // mistake in the arguments.
    if nothing_matched && (d.counts.1 > 0 || d.counts.0 == 0) {
        return Err(usage(format!(
            "{} ({} rows) and {} ({} rows) have no row in common",
            a.old.display(),
            d.counts.0,
            a.new.display(),
            d.counts.1
        )));
    }
    super::out(&super::prose(&(table(&d.changes) + &accounts(&d))))?;
    let worst = d
        .changes
        .iter()
        .filter(|c| c.verdict == Verdict::Slower)
        .map(|c| c.change * 100.0)
        .fold(f64::NEG_INFINITY, f64::max);
    let Some(limit) = a.fail_on_regression else {
        return Ok(ExitCode::SUCCESS);
    };
    if d.broken() > 0 {
        let failed_rows = d.refused.iter().filter(|r| r.new_failed).count();
        super::console::err_line(&format!(
            "regression: in the new document, {} of the old rows lost, {} failures, {} rows with failed requests or runs",
            d.lost.len(),
            d.failures.len(),
            failed_rows
        ));
        return Ok(ExitCode::from(REGRESSED));
    }
    if worst > limit {
        super::console::err_line(&format!(
            "regression: a row is {worst:.1}% slower beyond the noise (limit {limit}%)"
        ));
        return Ok(ExitCode::from(REGRESSED));
    }
    Ok(ExitCode::SUCCESS)
}
