//! `conpar probe TARGET`: drive a real server at rising concurrency and say
//! whether it is serial, one core, parallel or concurrent.

use super::output::{OutputArgs, Outputs};
use crate::probe::spawn::Spawned;
use crate::probe::sweep::Levels;
use crate::probe::target::{Target, parse};
use crate::probe::{Prober, RequestSpec, options, procfs};
use crate::report::probe as report;
use crate::results::probe::ProbeDoc;
use crate::results::{Document, Kind};
use clap::Args;
use std::process::ExitCode;
use std::time::Duration;

/// Exit status when the probe stopped early or requests failed.
const INCOMPLETE: u8 = 3;
/// Exit status of a usage error, as clap gives.
const USAGE: u8 = 2;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  conpar probe http://127.0.0.1:8080/ --pid 1234
  conpar probe redis://127.0.0.1:6379 --command 'GET k' --spawn -- redis-server --port 6379 --save ''
  conpar probe conpar://127.0.0.1:7000 --command 'WAIT 20000' --levels 1,4,16
  conpar probe http://127.0.0.1:8080/ --rate 500,1k,2k
  conpar probe http://127.0.0.1:8080/ --find-max --slo p99=50ms -d 1s

Each level runs N clients, each with one connection and one request in flight (closed loop): \
how throughput grows with concurrency, what the server can do. --rate sends on a fixed schedule \
instead (open loop): the latency users see at that arrival rate, each counted from its intended \
send time (corrected for coordinated omission); --find-max --slo p99=50ms searches for the \
highest rate that holds the objective. \
With --pid or --spawn the server's CPU time (all its threads and child processes, from /proc) \
tells waiting from computing: cores used = CPU time ÷ wall.")]
pub(super) struct ProbeArgs {
    /// The server: http://127.0.0.1:PORT/path, redis://127.0.0.1:PORT or conpar://127.0.0.1:PORT.
    #[arg(value_name = "TARGET")]
    target: String,
    /// Concurrency levels N, comma-separated (1 is always measured: the archetypes are predicted from it).
    #[arg(long, default_value = "1,2,4,8,16,32,64,128,256", value_parser = options::levels)]
    levels: options::Levels,
    /// Measured time of each level.
    #[arg(long, short = 'd', default_value = "2s", value_parser = |s: &str| options::bounded_duration(s, options::SECOND / 100, 600 * options::SECOND))]
    duration: u64,
    /// Unmeasured time before each level's measurement (connections open, caches fill).
    #[arg(long, short = 'w', default_value = "500ms", value_parser = |s: &str| options::bounded_duration(s, 0, 600 * options::SECOND))]
    warmup: u64,
    /// Most measured requests of one level (it ends at --duration or here, whichever is first).
    #[arg(long, default_value_t = 1_000_000, value_parser = |s: &str| super::args::bounded(s, "request count", 100_000_000))]
    requests: u64,
    /// Longest one request may take, connect included; it then counts as a timeout.
    #[arg(long, default_value = "10s", value_parser = |s: &str| options::bounded_duration(s, options::SECOND / 1000, 600 * options::SECOND))]
    timeout: u64,
    /// Largest answer read, in bytes (K, M, G suffixes); a longer one is an error.
    #[arg(long, default_value = "8M", value_parser = options::bytes)]
    max_response: u64,
    /// HTTP method.
    #[arg(long, short = 'X', default_value = "GET")]
    method: String,
    /// HTTP request body.
    #[arg(long, value_parser = options::text)]
    body: Option<String>,
    /// HTTP header `Name: value` (repeatable).
    #[arg(long, short = 'H', value_parser = options::header)]
    header: Vec<(String, String)>,
    /// The Redis command (`GET k`, `BLPOP q 0.02`, `EVAL "…" 0`) or conpar line (`WAIT 20000`); default PING.
    #[arg(long, short = 'c', value_parser = options::text)]
    command: Option<String>,
    /// The server's process id: its CPU time and threads are read per level.
    #[arg(long, conflicts_with = "spawn")]
    pid: Option<u32>,
    /// Start the server command given after `--`, wait for TARGET's port, stop it at the end.
    #[arg(long, requires = "server_command")]
    spawn: bool,
    /// How long --spawn waits for the port to accept a connection.
    #[arg(long, default_value = "10s", value_parser = |s: &str| options::bounded_duration(s, options::SECOND / 10, 600 * options::SECOND))]
    spawn_wait: u64,
    /// C, the cores the server may use (default: the server's allowed CPUs, or this host's).
    #[arg(long, value_parser = |s: &str| super::args::bounded(s, "core count", crate::results::MAX_CORES as u64))]
    server_cores: Option<u64>,
    /// Worker threads of the probe's own tokio runtime.
    #[arg(long, default_value_t = 2, value_parser = |s: &str| super::args::bounded(s, "thread count", 64))]
    client_threads: u64,
    /// Allow a target that is not loopback.
    #[arg(long)]
    public: bool,
    #[command(flatten)]
    open: super::probe_open::OpenArgs,
    #[command(flatten)]
    out: OutputArgs,
    /// The server command for --spawn, after `--`.
    #[arg(last = true, value_name = "SERVER_COMMAND", requires = "spawn")]
    server_command: Vec<String>,
}

/// Prints a usage error as clap does and gives its exit status.
fn usage(msg: impl std::fmt::Display) -> ExitCode {
    let mut cmd = ProbeArgs::augment_args(clap::Command::new("probe").bin_name("conpar probe"));
    let _ = cmd
        .error(clap::error::ErrorKind::ValueValidation, msg)
        .print();
    ExitCode::from(USAGE)
}

/// Checks the descriptors the largest level needs, raising the soft limit.
fn check_descriptors(max_n: usize) -> Result<(), String> {
    crate::measure::room_for_descriptors(max_n).map_err(|f| {
        format!(
            "--levels: {max_n} clients need about {} file descriptors; this process may open {}. Lower the levels or raise the limit (ulimit -n)",
            f.need, f.soft
        )
    })
}

pub(super) fn run(a: ProbeArgs) -> anyhow::Result<ExitCode> {
    let target = match parse(&a.target, a.public) {
        Ok(t) => t,
        Err(e) => return Ok(usage(format!("invalid value for '<TARGET>': {e}"))),
    };
    if let Some(e) = a.open.refusal() {
        return Ok(usage(e));
    }
    let most = match a.open.asked() {
        true => a.open.connections(),
        false => *a.levels.0.last().unwrap_or(&1),
    };
    if let Err(e) = check_descriptors(most) {
        return Ok(usage(e));
    }
    let (warmup, duration) = (
        Duration::from_nanos(a.warmup),
        Duration::from_nanos(a.duration),
    );
    let open = match a.open.asked().then(|| a.open.plan(warmup, duration)) {
        Some(Err(e)) => return Ok(usage(e)),
        Some(Ok(p)) => Some(p),
        None => None,
    };
    if let Some(why) = a.pid.and_then(|p| pid_refusal(p, target.addr.port())) {
        return Ok(usage(why));
    }
    let spec = RequestSpec {
        method: a.method.clone(),
        headers: a.header.clone(),
        body: a.body.clone().unwrap_or_default().into_bytes(),
        command: a.command.clone(),
    };
    let timeout = Duration::from_nanos(a.timeout);
    let threads = a.client_threads as usize;
    let prober = match Prober::new(target.clone(), &spec, threads, timeout, a.max_response) {
        Err(crate::probe::ProbeError::Request(e)) => return Ok(usage(e)),
        r => r?,
    };
    let out = Outputs::probe(&a.out)?;
    let spawned = if a.spawn {
        Some(Spawned::start(
            &a.server_command,
            target.addr,
            Duration::from_nanos(a.spawn_wait),
        )?)
    } else {
        None
    };
    let pid = a.pid.or(spawned.as_ref().map(Spawned::pid));
    prober.preflight()?;
    let mut doc = document(&a, &target, &prober, pid);
    match &open {
        Some(plan) => super::probe_open::run(plan, &prober, &out, &mut doc)?,
        None => sweep(&a, &prober, pid, &out, &mut doc)?,
    }
    drop(spawned);
    finish(doc, &out)
}

/// Why `--pid PID` is not the server behind `port`, if it is not: it must
/// be running and own the socket listening there.
fn pid_refusal(pid: u32, port: u16) -> Option<String> {
    use crate::probe::sockets::{Owner, owner};
    if !procfs::alive(pid) {
        return Some(format!("--pid {pid}: no such running process"));
    }
    let who = |o: &[(u32, String)]| match o {
        [] => "no process whose descriptors this user can read owns it".to_string(),
        o => {
            let names: Vec<String> = o
                .iter()
                .map(|(p, c)| format!("pid {p} ({})", crate::escape::terminal(c)))
                .collect();
            format!("{} owns it", names.join(", "))
        }
    };
    let accepted =
        "accepted is the process that owns the target's listening socket (or use --spawn)";
    match owner(pid, port) {
        Owner::Owns | Owner::Unknown => None,
        Owner::NoListener => Some(format!(
            "--pid {pid}: nothing on this host listens on port {port} (/proc/net/tcp, tcp6); {accepted}"
        )),
        Owner::Others(o) => Some(format!(
            "--pid {pid}: process {pid} does not own the socket listening on port {port}; {}; {accepted}",
            who(&o)
        )),
        Owner::Unreadable(o) => Some(format!(
            "--pid {pid}: the sockets of process {pid} cannot be read (another user's process), so it cannot be known to listen on port {port}; {}; {accepted}",
            who(&o)
        )),
    }
}

fn document(a: &ProbeArgs, target: &Target, prober: &Prober, pid: Option<u32>) -> ProbeDoc {
    let cores = a
        .server_cores
        .map(|c| c as usize)
        .or_else(|| pid.and_then(procfs::allowed_cpus))
        .unwrap_or_else(|| crate::measure::allowed_cpus().len());
    ProbeDoc {
        meta: super::meta(Kind::Probe),
        target: target.text.clone(),
        protocol: target.protocol,
        request: prober.describe(),
        client_threads: a.client_threads as usize,
        server_cores: cores,
        server_pid: pid,
        spawned: a.spawn.then(|| a.server_command.clone()),
        warmup_s: a.warmup as f64 / 1e9,
        duration_s: a.duration as f64 / 1e9,
        max_requests: a.requests,
        timeout_s: a.timeout as f64 / 1e9,
        levels: Vec::new(),
        partial: None,
        analysis: None,
        open: None,
    }
}

/// Runs every level, printing and saving after each.
fn sweep(
    a: &ProbeArgs,
    prober: &Prober,
    pid: Option<u32>,
    out: &Outputs,
    doc: &mut ProbeDoc,
) -> anyhow::Result<()> {
    let files = out.files_only();
    let show = !out.stdout_taken();
    if show {
        super::out(&report::header(doc))?;
    }
    let levels = Levels {
        n: a.levels.0.clone(),
        warmup: Duration::from_nanos(a.warmup),
        duration: Duration::from_nanos(a.duration),
        max_requests: a.requests,
    };
    crate::probe::sweep::sweep(prober, &levels, pid, doc, &mut |doc| {
        let row = doc.levels.last().expect("a finished level");
        if show {
            super::out(&report::row(row, doc.levels.first().map(|l| l.throughput)))?;
        }
        super::probe_open::save(&files, doc)
    })
}

fn finish(doc: ProbeDoc, out: &Outputs) -> anyhow::Result<ExitCode> {
    super::probe_open::save(out, &doc)?;
    if !out.stdout_taken() {
        let summary = report::summary(&doc);
        super::out(&super::paint(&super::painted_prose(&summary)))?;
    }
    let failed: u64 = doc.levels.iter().map(|l| l.errors + l.timeouts).sum();
    let open_failure = super::probe_open::failure(&doc);
    let partial = doc.partial.clone();
    let doc = Document::Probe(doc);
    out.finish("probe", doc, "results")?;
    if let Some(why) = partial {
        super::console::err_line(&format!("error: the probe is partial: {why}"));
        return Ok(ExitCode::from(INCOMPLETE));
    }
    if let Some(why) = open_failure {
        super::console::err_line(&why);
        return Ok(ExitCode::from(INCOMPLETE));
    }
    if failed > 0 {
        super::console::err_line(&format!(
            "{} failed or timed out; see the errors column",
            crate::words::Count(failed as usize, "request")
        ));
        return Ok(ExitCode::from(INCOMPLETE));
    }
    Ok(ExitCode::SUCCESS)
}
