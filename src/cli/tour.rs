//! `conpar tour` (and `conpar` with no arguments): the article's claims, each
//! predicted, measured and judged on this host.

use super::output::OutFile;
use crate::measure::host;
use crate::report::tour as report;
use crate::tour::{CLAIMS, Env, TourOptions, run_claim};
use anyhow::{Context, bail};
use clap::Args;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, Args)]
pub(super) struct TourArgs {
    /// Run one claim only: interleave-sum, parallel-max, uneven-idle, amdahl, context-switches, blocking-io, async-not-parallel, race, deadlock, eight-cores.
    #[arg(long)]
    claim: Option<String>,
    /// Write the claims, predictions, measurements and verdicts as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    json: Option<std::path::PathBuf>,
    /// Write the claims as CSV to FILE.
    #[arg(long, value_name = "FILE")]
    csv: Option<std::path::PathBuf>,
    /// Also write an HTML report (the claims table) to DIR.
    #[arg(long, value_name = "DIR")]
    report: Option<std::path::PathBuf>,
    /// Timed repetitions of each measurement.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=50))]
    repeat: u16,
    /// Strategy standing for a pool (for testing verdicts: `mock:F` stretches the model F times).
    #[arg(long, default_value = "rayon", hide = true)]
    pool: String,
}

impl Default for TourArgs {
    fn default() -> Self {
        TourArgs {
            claim: None,
            json: None,
            csv: None,
            report: None,
            repeat: 3,
            pool: "rayon".into(),
        }
    }
}

pub(super) fn run(a: TourArgs) -> anyhow::Result<ExitCode> {
    let names: Vec<&str> = match &a.claim {
        Some(c) => {
            let Some((n, _)) = CLAIMS.iter().find(|(n, _)| n == c) else {
                bail!(
                    "unknown claim `{c}`: accepted are {}",
                    CLAIMS.map(|c| c.0).join(", ")
                );
            };
            vec![*n]
        }
        None => CLAIMS.iter().map(|c| c.0).collect(),
    };
    let json_out = a.json.as_deref().map(OutFile::probe).transpose()?;
    let csv_out = a.csv.as_deref().map(OutFile::probe).transpose()?;
    let exe = std::env::current_exe().context("cannot find the conpar binary")?;
    let env = Env::new(TourOptions {
        pool: a.pool.clone(),
        interleave: "interleave".into(),
        threads: "threads".into(),
        repeat: a.repeat.max(1) as usize,
        exe,
    });
    let h = host();
    super::out(&format!(
        "conpar tour: the article's claims on this host ({} allowed CPU{}: {:?}, {})\n\n",
        h.allowed_cpus.len(),
        if h.allowed_cpus.len() == 1 { "" } else { "s" },
        h.allowed_cpus,
        h.cpu_model
    ))?;
    let start = Instant::now();
    let mut results = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let r = run_claim(name, &env);
        match &r {
            Ok(c) => super::out(&(report::section(i + 1, c) + "\n"))?,
            Err(e) => super::out(&(report::failed(i + 1, name, &e.to_string()) + "\n"))?,
        }
        results.push(r.map_err(|e| (name.to_string(), e.message)));
    }
    let seconds = start.elapsed().as_secs_f64();
    super::out(&report::summary(&results, seconds))?;
    let doc = report::json(&results, &h, seconds);
    if let Some(f) = &json_out {
        f.write(serde_json::to_string_pretty(&doc)?.as_bytes())?;
        eprintln!("claims written to {}", f.path().display());
    }
    if let Some(f) = &csv_out {
        f.write(report::csv(&results).as_bytes())?;
        eprintln!("claims written to {}", f.path().display());
    }
    if let Some(dir) = &a.report {
        let index = super::report::write(&[("tour".to_string(), doc)], dir)?;
        eprintln!("report written to {}", index.display());
    }
    if results.iter().any(Result::is_err) {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
