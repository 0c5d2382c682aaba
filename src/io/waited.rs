//! Telling a delay server from a target that answers without waiting: a
//! request's latency, connect to answer, can never be shorter than the wait a
//! server really made, so a much shorter one means the measurements would
//! be of something else.

use super::IoError;
use std::net::SocketAddr;
use std::time::Duration;

/// A request answered sooner than this share of the wait it asked for, less
/// [`TIMER_SLACK`], was not delayed: latency counts from connect to answer, so
/// a server that waits can never be faster than the wait. The margin lets a
/// timer that fires a tick early pass; a server that skips the wait does not.
pub const EARLY_FRACTION: f64 = 0.9;
/// Timer granularity forgiven on top of [`EARLY_FRACTION`] (tokio's timer
/// wheel, for one, ticks in milliseconds). Waits under about 1.1 ms are
/// therefore never judged: there skipping cannot be told from rounding.
pub const TIMER_SLACK: Duration = Duration::from_millis(1);

/// Refuses an answer after `latency_ns` to a request that asked for `wait`
/// when it came too soon to have waited (see [`EARLY_FRACTION`]).
pub(super) fn check_waited(
    addr: SocketAddr,
    wait: Duration,
    latency_ns: u64,
) -> Result<(), IoError> {
    let floor = EARLY_FRACTION * wait.as_nanos() as f64 - TIMER_SLACK.as_nanos() as f64;
    if (latency_ns as f64) < floor {
        return Err(IoError::DidNotWait {
            addr,
            wait,
            latency_ns,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_sooner_than_the_wait_is_refused() {
        let addr: SocketAddr = "127.0.0.1:9".parse().unwrap();
        let wait = Duration::from_millis(50);
        let e = check_waited(addr, wait, 179_000).unwrap_err().to_string();
        assert!(
            e.contains("127.0.0.1:9") && e.contains("wait 50.0ms after 179µs"),
            "{e}"
        );
        // A timer that fires a little early passes; so does any tiny wait.
        assert!(check_waited(addr, wait, 45_000_000).is_ok());
        assert!(check_waited(addr, Duration::from_micros(500), 0).is_ok());
    }
}
