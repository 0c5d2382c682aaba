//! Inclusive prefix sum (wrapping u64), the two-pass blocked algorithm,
//! applied `ROUNDS` times in place: pass 1 sums each block in parallel, a
//! serial pass turns the block sums into offsets, pass 2 scans each block
//! from its offset in parallel. With b blocks of n/b: work Θ(n), span
//! Θ(n/b + b) (one block, plus the serial pass over the sums). Each element
//! is read twice and written once: memory-bound.

use super::{Instance, ProgramError, alloc, random, scaled};
use crate::workspan::for_chunks_mut;

/// Elements at size 1 (128 MiB of u64, beyond the caches).
const N: usize = 1 << 24;
/// Scans per run.
const ROUNDS: usize = 6;
/// Elements per block.
const BLOCK: usize = 1 << 16;

pub(super) struct Scan {
    input: Vec<u64>,
    data: Vec<u64>,
}

impl Scan {
    pub(super) fn new(factor: f64) -> Result<Scan, ProgramError> {
        let n = scaled(N, factor);
        Ok(Scan {
            input: alloc("scan", n, |i| random(i) >> 40)?,
            data: alloc("scan", n, |_| 0)?,
        })
    }
}

/// One inclusive scan of `v` in place, in two parallel passes.
pub(super) fn scan(v: &mut [u64]) {
    // (block sum, then block offset; the block): one leaf per block.
    let mut blocks: Vec<(u64, &mut [u64])> = v.chunks_mut(BLOCK).map(|b| (0, b)).collect();
    for_chunks_mut(&mut blocks, 1, |leaf| {
        for (sum, b) in leaf.iter_mut() {
            *sum = b.iter().fold(0u64, |a, &x| a.wrapping_add(x));
        }
    });
    let mut offset = 0u64;
    for (s, _) in blocks.iter_mut() {
        let sum = *s;
        *s = offset;
        offset = offset.wrapping_add(sum);
    }
    for_chunks_mut(&mut blocks, 1, |leaf| {
        for (off, b) in leaf.iter_mut() {
            let mut acc = *off;
            for x in b.iter_mut() {
                acc = acc.wrapping_add(*x);
                *x = acc;
            }
        }
    });
}

fn serial_scan(v: &mut [u64]) {
    let mut acc = 0u64;
    for x in v.iter_mut() {
        acc = acc.wrapping_add(*x);
        *x = acc;
    }
}

impl Instance for Scan {
    fn reset(&mut self) {
        self.data.copy_from_slice(&self.input);
    }
    fn run(&mut self) {
        for _ in 0..ROUNDS {
            scan(&mut self.data);
        }
    }
    fn check(&self) -> Result<(), ProgramError> {
        let mut want = self.input.clone();
        for _ in 0..ROUNDS {
            serial_scan(&mut want);
        }
        match want.iter().zip(&self.data).position(|(a, b)| a != b) {
            None => Ok(()),
            Some(i) => Err(ProgramError::Wrong {
                program: "scan",
                what: format!(
                    "element {i} is {}, a serial scan gives {}",
                    self.data[i], want[i]
                ),
            }),
        }
    }
    fn describe(&self) -> String {
        format!(
            "{} u64, {ROUNDS} rounds, blocks of {BLOCK}",
            self.input.len()
        )
    }
    fn footprint(&self) -> u64 {
        2 * 8 * self.input.len() as u64
    }
}
