//! Quicksort of u64 with a **serial partition**: each level partitions its
//! whole range on one strand before the two sides are sorted in parallel.
//! Work Θ(n log n), span Θ(n) (n + n/2 + … with balanced pivots, a few n
//! with random ones): parallelism Θ(log n), a handful at 10⁷ elements. The
//! span, not the core count, bounds its speedup.

use super::{Instance, ProgramError, alloc, check_sorted, random, scaled};
use crate::workspan::join;

/// Elements at size 1.
const N: usize = 10_000_000;
/// Ranges this short are sorted serially.
const CUTOFF: usize = 4096;

pub(super) struct Quicksort {
    input: Vec<u64>,
    data: Vec<u64>,
}

impl Quicksort {
    pub(super) fn new(factor: f64) -> Result<Quicksort, ProgramError> {
        let n = scaled(N, factor);
        Ok(Quicksort {
            input: alloc("quicksort", n, random)?,
            data: alloc("quicksort", n, |_| 0)?,
        })
    }
}

fn sort(v: &mut [u64]) {
    if v.len() <= CUTOFF {
        v.sort_unstable();
        return;
    }
    let p = partition(v);
    let (a, b) = v.split_at_mut(p);
    join(|| sort(a), || sort(&mut b[1..]));
}

/// Lomuto's partition around the median of three; the pivot ends at the
/// index returned, smaller values before it, the others after.
fn partition(v: &mut [u64]) -> usize {
    let last = v.len() - 1;
    let mid = v.len() / 2;
    if v[mid] < v[0] {
        v.swap(mid, 0);
    }
    if v[last] < v[0] {
        v.swap(last, 0);
    }
    if v[mid] < v[last] {
        v.swap(mid, last);
    }
    let pivot = v[last];
    let mut store = 0;
    for i in 0..last {
        if v[i] < pivot {
            v.swap(i, store);
            store += 1;
        }
    }
    v.swap(store, last);
    store
}

impl Instance for Quicksort {
    fn reset(&mut self) {
        self.data.copy_from_slice(&self.input);
    }
    fn run(&mut self) {
        sort(&mut self.data);
    }
    fn check(&self) -> Result<(), ProgramError> {
        check_sorted("quicksort", &self.input, &self.data)
    }
    fn describe(&self) -> String {
        format!("{} u64, serial partition", self.input.len())
    }
    fn footprint(&self) -> u64 {
        2 * 8 * self.input.len() as u64
    }
}
