//! Instrumenting your own rayon code with `conpar::workspan`: a parallel
//! mergesort forks through `workspan::join` instead of `rayon::join`.
//!
//! - `workspan::region("sort", …)` marks the parallel part. Run normally it
//!   costs one relaxed load per join; run as
//!   `CONPAR_WORKSPAN=measure CONPAR_WORKSPAN_OUT=regions.jsonl cargo run --release --example workspan`
//!   it is measured and one JSON line per region is appended to the file.
//! - `workspan::measure` measures in-process and hands the profile back.

use conpar::units::Nanos;
use conpar::workspan;

/// Pieces this short are sorted serially.
const GRAIN: usize = 4096;

/// Sorts `v`, using `buf` (as long as `v`) for merging.
fn merge_sort(v: &mut [u64], buf: &mut [u64]) {
    if v.len() <= GRAIN {
        v.sort_unstable();
        return;
    }
    let mid = v.len() / 2;
    {
        let (lo, hi) = v.split_at_mut(mid);
        let (blo, bhi) = buf.split_at_mut(mid);
        workspan::join(|| merge_sort(lo, blo), || merge_sort(hi, bhi));
    }
    merge(&v[..mid], &v[mid..], buf);
    v.copy_from_slice(buf);
}

/// Merges the sorted `a` and `b` into `out`, serially.
fn merge(a: &[u64], b: &[u64], out: &mut [u64]) {
    let (mut i, mut j) = (0, 0);
    for o in out.iter_mut() {
        if j == b.len() || (i < a.len() && a[i] <= b[j]) {
            *o = a[i];
            i += 1;
        } else {
            *o = b[j];
            j += 1;
        }
    }
}

/// `n` pseudo-random numbers (a fixed xorshift, so every run sorts the same).
fn numbers(n: usize) -> Vec<u64> {
    let mut x = 0x2545_F491_4F6C_DD1D_u64;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        })
        .collect()
}

fn sort(mut v: Vec<u64>) -> Vec<u64> {
    let mut buf = vec![0; v.len()];
    merge_sort(&mut v, &mut buf);
    v
}

fn main() {
    let n = 1 << 20;
    // As a user binary: measured only when CONPAR_WORKSPAN=measure.
    let sorted = workspan::region("sort", || sort(numbers(n)));
    assert!(sorted.windows(2).all(|w| w[0] <= w[1]));
    println!("sorted {n} numbers");

    // In-process: the profile comes back.
    let m = match workspan::measure(|| sort(numbers(n))) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("not measured: {e}");
            std::process::exit(1);
        }
    };
    assert_eq!(m.value, sorted);
    let p = m.profile;
    println!(
        "work {}, span {}: parallelism {:.1}",
        Nanos(p.work as f64),
        Nanos(p.span as f64),
        p.parallelism()
    );
    println!(
        "burdened span {} ({} per spawn, {} spawns): burdened parallelism {:.1}",
        Nanos(p.burdened_span as f64),
        Nanos(p.burden as f64),
        p.spawns,
        p.burdened_parallelism()
    );
    let cores = conpar::measure::allowed_cpus().len();
    let b = p.bounds(cores);
    println!(
        "at {cores} allowed CPUs: speedup at most {:.2}, Brent {:.2}, burdened {:.2}",
        b.upper, b.brent, b.burdened
    );
}
