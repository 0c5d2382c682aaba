//! The open loop's clock arithmetic, pure: when the i-th request is due on
//! a fixed schedule, whether a send was late and why, and each answered
//! request's two latencies: from its intended send time (corrected for
//! coordinated omission) and from its real send time (uncorrected). The
//! load driver feeds it real instants as nanoseconds since the step began;
//! the tests feed it a fake clock.

/// A send this much past its intended time is late, ns: beyond the
/// operating system's timer slack and a busy host's scheduling delays.
pub const LATE_NS: u64 = 2_000_000;

/// A fixed schedule: request i is due at `offset + i / rate`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Schedule {
    /// Requests per second.
    pub rate: f64,
    /// When request 0 is due, ns since the step began.
    pub offset_ns: u64,
}

impl Schedule {
    /// When request `i` is due, ns since the step began.
    pub fn due(&self, i: u64) -> u64 {
        // Exact for whole periods in ns; within 1 ns otherwise.
        self.offset_ns + (i as f64 * 1e9 / self.rate).round() as u64
    }

    /// How many requests are due at or before `t_ns` (0 before the first).
    pub fn due_by(&self, t_ns: u64) -> u64 {
        if t_ns < self.offset_ns {
            return 0;
        }
        let mut n = ((t_ns - self.offset_ns) as f64 * self.rate / 1e9).floor() as u64 + 1;
        // Rounding in either direction, corrected against `due` itself.
        while n > 0 && self.due(n - 1) > t_ns {
            n -= 1;
        }
        while self.due(n) <= t_ns {
            n += 1;
        }
        n
    }
}

/// Why a send left late.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lateness {
    /// Within [`LATE_NS`] of its intended time.
    OnTime,
    /// It waited for a connection: every one was in flight.
    Pool,
    /// The client itself was behind (it woke late, a connection free).
    Client,
}

/// One send: when it was due, when the client was free to send it, when it
/// got to it, when it left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Send {
    /// Intended, ns.
    pub intended: u64,
    /// When the dispatcher was free for it: its intended time, or the send
    /// before it when that left later (waiting for a connection), ns.
    pub ready: u64,
    /// When the dispatcher woke for it, ns.
    pub woke: u64,
    /// When it had a connection and left, ns.
    pub sent: u64,
}

impl Send {
    /// How far past its intended time it left, ns.
    pub fn lag(&self) -> u64 {
        self.sent.saturating_sub(self.intended)
    }

    /// Whether it was late, and whose wait made it so: the larger of the
    /// dispatcher's own lag (waking after it was free to) and the wait for
    /// connections (its own, and the earlier sends' it was queued behind).
    pub fn lateness(&self) -> Lateness {
        if self.lag() <= LATE_NS {
            return Lateness::OnTime;
        }
        let behind = self.woke.saturating_sub(self.ready.max(self.intended));
        let pool = self.lag().saturating_sub(behind);
        if pool >= behind {
            Lateness::Pool
        } else {
            Lateness::Client
        }
    }

    /// Its latencies when answered at `done`, ns: (corrected from the
    /// intended time, uncorrected from the real send).
    pub fn latencies(&self, done: u64) -> (u64, u64) {
        (
            done.saturating_sub(self.intended),
            done.saturating_sub(self.sent),
        )
    }

    /// Its latencies when it timed out after `deadline` from its send:
    /// censored at the deadline, plus the lag for the corrected one.
    pub fn censored(&self, deadline: u64) -> (u64, u64) {
        (self.lag() + deadline, deadline)
    }
}

#[cfg(test)]
mod tests;
