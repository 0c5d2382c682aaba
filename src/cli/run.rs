//! `conpar run`: run workloads for real with each strategy on each core count,
//! beside the model's prediction.

use super::args;
use crate::compare::harness::{Event, Options, WorkloadRun, run_workload};
use crate::compare::workload_result;
use crate::exec::overhead;
use crate::kinds::StrategyKind;
use crate::measure::allowed_cpus;
use crate::repeat::Stopped;
use crate::report;
use crate::results::run::{RunDoc, WorkloadResult};
use crate::results::{Document, Kind};
use crate::stats::Summary;
use crate::units::parse_duration_ns;
use crate::workload::{self, KernelKind, Workload};
use anyhow::{Context, bail};
use clap::Args;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Args)]
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
    /// Longest one run may take before it is stopped and reported (exit status 124
    /// when a run inside this process has to be abandoned).
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
    let worker_exe =
        std::env::current_exe().context("cannot find the conpar binary for worker processes")?;
    let opts = options(&a, &core_list, &worker_exe);
    let (doc, text, failed_pairs) = measure_all(&a, &opts, &loaded, &out)?;
    super::out(&super::paint_errors(&text))?;
    let failures: Vec<String> = doc
        .workloads
        .iter()
        .flat_map(|r| r.failures.clone())
        .collect();
    let doc = Document::Run(doc);
    out.markdown(&doc)?;
    if let Some(dir) = &out.report {
        let index = super::report::write(&[("this run".to_string(), doc)], dir)?;
        super::note(&format!("report written to {}", index.display()));
    }
    out.tell("results");
    finish(failed_pairs, &failures)
}

/// Measures the host's overheads, then every workload, saving after each
/// row: the document, the terminal text and how many pairs failed.
fn measure_all(
    a: &RunArgs,
    opts: &Options,
    loaded: &[Workload],
    out: &super::output::Outputs,
) -> anyhow::Result<(RunDoc, String, usize)> {
    // Worker processes stop at the timeout by themselves; a run inside this
    // process cannot be stopped, so the watchdog ends the process a little later.
    let saved = if out.saves() {
        "Every row finished before it is saved.".to_string()
    } else {
        "Nothing was saved (no --json or --csv).".to_string()
    };
    let watchdog = super::watchdog::Watchdog::start(
        Duration::from_nanos(a.timeout),
        Duration::from_secs(2),
        saved,
    );
    let mut failed_pairs = 0usize;
    super::note("measuring this host's overheads (spawn, dispatch, switches, timers)…");
    // Costs that grow with P are measured only as wide as this run goes.
    let widest = opts.cores.iter().copied().max().unwrap_or(1);
    let overheads = overhead::measure_up_to(&allowed_cpus(), &opts.worker_exe, widest);
    for why in &overheads.unmeasured {
        eprintln!("warning: {why}");
    }
    let runs_per_pair = (opts.runs.max_runs + opts.warmup) as u64;
    let pairs = (opts.strategies.len() * opts.cores.len() * loaded.len()) as u64;
    let bar = super::progress(runs_per_pair * pairs);
    let mut doc = RunDoc {
        meta: super::meta(Kind::Run),
        overheads_ns: overheads.clone(),
        workloads: Vec::new(),
    };
    let mut text = String::new();
    let files = out.files_only();
    for (i, w) in loaded.iter().enumerate() {
        let mut session = Session {
            opts,
            overheads: &overheads,
            bar: &bar,
            watchdog: &watchdog,
            files: &files,
            failed_pairs: &mut failed_pairs,
            runs_per_pair,
            // Adaptive pairs may stop before their most runs: the bar moves
            // on by whole pairs.
            pairs_done: i as u64 * (opts.strategies.len() * opts.cores.len()) as u64,
        };
        let run = measure(&mut session, w, &mut doc)?;
        if !out.stdout_taken() {
            text.push_str(&report::run::table(&run, &w.description));
            text.push_str(&adaptive_line(opts, &run));
            if a.gantt {
                for r in &run.rows {
                    text.push('\n');
                    text.push_str(&report::run::gantt_pair(r, 100));
                }
            }
            text.push('\n');
        }
        doc.workloads.push(run);
    }
    save(out, &doc)?;
    bar.finish_and_clear();
    Ok((doc, text, failed_pairs))
}

fn finish(failed_pairs: usize, failures: &[String]) -> anyhow::Result<ExitCode> {
    if failed_pairs > 0 {
        bail!(
            "{failed_pairs} (strategy, cores) pair(s) failed:\n  {}",
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
            workload::check_tick_ns(t)
                .map_err(anyhow::Error::msg)
                .context("--tick")?;
            w.tick_ns = t;
        }
        if let Some(k) = a.kernel {
            w.set_kernel(k);
        }
    }
    for (i, w) in loaded.iter().enumerate() {
        if let Some(j) = loaded[..i].iter().position(|v| v.name == w.name) {
            bail!(
                "workloads `{}` and `{}` are both named `{}`; give one of them another `name`",
                a.workloads[j],
                a.workloads[i],
                crate::escape::terminal(&w.name)
            );
        }
    }
    Ok(loaded)
}

fn options(a: &RunArgs, cores: &[usize], worker_exe: &std::path::Path) -> Options {
    Options {
        strategies: a.strategy.clone(),
        cores: cores.to_vec(),
        runs: a.runs.rule(5),
        warmup: a.runs.warmup(1),
        pin: !a.no_pin,
        quantum: a.quantum,
        os_slice_ns: a.os_slice,
        timeout: Duration::from_nanos(a.timeout),
        worker_exe: worker_exe.to_path_buf(),
        keep_going: a.keep_going,
    }
}

/// With adaptive repetitions, what ended each pair's runs, in one line.
fn adaptive_line(opts: &Options, run: &WorkloadResult) -> String {
    if opts.runs.min_runs == opts.runs.max_runs || run.rows.is_empty() {
        return String::new();
    }
    let count = |why| run.rows.iter().filter(|r| r.stopped == Some(why)).count();
    let runs = run.rows.iter().map(|r| r.repeats);
    format!(
        "adaptive runs ({}–{} per pair): {} pair(s) stopped when the interval was tight enough, {} at --max-runs, {} when the time budget was spent\n",
        runs.clone().min().unwrap_or(0),
        runs.max().unwrap_or(0),
        count(Stopped::TightEnough),
        count(Stopped::MaxRuns),
        count(Stopped::Budget)
    )
}

/// Every finished row is saved at once, atomically: an interrupted run keeps
/// all of them.
fn save(out: &super::output::Outputs, doc: &RunDoc) -> anyhow::Result<()> {
    out.json(doc)?;
    if out.wants_csv() {
        out.csv(&report::csv::run(&doc.workloads)?)?;
    }
    Ok(())
}

/// What measuring one workload reports to.
struct Session<'a> {
    opts: &'a Options,
    overheads: &'a crate::results::calibrate::Overheads,
    bar: &'a indicatif::ProgressBar,
    watchdog: &'a super::watchdog::Watchdog,
    files: &'a super::output::Outputs,
    failed_pairs: &'a mut usize,
    /// Runs one pair may take at most (the progress bar's step per pair).
    runs_per_pair: u64,
    /// Pairs finished or failed so far.
    pairs_done: u64,
}

/// Measures `w`, saving `doc` with the rows so far after every row.
fn measure(s: &mut Session, w: &Workload, doc: &mut RunDoc) -> anyhow::Result<WorkloadResult> {
    let mut current: Option<WorkloadRun> = None;
    let result = run_workload(w, s.opts, s.overheads, &mut |ev| {
        match ev {
            Event::Calibrated(c) => {
                current = Some(WorkloadRun {
                    workload: w.name.clone(),
                    tick_ns: w.tick_ns,
                    calibration: *c,
                    kernels: Vec::new(),
                    contention: Vec::new(),
                    serial_wall_s: Summary::of(&[0.0]).expect("one sample"),
                    rows: Vec::new(),
                    failures: Vec::new(),
                });
                s.bar.set_message(format!("{}: calibrated", w.name));
            }
            Event::Serial(s) => {
                if let Some(cur) = &mut current {
                    cur.serial_wall_s = s.clone();
                }
            }
            Event::Started(what) => s.watchdog.arm(format!("{}: {what}", w.name)),
            Event::Ended => s.watchdog.disarm(),
            Event::Failed(e) => {
                s.bar
                    .suspend(|| eprintln!("error: {}: {e} (going on: --keep-going)", w.name));
                *s.failed_pairs += 1;
                s.pairs_done += 1;
                s.bar.set_position(s.pairs_done * s.runs_per_pair);
            }
            Event::RunDone { strategy, cores } => {
                s.bar
                    .set_message(format!("{}: {strategy} on {cores} cores", w.name));
                s.bar.inc(1);
            }
            Event::Row(r) => {
                s.pairs_done += 1;
                s.bar.set_position(s.pairs_done * s.runs_per_pair);
                super::step_done(&format!(
                    "{}: {} on {} cores: {} (predicted {}, {:+.1} %)",
                    w.name,
                    r.strategy,
                    r.cores,
                    crate::units::Nanos(r.measured.wall_s.median * 1e9),
                    crate::units::Nanos(r.predicted.wall_s * 1e9),
                    r.error * 100.0
                ));
                if let Some(cur) = &mut current {
                    cur.rows.push(r.clone());
                    doc.workloads.push(workload_result(cur, w));
                    let saved = save(s.files, doc).map_err(|e| format!("{e:#}"));
                    doc.workloads.pop();
                    saved?;
                }
            }
        }
        Ok(())
    });
    Ok(workload_result(
        &result.with_context(|| format!("running {}", w.name))?,
        w,
    ))
}
