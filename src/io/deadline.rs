//! One time bound for a whole exchange on a blocking socket.
//!
//! A socket timeout bounds each `read` call, not the exchange: a peer that
//! sends one byte just inside the timeout, again and again, keeps a request
//! alive for as many timeouts as it has bytes. A [`Deadline`] gives each call
//! only the time left, so the exchange ends on time however the peer spreads
//! its bytes.

use std::io::Read;
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The instant an exchange must be over by.
#[derive(Debug, Clone, Copy)]
pub(super) struct Deadline {
    at: Instant,
    total: Duration,
}

impl Deadline {
    /// `total` from now.
    pub(super) fn after(total: Duration) -> Deadline {
        Deadline {
            at: Instant::now() + total,
            total,
        }
    }

    /// The time left, or a timed-out error when none is.
    pub(super) fn left(&self) -> std::io::Result<Duration> {
        match self.at.checked_duration_since(Instant::now()) {
            Some(d) if !d.is_zero() => Ok(d),
            _ => Err(self.expired()),
        }
    }

    fn expired(&self) -> std::io::Error {
        std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            format!("timed out after {:?}", self.total),
        )
    }

    /// A socket timeout (EAGAIN or ETIMEDOUT) said as this deadline passing;
    /// other errors as they are.
    pub(super) fn explain(&self, e: std::io::Error) -> std::io::Error {
        match e.kind() {
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => self.expired(),
            _ => e,
        }
    }

    /// Reads until the peer closes or `max` bytes have come, before the
    /// deadline.
    pub(super) fn read_to_end(&self, s: &mut TcpStream, max: usize) -> std::io::Result<Vec<u8>> {
        let mut buf = vec![0u8; max];
        let mut len = 0;
        while len < max {
            s.set_read_timeout(Some(self.left()?))?;
            match s.read(&mut buf[len..]) {
                Ok(0) => break,
                Ok(n) => len += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(self.explain(e)),
            }
        }
        buf.truncate(len);
        Ok(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_time_left_is_a_timeout_naming_the_bound() {
        let d = Deadline::after(Duration::ZERO);
        let e = d.left().unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::TimedOut);
        assert!(e.to_string().contains("timed out after 0ns"), "{e}");
        assert!(Deadline::after(Duration::from_secs(60)).left().is_ok());
    }
}
