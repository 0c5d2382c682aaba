//! `conpar model`: schedule workloads in the tick model, and with
//! `--calibration` on the host model of the machine that calibration was
//! measured on (its contention curves; with `--strategy`, that strategy's
//! costs too).

use super::args;
use crate::compare::host_run;
use crate::kinds::StrategyKind;
use crate::model::{Analysis, Contention, Discipline, IoMode, Machine, analyze};
use crate::report;
use crate::results::calibrate::{CalibrateDoc, contention};
use crate::results::model::{HostRun, ModelDoc, ModelRun};
use crate::results::{Document, Kind};
use crate::workload::Workload;
use anyhow::Context;
use clap::{Args, ValueEnum};
use std::path::PathBuf;
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
    /// A host's calibration (written by `conpar calibrate --json FILE`): also
    /// schedule on that host's model, with its kernels' contention curves.
    #[arg(long, value_name = "FILE")]
    calibration: Option<PathBuf>,
    /// With --calibration: predict this strategy on that host, its discipline
    /// and its measured costs (thread spawns, worker start, hand-out, …) included.
    #[arg(
        long,
        requires = "calibration",
        conflicts_with_all = ["discipline", "quantum", "io"],
        value_parser = super::names_parser::<StrategyKind>(&StrategyKind::NAMES)
    )]
    strategy: Option<StrategyKind>,
}

/// The threads model's time slice, as `conpar run` assumes by default.
const OS_SLICE_NS: u64 = 3_000_000;

/// Reads `f` as a calibration document.
fn calibration(f: &std::path::Path) -> anyhow::Result<CalibrateDoc> {
    match super::report::read(f)? {
        Document::Calibrate(d) => Ok(d),
        other => Err(args::usage(format!(
            "{} is a `{}` document; --calibration takes one written by `conpar calibrate --json FILE`",
            f.display(),
            format!("{:?}", other.meta().kind).to_lowercase()
        ))),
    }
}

impl ModelArgs {
    /// The discipline asked for; a quantum only with round-robin.
    fn discipline(&self) -> anyhow::Result<Discipline> {
        Ok(match (self.discipline, self.quantum) {
            (DisciplineArg::List, Some(_)) => {
                return Err(args::usage(
                    "--quantum applies to --discipline round-robin only; list scheduling never preempts",
                ));
            }
            (DisciplineArg::List, None) => Discipline::List,
            (DisciplineArg::RoundRobin, q) => Discipline::RoundRobin {
                quantum: q.unwrap_or(1),
            },
        })
    }

    /// The machine of `cores` cores: the strategy's, or the discipline and
    /// I/O asked for.
    fn machine(&self, discipline: Discipline, cores: usize, tick_ns: u64) -> Machine {
        match self.strategy {
            Some(s) => s.machine(cores, 1, OS_SLICE_NS, tick_ns),
            None => Machine {
                cores,
                discipline,
                io: match self.io {
                    IoArg::Blocking => IoMode::Blocking,
                    IoArg::Async => IoMode::Async,
                },
            },
        }
    }
}

/// `w` scheduled on each of `cores`, and on the calibrated host when there is one.
fn schedule(
    a: &ModelArgs,
    w: &Workload,
    cores: &[usize],
    host: Option<(&CalibrateDoc, &Contention)>,
) -> anyhow::Result<(Vec<Analysis>, Vec<HostRun>)> {
    let discipline = a.discipline()?;
    let (mut these, mut hosts) = (Vec::new(), Vec::new());
    for &c in cores {
        let m = a.machine(discipline, c, w.tick_ns);
        let an = analyze(w, &m).with_context(|| format!("scheduling {} on {c} cores", w.name))?;
        if let Some((cal, curves)) = host {
            hosts.push(
                host_run(w, &an, cal, curves, a.strategy)
                    .with_context(|| format!("{} on {c} cores on the host model", w.name))?,
            );
        }
        these.push(an);
    }
    Ok((these, hosts))
}

pub(super) fn run(a: ModelArgs) -> anyhow::Result<ExitCode> {
    a.discipline()?;
    let limits = args::CoreLimits {
        flag: "--cores",
        max: crate::model::MAX_CORES,
        real: false,
    };
    let cores = args::cores(&a.cores, limits, true)?;
    // Load everything first, so a bad file is reported before any output.
    let loaded = args::workloads(&a.workloads)?;
    let cal = a.calibration.as_deref().map(calibration).transpose()?;
    let curves = cal
        .as_ref()
        .map_or_else(Contention::none, |c| contention(&c.contention));
    let out = super::output::Outputs::probe(&a.out)?;
    let mut runs = Vec::new();
    let mut text_out = String::new();
    for w in &loaded {
        let (these, hosts) = schedule(&a, w, &cores, cal.as_ref().map(|c| (c, &curves)))?;
        let mut hosts = hosts.into_iter();
        let these: Vec<ModelRun> = these
            .into_iter()
            .map(|an| ModelRun {
                host: hosts.next(),
                ..ModelRun::from(an)
            })
            .collect();
        if !out.stdout_taken() {
            let width = a.width as usize;
            text_out.push_str(&report::model::workload_text(&these, width, &w.description));
        }
        runs.extend(these);
    }
    super::out(&super::prose(&text_out))?;
    if out.wants_csv() {
        out.csv(&report::model::csv(&runs)?)?;
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
    out.finish("this run", doc, "results")?;
    Ok(ExitCode::SUCCESS)
}
