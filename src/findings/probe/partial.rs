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

/// The protocol a probe speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// HTTP/1.1 with keep-alive (`http://`).
    Http,
    /// Redis RESP (`redis://`).
    Redis,
    /// conpar's own line protocol (`conpar://`), one request per connection.
    Conpar,
}

impl Protocol {
    /// The URL scheme.
    pub fn scheme(self) -> &'static str {
        match self {
            Protocol::Http => "http",
            Protocol::Redis => "redis",
            Protocol::Conpar => "conpar",
        }
    }
}

/// What the probe found wrong with an answer or a connection, in its own
/// terms; what the OS, the library or the server said stays `detail`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Wrong {
    /// The server closed the connection before any answer.
    NoAnswer,
    /// The server kept closing kept-alive connections before answering.
    KeepsClosing,
    /// The answer is not in the protocol expected.
    NotProtocol {
        /// The protocol spoken.
        expected: Protocol,
    },
    /// The answer is longer than `--max-response` allows.
    TooLong {
        /// The most bytes read.
        cap: u64,
    },
    /// An HTTP status of 400 or more (its reason phrase is `detail`).
    Status {
        /// The status code.
        code: u16,
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
    /// What the probe found wrong, when it was not only the message.
    #[serde(default)]
    pub wrong: Option<Wrong>,
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
            wrong: None,
        }
    }

    /// With what the probe found wrong.
    pub fn with_wrong(self, wrong: Option<Wrong>) -> RequestFailure {
        RequestFailure { wrong, ..self }
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
