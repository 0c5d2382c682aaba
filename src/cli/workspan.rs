//! `conpar workspan`: a fork-join program's work and span, the speedups
//! they predict, and the speedups measured.

use super::args;
use crate::measure::allowed_cpus;
use crate::results::workspan::Subject;
use crate::results::{Document, Kind};
use crate::units::parse_duration_ns;
use crate::workspan::programs::{Program, Size};
use crate::workspan_run::predict::default_counts;
use crate::workspan_run::{Event, Plan, Target, doc::document, measure};
use clap::Args;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  conpar workspan mergesort\n  conpar workspan quicksort --size 0.5 -c 1,2,4\n  conpar workspan -- ./target/release/myprog input.bin\n\nFirst the work T1 and span T∞ are measured on one worker; then the speedup at each core count is predicted (min(P, T1/T∞), Brent's T1/(T1/P + T∞), the burdened bound, and the host model: Brent with the work slowed by the program's own contention, P one-worker copies at once against one alone); then it is measured on P threads pinned to P CPUs. A user's binary wraps its parallel part in conpar::workspan::region; it is run with CONPAR_WORKSPAN=measure and RAYON_NUM_THREADS=1 to measure, and with RAYON_NUM_THREADS=P confined to P CPUs to time. See docs/workspan.md."
)]
pub(super) struct WorkspanArgs {
    /// A shipped program: fib, mergesort, quicksort, scan, matmul or reduce (or a binary after `--`).
    #[arg(value_name = "NAME", value_parser = super::names_parser::<Program>(&Program::NAMES), required_unless_present = "command", conflicts_with = "command")]
    name: Option<Program>,
    /// A shipped program's size: `small` (a hundredth of the work), `full` (0.2–1 s serial), or a factor of the full work from 0.0001 to 8.
    #[arg(long, value_parser = |s: &str| s.parse::<Size>())]
    size: Option<Size>,
    /// Core counts: a list (1,2,4), a range (1-4) or `all` [default: powers of two up to the allowed CPUs, and their count]. 1 is always measured.
    #[arg(long, short = 'c', value_parser = args::core_spec)]
    cores: Option<args::CoreSpec>,
    /// Timed runs per core count (default 5).
    #[command(flatten)]
    runs: super::repeat::RepeatArgs,
    /// Contention trials per core count, at least: P one-worker copies at once against one alone. A shipped program takes one after every round of timed runs; 0 leaves the host model out.
    #[arg(long, default_value = "2", value_parser = |s: &str| args::bounded(s, "trial count", 100))]
    trials: u64,
    /// Longest one run of a binary may take; it is then killed with its whole process group.
    #[arg(long, default_value = "600s", value_parser = |s: &str| parse_duration_ns(s).map_err(|e| e.to_string()))]
    timeout: u64,
    #[command(flatten)]
    out: super::output::OutputArgs,
    /// A binary built against conpar::workspan and its arguments, after `--`.
    #[arg(last = true, value_name = "COMMAND")]
    command: Vec<String>,
}

/// The counts asked for, 1 first, none above the allowed CPUs.
fn counts(a: &WorkspanArgs, allowed: usize) -> anyhow::Result<Vec<usize>> {
    let limits = args::CoreLimits {
        flag: "--cores",
        max: 4096,
        real: false,
    };
    let mut v = match &a.cores {
        None => default_counts(allowed),
        Some(spec) => args::cores(spec, limits, false)?,
    };
    if let Some(&n) = v.iter().find(|&&n| n > allowed) {
        return Err(args::usage(format!(
            "--cores {n}: each thread runs on its own CPU and this process may use {allowed}; accepted are 1 to {allowed}"
        )));
    }
    v.push(1);
    v.sort_unstable();
    v.dedup();
    Ok(v)
}

pub(super) fn run(a: WorkspanArgs) -> anyhow::Result<ExitCode> {
    let cpus = allowed_cpus();
    let counts = counts(&a, cpus.len())?;
    let target = match (a.name, a.size) {
        (Some(p), size) => Target::Shipped(p, size.unwrap_or(Size::Full)),
        (None, Some(_)) => {
            return Err(args::usage(
                "--size is for a shipped program; a binary after `--` takes its own arguments",
            ));
        }
        (None, None) => Target::Binary(a.command.clone()),
    };
    let out = super::output::Outputs::probe(&a.out)?;
    let plan = Plan {
        target,
        counts,
        cpus,
        warmup: a.runs.warmup(1),
        rule: a.runs.rule(5)?,
        trials: a.trials as usize,
        timeout: Duration::from_nanos(a.timeout),
    };
    let n = plan.counts.len() as u64;
    let bar = super::progress(
        crate::workspan_run::PROFILE_RUNS as u64
            + n * (plan.warmup + plan.rule.max_runs) as u64
            + (n - 1) * contention_trials(&plan) as u64,
    );
    let outcome = measure(&plan, &mut |ev| match ev {
        Event::Measuring => step(&bar, "measuring work and span on one worker…".into()),
        Event::Contention(p) => step(&bar, format!("{p} one-worker copies at once…")),
        Event::Timing(p) => step(
            &bar,
            format!("timing on {}…", crate::words::Count(p, "core")),
        ),
        Event::RunDone => bar.inc(1),
    });
    bar.finish_and_clear();
    let outcome = outcome?;
    let subject = match &plan.target {
        Target::Shipped(program, size) => Subject::Shipped {
            program: *program,
            size: *size,
            input: outcome.input.clone(),
        },
        Target::Binary(argv) => Subject::Binary { argv: argv.clone() },
    };
    let doc = document(super::meta(Kind::Workspan), subject, &outcome);
    out.json(&doc)?;
    if out.wants_csv() {
        out.csv(&crate::report::workspan::csv(&doc)?)?;
    }
    if !out.stdout_taken() {
        super::out(&super::prose(&crate::report::workspan::table(&doc)))?;
    }
    for p in &outcome.no_room {
        super::warn(&format!(
            "the contention at {p} cores was not measured: {p} copies of the program would not fit in half the memory available; the host model's figure there is left out"
        ));
    }
    out.finish("workspan", Document::Workspan(doc), "results")?;
    Ok(ExitCode::SUCCESS)
}

fn step(bar: &indicatif::ProgressBar, msg: String) {
    super::step_done(&msg);
    bar.set_message(msg);
}

/// `__workspanload`: a shipped program run as a user's binary runs its
/// parallel part, in `workspan::region` on rayon's global pool (its
/// threads from RAYON_NUM_THREADS), its result checked.
#[derive(Debug, Args)]
pub(super) struct LoadArgs {
    /// The program.
    #[arg(value_parser = super::names_parser::<Program>(&Program::NAMES))]
    name: Program,
    /// Its size.
    #[arg(long, default_value = "small", value_parser = |s: &str| s.parse::<Size>())]
    size: Size,
    /// Regions run one after another (their profiles add up).
    #[arg(long, default_value = "1", value_parser = |s: &str| args::bounded(s, "region count", 100))]
    regions: u64,
}

pub(super) fn load(a: LoadArgs) -> anyhow::Result<ExitCode> {
    let mut inst = a.name.prepare(a.size)?;
    for _ in 0..a.regions {
        inst.reset();
        crate::workspan::region(a.name.name(), || inst.run());
        inst.check()?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Contention trials each count above 1 takes, at most: a shipped program
/// takes one every round of timed runs, and at least `--trials`.
fn contention_trials(plan: &Plan) -> usize {
    match (&plan.target, plan.trials) {
        (_, 0) => 0,
        (Target::Shipped(..), t) => t.max(plan.rule.max_runs),
        (Target::Binary(_), t) => t,
    }
}
