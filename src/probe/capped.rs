//! A socket wrapper that bounds what one answer may bring: the bytes read
//! since the last write (a new request) are counted, and a read past the cap
//! fails. Every protocol client reads through it, so a server that sends an
//! endless line or a huge value costs at most the cap (plus one read buffer)
//! per connection, whatever the protocol crate would buffer.
//!
//! It also keeps the first bytes a server ever sent on the connection, so a
//! refusal can say what the server speaks instead (TLS, Redis, HTTP).
//! It knows nothing of any protocol and never decides what is an error beyond
//! the cap.

use crate::results::probe::Answer;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Bytes of a server's first answer kept for diagnosis.
pub const SNIFF_BYTES: usize = 16;

/// The first bytes a server sent, shared with whoever explains a failure.
pub type Sniff = Arc<Mutex<Vec<u8>>>;

/// A stream whose reads per request are capped.
#[derive(Debug)]
pub struct Capped<S> {
    inner: S,
    cap: u64,
    used: u64,
    sniff: Sniff,
}

impl<S> Capped<S> {
    /// Wraps `inner`, allowing `cap` bytes per answer.
    pub fn new(inner: S, cap: u64) -> Capped<S> {
        Capped {
            inner,
            cap,
            used: 0,
            sniff: Sniff::default(),
        }
    }

    /// The first bytes the server sent, shared.
    pub fn sniff(&self) -> Sniff {
        self.sniff.clone()
    }
}

/// What a read past the cap fails with, inside an [`io::Error`], found
/// again in any error's causes by [`too_long_in`].
#[derive(Debug, thiserror::Error)]
#[error("answer past --max-response ({cap} bytes)")]
pub struct TooLong {
    /// The cap, bytes.
    pub cap: u64,
}

/// The error a read past the cap gives.
pub fn too_long(cap: u64) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, TooLong { cap })
}

/// The cap, when `e` or one of its causes is a read past it.
pub fn too_long_in(e: &(dyn std::error::Error + 'static)) -> Option<u64> {
    type Shared = Arc<dyn std::error::Error + Send + Sync>;
    let mut cause = Some(e);
    while let Some(c) = cause {
        // An I/O error as it is, or as a library shares it (redis: an Arc).
        let shared = c
            .downcast_ref::<Shared>()
            .map(|a| &**a as &dyn std::error::Error);
        let io = shared.unwrap_or(c).downcast_ref::<io::Error>();
        if let Some(t) = io.and_then(|i| i.get_ref()?.downcast_ref::<TooLong>()) {
            return Some(t.cap);
        }
        cause = c.source();
    }
    None
}

impl<S: AsyncRead + Unpin> AsyncRead for Capped<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.used > this.cap {
            return Poll::Ready(Err(too_long(this.cap)));
        }
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let got = &buf.filled()[before..];
                this.used += got.len() as u64;
                if let Ok(mut s) = this.sniff.lock()
                    && s.len() < SNIFF_BYTES
                {
                    let take = (SNIFF_BYTES - s.len()).min(got.len());
                    s.extend_from_slice(&got[..take]);
                }
                // The bytes are delivered (a reader may not be handed data
                // and an error at once); the next read fails.
                Poll::Ready(Ok(()))
            }
            other => other,
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Capped<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.inner).poll_write(cx, data);
        if let Poll::Ready(Ok(1..)) = r {
            // A new request: its answer gets the whole cap.
            this.used = 0;
        }
        r
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

/// What the first bytes of an answer look like, when they are not what the
/// client expected: a hint for an error message.
pub fn looks_like(first: &[u8]) -> Option<Answer> {
    match first {
        [0x15 | 0x16, 0x03, ..] => Some(Answer::Tls),
        [b'H', b'T', b'T', b'P', b'/', ..] => Some(Answer::Http),
        [b'-', b'E', b'R', b'R', ..] | [b'+', ..] => Some(Answer::Redis),
        [b'E', b'R', b'R', b' ', ..] => Some(Answer::ConparError),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[test]
    fn reads_past_the_cap_fail_until_the_next_write() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(async {
            let (a, mut b) = tokio::io::duplex(64);
            let mut c = Capped::new(a, 4);
            b.write_all(b"0123456789").await.unwrap();
            let mut buf = [0u8; 16];
            assert_eq!(c.read(&mut buf).await.unwrap(), 10);
            let e = c.read(&mut buf).await.unwrap_err();
            assert_eq!(super::too_long_in(&e), Some(4), "{e}");
            assert_eq!(&c.sniff().lock().unwrap()[..], b"0123456789");
            c.write_all(b"x").await.unwrap();
            b.write_all(b"ok").await.unwrap();
            assert_eq!(c.read(&mut buf).await.unwrap(), 2);
        });
    }

    #[test]
    fn first_bytes_are_named() {
        assert_eq!(looks_like(&[0x15, 0x03, 0x01]), Some(Answer::Tls));
        assert_eq!(looks_like(b"-ERR x"), Some(Answer::Redis));
        assert_eq!(looks_like(b"garbage"), None);
    }
}
