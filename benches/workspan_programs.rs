//! The shipped fork-join programs of `conpar workspan` under criterion, at
//! every default core count (powers of two up to the allowed CPUs, and their
//! count), each followed by its measured speedups beside the upper bound and
//! Brent's from its work and span (`conpar::workspan_run::bench::Scaling`).
//!
//! Settings (environment variables, since criterion refuses unknown flags):
//! - `CONPAR_BENCH_PROGRAMS`: comma-separated programs (default all six);
//! - `CONPAR_BENCH_SIZE`: a size as `conpar workspan --size` takes it
//!   (default `0.05`: a twentieth of the shipped work).
//!
//! One iteration is one run of the program, its input restored first (the
//! sorts copy their input back): that copy is timed at every count alike.

use conpar::workspan::programs::{Instance, Program, Size};
use conpar::workspan_run::bench::Scaling;
use criterion::{BenchmarkId, Criterion};
use std::sync::Mutex;
use std::time::Duration;

fn programs() -> Vec<Program> {
    match std::env::var("CONPAR_BENCH_PROGRAMS") {
        Ok(v) => v
            .split(',')
            .map(|s| {
                s.trim()
                    .parse()
                    .unwrap_or_else(|e| panic!("CONPAR_BENCH_PROGRAMS: {e}"))
            })
            .collect(),
        Err(_) => Program::ALL.to_vec(),
    }
}

fn size() -> Size {
    std::env::var("CONPAR_BENCH_SIZE")
        .map(|s| {
            s.parse()
                .unwrap_or_else(|e| panic!("CONPAR_BENCH_SIZE: {e}"))
        })
        .unwrap_or(Size::Times(0.05))
}

fn once(inst: &Mutex<Box<dyn Instance>>) {
    let mut g = inst.lock().unwrap_or_else(|e| e.into_inner());
    g.reset();
    g.run();
}

fn bench(c: &mut Criterion) {
    let mut tables = Vec::new();
    for p in programs() {
        let inst = Mutex::new(p.prepare(size()).expect("the bench size fits"));
        let s = Scaling::new(|| once(&inst)).expect("work and span measured");
        let mut g = c.benchmark_group(format!("workspan/{p}"));
        g.sample_size(10).measurement_time(Duration::from_secs(3));
        for cores in s.counts() {
            g.bench_with_input(BenchmarkId::from_parameter(cores), &cores, |b, &k| {
                b.iter_custom(|n| s.time(k, n, || once(&inst)))
            });
        }
        g.finish();
        inst.lock()
            .unwrap_or_else(|e| e.into_inner())
            .check()
            .unwrap_or_else(|e| panic!("{e}"));
        tables.push(format!("{p}\n{}", s.table()));
    }
    println!("\nmeasured against predicted from work and span:\n");
    for t in tables {
        println!("{t}");
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
