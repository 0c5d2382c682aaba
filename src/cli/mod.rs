//! The command line: clap arguments turned into validated options, one file per
//! subcommand. This is the only module that knows clap or anyhow; everything
//! below it takes plain, validated values.

mod args;
mod calibrate;
mod diff;
mod io;
mod model;
mod output;
mod probe;
mod repeat;
mod report;
mod run;
mod scale;
mod serve;
mod tour;
mod watchdog;

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

static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
static COLOR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether `--quiet` was given.
pub(crate) fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// Whether tables may colour their words.
pub(crate) fn color() -> bool {
    COLOR.load(std::sync::atomic::Ordering::Relaxed)
}

/// `text` with verdict words coloured (green holds, red differs or error)
/// when colour is on; unchanged otherwise.
pub(crate) fn paint_verdicts(text: &str) -> String {
    if !color() {
        return text.to_string();
    }
    let (green, red, reset) = ("\x1b[32m", "\x1b[31m", "\x1b[0m");
    text.lines()
        .map(|line| {
            let line = line
                .replace(" holds", &format!(" {green}holds{reset}"))
                .replace("DIFFERS", &format!("{red}DIFFERS{reset}"))
                .replace(" differs", &format!(" {red}differs{reset}"));
            if line.trim_end().ends_with(" error") {
                format!(
                    "{}{red}error{reset}",
                    line.trim_end().trim_end_matches("error")
                )
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if text.ends_with('\n') { "\n" } else { "" }
}

/// `text` with prediction errors beyond ±10 % (and beyond the noise: a `~`
/// marks those within it) in red when colour is on.
pub(crate) fn paint_errors(text: &str) -> String {
    if !color() {
        return text.to_string();
    }
    let large = |t: &str| {
        t.strip_suffix('%')
            .filter(|n| n.starts_with(['+', '-']))
            .and_then(|n| n.parse::<f64>().ok())
            .is_some_and(|x| x.abs() > 10.0)
    };
    text.split_inclusive([' ', '\n'])
        .map(|t| {
            let word = t.trim_end();
            if large(word) {
                format!("\x1b[31m{word}\x1b[0m{}", &t[word.len()..])
            } else {
                t.to_string()
            }
        })
        .collect()
}

/// A note on standard error, unless `--quiet`.
pub(crate) fn note(msg: &str) {
    if !quiet() {
        eprintln!("{msg}");
    }
}

/// A progress bar over `len` runs: drawn on a terminal, hidden with `--quiet`.
pub(crate) fn progress(len: u64) -> indicatif::ProgressBar {
    if quiet() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} runs  {msg}")
            .expect("a valid template"),
    );
    bar
}

/// Where adding cores "stops paying", as `run` and `scale` say it in `--help`.
macro_rules! stops_paying {
    () => {
        "\"Stops paying\" is the smallest core count at which one more core adds less than half a core's worth of speedup on the fitted curve (S(P+1) − S(P) < 0.5), never later than the USL's peak. It is not drawn from a fit that is not Amdahl-shaped, nor from two core counts measured with a tick spread above 5 %."
    };
}
pub(crate) use stops_paying;

/// One line per finished step where no bar can be drawn (standard error is
/// not a terminal: a CI log, a file), so a long run is never silent.
pub(crate) fn step_done(msg: &str) {
    use std::io::IsTerminal;
    if !quiet() && !std::io::stderr().is_terminal() {
        eprintln!("{msg}");
    }
}

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
    /// Print conpar's manual page (roff; e.g. `conpar man | man -l -`).
    Man,
    /// Put each claim of the article to the test on this host (what `conpar` with no arguments runs).
    Tour(tour::TourArgs),
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
    /// Worker process of the `processes` strategy (internal).
    #[command(name = "__worker", hide = true)]
    Worker {
        /// Exit at once (for measuring process start-up).
        #[arg(long)]
        exit: bool,
    },
}

/// Writes `text` to standard output; a closed pipe (`conpar … | head`) ends
/// the output quietly instead of failing.
pub(crate) fn out(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    match o.write_all(text.as_bytes()).and_then(|()| o.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
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
    text
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

/// Parses the command line, runs it, prints any error chain and returns the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
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
            use clap::CommandFactory;
            Cli::command()
                .error(clap::error::ErrorKind::ValueValidation, chain(&e))
                .exit()
        }
        Err(e) => {
            eprintln!("error: {}", chain(&e));
            ExitCode::FAILURE
        }
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
        Some(Command::Worker { exit: true }) => Ok(ExitCode::SUCCESS),
        Some(Command::Worker { exit: false }) => {
            let stdin = std::io::stdin().lock();
            let stdout = std::io::stdout().lock();
            crate::exec::worker::serve(stdin, stdout).map_err(anyhow::Error::msg)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Tour(a)) => tour::run(a),
        Some(Command::Completions { shell }) => {
            use clap::CommandFactory;
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "conpar", &mut buf);
            out(&String::from_utf8_lossy(&buf))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man) => {
            use clap::CommandFactory;
            let mut buf = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
            out(&String::from_utf8_lossy(&buf))?;
            Ok(ExitCode::SUCCESS)
        }
        None => tour::run(tour::TourArgs::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_errors_and_verdicts_are_coloured_only_when_colour_is_on() {
        let table = "rayon 2 30ms +42.0% ~+12.0% -3.1% -15.5%\nclaim holds\nother DIFFERS\n";
        COLOR.store(false, std::sync::atomic::Ordering::Relaxed);
        assert_eq!(paint_errors(table), table);
        assert_eq!(paint_verdicts(table), table);
        COLOR.store(true, std::sync::atomic::Ordering::Relaxed);
        let e = paint_errors(table);
        assert!(e.contains("\x1b[31m+42.0%\x1b[0m") && e.contains("\x1b[31m-15.5%\x1b[0m"));
        assert!(e.contains(" ~+12.0% ") && e.contains(" -3.1% "), "{e}");
        let v = paint_verdicts(table);
        assert!(v.contains("\x1b[32mholds") && v.contains("\x1b[31mDIFFERS"));
        COLOR.store(false, std::sync::atomic::Ordering::Relaxed);
    }
}
