//! Blocked dense matrix multiply C = A·B of n×n f64: each B×B tile of C is
//! one leaf, computed serially over k. Work Θ(n³), span Θ(B²·n) (one tile),
//! parallelism (n/B)², 144 at the shipped size. Entries are small integers,
//! so every product is exact and the result is checked exactly
//! (Freivalds: C·x = A·(B·x)).

use super::{Instance, ProgramError, alloc, scaled};
use crate::workspan::for_chunks_mut;

/// n at size 1.
const N: usize = 768;
/// Tile edge.
const B: usize = 64;

pub(super) struct Matmul {
    n: usize,
    a: Vec<f64>,
    b: Vec<f64>,
    /// C tile by tile: tile t = (ti, tj) at `t·B²`, row-major inside.
    c: Vec<f64>,
}

impl Matmul {
    pub(super) fn new(factor: f64) -> Result<Matmul, ProgramError> {
        // Work grows as n³; n is a whole number of tiles.
        let cube = scaled(N * N * N, factor) as f64;
        let n = ((cube.cbrt() / B as f64).round() as usize).max(1) * B;
        let entry = |i: usize| ((i * 7 + 3) % 11) as f64 - 5.0;
        Ok(Matmul {
            n,
            a: alloc("matmul", n * n, entry)?,
            b: alloc("matmul", n * n, |i| entry(i / 3 + i % 5))?,
            c: alloc("matmul", n * n, |_| 0.0)?,
        })
    }

    /// Entry (i, j) of C in its tiled layout.
    fn c_at(&self, i: usize, j: usize) -> f64 {
        let t = (i / B) * (self.n / B) + j / B;
        self.c[t * B * B + (i % B) * B + j % B]
    }
}

fn tile(n: usize, a: &[f64], b: &[f64], t: usize, out: &mut [f64]) {
    let (ti, tj) = (t / (n / B), t % (n / B));
    out.fill(0.0);
    for k in 0..n {
        for i in 0..B {
            let aik = a[(ti * B + i) * n + k];
            let row = &b[k * n + tj * B..k * n + tj * B + B];
            for (o, &bkj) in out[i * B..(i + 1) * B].iter_mut().zip(row) {
                *o += aik * bkj;
            }
        }
    }
}

impl Instance for Matmul {
    fn reset(&mut self) {}
    fn run(&mut self) {
        let (n, a, b) = (self.n, &self.a, &self.b);
        let mut tiles: Vec<(usize, &mut [f64])> = self.c.chunks_mut(B * B).enumerate().collect();
        for_chunks_mut(&mut tiles, 1, |leaf| {
            for (t, out) in leaf.iter_mut() {
                tile(n, a, b, *t, out);
            }
        });
    }
    fn check(&self) -> Result<(), ProgramError> {
        let n = self.n;
        let x: Vec<f64> = (0..n).map(|j| (j % 3) as f64 - 1.0).collect();
        let bx: Vec<f64> = (0..n)
            .map(|k| (0..n).map(|j| self.b[k * n + j] * x[j]).sum())
            .collect();
        for i in 0..n {
            let want: f64 = (0..n).map(|k| self.a[i * n + k] * bx[k]).sum();
            let got: f64 = (0..n).map(|j| self.c_at(i, j) * x[j]).sum();
            if got != want {
                return Err(ProgramError::Wrong {
                    program: "matmul",
                    what: format!("row {i} of C·x is {got}, A·(B·x) gives {want}"),
                });
            }
        }
        Ok(())
    }
    fn describe(&self) -> String {
        format!("{0}×{0} f64, tiles of {B}×{B}", self.n)
    }
    fn footprint(&self) -> u64 {
        3 * 8 * (self.n * self.n) as u64
    }
}
