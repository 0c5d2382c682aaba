//! The closed-loop load of one level: N clients, each with one connection
//! and one request in flight, sending the next as soon as the last is
//! answered. After the warm-up, completions are counted and timed for the
//! level's duration or until its request cap, while the server's CPU time and
//! this process's are sampled at both ends of that window.
//!
//! Every call, connect included, has one deadline; a level ends at its
//! duration plus a short grace for requests in flight. Every request is
//! accounted for: a failure from the start of the window on counts (in the
//! grace too), and a request still unanswered after the grace is abandoned
//! and counted as a timeout of the level (`unanswered`). Timed-out and
//! unanswered requests enter the latency histogram censored at the deadline:
//! their latency is known only to be at least that long. A level whose every
//! recent request failed ends early with the failure. It measures; it does
//! not judge what the numbers mean.

use super::conn::{Conn, Failure, Request};
use super::procfs::{Usage, host_idle_ns, sample};
use super::sockets::{TcpExt, accept_queue, netstat};
use super::target::Target;
use crate::measure::process_cpu_ns;
use crate::results::probe::Wrong;
use hdrhistogram::Histogram;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// Longest grace for requests in flight when a level ends.
pub(super) const GRACE: Duration = Duration::from_secs(2);
/// Pause after a failed request before the client tries again, so a dead
/// server is not hammered with connection attempts.
const BACKOFF: Duration = Duration::from_millis(10);
/// How often the target's accept queue is read during a level.
const QUEUE_EVERY: Duration = Duration::from_millis(100);
/// Latencies a retransmitted SYN gives: its first retransmission after 1 s,
/// then 2 s and 4 s more, plus a little for the answer itself, ns.
const SYN_RETRIES: [(u64, u64); 3] = [
    (1_000_000_000, 1_250_000_000),
    (3_000_000_000, 3_400_000_000),
    (7_000_000_000, 7_600_000_000),
];
/// Lowest and highest latency the histogram holds, ns (1 µs to 1,000 s).
pub(super) const HIST_LOW: u64 = 1_000;
pub(super) const HIST_HIGH: u64 = 1_000_000_000_000;

/// What every client of a run shares.
#[derive(Debug)]
pub struct Ctx {
    pub target: Target,
    /// What each client repeats.
    pub request: Request,
    /// Bytes one answer may bring.
    pub max_response: u64,
    /// Longest one request may take, connect included.
    pub timeout: Duration,
}

/// One level's settings.
#[derive(Debug, Clone, Copy)]
pub struct LevelPlan {
    pub n: usize,
    /// Unmeasured time first.
    pub warmup: Duration,
    /// Measured time.
    pub duration: Duration,
    /// Most measured requests.
    pub max_requests: u64,
}

/// What one level measured.
#[derive(Debug)]
pub struct LevelOutcome {
    pub n: usize,
    /// Completed in the window.
    pub requests: u64,
    /// Failed from the window's start on (timeouts excluded).
    pub errors: u64,
    /// Past their deadline from the window's start on, or unanswered at the end.
    pub timeouts: u64,
    /// Of the timeouts, requests still unanswered when the level ended.
    pub unanswered: u64,
    /// Latencies in `hist` recorded at the deadline (timeouts), not measured.
    pub censored: u64,
    /// Connections opened in the whole level.
    pub connects: u64,
    /// The measured window.
    pub window: Duration,
    /// Latencies of the completed requests and, censored at the deadline,
    /// of the timed-out ones, ns.
    pub hist: Histogram<u64>,
    /// The sum of the completed requests' latencies, ns.
    pub latency_sum_ns: u64,
    /// What the server tree used over the window.
    pub server: Option<Usage>,
    /// The host's idle CPU time over the window, ns.
    pub host_idle_ns: Option<u64>,
    /// This process's CPU time over the window, ns.
    pub client_cpu_ns: u64,
    /// The first failure of the level.
    pub first_error: Option<Failure>,
    /// What the host's `TcpExt` counters rose by over the level.
    pub tcp: Option<TcpExt>,
    /// Most connections seen in the target's accept queue.
    pub accept_queue: Option<u64>,
    /// Answered requests whose latency lay where SYN retransmissions put it.
    pub syn_retry_latencies: u64,
    /// Why the level ended early (every recent request failed).
    pub aborted: Option<Failure>,
}

struct Shared {
    hist: Mutex<Histogram<u64>>,
    measuring: AtomicBool,
    stop: AtomicBool,
    measured: AtomicU64,
    errors: AtomicU64,
    timeouts: AtomicU64,
    in_flight: AtomicU64,
    connects: AtomicU64,
    latency_sum: AtomicU64,
    syn_like: AtomicU64,
    failing: AtomicU64,
    fail_limit: u64,
    max_requests: u64,
    first_error: Mutex<Option<Failure>>,
    aborted: Mutex<Option<Failure>>,
    done: Notify,
}

impl Shared {
    fn in_window(&self) -> bool {
        self.measuring.load(Relaxed) && !self.stop.load(Relaxed)
    }

    fn finish(&self) {
        self.stop.store(true, Relaxed);
        self.done.notify_one();
    }

    /// Failures count from the window's start on, the grace included: a
    /// request sent in the window and failing after it still failed there.
    fn counts_failures(&self) -> bool {
        self.measuring.load(Relaxed)
    }

    /// A timeout's latency, known only to be at least the deadline.
    fn censor(&self, deadline: Duration) {
        if let Ok(mut h) = self.hist.lock() {
            h.saturating_record((deadline.as_nanos() as u64).max(HIST_LOW));
        }
    }

    fn succeeded(&self, ns: u64) {
        self.failing.store(0, Relaxed);
        if !self.in_window() {
            return;
        }
        if let Ok(mut h) = self.hist.lock() {
            h.saturating_record(ns.max(HIST_LOW));
        }
        self.latency_sum.fetch_add(ns, Relaxed);
        if SYN_RETRIES.iter().any(|&(lo, hi)| (lo..hi).contains(&ns)) {
            self.syn_like.fetch_add(1, Relaxed);
        }
        if self.measured.fetch_add(1, Relaxed) + 1 >= self.max_requests {
            self.finish();
        }
    }

    fn failed(&self, f: Failure, deadline: Duration) {
        if self.counts_failures() {
            if f == Failure::Timeout {
                self.timeouts.fetch_add(1, Relaxed);
                self.censor(deadline);
            } else {
                self.errors.fetch_add(1, Relaxed);
            }
        }
        if let Ok(mut first) = self.first_error.lock() {
            first.get_or_insert_with(|| f.clone());
        }
        if self.failing.fetch_add(1, Relaxed) + 1 >= self.fail_limit {
            if let Ok(mut a) = self.aborted.lock() {
                a.get_or_insert(f);
            }
            self.finish();
        }
    }
}

/// One request on `conn`, opening it first when there is none or the
/// server closed it; a stale kept-alive connection is replaced once. Every
/// connection opened is counted in `connects`.
pub(super) async fn one(
    conn: &mut Option<Conn>,
    ctx: &Ctx,
    connects: &AtomicU64,
) -> Result<(), Failure> {
    for attempt in 0..2 {
        let c = match conn {
            Some(c) if !c.is_closed() => c,
            _ => {
                connects.fetch_add(1, Relaxed);
                conn.insert(Conn::open(&ctx.target, &ctx.request, ctx.max_response).await?)
            }
        };
        match c.call(&ctx.target, &ctx.request, ctx.max_response).await {
            Err(Failure::Stale) if attempt == 0 => *conn = None,
            Err(Failure::Stale) => {
                return Err(Failure::Broken(Wrong::KeepsClosing.into()));
            }
            Ok(opened) => {
                connects.fetch_add(opened, Relaxed);
                return Ok(());
            }
            Err(e) => return Err(e),
        }
    }
    unreachable!("the loop returns on its second attempt")
}

/// One client: requests back to back until the level stops; its open
/// connection, kept open by the level until every client is done, so a
/// server that serves one connection at a time is not freed for the others.
async fn client(sh: Arc<Shared>, ctx: Arc<Ctx>) -> Option<Conn> {
    let mut conn: Option<Conn> = None;
    while !sh.stop.load(Relaxed) {
        let t0 = Instant::now();
        // Left raised when the level abandons this client mid-request.
        sh.in_flight.fetch_add(1, Relaxed);
        let r = tokio::time::timeout(ctx.timeout, one(&mut conn, &ctx, &sh.connects)).await;
        sh.in_flight.fetch_sub(1, Relaxed);
        match r {
            Ok(Ok(())) => sh.succeeded(t0.elapsed().as_nanos() as u64),
            Ok(Err(f)) => {
                conn = None;
                sh.failed(f, ctx.timeout);
                tokio::time::sleep(BACKOFF).await;
            }
            Err(_) => {
                conn = None;
                sh.failed(Failure::Timeout, ctx.timeout);
            }
        }
    }
    conn
}

/// The most connections seen in `port`'s accept queue, read every
/// `QUEUE_EVERY` until the level stops (None: no listening socket on this
/// host).
async fn watch_queue(sh: Arc<Shared>, port: u16) -> Option<u64> {
    let mut most: Option<u64> = None;
    while !sh.stop.load(Relaxed) {
        // /proc/net/tcp lists every socket on the host (thousands in
        // TIME_WAIT after a busy level): read it off the clients' threads.
        let q = tokio::task::spawn_blocking(move || accept_queue(port))
            .await
            .ok()
            .flatten();
        if let Some(q) = q {
            most = Some(most.unwrap_or(0).max(q));
        }
        tokio::time::sleep(QUEUE_EVERY).await;
    }
    most
}

/// Waits up to `grace` for the clients to finish their requests, then
/// abandons the rest; how many requests they left unanswered. Every
/// client's connection stays open until then.
async fn settle(
    tasks: Vec<tokio::task::JoinHandle<Option<Conn>>>,
    sh: &Shared,
    grace: Duration,
) -> u64 {
    let _ = tokio::time::timeout(grace, async {
        for t in &tasks {
            while !t.is_finished() {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
    })
    .await;
    let mut open = Vec::with_capacity(tasks.len());
    for t in tasks {
        t.abort();
        open.push(t.await.ok().flatten());
    }
    // Every abandoned client left its request counted in flight.
    sh.in_flight.load(Relaxed)
}

/// Sleeps `d` or until the level is stopped.
async fn wait_or_stop(sh: &Shared, d: Duration) {
    if sh.stop.load(Relaxed) {
        return;
    }
    tokio::select! {
        _ = tokio::time::sleep(d) => {}
        _ = sh.done.notified() => {}
    }
}

/// Runs one level against `ctx`, sampling `server`'s tree when given.
pub async fn level(ctx: Arc<Ctx>, plan: LevelPlan, server: Option<u32>) -> LevelOutcome {
    let hist = Histogram::new_with_bounds(HIST_LOW, HIST_HIGH, 3).expect("valid histogram bounds");
    let sh = Arc::new(Shared {
        hist: Mutex::new(hist),
        measuring: AtomicBool::new(false),
        stop: AtomicBool::new(false),
        measured: AtomicU64::new(0),
        errors: AtomicU64::new(0),
        timeouts: AtomicU64::new(0),
        in_flight: AtomicU64::new(0),
        connects: AtomicU64::new(0),
        latency_sum: AtomicU64::new(0),
        syn_like: AtomicU64::new(0),
        failing: AtomicU64::new(0),
        fail_limit: (2 * plan.n as u64).max(20),
        max_requests: plan.max_requests,
        first_error: Mutex::new(None),
        aborted: Mutex::new(None),
        done: Notify::new(),
    });
    let tcp0 = netstat();
    let queue = tokio::spawn(watch_queue(sh.clone(), ctx.target.addr.port()));
    let tasks: Vec<_> = (0..plan.n)
        .map(|_| tokio::spawn(client(sh.clone(), ctx.clone())))
        .collect();
    wait_or_stop(&sh, plan.warmup).await;
    let (s0, i0) = (server.and_then(sample), host_idle_ns());
    let (c0, t0) = (process_cpu_ns(), Instant::now());
    sh.measuring.store(true, Relaxed);
    wait_or_stop(&sh, plan.duration).await;
    sh.stop.store(true, Relaxed);
    let (c1, window) = (process_cpu_ns(), t0.elapsed());
    let (s1, i1) = (server.and_then(sample), host_idle_ns());
    let unanswered = settle(tasks, &sh, ctx.timeout.min(GRACE)).await;
    // The watcher ends at its next look, the level being stopped.
    let accept_queue = tokio::time::timeout(3 * QUEUE_EVERY, queue)
        .await
        .ok()
        .and_then(Result::ok)
        .flatten();
    let tcp = tcp0.zip(netstat()).map(|(a, b)| a.until(&b));
    for _ in 0..unanswered {
        sh.censor(ctx.timeout);
    }
    let take = |m: &Mutex<Option<Failure>>| m.lock().ok().and_then(|mut g| g.take());
    let hist = sh
        .hist
        .lock()
        .map(|h| h.clone())
        .unwrap_or_else(|e| e.into_inner().clone());
    LevelOutcome {
        n: plan.n,
        requests: sh.measured.load(Relaxed),
        errors: sh.errors.load(Relaxed),
        timeouts: sh.timeouts.load(Relaxed) + unanswered,
        unanswered,
        censored: sh.timeouts.load(Relaxed) + unanswered,
        connects: sh.connects.load(Relaxed),
        window,
        hist,
        latency_sum_ns: sh.latency_sum.load(Relaxed),
        server: s0.zip(s1).map(|(a, b)| a.until(&b)),
        host_idle_ns: i0.zip(i1).map(|(a, b)| b.saturating_sub(a)),
        client_cpu_ns: c1.saturating_sub(c0),
        first_error: take(&sh.first_error),
        aborted: take(&sh.aborted),
        tcp,
        accept_queue,
        syn_retry_latencies: sh.syn_like.load(Relaxed),
    }
}
