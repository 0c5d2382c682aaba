//! The command line: clap arguments turned into validated options, one file per
//! subcommand. This is the only module that knows clap or anyhow; everything
//! below it takes plain, validated values.

mod args;
mod calibrate;
mod console;
mod diff;
mod fit;
mod io;
mod man;
mod model;
mod output;
mod probe;
mod probe_open;
mod repeat;
mod report;
mod report_dir;
mod run;
mod scale;
mod serve;
mod tour;
mod watchdog;
mod workspan;

use console::{COLOR, QUIET};
pub(crate) use console::{
    Stream, err_line, note, out, paint, painted_prose, progress, prose, quiet, step_done, warn,
    wrap,
};

use clap::{Parser, Subcommand};
use std::process::ExitCode;

const ABOUT: &str =
    "Concurrency vs parallelism: predicted by a tick model, measured on this host's cores";

const LONG_ABOUT: &str = "\
conpar runs the same workload two ways — through a tick-based scheduling model and \
for real on this host's cores — and shows where they agree and why they differ.

Concurrency is taking turns on one core; parallelism is running at the same instant on \
many. Speedup = serial time ÷ wall-clock. Uneven work, serial steps and blocking I/O \
leave cores idle, and Amdahl's law caps it all.

With no subcommand, conpar runs `tour`: the article's scenarios, one by one.

Workloads are TOML files (see workloads/ in the source tree) or the name of a shipped \
one: two-tasks, five-on-four, amdahl-10, blocking-vs-async, even, uneven, many-small, \
oversubscribed, mixed-io.";

#[derive(Debug, Parser)]
#[command(name = "conpar", version, about = ABOUT, long_about = LONG_ABOUT)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Print results only: no progress, no notes on where files went (warnings and errors still show).
    #[arg(long, short = 'q', global = true)]
    quiet: bool,
    /// When to colour verdicts and large errors: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Where adding cores "stops paying", as `run` and `scale` say it in `--help`.
macro_rules! stops_paying {
    () => {
        "\"Stops paying\" is the smallest core count at which one more core adds less than half a core's worth of speedup on the fitted curve (S(P+1) − S(P) < 0.5), never later than the USL's peak. It is not drawn from a fit that is not Amdahl-shaped, nor (in `run`) from two core counts measured while the tick calibration varied by more than 5%."
    };
}
pub(crate) use stops_paying;
#[derive(Debug, Subcommand)]
enum Command {
    /// Schedule a workload in the tick model: Gantt chart, metrics, Amdahl, bounds.
    Model(model::ModelArgs),
    /// Run workloads for real with each strategy and core count, beside the model's prediction.
    Run(run::RunArgs),
    /// Blocking against async clients on real loopback sockets, beside the model.
    Io(io::IoArgs),
    /// Run the loopback delay server (WAIT <µs> → DONE after the wait).
    Serve(serve::ServeArgs),
    /// Measure any program's scaling across thread counts and fit Amdahl, Karp–Flatt and the USL to it.
    Scale(scale::ScaleArgs),
    /// Fit the USL and Amdahl to anyone's table of concurrency against throughput, time or latency.
    Fit(fit::FitArgs),
    /// Compare two result documents row by row: faster, slower or no change beyond the noise.
    Diff(diff::DiffArgs),
    /// Drive a real server (HTTP, Redis, conpar) at rising concurrency: serial, one core, parallel or concurrent?
    Probe(probe::ProbeArgs),
    /// Write one self-contained HTML page with charts from result files (several hosts merge).
    Report(report::ReportArgs),
    /// Calibrate the CPU kernels and measure this host's overheads.
    Calibrate(calibrate::CalibrateArgs),
    /// Print a shell completion script (e.g. `conpar completions bash > /etc/bash_completion.d/conpar`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print conpar's manual page, or a subcommand's (roff; e.g. `conpar man run | man -l -`).
    Man {
        /// The subcommand whose page to print; conpar's own page without one.
        #[arg(value_name = "COMMAND", value_parser = clap::builder::PossibleValuesParser::new(man::PAGES))]
        command: Option<String>,
    },
    /// Put each claim of the article to the test on this host (what `conpar` with no arguments runs).
    Tour(tour::TourArgs),
    /// Work and span of fork-join (rayon) code on one worker, the speedups they predict, and the speedups measured.
    Workspan(workspan::WorkspanArgs),
    /// A load with a known serial fraction, for testing `scale` (internal).
    #[command(name = "__scaleload", hide = true)]
    ScaleLoad {
        /// Units of work (about 1 ms each) on one thread.
        #[arg(long)]
        serial: u64,
        /// Units of work split over CONPAR_THREADS threads.
        #[arg(long)]
        parallel: u64,
    },
    /// A shipped fork-join program as a user's binary runs it, in `workspan::region` (internal).
    #[command(name = "__workspanload", hide = true)]
    WorkspanLoad(workspan::LoadArgs),
    /// Worker process of the `processes` strategy (internal).
    #[command(name = "__worker", hide = true)]
    Worker,
}

/// The error and its causes joined by `: `, leaving out a cause whose text
/// the message before it already quotes.
fn chain(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let c = cause.to_string();
        if text.contains(&c) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&c);
    }
    // Causes quote what was read: a program's error output, a hostile
    // file's strings, paths. None of it may steer the terminal.
    crate::escape::terminal_lines(&text)
}

static STARTED_AT: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The header of a result document of `kind` written by this invocation.
pub(crate) fn meta(kind: crate::results::Kind) -> crate::results::Meta {
    let started = STARTED_AT.get_or_init(|| {
        humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
    });
    crate::results::Meta::new(
        kind,
        std::env::args_os()
            .map(|a| a.to_string_lossy().into_owned())
            .collect(),
        started.clone(),
        crate::measure::host(),
    )
}

/// A value parser for a closed set of `names` that suggests the nearest
/// name for a misspelt one (clap's "did you mean"), then parses it into `T`.
pub(crate) fn names_parser<T>(
    names: &'static [&'static str],
) -> impl clap::builder::TypedValueParser<Value = T>
where
    T: std::str::FromStr + Clone + Send + Sync + 'static,
    T::Err: std::fmt::Debug,
{
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(names)
        .map(|s| s.parse::<T>().expect("a listed name parses"))
}

/// `e` with the nearest subcommand suggested when it is a misspelt one that
/// clap found nothing near (its measure misses a swap of two letters in a
/// short name: `rnu` for `run`).
fn suggest_subcommand(mut e: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::InvalidSubcommand {
        return e;
    }
    if matches!(e.get(ContextKind::SuggestedSubcommand), Some(ContextValue::Strings(v)) if !v.is_empty())
    {
        return e;
    }
    let Some(ContextValue::String(typed)) = e.get(ContextKind::InvalidSubcommand) else {
        return e;
    };
    let near = nearest_subcommands(typed);
    if !near.is_empty() {
        e.insert(
            ContextKind::SuggestedSubcommand,
            ContextValue::Strings(near),
        );
    }
    e
}

/// The subcommands one edit (two for names over four letters) from `typed`,
/// a swap of neighbours counting as one; nearest first.
fn nearest_subcommands(typed: &str) -> Vec<String> {
    let mut near: Vec<(usize, &str)> = man::PAGES
        .iter()
        .chain(&["help"])
        .map(|name| (strsim::osa_distance(typed, name), *name))
        .filter(|(d, name)| *d <= if name.len() <= 4 { 1 } else { 2 })
        .collect();
    near.sort();
    near.into_iter().map(|(_, name)| name.to_string()).collect()
}

/// Parses the command line, runs it, prints any error chain and returns the exit code.
pub fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let matches = Cli::command()
        .try_get_matches()
        .unwrap_or_else(|e| suggest_subcommand(e).exit());
    let subcommand = matches.subcommand_name().map(str::to_string);
    let cli =
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut Cli::command()).exit());
    QUIET.store(cli.quiet, std::sync::atomic::Ordering::Relaxed);
    let colour = match cli.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            use std::io::IsTerminal;
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    COLOR.store(colour, std::sync::atomic::Ordering::Relaxed);
    STARTED_AT.get_or_init(|| {
        humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
    });
    crate::measure::exit_on_interrupt();
    match run(cli) {
        Ok(code) => code,
        Err(e) if e.downcast_ref::<args::Usage>().is_some() => {
            usage_error(subcommand.as_deref(), &chain(&e)).exit()
        }
        Err(e) => {
            err_line(&wrap(
                &crate::escape::terminal_lines(&format!("error: {}", chain(&e))),
                Stream::Stderr,
            ));
            ExitCode::FAILURE
        }
    }
}

/// A usage error as clap reports its own, with the usage of `subcommand`;
/// the message wrapped to fit after clap's `error: `.
fn usage_error(subcommand: Option<&str>, msg: &str) -> clap::Error {
    use clap::CommandFactory;
    use clap::error::ErrorKind::ValueValidation;
    let wrapped = wrap(&format!("error: {msg}"), Stream::Stderr);
    let msg = wrapped.strip_prefix("error: ").unwrap_or(msg);
    let mut root = Cli::command();
    root.build();
    match subcommand.and_then(|s| root.find_subcommand_mut(s)) {
        Some(sub) => sub.error(ValueValidation, msg),
        None => root.error(ValueValidation, msg),
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Model(a)) => model::run(a),
        Some(Command::Run(a)) => run::run(a),
        Some(Command::Calibrate(a)) => calibrate::run(a),
        Some(Command::Report(a)) => report::run(a),
        Some(Command::Diff(a)) => diff::run(a),
        Some(Command::Scale(a)) => scale::run(a),
        Some(Command::Probe(a)) => probe::run(a),
        Some(Command::Fit(a)) => fit::run(a),
        Some(Command::ScaleLoad { serial, parallel }) => {
            let threads = std::env::var("CONPAR_THREADS")
                .ok()
                .and_then(|t| t.parse().ok())
                .unwrap_or(1);
            crate::scale::synthetic_load(serial.min(1_000_000), parallel.min(1_000_000), threads);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Io(a)) => io::run(a),
        Some(Command::Serve(a)) => serve::run(a),
        Some(Command::Worker) => {
            let stdin = std::io::stdin().lock();
            let stdout = std::io::stdout().lock();
            crate::exec::worker::serve(stdin, stdout).map_err(anyhow::Error::msg)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Tour(a)) => tour::run(a),
        Some(Command::Workspan(a)) => workspan::run(a),
        Some(Command::WorkspanLoad(a)) => workspan::load(a),
        Some(Command::Completions { shell }) => {
            use clap::CommandFactory;
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "conpar", &mut buf);
            out(&String::from_utf8_lossy(&buf))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man { command }) => {
            use clap::CommandFactory;
            out(&man::render(Cli::command(), command.as_deref())?)?;
            Ok(ExitCode::SUCCESS)
        }
        None => tour::run(tour::TourArgs::default()),
    }
}

#[cfg(test)]
mod advice_tests;
