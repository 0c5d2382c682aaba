//! Why a probe stopped early, and why a request failed, as data: the
//! levels or steps it reached, and the message the OS, the client library
//! or the server gave, kept bounded (it is escaped where it is printed).

use serde::{Deserialize, Serialize};

/// Most bytes of a failure's message kept in a document.
pub const MAX_DETAIL: usize = 512;

/// What kind of failure a request met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailureKind {
    /// No connection (refused, unreachable).
    Connect,
    /// Past its deadline.
    Timeout,
    /// The answer is not the protocol: garbage, too long, TLS.
    Protocol,
    /// The server answered with an error.
    Rejected,
    /// The connection broke (reset, closed before the answer).
    Broken,
    /// A kept-alive connection the server had closed.
    Stale,
}

/// What the server's first bytes looked like, when they explain a failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Answer {
    /// A TLS record: the server speaks TLS.
    Tls,
    /// An HTTP response.
    Http,
    /// A Redis reply.
    Redis,
    /// A conpar delay server's error line.
    ConparError,
    /// None of those: the first bytes it sent (at most 16, lossily decoded).
    Began {
        /// Those bytes.
        bytes: String,
    },
}

/// One request's failure: its kind and the message it came with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestFailure {
    /// What kind.
    pub kind: FailureKind,
    /// The message from the OS, the client library or the server, at most
    /// [`MAX_DETAIL`] bytes (empty when there was none).
    #[serde(default)]
    pub detail: String,
    /// What the server's first bytes looked like, when they explain it.
    #[serde(default)]
    pub answer: Option<Answer>,
}

impl RequestFailure {
    /// A failure of `kind` with `detail` cut to [`MAX_DETAIL`] bytes at a
    /// character boundary.
    pub fn new(kind: FailureKind, detail: &str) -> RequestFailure {
        let mut end = detail.len().min(MAX_DETAIL);
        while !detail.is_char_boundary(end) {
            end -= 1;
        }
        RequestFailure {
            kind,
            detail: detail[..end].to_string(),
            answer: None,
        }
    }

    /// With what the server's first bytes looked like.
    pub fn with_answer(self, answer: Option<Answer>) -> RequestFailure {
        RequestFailure { answer, ..self }
    }
}

/// Why a probe's document holds fewer levels or steps than asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Partial {
    /// Every recent request of a closed-loop level failed; it was stopped.
    LevelFailed {
        /// The level stopped.
        n: usize,
        /// The last failure.
        failure: RequestFailure,
    },
    /// The server's process exited during a level.
    ServerExited {
        /// Its process id.
        pid: u32,
        /// The level it exited in.
        n: usize,
    },
    /// Every recent request of an open-loop step failed; the ladder stopped.
    StepFailed {
        /// The step's asked rate, req/s.
        rate: f64,
        /// The last failure.
        failure: RequestFailure,
    },
    /// Saved while the probe ran: it did not finish (a signal or an error
    /// stopped it after this level).
    Interrupted {
        /// The last level saved.
        after_n: usize,
    },
    /// A document upgraded from schema 2, where this was a sentence.
    Unstated,
}
