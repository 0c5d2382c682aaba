//! Why one request failed, and what every protocol's connection shares:
//! the driver task that ends with its connection, an error's causes as one
//! line, and a hint from what the server sent.

use super::capped::{Sniff, looks_like};
use crate::escape::terminal;
use crate::results::probe::{Answer, FailureKind, RequestFailure};
use std::fmt;

/// Most `--header` options.
pub(super) const MAX_HEADERS: usize = 64;

/// Why the request a probe repeats cannot be built from its options.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("`{}` is not an HTTP method", terminal(.0))]
    Method(String),
    #[error("the path `{}` is not valid: {why}", terminal(.path))]
    Path { path: String, why: String },
    #[error("at most {MAX_HEADERS} headers are accepted")]
    Headers,
    #[error("`{}` is not a valid Host", terminal(.0))]
    Host(String),
    #[error("`{}` is not a header name", terminal(.0))]
    HeaderName(String),
    #[error("`{}` is not a header value", terminal(.0))]
    HeaderValue(String),
    #[error("the command is {len} bytes; at most {max} are accepted")]
    CommandLength { len: usize, max: usize },
    #[error("a single quote is not closed")]
    SingleQuote,
    #[error("a double quote is not closed")]
    DoubleQuote,
    #[error("a backslash ends the command")]
    Backslash,
    #[error("the command is empty")]
    Empty,
    #[error("a conpar:// command is one line of at most 64 bytes, e.g. `WAIT 20000`")]
    Line,
}

/// Why one request failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// No connection (refused, unreachable).
    Connect(String),
    /// Past its deadline.
    Timeout,
    /// The answer is not the protocol: garbage, too long, TLS.
    Protocol(Said),
    /// The server answered with an error (HTTP 4xx/5xx, a Redis error, `ERR`).
    Rejected(String),
    /// The connection broke (reset, closed before the answer).
    Broken(Said),
    /// A kept-alive connection the server had closed: open a new one and retry.
    Stale,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The words are the recorded failure's, written once.
        self.record().fmt(f)
    }
}

impl Failure {
    /// The failure as a document keeps it: its kind, and the message it
    /// came with, bounded.
    pub fn record(&self) -> RequestFailure {
        let (kind, detail) = match self {
            Failure::Connect(d) => (FailureKind::Connect, d.as_str()),
            Failure::Timeout => (FailureKind::Timeout, ""),
            Failure::Protocol(s) => {
                return RequestFailure::new(FailureKind::Protocol, &s.detail)
                    .with_answer(s.answer.clone());
            }
            Failure::Rejected(d) => (FailureKind::Rejected, d.as_str()),
            Failure::Broken(s) => {
                return RequestFailure::new(FailureKind::Broken, &s.detail)
                    .with_answer(s.answer.clone());
            }
            Failure::Stale => (FailureKind::Stale, ""),
        };
        RequestFailure::new(kind, detail)
    }
}

/// A connection's driver task (the crate's half that reads and writes the
/// socket), ended when the connection that owns it is dropped.
pub(super) struct Driver(tokio::task::JoinHandle<()>);

impl Driver {
    /// Spawns `io` on the runtime until it ends or the owner is dropped.
    pub(super) fn spawn(io: impl Future<Output = ()> + Send + 'static) -> Driver {
        Driver(tokio::spawn(io))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// An error and its causes as one line.
pub(super) fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let t = c.to_string();
        if !text.contains(&t) {
            text.push_str(": ");
            text.push_str(&t);
        }
        cause = c.source();
    }
    text
}

/// A failure's message and what the server's first bytes looked like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// The message (the OS's, the client library's, or what was wrong).
    pub detail: String,
    /// What the server's first bytes looked like, when they explain it.
    pub answer: Option<Answer>,
}

impl From<String> for Said {
    fn from(detail: String) -> Said {
        Said {
            detail,
            answer: None,
        }
    }
}

impl From<&str> for Said {
    fn from(detail: &str) -> Said {
        detail.to_string().into()
    }
}

/// `detail`, with what the server's first bytes look like when they explain it.
pub(super) fn with_hint(detail: String, sniff: &Sniff) -> Said {
    let first = sniff.lock().map(|s| s.clone()).unwrap_or_default();
    let answer = looks_like(&first).or_else(|| {
        (!first.is_empty()).then(|| Answer::Began {
            bytes: String::from_utf8_lossy(&first).into_owned(),
        })
    });
    Said { detail, answer }
}
