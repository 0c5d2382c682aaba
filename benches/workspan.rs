//! What `workspan` costs per join: `rayon::join` against `workspan::join`
//! with instrumentation off (no measurement running: one relaxed load more)
//! and on (inside `measure`, real clock: the shadow stack and six clock
//! readings a join). The program is a recursive fib with no work in the
//! leaves, so the time is all joins. All three run on a one-worker rayon
//! pool, the pool `measure` uses, so they differ only by the
//! instrumentation.
//!
//! Criterion times one fib(20) (10 945 joins) per iteration; its throughput
//! line is joins per second, so the time per join is one over it (or the
//! iteration's time divided by 10 945).

use conpar::workspan::{self, Clock, Options};
use criterion::{Criterion, Throughput};
use std::hint::black_box;
use std::time::{Duration, Instant};

const N: u32 = 20;

/// Joins in fib(n): one per call with n ≥ 2, F(n + 1) - 1.
fn joins(n: u32) -> u64 {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..=n {
        (a, b) = (b, a + b);
    }
    a - 1
}

fn fib_rayon(n: u32) -> u64 {
    if n < 2 {
        return n as u64;
    }
    let (a, b) = rayon::join(|| fib_rayon(n - 1), || fib_rayon(n - 2));
    a + b
}

fn fib_workspan(n: u32) -> u64 {
    if n < 2 {
        return n as u64;
    }
    let (a, b) = workspan::join(|| fib_workspan(n - 1), || fib_workspan(n - 2));
    a + b
}

/// `iters` runs of `fib`, timed.
fn timed(iters: u64, fib: fn(u32) -> u64) -> Duration {
    let t = Instant::now();
    for _ in 0..iters {
        black_box(fib(black_box(N)));
    }
    t.elapsed()
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-worker pool");
    let mut g = c.benchmark_group("join per fib(20)");
    g.throughput(Throughput::Elements(joins(N)));
    g.bench_function("rayon::join", |b| {
        b.iter_custom(|iters| pool.install(|| timed(iters, fib_rayon)))
    });
    g.bench_function("workspan::join off", |b| {
        b.iter_custom(|iters| pool.install(|| timed(iters, fib_workspan)))
    });
    let on = Options {
        clock: Clock::Real,
        burden: 0,
    };
    g.bench_function("workspan::join on", |b| {
        b.iter_custom(|iters| {
            workspan::measure_with(on, || timed(iters, fib_workspan))
                .expect("measured")
                .value
        })
    });
    g.finish();
    c.final_summary();
}
