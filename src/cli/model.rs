//! `conpar model`: schedule workloads in the tick model.

use super::args;
use crate::model::{Discipline, IoMode, Machine, analyze};
use crate::report;
use crate::results::model::{ModelDoc, ModelRun};
use crate::results::{Document, Kind};
use anyhow::Context;
use clap::{Args, ValueEnum};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum DisciplineArg {
    /// Non-preemptive: a free core takes the next ready task and runs it until it finishes or waits (pools).
    List,
    /// Preemptive: a task runs at most --quantum ticks while others wait (OS threads, interleaving).
    RoundRobin,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum IoArg {
    /// A task waiting on I/O keeps its core (blocked core-ticks).
    Blocking,
    /// A task waiting on I/O gives its core to the next ready task.
    Async,
}

#[derive(Debug, Args)]
pub(super) struct ModelArgs {
    /// Workload files, or names of shipped workloads (e.g. two-tasks).
    #[arg(required = true, value_name = "WORKLOAD")]
    workloads: Vec<String>,
    /// Core counts to schedule on: one (2), a list (1,2,4,8) or a range (1-8). Several print a table of speedup against cores beside Amdahl's curve.
    #[arg(long, short = 'c', default_value = "1", value_parser = args::core_spec)]
    cores: args::CoreSpec,
    /// How free cores choose work.
    #[arg(long, short = 'd', value_enum, default_value_t = DisciplineArg::List)]
    discipline: DisciplineArg,
    /// Round-robin quantum in ticks (round-robin only) [default: 1].
    #[arg(long, value_parser = |s: &str| args::bounded(s, "quantum", 1_000_000_000_000))]
    quantum: Option<u64>,
    /// What a task waiting on I/O does with its core.
    #[arg(long, value_enum, default_value_t = IoArg::Blocking)]
    io: IoArg,
    #[command(flatten)]
    out: super::output::OutputArgs,
    /// Widest Gantt chart, in cells; longer schedules are compressed.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u16).range(10..))]
    width: u16,
}

pub(super) fn run(a: ModelArgs) -> anyhow::Result<ExitCode> {
    let discipline = match (a.discipline, a.quantum) {
        (DisciplineArg::List, Some(_)) => {
            return Err(args::usage(
                "--quantum applies to --discipline round-robin only; list scheduling never preempts",
            ));
        }
        (DisciplineArg::List, None) => Discipline::List,
        (DisciplineArg::RoundRobin, q) => Discipline::RoundRobin {
            quantum: q.unwrap_or(1),
        },
    };
    let io = match a.io {
        IoArg::Blocking => IoMode::Blocking,
        IoArg::Async => IoMode::Async,
    };
    let limits = args::CoreLimits {
        flag: "--cores",
        max: crate::model::MAX_CORES,
        real: false,
    };
    let cores = args::cores(&a.cores, limits, true)?;
    // Load everything first, so a bad file is reported before any output.
    let loaded = args::workloads(&a.workloads)?;
    let out = super::output::Outputs::probe(&a.out)?;
    let mut runs = Vec::new();
    let mut text_out = String::new();
    for w in &loaded {
        let mut these = Vec::new();
        for &c in &cores {
            let m = Machine {
                cores: c,
                discipline,
                io,
            };
            these.push(
                analyze(w, &m).with_context(|| format!("scheduling {} on {c} cores", w.name))?,
            );
        }
        if !out.stdout_taken() {
            if these.len() == 1 {
                text_out.push_str(&report::text::model(
                    &these[0],
                    a.width as usize,
                    &w.description,
                ));
            } else {
                text_out.push_str(&report::text::sweep(&these));
            }
            text_out.push('\n');
        }
        runs.extend(these.into_iter().map(ModelRun::from));
    }
    super::out(&text_out)?;
    if out.wants_csv() {
        out.csv(&report::csv::model(&runs)?)?;
    }
    let doc = ModelDoc {
        meta: super::meta(Kind::Model),
        runs,
    };
    // Past this many slices the schedule is written compact, not indented.
    const INDENT_UP_TO: usize = 100_000;
    let slices: usize = doc.runs.iter().map(|r| r.timeline.0.slices.len()).sum();
    out.json_as(&doc, slices <= INDENT_UP_TO)?;
    let doc = Document::Model(doc);
    out.markdown(&doc)?;
    if let Some(dir) = &out.report {
        let index = super::report::write(&[("this run".into(), doc)], dir)?;
        super::note(&format!("report written to {}", index.display()));
    }
    out.tell("results");
    Ok(ExitCode::SUCCESS)
}
