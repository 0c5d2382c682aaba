//! The host model's clock: each running task's rate from its kernel's
//! contention curve, when the next event falls, and the work done until then.
//! With rate r, remaining work w ends at t + w / r; a quantum boundary is
//! `quantum_start + k·q` in ticks of time.

use super::{Core, Sim};
use crate::model::schedule::Time;

impl Sim<'_> {
    /// Sets every running core's rate from the number of running copies of
    /// its kernel, and when its step will end at that rate.
    pub(super) fn rates(&mut self, t: f64) {
        let mut counts = [0usize; 3];
        let kernel = |s: &Self, task: u32| s.w.kernel_of(task as usize);
        for core in &self.cores {
            if let Core::Running { task, .. } = *core {
                counts[kernel(self, task) as usize] += 1;
            }
        }
        for c in 0..self.cores.len() {
            self.done_at[c] = f64::INFINITY;
            if let (
                Core::Running {
                    quantum_start, k, ..
                },
                Some(q),
            ) = (&mut self.cores[c], self.quantum)
            {
                // Boundaries passed while nobody waited count for nothing.
                *k = Self::after(*quantum_start, q, t, *k);
            }
            if let Core::Running { task, .. } = self.cores[c] {
                let k = kernel(self, task);
                let rate = 1.0 / self.contention.slowdown(k, counts[k as usize]);
                self.rate[c] = rate;
                self.done_at[c] = (t + self.rem[task as usize] / rate).max(t);
            }
        }
    }

    /// The smallest k ≥ `from` with `qs + k·q ≥ t`.
    pub(super) fn at_or_after(qs: f64, q: f64, t: f64, from: u64) -> u64 {
        let mut k = (((t - qs) / q).floor().max(0.0) as u64).max(from);
        while k > from && qs + (k - 1) as f64 * q >= t {
            k -= 1;
        }
        while qs + (k as f64) * q < t {
            k += 1;
        }
        k
    }

    /// The k of the first boundary strictly after `t`, from `from` on.
    pub(super) fn after(qs: f64, q: f64, t: f64, from: u64) -> u64 {
        let k = Self::at_or_after(qs, q, t, from);
        if qs + k as f64 * q == t { k + 1 } else { k }
    }

    pub(super) fn next_event(&self, t: f64) -> Option<f64> {
        let mut next = f64::INFINITY;
        if let Some(&(Time(e), ..)) = self.pending.first() {
            next = next.min(e);
        }
        if let Some(&(Time(e), _)) = self.starts.first() {
            next = next.min(e);
        }
        for (c, core) in self.cores.iter().enumerate() {
            match *core {
                Core::Blocked { until, .. } => next = next.min(until),
                Core::Running {
                    quantum_start, k, ..
                } => {
                    next = next.min(self.done_at[c]);
                    if let (Some(q), false) = (self.quantum, self.ready.is_empty()) {
                        next = next.min(quantum_start + k as f64 * q);
                    }
                }
                Core::Idle | Core::Waiting => {}
            }
        }
        (next.is_finite()).then(|| next.max(t))
    }

    pub(super) fn advance(&mut self, t: f64, next: f64) {
        for c in 0..self.cores.len() {
            if let Core::Running { task, .. } = self.cores[c] {
                let i = task as usize;
                self.rem[i] = if self.done_at[c] <= next {
                    0.0
                } else {
                    (self.rem[i] - (next - t) * self.rate[c]).max(0.0)
                };
            }
        }
    }
}
