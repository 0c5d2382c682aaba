//! One open-loop step: requests leave on a fixed schedule, whatever became
//! of the ones before, through a bounded pool of connections (one request
//! in flight on each). A request waits for a free connection when every one
//! is busy; its latency is still counted from its intended send time, so a
//! stall is charged to every request due during it (the correction for
//! coordinated omission), and from its real send time too, for comparison.
//!
//! Requests due during the warm-up are sent but not counted. A request due
//! in the window that had not left when the window ended is dropped, and
//! counted so. Every request has one deadline from its send; a timed-out one
//! enters both histograms censored at the deadline, and one still in flight
//! after the grace is abandoned and counted as a timeout, as the closed
//! loop does. A step whose every recent request failed ends early.

use super::schedule::{Lateness, Schedule, Send};
use crate::probe::conn::{Conn, Failure};
use crate::probe::load::{Ctx, GRACE, HIST_HIGH, HIST_LOW, one};
use hdrhistogram::Histogram;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};

/// The connections not in flight, the last handed back on top (warm ones
/// first, so a low rate keeps few open), and the signal that one came back.
type Pool = Arc<(Mutex<Vec<Option<Conn>>>, Condvar)>;

/// A connection from `pool`, waiting at most `limit` for one.
fn take(pool: &Pool, limit: Duration) -> Option<Option<Conn>> {
    let (m, cv) = &**pool;
    let g = m.lock().unwrap_or_else(|e| e.into_inner());
    let (mut g, _) = cv
        .wait_timeout_while(g, limit, |v| v.is_empty())
        .unwrap_or_else(|e| e.into_inner());
    g.pop()
}

fn give_back(pool: &Pool, conn: Option<Conn>) {
    let (m, cv) = &**pool;
    m.lock().unwrap_or_else(|e| e.into_inner()).push(conn);
    cv.notify_one();
}
use std::sync::Condvar;
use std::time::{Duration, Instant};

/// One step's settings.
#[derive(Debug, Clone, Copy)]
pub struct StepPlan {
    /// Requests per second.
    pub rate: f64,
    /// Unmeasured time first.
    pub warmup: Duration,
    /// Measured time.
    pub duration: Duration,
    /// Connections, each with at most one request in flight.
    pub max_in_flight: usize,
}

/// What one step measured (counts are of requests due in the window).
#[derive(Debug)]
pub struct StepOutcome {
    /// The plan.
    pub plan: StepPlan,
    /// Due in the window.
    pub scheduled: u64,
    /// Of those, sent.
    pub sent: u64,
    /// Answered.
    pub answered: u64,
    /// Failed.
    pub errors: u64,
    /// Timed out, or unanswered at the end.
    pub timeouts: u64,
    /// Of the timeouts, unanswered at the end.
    pub unanswered: u64,
    /// Sent late for want of a connection.
    pub late_pool: u64,
    /// Sent late with a connection free.
    pub late_client: u64,
    /// Longest lag of a send, ns.
    pub lag_max_ns: u64,
    /// Most requests in flight at once.
    pub in_flight_max: u64,
    /// Connections opened.
    pub connects: u64,
    /// Latencies from the intended send times, ns.
    pub corrected: Histogram<u64>,
    /// Latencies from the real send times, ns.
    pub uncorrected: Histogram<u64>,
    /// The first failure.
    pub first_error: Option<Failure>,
    /// Why the step ended early (every recent request failed).
    pub aborted: Option<Failure>,
}

struct Shared {
    hists: Mutex<(Histogram<u64>, Histogram<u64>)>,
    answered: AtomicU64,
    errors: AtomicU64,
    timeouts: AtomicU64,
    measured_in_flight: AtomicU64,
    in_flight: AtomicU64,
    connects: AtomicU64,
    failing: AtomicU64,
    fail_limit: u64,
    stop: AtomicBool,
    first_error: Mutex<Option<Failure>>,
    aborted: Mutex<Option<Failure>>,
}

impl Shared {
    fn record(&self, (corrected, uncorrected): (u64, u64)) {
        if let Ok(mut h) = self.hists.lock() {
            h.0.saturating_record(corrected.max(HIST_LOW));
            h.1.saturating_record(uncorrected.max(HIST_LOW));
        }
    }

    fn failed(&self, f: Failure, measured: bool, censored: Option<(u64, u64)>) {
        if measured {
            match censored {
                Some(c) => {
                    self.timeouts.fetch_add(1, Relaxed);
                    self.record(c);
                }
                None => {
                    self.errors.fetch_add(1, Relaxed);
                }
            }
        }
        if let Ok(mut first) = self.first_error.lock() {
            first.get_or_insert_with(|| f.clone());
        }
        if self.failing.fetch_add(1, Relaxed) + 1 >= self.fail_limit {
            if let Ok(mut a) = self.aborted.lock() {
                a.get_or_insert(f);
            }
            self.stop.store(true, Relaxed);
        }
    }
}

/// One request on a pooled connection, handed back to the pool after.
async fn request(
    ctx: Arc<Ctx>,
    sh: Arc<Shared>,
    mut conn: Option<Conn>,
    send: Send,
    t0: Instant,
    measured: bool,
    pool: Pool,
) {
    let r = tokio::time::timeout(ctx.timeout, one(&mut conn, &ctx, &sh.connects)).await;
    let done = t0.elapsed().as_nanos() as u64;
    match r {
        Ok(Ok(())) => {
            sh.failing.store(0, Relaxed);
            if measured {
                sh.answered.fetch_add(1, Relaxed);
                sh.record(send.latencies(done));
            }
        }
        Ok(Err(f)) => {
            conn = None;
            sh.failed(f, measured, None);
        }
        Err(_) => {
            conn = None;
            let deadline = ctx.timeout.as_nanos() as u64;
            sh.failed(Failure::Timeout, measured, Some(send.censored(deadline)));
        }
    }
    if measured {
        sh.measured_in_flight.fetch_sub(1, Relaxed);
    }
    sh.in_flight.fetch_sub(1, Relaxed);
    give_back(&pool, conn);
}

/// Counts of the dispatcher's own.
#[derive(Default)]
struct Sends {
    sent: u64,
    late_pool: u64,
    late_client: u64,
    lag_max_ns: u64,
    in_flight_max: u64,
}

/// Sends every request due before `end_ns` on the schedule, each on a
/// connection from the pool, until the window ends or the step is stopped.
/// It runs on the caller's thread, not the runtime's: it sleeps with the
/// operating system's timer (tens of microseconds), where the runtime's
/// ticks every millisecond and would add up to that to every latency.
fn dispatch(
    ctx: &Arc<Ctx>,
    sh: &Arc<Shared>,
    plan: &StepPlan,
    t0: Instant,
    rt: &tokio::runtime::Handle,
    tasks: &mut tokio::task::JoinSet<()>,
) -> Sends {
    let sched = Schedule {
        rate: plan.rate,
        offset_ns: 0,
    };
    let start_ns = plan.warmup.as_nanos() as u64;
    let end_ns = start_ns + plan.duration.as_nanos() as u64;
    let pool: Pool = Arc::new((
        Mutex::new((0..plan.max_in_flight).map(|_| None).collect()),
        Condvar::new(),
    ));
    let mut out = Sends::default();
    let now = || t0.elapsed().as_nanos() as u64;
    let mut last_sent = 0;
    for i in 0.. {
        let intended = sched.due(i);
        let ready = intended.max(last_sent);
        if intended >= end_ns || sh.stop.load(Relaxed) {
            break;
        }
        let woke = match intended.checked_sub(now()) {
            Some(wait) if wait > 0 => {
                std::thread::sleep(Duration::from_nanos(wait));
                now()
            }
            _ => now(),
        };
        let Some(left) = end_ns.checked_sub(woke).filter(|&l| l > 0) else {
            break;
        };
        let Some(conn) = take(&pool, Duration::from_nanos(left)) else {
            break;
        };
        let send = Send {
            intended,
            ready,
            woke,
            sent: now(),
        };
        last_sent = send.sent;
        let measured = intended >= start_ns;
        let flying = sh.in_flight.fetch_add(1, Relaxed) + 1;
        if measured {
            sh.measured_in_flight.fetch_add(1, Relaxed);
            out.sent += 1;
            out.lag_max_ns = out.lag_max_ns.max(send.lag());
            out.in_flight_max = out.in_flight_max.max(flying);
            match send.lateness() {
                Lateness::OnTime => {}
                Lateness::Pool => out.late_pool += 1,
                Lateness::Client => out.late_client += 1,
            }
        }
        let task = request(
            ctx.clone(),
            sh.clone(),
            conn,
            send,
            t0,
            measured,
            pool.clone(),
        );
        tasks.spawn_on(task, rt);
        while tasks.try_join_next().is_some() {}
    }
    out
}

/// Runs one step against `ctx`, its requests on `rt`, its schedule on the
/// calling thread.
pub fn step(rt: &tokio::runtime::Runtime, ctx: Arc<Ctx>, plan: StepPlan) -> StepOutcome {
    let hist = || Histogram::new_with_bounds(HIST_LOW, HIST_HIGH, 3).expect("valid bounds");
    let sh = Arc::new(Shared {
        hists: Mutex::new((hist(), hist())),
        answered: AtomicU64::new(0),
        errors: AtomicU64::new(0),
        timeouts: AtomicU64::new(0),
        measured_in_flight: AtomicU64::new(0),
        in_flight: AtomicU64::new(0),
        connects: AtomicU64::new(0),
        failing: AtomicU64::new(0),
        fail_limit: (2 * plan.max_in_flight as u64).clamp(20, 200),
        stop: AtomicBool::new(false),
        first_error: Mutex::new(None),
        aborted: Mutex::new(None),
    });
    let mut tasks = tokio::task::JoinSet::new();
    let t0 = Instant::now();
    // The schedule's sleeps end within a microsecond or so of their due
    // times, not the kernel's default 50 µs late, which the corrected
    // latencies would count as the server's.
    let slack = crate::measure::set_timer_slack_ns(1_000);
    let sends = dispatch(&ctx, &sh, &plan, t0, rt.handle(), &mut tasks);
    if let Some(old) = slack {
        crate::measure::set_timer_slack_ns(old);
    }
    let grace = ctx.timeout.min(GRACE);
    rt.block_on(async {
        let _ = tokio::time::timeout(grace, async {
            while sh.measured_in_flight.load(Relaxed) > 0 {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
        .await;
        tasks.abort_all();
        while tasks.join_next().await.is_some() {}
    });
    // Every abandoned request left itself counted in flight.
    let unanswered = sh.measured_in_flight.load(Relaxed);
    let deadline = ctx.timeout.as_nanos() as u64;
    for _ in 0..unanswered {
        sh.record((deadline, deadline));
    }
    let sched = Schedule {
        rate: plan.rate,
        offset_ns: 0,
    };
    let start_ns = plan.warmup.as_nanos() as u64;
    let end_ns = start_ns + plan.duration.as_nanos() as u64;
    let before = |t: u64| if t == 0 { 0 } else { sched.due_by(t - 1) };
    let scheduled = before(end_ns) - before(start_ns);
    let take = |m: &Mutex<Option<Failure>>| m.lock().ok().and_then(|mut g| g.take());
    let (corrected, uncorrected) = sh
        .hists
        .lock()
        .map(|h| h.clone())
        .unwrap_or_else(|e| e.into_inner().clone());
    StepOutcome {
        plan,
        scheduled,
        sent: sends.sent,
        answered: sh.answered.load(Relaxed),
        errors: sh.errors.load(Relaxed),
        timeouts: sh.timeouts.load(Relaxed) + unanswered,
        unanswered,
        late_pool: sends.late_pool,
        late_client: sends.late_client,
        lag_max_ns: sends.lag_max_ns,
        in_flight_max: sends.in_flight_max,
        connects: sh.connects.load(Relaxed),
        corrected,
        uncorrected,
        first_error: take(&sh.first_error),
        aborted: take(&sh.aborted),
    }
}
