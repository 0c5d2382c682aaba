//! `conpar run`: run workloads for real with each strategy on each core count,
//! beside the model's prediction.

use super::args;
use crate::compare::harness::Options;
use crate::kinds::StrategyKind;
use crate::results::Document;
use crate::units::parse_duration_ns;
use crate::workload::{self, KernelKind, Workload};
use anyhow::{Context, bail};
use clap::Args;
use std::process::ExitCode;
use std::time::Duration;

mod measure;
use measure::measure_all;

#[derive(Debug, Args)]
#[command(after_help = concat!(
    "Examples:\n  conpar run even -c 1,2 -r 10\n  conpar run two-tasks uneven --min-runs 5 --max-runs 30 --json out.json\n\n",
    super::stops_paying!()
))]
pub(super) struct RunArgs {
    /// Workload files, or names of shipped workloads (e.g. even).
    #[arg(required = true, value_name = "WORKLOAD")]
    workloads: Vec<String>,
    /// Strategies, comma-separated.
    #[arg(
        long,
        short = 's',
        value_delimiter = ',',
        default_value = "interleave,threads,rayon,tokio,processes",
        value_parser = super::names_parser::<StrategyKind>(&StrategyKind::NAMES)
    )]
    strategy: Vec<StrategyKind>,
    /// Core counts: a list (1,2), a range (1-4) or `all` (1 to the allowed CPUs).
    #[arg(long, short = 'c', default_value = "all", value_parser = args::core_spec)]
    cores: args::CoreSpec,
    /// Timed runs of each (strategy, cores) pair (default 5, after one warm-up).
    #[command(flatten)]
    runs: super::repeat::RepeatArgs,
    /// Override the workload's tick length (e.g. 20ms, 500us).
    #[arg(long, value_parser = |s: &str| parse_duration_ns(s).map_err(|e| e.to_string()))]
    tick: Option<u64>,
    /// Override the kernel of the workload and of every task.
    #[arg(long, value_parser = super::names_parser::<KernelKind>(&KernelKind::NAMES))]
    kernel: Option<KernelKind>,
    /// Let the kernel place pool workers and worker processes instead of pinning one per core.
    #[arg(long)]
    no_pin: bool,
    /// Allow more cores than this process may use (workers then share CPUs).
    #[arg(long)]
    oversubscribe: bool,
    /// interleave's quantum, in ticks.
    #[arg(long, default_value_t = 1, value_parser = |s: &str| args::bounded(s, "quantum", 1_000_000))]
    quantum: u64,
    /// The OS time slice the threads model assumes (EEVDF's default base slice is 3ms).
    #[arg(long, default_value = "3ms", value_parser = |s: &str| parse_duration_ns(s).map_err(|e| e.to_string()))]
    os_slice: u64,
    /// After a failed (strategy, cores) pair, report it and go on with the next
    /// instead of stopping; the exit status is still non-zero.
    #[arg(long)]
    keep_going: bool,
    /// Longest one run may take. Worker processes are stopped at it. A run inside
    /// this process (interleave, threads, rayon, tokio) cannot be stopped: one
    /// that ends past the timeout fails its pair, and one still running 2 s past
    /// it ends conpar with exit status 124 (the 2 s grace).
    #[arg(long, default_value = "120s", value_parser = |s: &str| parse_duration_ns(s).map_err(|e| e.to_string()))]
    timeout: u64,
    /// Where results go (JSON and CSV are rewritten, atomically, after every row).
    #[command(flatten)]
    out: super::output::OutputArgs,
    /// Draw each run's real timeline under the model's, on the same scale.
    #[arg(long)]
    gantt: bool,
}

/// Most real cores (workers) one pair may use.
const MAX_REAL_CORES: usize = 1024;

pub(super) fn run(a: RunArgs) -> anyhow::Result<ExitCode> {
    let limits = args::CoreLimits {
        flag: "--cores",
        max: MAX_REAL_CORES,
        real: true,
    };
    let core_list = args::cores(&a.cores, limits, a.oversubscribe)?;
    let loaded = load(&a)?;
    let out = super::output::Outputs::probe(&a.out)?;
    if loaded
        .iter()
        .any(|w| w.kernels().contains(&KernelKind::Memory))
    {
        // The widest pair's threads and the calibration's own.
        let widest = core_list.iter().copied().max().unwrap_or(1);
        crate::kernel::check_memory(widest + 1)?;
    }
    let worker_exe =
        std::env::current_exe().context("cannot find the conpar binary for worker processes")?;
    let opts = options(&a, &core_list, &worker_exe)?;
    let (doc, text, failed_pairs) = measure_all(&a, &opts, &loaded, &out)?;
    super::out(&super::paint(&super::painted_prose(&text)))?;
    let failures: Vec<String> = doc
        .workloads
        .iter()
        .flat_map(|r| r.failures.clone())
        .collect();
    let doc = Document::Run(doc);
    out.markdown(&doc)?;
    if let Some(dir) = &out.report {
        let index = super::report_dir::write(&[("this run".to_string(), doc)], dir)?;
        super::note(&format!("report written to {}", index.display()));
    }
    out.tell("results");
    finish(failed_pairs, &failures)
}

fn finish(failed_pairs: usize, failures: &[String]) -> anyhow::Result<ExitCode> {
    if failed_pairs > 0 {
        bail!(
            "{} failed:\n  {}",
            crate::words::Count(failed_pairs, "(strategy, cores) pair"),
            failures.join("\n  ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The workloads named, with `--tick` and `--kernel` applied; two of one
/// name are refused (they would be one series in every table and chart).
fn load(a: &RunArgs) -> anyhow::Result<Vec<Workload>> {
    let mut loaded: Vec<Workload> = args::workloads(&a.workloads)?;
    for w in &mut loaded {
        if let Some(t) = a.tick {
            workload::check_tick_ns(t).map_err(|e| args::usage(format!("--tick: {e}")))?;
            w.tick_ns = t;
        }
        if let Some(k) = a.kernel {
            w.set_kernel(k);
        }
    }
    for (i, w) in loaded.iter().enumerate() {
        if let Some(j) = loaded[..i].iter().position(|v| v.name == w.name) {
            let why = if a.workloads[j] == a.workloads[i] {
                format!("workload `{}` is given twice", a.workloads[i])
            } else {
                format!(
                    "workloads `{}` and `{}` are both named `{}`; give one of them another `name`",
                    a.workloads[j],
                    a.workloads[i],
                    crate::escape::terminal(&w.name)
                )
            };
            return Err(args::usage(why));
        }
    }
    if let Some((_, k)) = a
        .strategy
        .iter()
        .enumerate()
        .find(|(i, k)| a.strategy[..*i].contains(k))
    {
        return Err(args::usage(format!(
            "--strategy: `{k}` is given twice; each strategy runs once per core count"
        )));
    }
    Ok(loaded)
}

fn options(a: &RunArgs, cores: &[usize], worker_exe: &std::path::Path) -> anyhow::Result<Options> {
    Ok(Options {
        strategies: a.strategy.clone(),
        cores: cores.to_vec(),
        runs: a.runs.rule(5)?,
        warmup: a.runs.warmup(1),
        pin: !a.no_pin,
        quantum: a.quantum,
        os_slice_ns: a.os_slice,
        timeout: Duration::from_nanos(a.timeout),
        worker_exe: worker_exe.to_path_buf(),
        keep_going: a.keep_going,
    })
}
