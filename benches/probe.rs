//! The cost of `conpar probe`'s own HTTP client per request, under criterion,
//! so the probe is known not to be the bottleneck of what it measures.
//!
//! A hyper HTTP/1.1 server answering `ok` on keep-alive connections runs in
//! a child process (this bench binary again, one tokio thread), so this
//! process's CPU time is the client's alone. Each iteration is one request
//! of a closed-loop level of N clients; two figures per N:
//!
//! - `client-cpu`: the probe process's CPU time per request. The model says
//!   nothing about it; the aim is that it stays well below the server's cost
//!   per request (a few µs: hyper parses, tokio wakes a task, two syscalls);
//! - `wall`: wall-clock per request. At N = 1 this is a round trip on
//!   loopback; at N = 16 the client and the server overlap, so it falls to
//!   the larger of the two costs per request.
//!
//! Settings: `CONPAR_BENCH_PROBE_THREADS` (client runtime threads, default 1).

mod common;

use common::env_or;
use conpar::probe::load::LevelPlan;
use conpar::probe::target::parse;
use conpar::probe::{Prober, RequestSpec};
use criterion::{BenchmarkId, Criterion, SamplingMode};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Set in the child that serves.
const SERVE: &str = "CONPAR_BENCH_PROBE_SERVE";

/// The server child: hyper on one tokio thread, `ok` to every request.
fn serve() {
    use http_body_util::Full;
    use hyper::body::Bytes;
    use hyper_util::rt::TokioIo;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    rt.block_on(async {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        println!("{}", l.local_addr().expect("address").port());
        loop {
            let Ok((s, _)) = l.accept().await else {
                continue;
            };
            let _ = s.set_nodelay(true);
            tokio::spawn(async move {
                let svc = hyper::service::service_fn(|_req| async {
                    Ok::<_, std::convert::Infallible>(hyper::Response::new(Full::new(
                        Bytes::from_static(b"ok\n"),
                    )))
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(s), svc)
                    .await;
            });
        }
    });
}

/// The server child, killed on drop.
struct Server(Child, u16);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start() -> Server {
    let mut child = Command::new(std::env::current_exe().expect("this bench"))
        .env(SERVE, "1")
        .stdout(Stdio::piped())
        .stdin(Stdio::null())
        .spawn()
        .expect("the server child starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("piped"))
        .read_line(&mut line)
        .expect("the server says its port");
    let port = line.trim().parse().expect("a port");
    Server(child, port)
}

fn main() {
    if std::env::var_os(SERVE).is_some() {
        serve();
        return;
    }
    let threads: usize = env_or("CONPAR_BENCH_PROBE_THREADS", "1")
        .parse()
        .expect("CONPAR_BENCH_PROBE_THREADS: a number");
    let server = start();
    let target = parse(&format!("http://127.0.0.1:{}/", server.1), false).expect("a target");
    let spec = RequestSpec {
        method: "GET".into(),
        ..RequestSpec::default()
    };
    let prober = Prober::new(target, &spec, threads, Duration::from_secs(10), 1 << 20)
        .expect("the prober starts");
    prober.preflight().expect("the server answers");
    let mut c = Criterion::default().configure_from_args();
    let mut g = c.benchmark_group("probe-http");
    g.sampling_mode(SamplingMode::Flat).sample_size(20);
    for n in [1usize, 16] {
        let level = |iters: u64| {
            prober.level(
                LevelPlan {
                    n,
                    warmup: Duration::ZERO,
                    duration: Duration::from_secs(60),
                    max_requests: iters.max(1),
                },
                None,
            )
        };
        g.bench_with_input(BenchmarkId::new("client-cpu", n), &n, |b, _| {
            b.iter_custom(|iters| Duration::from_nanos(level(iters).client_cpu_ns))
        });
        g.bench_with_input(BenchmarkId::new("wall", n), &n, |b, _| {
            b.iter_custom(|iters| level(iters).window)
        });
    }
    g.finish();
    c.final_summary();
    drop(server);
}
