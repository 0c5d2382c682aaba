//! Merge sort of u64 with a **parallel merge**: the halves are sorted in
//! parallel, then merged by splitting the larger run at its middle, finding
//! that value's place in the other by binary search, and merging the two
//! pairs of pieces in parallel; the levels alternate between the array and
//! a buffer, so nothing is copied back on one strand. Work Θ(n log n), span
//! Θ(log³ n): ample parallelism. (A serial merge would make the top merge
//! alone Θ(n) and the parallelism Θ(log n).)

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

/// Sorts `v`'s values into `v` (`into_buf` false) or into `buf` (true),
/// the other used as scratch: the levels alternate between the two, so no
/// level copies its whole range back on one strand.
fn sort(v: &mut [u64], buf: &mut [u64], into_buf: bool) {
    if v.len() <= SORT_CUTOFF {
        v.sort_unstable();
        if into_buf {
            buf.copy_from_slice(v);
        }
        return;
    }
    let mid = v.len() / 2;
    let (a, b) = v.split_at_mut(mid);
    let (ba, bb) = buf.split_at_mut(mid);
    // The halves land where this level's merge reads them: in the other buffer.
    join(|| sort(a, ba, !into_buf), || sort(b, bb, !into_buf));
    if into_buf {
        merge(a, b, buf);
    } else {
        merge(ba, bb, v);
    }
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
        sort(&mut self.data, &mut self.buf, false);
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
