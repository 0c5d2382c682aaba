//! `conpar scale`: measure any program's scaling across thread counts and fit
//! the laws to it.

use super::args;
use crate::compare::fit;
use crate::compare::intervals::{Runs, add_intervals};
use crate::compare::noise::scale_warnings;
use crate::compare::scaling::analyze;
use crate::measure::allowed_cpus;
use crate::report::scale as report;
use crate::results::scale::{Fit, Projection, ScaleDoc, ScaleMeasured, ScaleRow};
use crate::results::{Document, Kind};
use crate::scale::Spec;
use crate::scale::scan::{Event as ScanEvent, Point, Scan, scan};
use crate::stats::Summary;
use crate::units::parse_duration_ns;
use crate::words::Count;
use clap::Args;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Args)]
#[command(
    after_help = concat!("Examples:\n  conpar scale -- zstd -T{threads} -f -q big.bin -o /dev/null\n  conpar scale --threads 1,2,4,8 --shell -- 'make -j{threads} -B >/dev/null'\n\n{threads} in the command is replaced by each thread count; CONPAR_THREADS, RAYON_NUM_THREADS, OMP_NUM_THREADS and TOKIO_WORKER_THREADS are set to it too.\n\n", super::stops_paying!())
)]
pub(super) struct ScaleArgs {
    /// Thread counts: a list (1,2,4), a range (1-8) or `all` (1 to the allowed CPUs). 1 is always measured: speedups are against it.
    #[arg(long, short = 't', default_value = "all", value_parser = args::core_spec)]
    threads: args::CoreSpec,
    /// Timed runs per thread count (default 5).
    #[command(flatten)]
    runs: super::repeat::RepeatArgs,
    /// Confine each run to as many CPUs as threads (the first of the allowed set).
    #[arg(long)]
    pin: bool,
    /// Run the command through `sh -c` (the arguments joined by spaces).
    #[arg(long)]
    shell: bool,
    /// Let the command's output through (default: discarded).
    #[arg(long)]
    show_output: bool,
    /// Count failing runs instead of stopping at the first.
    #[arg(long)]
    keep_going: bool,
    /// Longest one run may take; it is then killed with its whole process group.
    #[arg(long, default_value = "600s", value_parser = |s: &str| parse_duration_ns(s).map_err(|e| e.to_string()))]
    timeout: u64,
    #[command(flatten)]
    out: super::output::OutputArgs,
    /// The command and its arguments, after `--`.
    #[arg(required = true, last = true, value_name = "COMMAND")]
    command: Vec<String>,
}

pub(super) fn run(a: ScaleArgs) -> anyhow::Result<ExitCode> {
    let allowed = allowed_cpus();
    let limits = args::CoreLimits {
        flag: "--threads",
        max: 4096,
        real: false,
    };
    let mut threads = args::cores(&a.threads, limits, true)?;
    if !threads.contains(&1) {
        threads.insert(0, 1);
    }
    threads.sort_unstable();
    threads.dedup();
    let out = super::output::Outputs::probe(&a.out)?;
    let plan = Scan {
        spec: Spec {
            argv: a.command.clone(),
            shell: a.shell,
            show_output: a.show_output,
            pin: a.pin.then(|| allowed.clone()),
            timeout: Duration::from_nanos(a.timeout),
            env: Vec::new(),
        },
        threads,
        warmup: a.runs.warmup(1),
        rule: a.runs.rule(5)?,
        keep_going: a.keep_going,
        allowed: allowed.len(),
    };
    let bar =
        super::progress(plan.threads.len() as u64 * (plan.rule.max_runs + plan.warmup) as u64);
    let mut left_out = Vec::new();
    let rows = scan(&plan, &mut |ev| match ev {
        ScanEvent::Started(t) => {
            super::step_done(&format!("scanning {}…", Count(t, "thread")));
            bar.set_message(Count(t, "thread").to_string())
        }
        ScanEvent::Failed(e) => {
            bar.suspend(|| super::warn(&crate::escape::terminal_lines(&e.to_string())))
        }
        ScanEvent::RunDone => bar.inc(1),
        ScanEvent::LeftOut(t) => left_out.push(t),
    });
    bar.finish_and_clear();
    let rows = rows?;
    let base = rows[0].wall_s.median;
    let pts: Vec<(usize, f64)> = rows
        .iter()
        .map(|r| (r.threads, base / r.wall_s.median))
        .collect();
    let top = plan.threads.iter().copied().max().unwrap_or(1);
    let mut fit = fit(&analyze(&pts, &[top * 2, top * 4]));
    let runs: Vec<(usize, Runs)> = rows
        .iter()
        .map(|r| match r.threads {
            1 => (1, Runs::Baseline),
            t => (t, Runs::OverBaseline(&r.wall_s.samples)),
        })
        .collect();
    add_intervals(&mut fit, &rows[0].wall_s.samples, &runs);
    let mut doc = document(&a, &rows, &fit);
    doc.warnings.extend(
        left_out
            .iter()
            .map(|&threads| crate::findings::Warning::CountLeftOut { threads }),
    );
    out.json(&doc)?;
    if out.wants_csv() {
        out.csv(&crate::report::scale::csv(&doc)?)?;
    }
    if !out.stdout_taken() {
        super::out(&super::prose(&report::table(&doc)))?;
    }
    for w in crate::words::warning_lines(&doc.warnings) {
        super::warn(&crate::escape::terminal_lines(&w));
    }
    let doc = Document::Scale(doc);
    out.markdown(&doc)?;
    if let Some(dir) = &out.report {
        let index = super::report_dir::write(&[("scale".to_string(), doc)], dir)?;
        super::note(&format!("report written to {}", index.display()));
    }
    out.tell("results");
    if !left_out.is_empty() || rows.iter().any(|r| r.failures > 0) {
        return Ok(ExitCode::from(3));
    }
    Ok(ExitCode::SUCCESS)
}

fn document(a: &ScaleArgs, rows: &[Point], fit: &Fit) -> ScaleDoc {
    let walls: Vec<(usize, &Summary)> = rows.iter().map(|r| (r.threads, &r.wall_s)).collect();
    let rows = rows
        .iter()
        .zip(&fit.points)
        .map(|(r, p)| ScaleRow {
            threads: r.threads,
            measured: ScaleMeasured {
                wall_s: r.wall_s.clone(),
                cpu_s: r.cpu_s,
                utilization: r.cpu_s / (r.threads as f64 * r.wall_s.median),
            },
            speedup: p.speedup,
            efficiency: p.efficiency,
            karp_flatt: p.karp_flatt,
            oversubscribed: r.oversubscribed,
            failures: r.failures,
            stopped: Some(r.stopped),
        })
        .collect();
    ScaleDoc {
        meta: super::meta(Kind::Scale),
        program: a.command.clone(),
        shell: a.shell,
        rows,
        projected: fit
            .points
            .iter()
            .filter(|p| !p.measured)
            .map(|p| Projection {
                threads: p.cores,
                speedup: p.speedup,
                interval: p.interval,
            })
            .collect(),
        verdict: crate::compare::scaling::verdict(fit),
        fit: fit.clone(),
        warnings: scale_warnings(&walls),
    }
}
