//! Why one request failed, and what every protocol's connection shares:
//! the driver task that ends with its connection, an error's causes as one
//! line, and a hint from what the server sent.

use super::capped::{Sniff, looks_like};
use crate::escape::terminal;
use crate::results::probe::{Answer, FailureKind, RequestFailure, Wrong};
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
    Rejected(Said),
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
        let (kind, said) = match self {
            Failure::Connect(d) => return RequestFailure::new(FailureKind::Connect, d),
            Failure::Timeout => return RequestFailure::new(FailureKind::Timeout, ""),
            Failure::Stale => return RequestFailure::new(FailureKind::Stale, ""),
            Failure::Protocol(s) => (FailureKind::Protocol, s),
            Failure::Rejected(s) => (FailureKind::Rejected, s),
            Failure::Broken(s) => (FailureKind::Broken, s),
        };
        RequestFailure::new(kind, &said.detail)
            .with_answer(said.answer.clone())
            .with_wrong(said.wrong.clone())
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

/// A failure's message, what the probe found wrong and what the server's
/// first bytes looked like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// The message from outside (the OS's, the client library's, the server's).
    pub detail: String,
    /// What the server's first bytes looked like, when they explain it.
    pub answer: Option<Answer>,
    /// What the probe found wrong, in its own terms.
    pub wrong: Option<Wrong>,
}

impl Said {
    /// `self`, with what the probe found wrong.
    pub(super) fn wrong(self, wrong: Wrong) -> Said {
        Said {
            wrong: Some(wrong),
            ..self
        }
    }
}

impl From<String> for Said {
    fn from(detail: String) -> Said {
        Said {
            detail,
            answer: None,
            wrong: None,
        }
    }
}

impl From<Wrong> for Said {
    fn from(wrong: Wrong) -> Said {
        Said::from(String::new()).wrong(wrong)
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
    Said {
        detail,
        answer,
        wrong: None,
    }
}
