//! `conpar diff OLD.json NEW.json`: matched rows of two documents compared,
//! with a noise test, for baselines and CI.

use super::args::usage;
use crate::compare::diff::{Change, Verdict, diff};
use crate::units::Nanos;
use clap::Args;
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit status when a significant regression exceeds `--fail-on-regression`.
const REGRESSED: u8 = 4;

#[derive(Debug, Args)]
#[command(
    after_help = "A change counts only beyond the noise: with 3 or more raw times per row, when the 95 % bootstrap interval of the ratio of medians leaves 1; otherwise when the two min–max ranges do not overlap."
)]
pub(super) struct DiffArgs {
    /// The baseline document (run, io or scale, written with --json).
    old: PathBuf,
    /// The document to compare with it (the same kind).
    new: PathBuf,
    /// Exit with status 4 when a row is slower beyond the noise by more than PCT per cent.
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
    if p != 0.0 && p.abs() < 0.05 {
        format!("{p:+.2}%")
    } else {
        format!("{p:+.1}%")
    }
}

fn table(changes: &[Change]) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{:<36} {:>10} {:>10} {:>9}  {:<20} verdict",
        "row", "old", "new", "change", "95 % interval"
    );
    for c in changes {
        let _ = writeln!(
            o,
            "{:<36} {:>10} {:>10} {:>+8.1}%  {:<20} {}",
            crate::escape::terminal(&c.what),
            Nanos(c.old_s * 1e9).to_string(),
            Nanos(c.new_s * 1e9).to_string(),
            c.change * 100.0,
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

pub(super) fn run(a: DiffArgs) -> anyhow::Result<ExitCode> {
    let old = super::report::read(&a.old)?;
    let new = super::report::read(&a.new)?;
    let changes = diff(&old, &new).map_err(|e| usage(e.to_string()))?;
    if changes.is_empty() {
        return Err(usage(format!(
            "{} and {} have no row in common",
            a.old.display(),
            a.new.display()
        )));
    }
    super::out(&super::prose(&table(&changes)))?;
    let worst = changes
        .iter()
        .filter(|c| c.verdict == Verdict::Slower)
        .map(|c| c.change * 100.0)
        .fold(f64::NEG_INFINITY, f64::max);
    if let Some(limit) = a.fail_on_regression
        && worst > limit
    {
        eprintln!("regression: a row is {worst:.1} % slower beyond the noise (limit {limit} %)");
        return Ok(ExitCode::from(REGRESSED));
    }
    Ok(ExitCode::SUCCESS)
}
