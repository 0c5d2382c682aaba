//! `conpar io`: blocking against async clients on real loopback sockets.

use super::args;
use crate::exec::overhead;
use crate::io::server::ServerProcess;
use crate::io::sweep::{Event, Sweep, sweep};
use crate::io::{ClientKind, IoCalibration, MAX_THREADS, calibrate as calibrate_io, ping};
use crate::kernel::calibrate;
use crate::measure::{allowed_cpus, confine_to, fd_limits, raise_fd_limit};
use crate::report::io as report;
use crate::results::io::IoDoc;
use crate::results::{Document, Kind};
use crate::units::parse_duration_ns;
use crate::workload::KernelKind;
use anyhow::{Context, bail};
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
    let ns = if s.trim() == "0" {
        0
    } else {
        parse_duration_ns(s).map_err(|e| e.to_string())?
    };
    if ns > MAX_CPU_NS {
        return Err(format!("{s} of CPU work per request: accepted are 0 to 1s"));
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
    /// L, how long the server waits before answering each request.
    #[arg(long, default_value = "20ms", value_parser = |s: &str| parse_duration_ns(s).map_err(|e| e.to_string()))]
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
    /// Use a delay server already running at ADDR instead of starting one.
    #[arg(long, value_name = "ADDR")]
    target: Option<SocketAddr>,
    /// How long past its wait a request may take in all (connect, write and every read) before it counts as failed.
    #[arg(long, default_value = "10s", value_parser = |s: &str| parse_duration_ns(s).map_err(|e| e.to_string()))]
    timeout: u64,
    #[command(flatten)]
    out: super::output::OutputArgs,
}

pub(super) fn run(a: IoArgs) -> anyhow::Result<ExitCode> {
    let allowed = allowed_cpus();
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
    check_descriptors(k)?;
    let out = super::output::Outputs::probe(&a.out)?;
    let timeout = Duration::from_nanos(a.timeout);
    let latency = Duration::from_nanos(a.latency);
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
    let cal_io = request_costs(
        &a,
        addr,
        server.as_ref().map(ServerProcess::pid),
        allowed[0],
    );
    let cpu_cal = (a.cpu > 0).then(|| {
        let first = allowed[0];
        std::thread::scope(|s| {
            s.spawn(|| {
                let _ = confine_to(&[first]);
                calibrate(KernelKind::Spin, a.cpu)
            })
            .join()
            .expect("calibration thread")
        })
    });
    let mut doc = IoDoc {
        meta: super::meta(Kind::Io),
        target: addr.to_string(),
        calibration: cal_io.clone(),
        rows: Vec::new(),
    };
    let plan = Sweep {
        addr,
        clients: a.clients.clone(),
        cores: core_counts,
        cpus: allowed,
        requests: k,
        cpu_ns: a.cpu,
        cpu: cpu_cal,
        latency,
        threads: a.pool_size as usize,
        warmup: a.runs.warmup(1),
        rule: a.runs.rule(3),
        timeout,
        calibration: cal_io,
        thread_spawn_ns: overhead::thread_spawn_ns(),
    };
    let files = out.files_only();
    let bar = super::progress(
        (plan.cores.len() * plan.clients.len()) as u64 * (plan.rule.max_runs + plan.warmup) as u64,
    );
    sweep(&plan, &mut |ev| {
        match ev {
            Event::Started { client, cores } => {
                bar.set_message(format!("{client} on {cores} core(s)"));
            }
            Event::RunDone => bar.inc(1),
            Event::Row(r) => {
                super::step_done(&format!(
                    "{} on {} core(s): {} (predicted {})",
                    r.client,
                    r.cores,
                    crate::units::Nanos(r.measured.wall_s.median * 1e9),
                    crate::units::Nanos(r.predicted.wall_s * 1e9)
                ));
                doc.rows.push(r.clone());
                save(&files, &doc).map_err(|e| format!("{e:#}"))?;
            }
        }
        Ok(())
    })?;
    save(&out, &doc)?;
    bar.finish_and_clear();
    drop(server);
    if !out.stdout_taken() {
        super::out(&report::table(&doc))?;
    }
    let failed: usize = doc.rows.iter().map(|r| r.errors).sum();
    let doc = Document::Io(doc);
    out.markdown(&doc)?;
    if let Some(dir) = &out.report {
        let index = super::report::write(&[("this run".to_string(), doc)], dir)?;
        super::note(&format!("report written to {}", index.display()));
    }
    out.tell("results");
    if failed > 0 {
        eprintln!("{failed} request(s) failed; see the errors column");
        return Ok(ExitCode::from(FAILED_REQUESTS));
    }
    Ok(ExitCode::SUCCESS)
}

fn save(out: &super::output::Outputs, doc: &IoDoc) -> anyhow::Result<()> {
    out.json(doc)?;
    if out.wants_csv() {
        out.csv(&crate::report::csv::io(doc)?)?;
    }
    Ok(())
}

/// Every request in flight at once holds a descriptor: raise the soft limit
/// to the hard one, and say so before starting when K cannot fit.
fn check_descriptors(k: usize) -> anyhow::Result<()> {
    let soft = raise_fd_limit()
        .or(fd_limits().map(|l| l.0))
        .unwrap_or(1024);
    let need = k as u64 + 64;
    if need > soft {
        bail!(
            "{k} requests in flight need about {need} file descriptors; this process may open {soft} (hard limit {}). Lower --requests or raise the limit (ulimit -n)",
            fd_limits().map_or(0, |l| l.1)
        );
    }
    Ok(())
}

/// The request costs measured against the server at `addr`, from `cpu`; when
/// the calibration requests fail, the nominal wait and no connection cost,
/// with a warning.
fn request_costs(
    a: &IoArgs,
    addr: std::net::SocketAddr,
    pid: Option<u32>,
    cpu: usize,
) -> IoCalibration {
    let (latency, timeout) = (
        Duration::from_nanos(a.latency),
        Duration::from_nanos(a.timeout),
    );
    calibrate_io(addr, pid, latency, timeout, cpu).unwrap_or_else(|e| {
        eprintln!(
            "warning: calibration requests failed ({e}); predictions use the nominal wait and no connection cost"
        );
        IoCalibration {
            loops_start: Vec::new(),
            single_request_ns: a.latency as f64,
            connection_ns: 0.0,
            loop_fixed_ns: 0.0,
            server_connection_ns: 0.0,
        }
    })
}
