//! Blocking against event-loop clients on real loopback sockets, under
//! criterion: K requests of a wait L (no CPU work) against the delay server,
//! started as a child process. The model predicts one blocking thread at
//! about K × L' (L' the measured latency of one request) and one event loop
//! at about K × (per-connection cost) + L'; a table after criterion's summary
//! sets its median beside those predictions.
//!
//! Settings: `CONPAR_BENCH_IO_REQUESTS` (default 20) and
//! `CONPAR_BENCH_IO_LATENCY` (default `5ms`).

mod common;

use common::{env_or, estimate, ns};
use conpar::io::predict::{Inputs, predict};
use conpar::io::server::ServerProcess;
use conpar::io::{ClientKind, ClientPlan, IoCalibration, calibrate, run_client};
use conpar::measure::allowed_cpus;
use conpar::units::parse_duration_ns;
use criterion::{BenchmarkId, Criterion, SamplingMode};
use std::path::PathBuf;
use std::time::Duration;

fn main() {
    let k: usize = env_or("CONPAR_BENCH_IO_REQUESTS", "20")
        .parse()
        .expect("CONPAR_BENCH_IO_REQUESTS: a number");
    let latency = Duration::from_nanos(
        parse_duration_ns(&env_or("CONPAR_BENCH_IO_LATENCY", "5ms"))
            .expect("CONPAR_BENCH_IO_LATENCY: a duration"),
    );
    let allowed = allowed_cpus();
    let server = ServerProcess::start(&PathBuf::from(env!("CARGO_BIN_EXE_conpar")))
        .expect("the delay server starts");
    let timeout = Duration::from_secs(10);
    let cal = calibrate(
        server.addr(),
        Some(server.pid()),
        latency,
        timeout,
        allowed[0],
    )
    .expect("the server answers");
    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    let mut group = c.benchmark_group("io");
    group.sampling_mode(SamplingMode::Flat);
    let clients = [ClientKind::Blocking, ClientKind::EventLoop];
    for kind in clients {
        let plan = ClientPlan {
            kind,
            addr: server.addr(),
            requests: k,
            cpu: None,
            latency,
            threads: 1,
            cpus: vec![allowed[0]],
            timeout,
        };
        group.bench_with_input(BenchmarkId::new(kind.name(), k), &plan, |b, plan| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let s = run_client(plan).expect("the client runs");
                    assert_eq!(s.errors, 0, "failed requests: {:?}", s.first_error);
                    total += Duration::from_nanos(s.wall_ns);
                }
                total
            })
        });
    }
    group.finish();
    c.final_summary();
    print_table(k, latency, &cal, &clients);
    drop(server);
}

/// Criterion's estimates beside the model's predictions.
fn print_table(k: usize, latency: Duration, cal: &IoCalibration, clients: &[ClientKind]) {
    let inputs = Inputs {
        requests: k,
        cpu_ns: 0.0,
        single_request_ns: cal.single_request_ns,
        connection_ns: cal.connection_ns,
        threads: 1,
        cores: 1,
        thread_spawn_ns: 0.0,
        server_connection_ns: cal.server_connection_ns,
        loop_fixed_ns: cal.loop_fixed_ns,
        loops_start_ns: [conpar::io::predict::loops_start_at(cal, 1); 2],
    };
    println!(
        "\nconpar: {k} requests of a {} wait — criterion's median [95 % interval] against the model",
        ns(latency.as_nanos() as f64)
    );
    for &kind in clients {
        let Some((med, lo, hi)) = estimate("io", kind.name(), &k.to_string()) else {
            continue;
        };
        let p = predict(kind, &inputs);
        println!(
            "{:<12} {:>30}  predicted {:>9}  error {:>+5.1}%",
            kind.name(),
            format!("{} [{}–{}]", ns(med), ns(lo), ns(hi)),
            ns(p),
            (med / p - 1.0) * 100.0
        );
    }
}
