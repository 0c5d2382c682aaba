//! `conpar io`: blocking against async clients on real loopback sockets.

use super::args;
use super::output::Outputs;
use crate::exec::overhead;
use crate::io::server::ServerProcess;
use crate::io::sweep::{Event, Sweep, sweep};
use crate::io::{
    ClientKind, IoCalibration, MAX_THREADS, calibrate as calibrate_io, check_descriptors, ping,
};
use crate::kernel::calibrate_on;
use crate::measure::allowed_cpus;
use crate::report::io as report;
use crate::results::io::IoDoc;
use crate::results::{Document, Kind};
use crate::table::text;
use crate::units::{parse_duration_ns, parse_duration_or_zero};
use crate::words::{Count, Secs};
use crate::workload::KernelKind;
use anyhow::Context;
use clap::Args;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

/// Exit status when the run completed but some requests failed.
pub(super) const FAILED_REQUESTS: u8 = 3;

/// Most requests one run may issue.
pub(super) const MAX_REQUESTS: u64 = 20_000;

/// Most CPU work one request may ask for: K requests of it run one after
/// another in the blocking client.
const MAX_CPU_NS: u64 = 1_000_000_000;

fn cpu_per_request(s: &str) -> Result<u64, String> {
    let ns = parse_duration_or_zero(s).map_err(|e| e.to_string())?;
    if ns > MAX_CPU_NS {
        return Err(format!("{s} of CPU work per request: accepted are 0 to 1s"));
    }
    Ok(ns)
}

/// A wait the delay server accepts: up to its limit.
fn latency(s: &str) -> Result<u64, String> {
    let ns = parse_duration_ns(s).map_err(|e| e.to_string())?;
    if ns / 1000 > crate::io::MAX_WAIT_US {
        return Err(format!(
            "`{s}` is above the delay server's limit: accepted are waits up to {}s",
            crate::io::MAX_WAIT_US / 1_000_000
        ));
    }
    Ok(ns)
}

#[derive(Debug, Args)]
pub(super) struct IoArgs {
    /// K, requests per run.
    #[arg(long, short = 'k', default_value_t = 50, value_parser = |s: &str| args::bounded(s, "request count", MAX_REQUESTS))]
    requests: u64,
    /// c, CPU work per request (the spin kernel), e.g. 2ms; 0 for none; at most 1s.
    #[arg(long, default_value = "0", value_parser = cpu_per_request)]
    cpu: u64,
    /// L, how long the server waits before answering each request (at most 600s).
    #[arg(long, default_value = "20ms", value_parser = latency)]
    latency: u64,
    /// Clients, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "blocking,thread-per-request,blocking-pool,event-loop,event-loop-per-core", value_parser = super::names_parser::<ClientKind>(&ClientKind::NAMES))]
    clients: Vec<ClientKind>,
    /// Threads of blocking-pool.
    #[arg(long, visible_alias = "threads", default_value_t = 8, value_parser = |s: &str| args::bounded(s, "thread count", MAX_THREADS as u64))]
    pool_size: u64,
    /// Core counts to run each client on (default: all allowed CPUs).
    #[arg(long, short = 'c', value_parser = args::core_spec)]
    cores: Option<args::CoreSpec>,
    /// Allow more cores than this process may use (clients then share CPUs).
    #[arg(long)]
    oversubscribe: bool,
    /// Timed runs of each client (default 3), after one warm-up.
    #[command(flatten)]
    runs: super::repeat::RepeatArgs,
    /// Use a delay server already running at ADDR instead of starting one
    /// (loopback; another address only with --public).
    #[arg(long, value_name = "ADDR")]
    target: Option<SocketAddr>,
    /// Allow a --target that is not loopback.
    #[arg(long, requires = "target")]
    public: bool,
    /// How long past its wait a request may take in all (connect, write and every read) before it counts as failed.
    #[arg(long, default_value = "10s", value_parser = |s: &str| parse_duration_ns(s).map_err(|e| e.to_string()))]
    timeout: u64,
    #[command(flatten)]
    out: super::output::OutputArgs,
}

pub(super) fn run(a: IoArgs) -> anyhow::Result<ExitCode> {
    check(&a)?;
    let allowed = allowed_cpus();
    let core_counts = core_counts(&a, &allowed)?;
    check_descriptors(a.requests as usize)?;
    let out = super::output::Outputs::probe(&a.out)?;
    let timeout = Duration::from_nanos(a.timeout);
    let exe = std::env::current_exe()
        .context("cannot find the conpar binary to start the delay server")?;
    // The server lives in its own process (each connection costs a descriptor
    // on both sides) and is killed when this guard drops, on every path out.
    let server = match a.target {
        Some(_) => None,
        None => Some(ServerProcess::start(&exe).context("starting the delay server")?),
    };
    let addr = a
        .target
        .unwrap_or_else(|| server.as_ref().expect("started").addr());
    ping(addr, timeout)?;
    let pid = server.as_ref().map(ServerProcess::pid);
    let calibration = calibrate_io(addr, pid, a.latency(), timeout, allowed[0]).unwrap_or_else(|e| {
        super::warn(&format!(
            "calibration requests failed ({e}); predictions use the nominal wait and no connection cost"
        ));
        IoCalibration::nominal(a.latency as f64)
    });
    let cpu = (a.cpu > 0).then(|| calibrate_on(allowed[0], [KernelKind::Spin], a.cpu)[0]);
    let plan = Sweep {
        addr,
        clients: a.clients.clone(),
        cores: core_counts,
        cpus: allowed,
        requests: a.requests as usize,
        cpu_ns: a.cpu,
        cpu,
        latency: a.latency(),
        threads: a.pool_size as usize,
        warmup: a.runs.warmup(1),
        rule: a.runs.rule(3)?,
        timeout,
        calibration,
        thread_spawn_ns: overhead::thread_spawn_ns(),
    };
    let doc = measure_sweep(&plan, &out)?;
    drop(server);
    finish(&out, doc)
}

/// Usage errors no parser sees: a client named twice (it would run twice,
/// and its rows could not be told apart), a target beyond loopback without
/// --public.
fn check(a: &IoArgs) -> anyhow::Result<()> {
    if let Some((_, k)) = a
        .clients
        .iter()
        .enumerate()
        .find(|(i, k)| a.clients[..*i].contains(k))
    {
        return Err(args::usage(format!(
            "--clients: `{k}` is given twice; each client runs once per core count"
        )));
    }
    match a.target {
        Some(t) if !t.ip().is_loopback() && !a.public => Err(args::usage(format!(
            "--target {t}: not a loopback address; conpar io sends its load to whoever answers there, so pass --public as well to mean it"
        ))),
        _ => Ok(()),
    }
}

impl IoArgs {
    fn latency(&self) -> Duration {
        Duration::from_nanos(self.latency)
    }
}

/// The core counts to run on, and thread-per-request within its limit.
fn core_counts(a: &IoArgs, allowed: &[usize]) -> anyhow::Result<Vec<usize>> {
    let limits = args::CoreLimits {
        flag: "--cores",
        max: 1024,
        real: true,
    };
    let core_counts = match &a.cores {
        Some(c) => args::cores(c, limits, a.oversubscribe)?,
        None => vec![allowed.len()],
    };
    let k = a.requests as usize;
    if a.clients.contains(&ClientKind::ThreadPerRequest) && k > MAX_THREADS {
        return Err(args::usage(format!(
            "thread-per-request would start {k} threads; at most {MAX_THREADS} are allowed. Use fewer --requests or leave it out of --clients"
        )));
    }
    Ok(core_counts)
}

/// Runs the sweep, saving the document after every row.
fn measure_sweep(plan: &Sweep, out: &Outputs) -> anyhow::Result<IoDoc> {
    let mut doc = IoDoc {
        meta: super::meta(Kind::Io),
        target: plan.addr.to_string(),
        calibration: plan.calibration.clone(),
        rows: Vec::new(),
    };
    let files = out.files_only();
    let bar = super::progress(
        (plan.cores.len() * plan.clients.len()) as u64 * (plan.rule.max_runs + plan.warmup) as u64,
    );
    sweep(plan, &mut |ev| {
        match ev {
            Event::Started { client, cores } => {
                bar.set_message(format!("{client} on {}", Count(cores, "core")));
            }
            Event::RunDone => bar.inc(1),
            Event::Row(r) => {
                super::step_done(&format!(
                    "{} on {}: {} (predicted {})",
                    r.client,
                    Count(r.cores, "core"),
                    Secs(r.measured.wall_s.median),
                    Secs(r.predicted.wall_s)
                ));
                doc.rows.push(r.clone());
                save(&files, &doc).map_err(|e| format!("{e:#}"))?;
            }
        }
        Ok(())
    })?;
    save(out, &doc)?;
    bar.finish_and_clear();
    Ok(doc)
}

/// The table, the Markdown and the report; exit status 3 when requests failed.
fn finish(out: &Outputs, doc: IoDoc) -> anyhow::Result<ExitCode> {
    if !out.stdout_taken() {
        super::out(&super::prose(&text::blocks(&report::blocks(&doc))))?;
    }
    let failed: usize = doc.rows.iter().map(|r| r.errors).sum();
    let doc = Document::Io(doc);
    out.finish("this run", doc, "results")?;
    if failed > 0 {
        super::err_line(&format!(
            "{} failed; see the errors column",
            Count(failed, "request")
        ));
        return Ok(ExitCode::from(FAILED_REQUESTS));
    }
    Ok(ExitCode::SUCCESS)
}

fn save(out: &Outputs, doc: &IoDoc) -> anyhow::Result<()> {
    out.json(doc)?;
    if out.wants_csv() {
        out.csv(&report::csv(doc)?)?;
    }
    Ok(())
}
