//! The clocks a strand is measured with. Under the real clock a strand is
//! the monotonic time between its start and its end, read right where the
//! strand's own code begins and ends, so the time rayon spends pushing,
//! popping and stealing between strands is charged to none of them. Under
//! the virtual clock a strand advances only by `work`; starting and ending
//! one reads nothing.

use super::profile::Clock;

/// The running strand of one recorder.
pub(super) struct Strand {
    clock: Clock,
    /// When the running strand started (real clock), `None` between strands.
    since: Option<u64>,
    /// Whether a strand is running (virtual clock).
    running: bool,
}

impl Strand {
    pub(super) fn new(clock: Clock) -> Strand {
        Strand {
            clock,
            since: None,
            running: false,
        }
    }

    /// Starts a strand.
    pub(super) fn start(&mut self) {
        self.running = true;
        if self.clock == Clock::Real {
            self.since = Some(crate::measure::mono_ns());
        }
    }

    /// Whether a strand is running.
    pub(super) fn running(&self) -> bool {
        self.running
    }

    /// Ends the running strand and returns its length in the real clock's
    /// nanoseconds; 0 under the virtual clock (its strands grow by `work`)
    /// or when no strand was running.
    pub(super) fn end(&mut self) -> u64 {
        self.running = false;
        match self.since.take() {
            Some(t) => crate::measure::mono_ns().saturating_sub(t),
            None => 0,
        }
    }
}
