//! `conpar tour` (and `conpar` with no arguments): the article's claims, each
//! predicted, measured and judged on this host.

use crate::kinds::StrategyKind;
use crate::measure::host;
use crate::report::tour as report;
use crate::results::tour::{ClaimResult, TourDoc, Verdict};
use crate::results::{Document, Kind};
use crate::tour::{ClaimKind, Env, TourOptions, run_claim};
use anyhow::Context;
use clap::Args;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, Args)]
pub(super) struct TourArgs {
    /// Run these claims only (comma-separated).
    #[arg(long, value_delimiter = ',', value_parser = super::names_parser::<ClaimKind>(&ClaimKind::NAMES))]
    claim: Vec<ClaimKind>,
    #[command(flatten)]
    out: super::output::OutputArgs,
    /// Timed repetitions of each measurement.
    #[arg(long, short = 'r', default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=50))]
    repeat: u16,
    /// Untimed runs before the timed ones, per measurement.
    #[arg(long, short = 'w', default_value_t = 1, value_parser = clap::value_parser!(u16).range(0..=20))]
    warmup: u16,
    /// Strategy standing for a pool (for testing verdicts: `mock:F` stretches the model F times).
    #[arg(long, default_value = "rayon", hide = true, value_parser = |s: &str| s.parse::<StrategyKind>())]
    pool: StrategyKind,
}

impl Default for TourArgs {
    fn default() -> Self {
        TourArgs {
            claim: Vec::new(),
            out: super::output::OutputArgs::default(),
            repeat: 3,
            warmup: 1,
            pool: StrategyKind::Rayon,
        }
    }
}

/// The summary: its table as it is, the sentences after it wrapped to fit.
fn summary(results: &[ClaimResult], seconds: f64) -> String {
    let text = report::summary(results, seconds);
    match text.rsplit_once("\n\n") {
        Some((table, after)) => format!("{table}\n\n{}", super::prose(after)),
        None => text,
    }
}

pub(super) fn run(a: TourArgs) -> anyhow::Result<ExitCode> {
    let claims: Vec<ClaimKind> = ClaimKind::ALL
        .into_iter()
        .filter(|c| a.claim.is_empty() || a.claim.contains(c))
        .collect();
    let out = super::output::Outputs::probe(&a.out)?;
    let exe = std::env::current_exe().context("cannot find the conpar binary")?;
    let env = Env::new(TourOptions {
        pool: a.pool,
        interleave: StrategyKind::Interleave,
        threads: StrategyKind::Threads,
        repeat: a.repeat.max(1) as usize,
        warmup: usize::from(a.warmup),
        exe,
    });
    let h = host();
    let say = |text: &str| {
        if out.stdout_taken() {
            Ok(())
        } else {
            super::out(&super::paint(text))
        }
    };
    say(&format!(
        "conpar tour: the article's claims on this host ({}: {:?}, {})\n{}\n\n",
        crate::words::Count(h.allowed_cpus.len(), "allowed CPU"),
        h.allowed_cpus,
        crate::escape::terminal(&h.cpu_model),
        super::prose(crate::words::tour::HOST_MODEL)
    ))?;
    let start = Instant::now();
    let mut results = Vec::new();
    for (i, &claim) in claims.iter().enumerate() {
        let r = run_claim(claim, &env).unwrap_or_else(|e| ClaimResult::failed(claim, &e.message));
        say(&(super::painted_prose(&report::section(i + 1, &r)) + "\n"))?;
        results.push(r);
    }
    let seconds = start.elapsed().as_secs_f64();
    say(&summary(&results, seconds))?;
    let failed = results.iter().any(|r| r.verdict == Verdict::Error);
    let doc = TourDoc {
        meta: super::meta(Kind::Tour),
        seconds,
        claims: results,
    };
    out.json(&doc)?;
    if out.wants_csv() {
        out.csv(&crate::table::csv::table(&crate::report::tour::table(
            &doc.claims,
        ))?)?;
    }
    let doc = Document::Tour(doc);
    out.finish("tour", doc, "claims")?;
    if failed {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
