//! One client's connection to the target, in whichever protocol it speaks,
//! and the request it repeats. HTTP goes through hyper, Redis through the
//! redis crate, conpar's line protocol through a plain tokio socket; every
//! socket reads through [`Capped`], so no answer costs more than the cap.
//!
//! Nothing here bounds time: the load driver wraps every call, connect
//! included, in one deadline. Nothing here counts or records either.

use super::capped::{Capped, Sniff, looks_like};
use super::target::Target;
use crate::results::probe::Protocol;
use bytes::Bytes;
use std::fmt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{http, redis_conn};

pub use http::HttpRequest;

/// Longest answer of conpar's line protocol.
const MAX_LINE_ANSWER: u64 = 64;

/// Why one request failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// No connection (refused, unreachable).
    Connect(String),
    /// Past its deadline.
    Timeout,
    /// The answer is not the protocol: garbage, too long, TLS.
    Protocol(String),
    /// The server answered with an error (HTTP 4xx/5xx, a Redis error, `ERR`).
    Rejected(String),
    /// The connection broke (reset, closed before the answer).
    Broken(String),
    /// A kept-alive connection the server had closed: open a new one and retry.
    Stale,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Connect(d) => write!(f, "cannot connect: {d}"),
            Failure::Timeout => write!(f, "timed out"),
            Failure::Protocol(d) => write!(f, "{d}"),
            Failure::Rejected(d) => write!(f, "answered an error: {d}"),
            Failure::Broken(d) => write!(f, "{d}"),
            Failure::Stale => write!(f, "the server closed the kept-alive connection"),
        }
    }
}

/// An error and its causes as one line.
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

/// `detail`, with what the server's first bytes look like when they explain it.
pub(super) fn with_hint(detail: String, sniff: &Sniff) -> String {
    let first = sniff.lock().map(|s| s.clone()).unwrap_or_default();
    match looks_like(&first) {
        Some(hint) => format!("{detail}; the server sent {hint}"),
        None if !first.is_empty() => format!(
            "{detail}; its answer began {}",
            crate::escape::terminal(&String::from_utf8_lossy(&first))
        ),
        None => detail,
    }
}

/// The request each client repeats, built once.
#[derive(Debug, Clone)]
pub enum Request {
    /// An HTTP request.
    Http(HttpRequest),
    /// A Redis command.
    Redis(redis::Cmd),
    /// A line of conpar's protocol, newline included.
    Line(Bytes),
}

impl Request {
    /// Builds the request for `target`'s protocol from plain values.
    pub fn build(target: &Target, spec: &super::RequestSpec) -> Result<Request, String> {
        match target.protocol {
            Protocol::Http => HttpRequest::build(target, spec).map(Request::Http),
            Protocol::Redis => {
                let words = super::target::split_words(spec.command.as_deref().unwrap_or("PING"))?;
                let mut cmd = redis::cmd(&words[0]);
                for w in &words[1..] {
                    cmd.arg(w.as_str());
                }
                Ok(Request::Redis(cmd))
            }
            Protocol::Conpar => {
                let c = spec.command.as_deref().unwrap_or("PING").trim();
                if c.is_empty() || c.len() > 64 || c.contains(['\n', '\r']) {
                    return Err(
                        "a conpar:// command is one line of at most 64 bytes, e.g. `WAIT 20000`"
                            .into(),
                    );
                }
                Ok(Request::Line(Bytes::from(format!("{c}\n"))))
            }
        }
    }
}

/// An open connection (none for the line protocol, whose requests each
/// open their own).
pub enum Conn {
    /// HTTP/1.1, kept alive.
    Http(http::Conn),
    /// Redis.
    Redis(redis_conn::Conn),
    /// conpar's line protocol.
    Line,
}

/// Connects to `target` with TCP_NODELAY, reads capped at `cap`.
async fn connect(target: &Target, cap: u64) -> Result<Capped<TcpStream>, Failure> {
    let s = TcpStream::connect(target.addr)
        .await
        .map_err(|e| Failure::Connect(e.to_string()))?;
    let _ = s.set_nodelay(true);
    Ok(Capped::new(s, cap))
}

impl Conn {
    /// Opens a connection for `request`.
    pub async fn open(target: &Target, request: &Request, cap: u64) -> Result<Conn, Failure> {
        match request {
            Request::Http(_) => Ok(Conn::Http(
                http::Conn::open(connect(target, cap).await?).await?,
            )),
            Request::Redis(_) => Ok(Conn::Redis(
                redis_conn::Conn::open(connect(target, cap).await?).await?,
            )),
            Request::Line(_) => Ok(Conn::Line),
        }
    }

    /// Whether the server has closed it (so a new one is needed).
    pub fn is_closed(&self) -> bool {
        match self {
            Conn::Http(c) => c.is_closed(),
            Conn::Redis(_) | Conn::Line => false,
        }
    }

    /// Sends `request` and reads its whole answer. Returns the connections
    /// it opened itself (1 for each line-protocol request).
    pub async fn call(
        &mut self,
        target: &Target,
        request: &Request,
        cap: u64,
    ) -> Result<u64, Failure> {
        match (self, request) {
            (Conn::Http(c), Request::Http(r)) => c.call(r).await.map(|()| 0),
            (Conn::Redis(c), Request::Redis(r)) => c.call(r).await.map(|()| 0),
            (Conn::Line, Request::Line(line)) => line_call(target, line, cap.min(MAX_LINE_ANSWER))
                .await
                .map(|()| 1),
            _ => unreachable!("a connection is opened for its own request"),
        }
    }
}

/// One request of conpar's line protocol: connect, send the line, read the
/// one-line answer (the server then closes; a server that keeps the
/// connection open, as Redis does, is answered by the line alone).
async fn line_call(target: &Target, line: &[u8], cap: u64) -> Result<(), Failure> {
    let mut s = connect(target, cap).await?;
    let sniff = s.sniff();
    let broken = |e: std::io::Error| Failure::Broken(e.to_string());
    s.write_all(line).await.map_err(broken)?;
    let mut answer = Vec::with_capacity(8);
    let mut chunk = [0u8; 64];
    while !answer.contains(&b'\n') {
        match s.read(&mut chunk).await {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                return Err(Failure::Protocol(with_hint(e.to_string(), &sniff)));
            }
            Err(e) => return Err(broken(e)),
        }
    }
    match answer.as_slice() {
        b"DONE\n" | b"PONG\n" => Ok(()),
        [] => Err(Failure::Broken(
            "the server closed the connection without an answer".into(),
        )),
        a if a.starts_with(b"ERR ") => Err(Failure::Rejected(
            crate::escape::terminal(String::from_utf8_lossy(&a[4..]).trim_end()).into_owned(),
        )),
        _ => Err(Failure::Protocol(with_hint(
            "the answer is not `DONE` or `PONG`".into(),
            &sniff,
        ))),
    }
}
