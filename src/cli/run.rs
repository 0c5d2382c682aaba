//! `conpar run`: run workloads for real with each strategy on each core count,
//! beside the model's prediction.

use super::args;
use super::output::OutFile;
use crate::compare::harness::{Event, Options, WorkloadRun, run_workload};
use crate::exec::{STRATEGIES, overhead};
use crate::measure::{allowed_cpus, host};
use crate::report;
use crate::units::parse_duration_ns;
use crate::workload::{self, KernelKind, Workload};
use anyhow::{Context, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Most repetitions accepted.
const MAX_REPEAT: u64 = 1000;

#[derive(Debug, Args)]
pub(super) struct RunArgs {
    /// Workload files, or names of shipped workloads (e.g. even).
    #[arg(required = true, value_name = "WORKLOAD")]
    workloads: Vec<String>,
    /// Strategies, comma-separated: interleave, threads, rayon, tokio, processes.
    #[arg(
        long,
        short = 's',
        value_delimiter = ',',
        default_value = "interleave,threads,rayon,tokio,processes"
    )]
    strategy: Vec<String>,
    /// Core counts: a list (1,2), a range (1-4) or `all` (1 to the allowed CPUs).
    #[arg(long, short = 'c', default_value = "all")]
    cores: String,
    /// Timed repetitions of each (strategy, cores) pair, after one warm-up.
    #[arg(long, short = 'r', default_value_t = 5, value_parser = |s: &str| args::bounded(s, "repeat count", MAX_REPEAT))]
    repeat: u64,
    /// Override the workload's tick length (e.g. 20ms, 500us).
    #[arg(long, value_parser = |s: &str| parse_duration_ns(s).map_err(|e| e.to_string()))]
    tick: Option<u64>,
    /// Override the workload's kernel: spin, memory, hash.
    #[arg(long, value_parser = |s: &str| s.parse::<KernelKind>())]
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
    /// Write results as JSON to FILE (after every row, atomically). Several workloads give an array.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Write results as CSV to FILE (after every row, atomically).
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
    /// Draw each run's real timeline under the model's, on the same scale.
    #[arg(long)]
    gantt: bool,
    /// Also write an HTML report with charts to DIR at the end.
    #[arg(long, value_name = "DIR")]
    report: Option<PathBuf>,
}

/// Parses `--cores`: `all` or a list, checked against the allowed CPUs.
fn cores(spec: &str, allowed: usize, oversubscribe: bool) -> anyhow::Result<Vec<usize>> {
    let list = if spec == "all" {
        (1..=allowed).collect()
    } else {
        args::core_list(spec).map_err(anyhow::Error::msg)?.0
    };
    if let Some(&too_many) = list.iter().find(|&&c| c > allowed)
        && !oversubscribe
    {
        bail!(
            "--cores {too_many}: this process may use {allowed} CPU(s) ({:?}); pass --oversubscribe to run more workers than that",
            allowed_cpus()
        );
    }
    if list.iter().any(|&c| c > 1024) {
        bail!("--cores: at most 1024 real cores");
    }
    Ok(list)
}

pub(super) fn run(a: RunArgs) -> anyhow::Result<ExitCode> {
    for s in &a.strategy {
        if !STRATEGIES.contains(&s.as_str()) {
            bail!(
                "unknown strategy `{s}`: accepted are {}",
                STRATEGIES.join(", ")
            );
        }
    }
    let allowed = allowed_cpus();
    let core_list = cores(&a.cores, allowed.len(), a.oversubscribe)?;
    let mut loaded: Vec<Workload> = a
        .workloads
        .iter()
        .map(|w| workload::resolve(w).map_err(anyhow::Error::from))
        .collect::<anyhow::Result<_>>()?;
    for w in &mut loaded {
        if let Some(t) = a.tick {
            workload::check_tick_ns(t)
                .map_err(anyhow::Error::msg)
                .context("--tick")?;
            w.tick_ns = t;
        }
        if let Some(k) = a.kernel {
            w.kernel = k;
        }
    }
    let json_out = a.json.as_deref().map(OutFile::probe).transpose()?;
    let csv_out = a.csv.as_deref().map(OutFile::probe).transpose()?;
    let worker_exe =
        std::env::current_exe().context("cannot find the conpar binary for worker processes")?;
    let opts = Options {
        strategies: a.strategy.clone(),
        cores: core_list.clone(),
        repeat: a.repeat as usize,
        warmup: 1,
        pin: !a.no_pin,
        quantum: a.quantum,
        os_slice_ns: a.os_slice,
        timeout: Duration::from_nanos(a.timeout),
        worker_exe: worker_exe.clone(),
        keep_going: a.keep_going,
    };
    // Worker processes stop at the timeout by themselves; a run inside this
    // process cannot be stopped, so the watchdog ends the process a little later.
    let saved = match (&json_out, &csv_out) {
        (None, None) => "Nothing was saved (no --json or --csv).".to_string(),
        _ => "Every row finished before it is saved.".to_string(),
    };
    let watchdog = super::watchdog::Watchdog::start(
        Duration::from_nanos(a.timeout),
        Duration::from_secs(2),
        saved,
    );
    let mut failed_pairs = 0usize;
    let host = host();
    eprintln!("measuring this host's overheads (spawn, dispatch, switches, timers)…");
    let overheads = overhead::measure(&allowed, &worker_exe);
    let runs_per_workload = (a.strategy.len() * core_list.len()) as u64 * (a.repeat + 1);
    let bar = ProgressBar::new(runs_per_workload * loaded.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} runs  {msg}").expect("a valid template"),
    );
    let mut done: Vec<WorkloadRun> = Vec::new();
    let mut text = String::new();
    let to_json = |runs: &[&WorkloadRun]| -> serde_json::Value {
        let values: Vec<_> = runs
            .iter()
            .map(|r| {
                let s = loaded
                    .iter()
                    .find(|w| w.name == r.workload)
                    .map_or(0.0, Workload::serial_fraction);
                report::run::json(&host, r, s, &overheads)
            })
            .collect();
        if values.len() == 1 {
            values.into_iter().next().expect("one")
        } else {
            serde_json::Value::Array(values)
        }
    };
    // Every finished row is saved at once, atomically: an interrupted run
    // keeps all of them.
    let save = |runs: &[&WorkloadRun]| -> anyhow::Result<()> {
        if let Some(f) = &json_out {
            f.write(serde_json::to_string_pretty(&to_json(runs))?.as_bytes())?;
        }
        if let Some(f) = &csv_out {
            f.write(report::run::csv(runs).as_bytes())?;
        }
        Ok(())
    };
    for w in &loaded {
        let mut current: Option<WorkloadRun> = None;
        let result = run_workload(w, &opts, &overheads, &mut |ev| {
            match ev {
                Event::Calibrated(c) => {
                    current = Some(WorkloadRun {
                        workload: w.name.clone(),
                        tick_ns: w.tick_ns,
                        calibration: *c,
                        serial_wall_s: crate::stats::Summary {
                            median: 0.0,
                            min: 0.0,
                            max: 0.0,
                            n: 0,
                            ci95: None,
                        },
                        rows: Vec::new(),
                        failures: Vec::new(),
                    });
                    bar.set_message(format!("{}: calibrated", w.name));
                }
                Event::Serial(s) => {
                    if let Some(cur) = &mut current {
                        cur.serial_wall_s = *s;
                    }
                }
                Event::Started(what) => watchdog.arm(format!("{}: {what}", w.name)),
                Event::Ended => watchdog.disarm(),
                Event::Failed(e) => {
                    bar.suspend(|| eprintln!("error: {}: {e} (going on: --keep-going)", w.name));
                    failed_pairs += 1;
                }
                Event::RunDone { strategy, cores } => {
                    bar.set_message(format!("{}: {strategy} on {cores} cores", w.name));
                    bar.inc(1);
                }
                Event::Row(r) => {
                    if let Some(cur) = &mut current {
                        cur.rows.push(r.clone());
                        let mut all: Vec<&WorkloadRun> = done.iter().collect();
                        all.push(cur);
                        save(&all).map_err(|e| format!("{e:#}"))?;
                    }
                }
            }
            Ok(())
        });
        let run = result.with_context(|| format!("running {}", w.name))?;
        text.push_str(&report::run::table(&run, &w.description));
        if a.gantt {
            for r in &run.rows {
                text.push('\n');
                text.push_str(&report::run::gantt_pair(r, 100));
            }
        }
        text.push('\n');
        done.push(run);
    }
    save(&done.iter().collect::<Vec<_>>())?;
    if let Some(dir) = &a.report {
        let doc = to_json(&done.iter().collect::<Vec<_>>());
        let docs = match doc {
            serde_json::Value::Array(v) => {
                v.into_iter().map(|d| ("this run".to_string(), d)).collect()
            }
            d => vec![("this run".to_string(), d)],
        };
        let index = super::report::write(&docs, dir)?;
        eprintln!("report written to {}", index.display());
    }
    bar.finish_and_clear();
    super::out(&text)?;
    for f in json_out.iter().chain(&csv_out) {
        eprintln!("results written to {}", f.path().display());
    }
    if failed_pairs > 0 {
        let list: Vec<&str> = done
            .iter()
            .flat_map(|r| r.failures.iter().map(String::as_str))
            .collect();
        bail!(
            "{failed_pairs} (strategy, cores) pair(s) failed:\n  {}",
            list.join("\n  ")
        );
    }
    Ok(ExitCode::SUCCESS)
}
