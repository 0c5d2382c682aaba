//! The shipped fork-join programs of `conpar workspan NAME`: compiled in,
//! written with [`crate::workspan::join`] and its helpers exactly as user
//! code is, so they are measured the way a user's program is. Each checks
//! its own result (a sort is sorted and holds the same values, fib equals
//! the closed form, …) and takes roughly 0.2–1 s serial on a current core at
//! size 1; `--size` scales the work.
//!
//! The hand analysis of each one's work and span is in docs/workspan.md.

mod fib;
mod matmul;
mod mergesort;
mod quicksort;
mod reduce;
mod scan;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A shipped program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Program {
    /// Recursive Fibonacci with a serial cutoff: compute-bound, ample parallelism.
    Fib,
    /// Merge sort with a parallel merge: ample parallelism.
    Mergesort,
    /// Quicksort with a serial partition: parallelism about log n (span-bound).
    Quicksort,
    /// Inclusive prefix sum, the two-pass blocked algorithm: memory-bound.
    Scan,
    /// Blocked dense matrix multiply: compute-bound, ample parallelism.
    Matmul,
    /// A sum over an array bigger than the caches: memory-bound.
    Reduce,
}

impl Program {
    /// Every program, in the order help texts list them.
    pub const ALL: [Program; 6] = [
        Program::Fib,
        Program::Mergesort,
        Program::Quicksort,
        Program::Scan,
        Program::Matmul,
        Program::Reduce,
    ];

    /// Their names, for the command line and suggestions.
    pub const NAMES: [&'static str; 6] =
        ["fib", "mergesort", "quicksort", "scan", "matmul", "reduce"];

    /// Its name.
    pub fn name(self) -> &'static str {
        Program::NAMES[Program::ALL.iter().position(|p| *p == self).unwrap_or(0)]
    }

    /// Whether the work is proportional to the size factor (one pass per
    /// round over n elements: the scan and the reduction), so that a copy at
    /// 1/P of the size does 1/P of the work; their contention is measured on
    /// copies that share one input's footprint.
    pub fn work_linear_in_size(self) -> bool {
        matches!(self, Program::Scan | Program::Reduce)
    }

    /// An instance at `size`, its input made (outside any timing).
    pub fn prepare(self, size: Size) -> Result<Box<dyn Instance>, ProgramError> {
        let f = size.factor();
        Ok(match self {
            Program::Fib => Box::new(fib::Fib::new(f)),
            Program::Mergesort => Box::new(mergesort::Mergesort::new(f)?),
            Program::Quicksort => Box::new(quicksort::Quicksort::new(f)?),
            Program::Scan => Box::new(scan::Scan::new(f)?),
            Program::Matmul => Box::new(matmul::Matmul::new(f)?),
            Program::Reduce => Box::new(reduce::Reduce::new(f)?),
        })
    }
}

impl fmt::Display for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Program {
    type Err = String;
    fn from_str(s: &str) -> Result<Program, String> {
        Program::NAMES
            .iter()
            .position(|n| *n == s)
            .map(|i| Program::ALL[i])
            .ok_or_else(|| {
                format!(
                    "`{s}` is not a shipped program: accepted are {}",
                    Program::NAMES.join(", ")
                )
            })
    }
}

/// How much work a run does, relative to the shipped size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Size {
    /// A hundredth of the work: for tests and quick looks.
    Small,
    /// The shipped size (0.2–1 s serial on a current core).
    Full,
    /// The shipped size's work times this factor.
    Times(f64),
}

impl Size {
    /// Smallest factor accepted.
    pub const MIN: f64 = 0.0001;
    /// Largest factor accepted (memory grows with it).
    pub const MAX: f64 = 8.0;

    /// The work relative to the shipped size.
    pub fn factor(self) -> f64 {
        match self {
            Size::Small => 0.01,
            Size::Full => 1.0,
            Size::Times(f) => f.clamp(Size::MIN, Size::MAX),
        }
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Size::Small => f.write_str("small"),
            Size::Full => f.write_str("full"),
            Size::Times(x) => write!(f, "{x}"),
        }
    }
}

impl FromStr for Size {
    type Err = String;
    fn from_str(s: &str) -> Result<Size, String> {
        match s {
            "small" => Ok(Size::Small),
            "full" | "1" => Ok(Size::Full),
            _ => s
                .parse::<f64>()
                .ok()
                .filter(|f| (Size::MIN..=Size::MAX).contains(f))
                .map(Size::Times)
                .ok_or_else(|| {
                    format!(
                        "`{s}` is not a size: accepted are `small`, `full`, or a factor of the shipped work from {} to {}",
                        Size::MIN,
                        Size::MAX
                    )
                }),
        }
    }
}

/// One program with its input, run again and again.
pub trait Instance: Send {
    /// Puts the input back as it was before a run (not timed).
    fn reset(&mut self);
    /// The fork-join part: what is measured and timed.
    fn run(&mut self);
    /// Whether the last run's result is right.
    fn check(&self) -> Result<(), ProgramError>;
    /// The size of its input in its own terms ("10000000 u64"), for tables.
    fn describe(&self) -> String;
    /// Bytes it holds, for bounding how many copies run at once.
    fn footprint(&self) -> u64;
}

/// Why a program cannot run or ran wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProgramError {
    /// Its input could not be allocated.
    #[error("{program}: cannot allocate {bytes} bytes for its input; pass a smaller --size")]
    Memory {
        /// The program.
        program: &'static str,
        /// What it asked for.
        bytes: u64,
    },
    /// Its result is wrong.
    #[error("{program} computed a wrong result: {what}")]
    Wrong {
        /// The program.
        program: &'static str,
        /// What is wrong, with the values.
        what: String,
    },
}

/// A vector of `n` values from `fill`, allocated fallibly.
pub(crate) fn alloc<T: Clone>(
    program: &'static str,
    n: usize,
    fill: impl Fn(usize) -> T,
) -> Result<Vec<T>, ProgramError> {
    let mut v = Vec::new();
    v.try_reserve_exact(n).map_err(|_| ProgramError::Memory {
        program,
        bytes: (n as u64).saturating_mul(std::mem::size_of::<T>() as u64),
    })?;
    v.extend((0..n).map(fill));
    Ok(v)
}

/// A reproducible pseudo-random u64 for index `i` (splitmix64).
pub(crate) fn random(i: usize) -> u64 {
    let mut z = (i as u64)
        .wrapping_add(1)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Checks that `v` is sorted and holds the values of `input` (their sum and
/// xor agree): the sorts' own check.
pub(crate) fn check_sorted(
    program: &'static str,
    input: &[u64],
    v: &[u64],
) -> Result<(), ProgramError> {
    if let Some(i) = v.windows(2).position(|w| w[0] > w[1]) {
        return Err(ProgramError::Wrong {
            program,
            what: format!("out of order at index {i}: {} before {}", v[i], v[i + 1]),
        });
    }
    let fold = |s: &[u64]| {
        s.iter()
            .fold((0u64, 0u64), |(a, x), &e| (a.wrapping_add(e), x ^ e))
    };
    if v.len() != input.len() || fold(v) != fold(input) {
        return Err(ProgramError::Wrong {
            program,
            what: "the output does not hold the input's values".into(),
        });
    }
    Ok(())
}

/// Elements for `base` scaled by `factor`, at least 1,000.
pub(crate) fn scaled(base: usize, factor: f64) -> usize {
    ((base as f64 * factor) as usize).max(1000)
}

#[cfg(test)]
mod tests;
