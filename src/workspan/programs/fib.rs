//! Recursive Fibonacci, `fib(n) = fib(n−1) + fib(n−2)` with the two calls
//! joined, and serial below a cutoff. Work Θ(φⁿ), span Θ(n) joins plus one
//! serial leaf: parallelism grows as φ^(n − cutoff).

use super::{Instance, ProgramError};
use crate::workspan::join;

/// n at size 1 (about 0.3 s serial on a current core).
const N: u32 = 39;
/// At and below this n the calls are serial.
const CUTOFF: u32 = 20;

pub(super) struct Fib {
    n: u32,
    result: u64,
}

impl Fib {
    /// The work grows by φ per step of n, so size f moves n by log_φ f.
    pub(super) fn new(factor: f64) -> Fib {
        let phi = (1.0 + 5f64.sqrt()) / 2.0;
        let n = (f64::from(N) + factor.ln() / phi.ln()).round();
        Fib {
            n: n.clamp(f64::from(CUTOFF + 2), 60.0) as u32,
            result: 0,
        }
    }
}

fn serial(n: u32) -> u64 {
    if n < 2 {
        u64::from(n)
    } else {
        serial(n - 1) + serial(n - 2)
    }
}

fn parallel(n: u32) -> u64 {
    if n <= CUTOFF {
        return serial(n);
    }
    let (a, b) = join(|| parallel(n - 1), || parallel(n - 2));
    a + b
}

/// Binet's closed form, exact in f64 for n ≤ 70.
pub(super) fn closed_form(n: u32) -> u64 {
    let s5 = 5f64.sqrt();
    (((1.0 + s5) / 2.0).powi(n as i32) / s5).round() as u64
}

impl Instance for Fib {
    fn reset(&mut self) {
        self.result = 0;
    }
    fn run(&mut self) {
        self.result = parallel(std::hint::black_box(self.n));
    }
    fn check(&self) -> Result<(), ProgramError> {
        let want = closed_form(self.n);
        if self.result != want {
            return Err(ProgramError::Wrong {
                program: "fib",
                what: format!(
                    "fib({}) = {}, the closed form gives {want}",
                    self.n, self.result
                ),
            });
        }
        Ok(())
    }
    fn describe(&self) -> String {
        format!("fib({}), serial at n ≤ {CUTOFF}", self.n)
    }
    fn footprint(&self) -> u64 {
        0
    }
}
