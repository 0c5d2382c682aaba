//! A sum over an array bigger than the caches, `ROUNDS` times, by
//! divide-and-conquer map-reduce. Work Θ(n), span Θ(grain + log n):
//! parallelism in the thousands, yet memory-bound: cores share the memory
//! bus, so its speedup stops where the bandwidth does, not where the span
//! says.

use super::{Instance, ProgramError, alloc, scaled};
use crate::workspan::map_reduce;

/// Elements at size 1 (128 MiB of u64).
const N: usize = 1 << 24;
/// Sums per run.
const ROUNDS: u64 = 16;
/// Elements per leaf.
const GRAIN: usize = 1 << 15;

pub(super) struct Reduce {
    data: Vec<u64>,
    result: u64,
}

impl Reduce {
    pub(super) fn new(factor: f64) -> Result<Reduce, ProgramError> {
        let n = scaled(N, factor);
        Ok(Reduce {
            data: alloc("reduce", n, |i| i as u64)?,
            result: 0,
        })
    }
}

impl Instance for Reduce {
    fn reset(&mut self) {
        self.result = 0;
    }
    fn run(&mut self) {
        let d = &self.data;
        let mut total = 0u64;
        for _ in 0..ROUNDS {
            let s = map_reduce(
                0..d.len(),
                GRAIN,
                |r| d[r].iter().fold(0u64, |a, &x| a.wrapping_add(x)),
                u64::wrapping_add,
            );
            total = total.wrapping_add(std::hint::black_box(s));
        }
        self.result = total;
    }
    fn check(&self) -> Result<(), ProgramError> {
        let n = self.data.len() as u64;
        let want = (n * (n - 1) / 2).wrapping_mul(ROUNDS);
        if self.result != want {
            return Err(ProgramError::Wrong {
                program: "reduce",
                what: format!(
                    "the sum is {}, n(n−1)/2 × {ROUNDS} gives {want}",
                    self.result
                ),
            });
        }
        Ok(())
    }
    fn describe(&self) -> String {
        format!("{} u64, {ROUNDS} sums", self.data.len())
    }
    fn footprint(&self) -> u64 {
        8 * self.data.len() as u64
    }
}
