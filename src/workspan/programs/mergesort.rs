//! Merge sort of u64 with a **parallel merge**: the halves are sorted in
//! parallel, then merged by splitting the larger run at its middle, finding
//! that value's place in the other by binary search, and merging the two
//! pairs of pieces in parallel. Work Θ(n log n), span Θ(log³ n): ample
//! parallelism. (A serial merge would make the top merge alone Θ(n) and the
//! parallelism Θ(log n).)

use super::{Instance, ProgramError, alloc, check_sorted, random, scaled};
use crate::workspan::join;

/// Elements at size 1.
const N: usize = 10_000_000;
/// Runs this short are sorted serially.
const SORT_CUTOFF: usize = 4096;
/// Merges this short are serial.
const MERGE_CUTOFF: usize = 8192;

pub(super) struct Mergesort {
    input: Vec<u64>,
    data: Vec<u64>,
    buf: Vec<u64>,
}

impl Mergesort {
    pub(super) fn new(factor: f64) -> Result<Mergesort, ProgramError> {
        let n = scaled(N, factor);
        Ok(Mergesort {
            input: alloc("mergesort", n, random)?,
            data: alloc("mergesort", n, |_| 0)?,
            buf: alloc("mergesort", n, |_| 0)?,
        })
    }
}

/// Sorts `v`, using `buf` (as long) as scratch.
fn sort(v: &mut [u64], buf: &mut [u64]) {
    if v.len() <= SORT_CUTOFF {
        v.sort_unstable();
        return;
    }
    let mid = v.len() / 2;
    {
        let (a, b) = v.split_at_mut(mid);
        let (ba, bb) = buf.split_at_mut(mid);
        join(|| sort(a, ba), || sort(b, bb));
    }
    merge(&v[..mid], &v[mid..], buf);
    v.copy_from_slice(buf);
}

/// Merges the sorted `a` and `b` into `out` (`a.len() + b.len()` long).
fn merge(a: &[u64], b: &[u64], out: &mut [u64]) {
    if a.len() + b.len() <= MERGE_CUTOFF {
        serial_merge(a, b, out);
        return;
    }
    let (a, b) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let ma = a.len() / 2;
    let mb = b.partition_point(|x| *x < a[ma]);
    let (lo, hi) = out.split_at_mut(ma + mb);
    join(
        || merge(&a[..ma], &b[..mb], lo),
        || merge(&a[ma..], &b[mb..], hi),
    );
}

fn serial_merge(a: &[u64], b: &[u64], out: &mut [u64]) {
    let (mut i, mut j) = (0, 0);
    for o in out.iter_mut() {
        if j >= b.len() || (i < a.len() && a[i] <= b[j]) {
            *o = a[i];
            i += 1;
        } else {
            *o = b[j];
            j += 1;
        }
    }
}

impl Instance for Mergesort {
    fn reset(&mut self) {
        self.data.copy_from_slice(&self.input);
    }
    fn run(&mut self) {
        sort(&mut self.data, &mut self.buf);
    }
    fn check(&self) -> Result<(), ProgramError> {
        check_sorted("mergesort", &self.input, &self.data)
    }
    fn describe(&self) -> String {
        format!("{} u64, parallel merge", self.input.len())
    }
    fn footprint(&self) -> u64 {
        3 * 8 * self.input.len() as u64
    }
}
