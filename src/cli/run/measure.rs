//! The measuring half of `conpar run`: the host's overheads, then each
//! workload through the harness, with progress, the watchdog, and every
//! finished row saved at once.

use super::RunArgs;
use crate::cli::output::Outputs;
use crate::compare::harness::{Event, Options, WorkloadRun, run_workload};
use crate::compare::workload_result;
use crate::exec::overhead;
use crate::measure::allowed_cpus;
use crate::repeat::Stopped;
use crate::report;
use crate::results::Kind;
use crate::results::run::{RunDoc, WorkloadResult};
use crate::stats::Summary;
use crate::words::{Count, Pct, Secs};
use crate::workload::Workload;
use anyhow::Context;
use std::time::Duration;

/// Measures the host's overheads, then every workload, saving after each
/// row: the document, the terminal text and how many pairs failed.
pub(super) fn measure_all(
    a: &RunArgs,
    opts: &Options,
    loaded: &[Workload],
    out: &Outputs,
) -> anyhow::Result<(RunDoc, String, usize)> {
    // Worker processes stop at the timeout by themselves; a run inside this
    // process cannot be stopped, so the watchdog ends the process a little later.
    let saved = if out.saves() {
        "Every row finished before it is saved.".to_string()
    } else {
        "Nothing was saved (no --json or --csv).".to_string()
    };
    let watchdog = crate::cli::watchdog::Watchdog::start(
        Duration::from_nanos(a.timeout),
        Duration::from_secs(2),
        saved,
    );
    let mut failed_pairs = 0usize;
    crate::cli::note("measuring this host's overheads (spawn, dispatch, switches, timers)…");
    // Costs that grow with P are measured only as wide as this run goes.
    let widest = opts.cores.iter().copied().max().unwrap_or(1);
    let overheads = overhead::measure_up_to(&allowed_cpus(), &opts.worker_exe, widest);
    for why in &overheads.unmeasured {
        crate::cli::warn(why);
    }
    let runs_per_pair = (opts.runs.max_runs + opts.warmup) as u64;
    let pairs = (opts.strategies.len() * opts.cores.len() * loaded.len()) as u64;
    let bar = crate::cli::progress(runs_per_pair * pairs);
    let mut doc = RunDoc {
        meta: crate::cli::meta(Kind::Run),
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
        let run = measure_workload(&mut session, w, &mut doc)?;
        if !out.stdout_taken() {
            text.push_str(&report::run::table(&run, &w.description));
            text.push_str(&adaptive_line(opts, &run));
            if a.gantt {
                for r in &run.rows {
                    text.push('\n');
                    text.push_str(&crate::escape::terminal_lines(&report::run::gantt_pair(
                        r, 100,
                    )));
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

/// With adaptive repetitions, what ended each pair's runs, in one line.
fn adaptive_line(opts: &Options, run: &WorkloadResult) -> String {
    if opts.runs.min_runs == opts.runs.max_runs || run.rows.is_empty() {
        return String::new();
    }
    let count = |why| run.rows.iter().filter(|r| r.stopped == Some(why)).count();
    let runs = run.rows.iter().map(|r| r.repeats);
    format!(
        "adaptive runs ({}–{} per pair): {} stopped when the interval was tight enough, {} at --max-runs, {} when the time budget was spent\n",
        runs.clone().min().unwrap_or(0),
        runs.max().unwrap_or(0),
        Count(count(Stopped::TightEnough), "pair"),
        count(Stopped::MaxRuns),
        count(Stopped::Budget)
    )
}

/// Every finished row is saved at once, atomically: an interrupted run keeps
/// all of them.
fn save(out: &Outputs, doc: &RunDoc) -> anyhow::Result<()> {
    out.json(doc)?;
    if out.wants_csv() {
        out.csv(&report::run::csv(&doc.workloads)?)?;
    }
    Ok(())
}

/// What measuring one workload reports to.
struct Session<'a> {
    opts: &'a Options,
    overheads: &'a crate::results::calibrate::Overheads,
    bar: &'a indicatif::ProgressBar,
    watchdog: &'a crate::cli::watchdog::Watchdog,
    files: &'a Outputs,
    failed_pairs: &'a mut usize,
    /// Runs one pair may take at most (the progress bar's step per pair).
    runs_per_pair: u64,
    /// Pairs finished or failed so far.
    pairs_done: u64,
}

/// Measures `w`, saving `doc` with the rows so far after every row.
fn measure_workload(
    s: &mut Session,
    w: &Workload,
    doc: &mut RunDoc,
) -> anyhow::Result<WorkloadResult> {
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
                s.bar
                    .set_message(format!("{}: calibrated", crate::escape::terminal(&w.name)));
            }
            Event::Serial(s) => {
                if let Some(cur) = &mut current {
                    cur.serial_wall_s = s.clone();
                }
            }
            Event::Started(what) => s.watchdog.arm(format!("{}: {what}", w.name)),
            Event::Ended => s.watchdog.disarm(),
            Event::Failed(e) => {
                s.bar.suspend(|| {
                    let msg = format!(
                        "error: {} (going on: --keep-going)",
                        crate::escape::terminal_lines(&format!("{}: {e}", w.name))
                    );
                    crate::cli::err_line(&crate::cli::wrap(&msg, crate::cli::Stream::Stderr))
                });
                *s.failed_pairs += 1;
                s.pairs_done += 1;
                s.bar.set_position(s.pairs_done * s.runs_per_pair);
            }
            Event::RunDone { strategy, cores } => {
                s.bar.set_message(format!(
                    "{}: {strategy} on {}",
                    crate::escape::terminal(&w.name),
                    crate::words::Count(cores, "core")
                ));
                s.bar.inc(1);
            }
            Event::Row(r) => {
                s.pairs_done += 1;
                s.bar.set_position(s.pairs_done * s.runs_per_pair);
                crate::cli::step_done(&format!(
                    "{}: {} on {}: {} (predicted {}, {})",
                    w.name,
                    r.strategy,
                    Count(r.cores, "core"),
                    Secs(r.measured.wall_s.median),
                    Secs(r.predicted.wall_s),
                    Pct::new(r.error).places(1).signed()
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
