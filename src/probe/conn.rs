//! One client's connection to the target, in whichever protocol it speaks,
//! and the request it repeats. HTTP goes through hyper, Redis through the
//! redis crate, conpar's line protocol through a plain tokio socket; every
//! socket reads through [`Capped`], so no answer costs more than the cap.
//!
//! Nothing here bounds time: the load driver wraps every call, connect
//! included, in one deadline. Nothing here counts or records either.

use super::capped::Capped;
use super::target::Target;
use crate::results::probe::{Protocol, Wrong};
use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{http, redis_conn};

pub use super::failure::Failure;
use super::failure::{RequestError, with_hint};
pub use http::HttpRequest;

/// Longest answer of conpar's line protocol.
const MAX_LINE_ANSWER: u64 = 64;

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
    pub fn build(target: &Target, spec: &super::RequestSpec) -> Result<Request, RequestError> {
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
                    return Err(RequestError::Line);
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
    let broken = |e: std::io::Error| Failure::Broken(e.to_string().into());
    s.write_all(line).await.map_err(broken)?;
    let mut answer = Vec::with_capacity(8);
    let mut chunk = [0u8; 64];
    while !answer.contains(&b'\n') {
        match s.read(&mut chunk).await {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&chunk[..n]),
            Err(e) => match super::capped::too_long_in(&e) {
                Some(cap) => return Err(Failure::Protocol(Wrong::TooLong { cap }.into())),
                None if e.kind() == std::io::ErrorKind::InvalidData => {
                    return Err(Failure::Protocol(with_hint(e.to_string(), &sniff)));
                }
                None => return Err(broken(e)),
            },
        }
    }
    match answer.as_slice() {
        b"DONE\n" | b"PONG\n" => Ok(()),
        [] => Err(Failure::Broken(Wrong::NoAnswer.into())),
        a if a.starts_with(b"ERR ") => Err(Failure::Rejected(
            crate::escape::terminal(String::from_utf8_lossy(&a[4..]).trim_end())
                .into_owned()
                .into(),
        )),
        _ => Err(Failure::Protocol(with_hint(String::new(), &sniff).wrong(
            Wrong::NotProtocol {
                expected: Protocol::Conpar,
            },
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    /// The failure `line_call` meets against a server that answers `bytes`
    /// to one request and closes.
    fn against(bytes: &'static [u8], cap: u64) -> Failure {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            let (mut s, _) = l.accept().unwrap();
            let _ = s.read(&mut [0u8; 64]);
            let _ = s.write_all(bytes);
        });
        let target = super::super::target::parse(&format!("conpar://127.0.0.1:{port}"), false);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build();
        let r = rt
            .unwrap()
            .block_on(line_call(&target.unwrap(), b"PING\n", cap));
        server.join().unwrap();
        r.unwrap_err()
    }

    #[test]
    fn what_an_answer_got_wrong_is_typed() {
        let wrong = |f: Failure| f.record().wrong;
        let not_line = Wrong::NotProtocol {
            expected: Protocol::Conpar,
        };
        assert_eq!(wrong(against(b"lol\n", 64)), Some(not_line));
        assert_eq!(wrong(against(b"", 64)), Some(Wrong::NoAnswer));
        let long = against(b"0123456789abcdef0123456789", 8);
        assert_eq!(wrong(long), Some(Wrong::TooLong { cap: 8 }));
        let err = against(b"ERR busy\n", 64).record();
        let rejected = crate::results::probe::FailureKind::Rejected;
        assert_eq!((err.kind, err.wrong), (rejected, None));
        assert_eq!(err.detail, "busy");
    }
}
