//! What a measured host adds to the tick model, as pure data: each kernel's
//! contention curve, and the delays before each task may start and each core
//! may take work. [`super::simulate_rates`] applies them.
//!
//! A contention curve gives s(k), the slowdown of one copy of a kernel while
//! k copies run at once (its time per tick with k running ÷ its time alone),
//! measured at a few k. Between measured points s is interpolated linearly;
//! below the first it is 1; beyond the last it keeps the last value (a curve
//! says nothing about cores it was not measured on, and the last slowdown is
//! the least surprising guess). A copy then advances at rate 1 / s(k) ticks
//! of work per tick of time: a memory-bound kernel on a machine whose
//! bandwidth saturates at B copies has s(k) ≈ k / B beyond B, so k copies
//! together do B copies' work. Flat curves (s = 1) give the tick model.

use crate::workload::KernelKind;

/// Largest slowdown a curve may hold: beyond it the measurement is broken.
pub const MAX_SLOWDOWN: f64 = 1000.0;

/// What the host model refuses: a curve or delays it does not take, or a
/// schedule too costly to compute.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HostError {
    /// A copy count of 0, or one given twice.
    #[error("a contention curve needs distinct copy counts of at least 1; got {copies} twice or 0")]
    Copies { copies: usize },
    /// A slowdown that is not a number above 0 and at most [`MAX_SLOWDOWN`].
    #[error(
        "slowdown {slowdown} at {copies} copies: accepted is a number above 0, at most {MAX_SLOWDOWN}"
    )]
    Slowdown { copies: usize, slowdown: f64 },
    /// A delay that is negative or not finite.
    #[error("delay {0}: accepted are finite numbers of ticks, at least 0")]
    Delay(f64),
    /// The schedule would look at cores more than `max` times.
    #[error("the host model would look at cores more than {max} times; use fewer cores or tasks")]
    TooMuchWork { max: u64 },
}

/// A kernel's per-copy slowdown against the number of copies running.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Curve {
    /// `(copies, slowdown)`, copies strictly increasing, each at least 1.
    points: Vec<(usize, f64)>,
}

impl Curve {
    /// The flat curve: no contention at any count.
    pub fn flat() -> Curve {
        Curve::default()
    }

    /// A curve through `points`; refused unless copies increase strictly from
    /// at least 1 and every slowdown is finite, positive and at most
    /// [`MAX_SLOWDOWN`].
    pub fn new(mut points: Vec<(usize, f64)>) -> Result<Curve, HostError> {
        points.sort_by_key(|p| p.0);
        for (i, &(k, s)) in points.iter().enumerate() {
            if k == 0 || (i > 0 && points[i - 1].0 == k) {
                return Err(HostError::Copies { copies: k });
            }
            if !(s.is_finite() && s > 0.0 && s <= MAX_SLOWDOWN) {
                return Err(HostError::Slowdown {
                    copies: k,
                    slowdown: s,
                });
            }
        }
        Ok(Curve { points })
    }

    /// The measured points.
    pub fn points(&self) -> &[(usize, f64)] {
        &self.points
    }

    /// Whether every point is exactly 1.
    pub fn is_flat(&self) -> bool {
        self.points.iter().all(|p| p.1 == 1.0)
    }

    /// s(k): the slowdown of one copy while `k` run (1 for k ≤ 1 or no points).
    pub fn slowdown(&self, k: usize) -> f64 {
        let Some(&(last_k, last)) = self.points.last() else {
            return 1.0;
        };
        if k <= 1 {
            return 1.0;
        }
        if k >= last_k {
            return last;
        }
        // (1, 1) is implied when the first point is above one copy.
        let mut prev = (1usize, 1.0f64);
        for &(pk, ps) in &self.points {
            if pk == k {
                return ps;
            }
            if pk > k {
                let f = (k - prev.0) as f64 / (pk - prev.0) as f64;
                return prev.1 + f * (ps - prev.1);
            }
            prev = (pk, ps);
        }
        last
    }
}

/// One curve per kernel; a kernel without one is flat.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Contention {
    curves: Vec<(KernelKind, Curve)>,
}

impl Contention {
    /// No contention anywhere.
    pub fn none() -> Contention {
        Contention::default()
    }

    /// Sets `kernel`'s curve.
    pub fn with(mut self, kernel: KernelKind, curve: Curve) -> Contention {
        self.curves.retain(|c| c.0 != kernel);
        self.curves.push((kernel, curve));
        self
    }

    /// `kernel`'s curve (flat when none was measured).
    pub fn curve(&self, kernel: KernelKind) -> Option<&Curve> {
        self.curves.iter().find(|c| c.0 == kernel).map(|c| &c.1)
    }

    /// s(k) for `kernel`.
    pub fn slowdown(&self, kernel: KernelKind, k: usize) -> f64 {
        self.curve(kernel).map_or(1.0, |c| c.slowdown(k))
    }
}

/// When tasks and cores become available, in ticks after the parallel phase
/// starts (after the serial phase before). Missing entries are 0.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Delays {
    /// Per task: when it enters the ready queue.
    pub release: Vec<f64>,
    /// Per core: when it first takes work.
    pub core_start: Vec<f64>,
}

impl Delays {
    /// Whether every delay is 0.
    pub fn is_zero(&self) -> bool {
        self.release
            .iter()
            .chain(&self.core_start)
            .all(|&d| d == 0.0)
    }

    pub(super) fn release(&self, task: usize) -> f64 {
        self.release.get(task).copied().unwrap_or(0.0)
    }

    pub(super) fn core_start(&self, core: usize) -> f64 {
        self.core_start.get(core).copied().unwrap_or(0.0)
    }

    /// Refuses a delay that is negative or not finite.
    pub fn check(&self) -> Result<(), HostError> {
        match self
            .release
            .iter()
            .chain(&self.core_start)
            .find(|d| !(d.is_finite() && **d >= 0.0))
        {
            Some(d) => Err(HostError::Delay(*d)),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curves_interpolate_and_hold_their_last_value() {
        let c = Curve::new(vec![(4, 2.0), (2, 1.5)]).unwrap();
        assert_eq!(c.slowdown(0), 1.0);
        assert_eq!(c.slowdown(1), 1.0);
        assert_eq!(c.slowdown(2), 1.5);
        assert_eq!(c.slowdown(3), 1.75);
        assert_eq!(c.slowdown(4), 2.0);
        assert_eq!(c.slowdown(64), 2.0);
        let sparse = Curve::new(vec![(3, 3.0)]).unwrap();
        assert_eq!(sparse.slowdown(2), 2.0);
        assert_eq!(Curve::flat().slowdown(7), 1.0);
        assert!(Curve::new(vec![(1, 1.0), (1, 2.0)]).is_err());
        assert!(Curve::new(vec![(0, 1.0)]).is_err());
        assert!(Curve::new(vec![(2, f64::NAN)]).is_err());
        assert!(Curve::new(vec![(2, 0.0)]).is_err());
    }

    #[test]
    fn kernels_without_a_curve_are_flat() {
        let c = Contention::none().with(KernelKind::Memory, Curve::new(vec![(2, 2.0)]).unwrap());
        assert_eq!(c.slowdown(KernelKind::Memory, 2), 2.0);
        assert_eq!(c.slowdown(KernelKind::Spin, 2), 1.0);
    }
}
