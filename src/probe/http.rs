//! The HTTP/1.1 client of `conpar probe`: hyper's http1 connection with
//! keep-alive, one per concurrent client. A response body is read to its end
//! and dropped as it comes (the socket's cap bounds it), so a large or
//! endless body costs no memory. A server that closes a kept-alive
//! connection (HTTP/1.0, `Connection: close`, a request limit) gets a new
//! one; the time to open it counts in that request's latency, as it would for
//! any client.
//!
//! It does not speak TLS, follow redirects or decode compressed bodies: what
//! is measured is the server's work, not the client's.

use super::RequestSpec;
use super::capped::{Capped, Sniff, too_long_in};
use super::failure::{Driver, Failure, MAX_HEADERS, RequestError, Said, chain, with_hint};
use super::target::Target;
use crate::results::probe::{Protocol, Wrong};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper::header::{HOST, HeaderName, HeaderValue};
use hyper::{HeaderMap, Method, Uri};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// Largest response head (status line and headers) read: hyper's buffer.
const MAX_HEAD: usize = 64 * 1024;
/// The request each HTTP client repeats.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
}

impl HttpRequest {
    /// Builds it from the target's path and the plain method, headers and body.
    pub fn build(target: &Target, spec: &RequestSpec) -> Result<HttpRequest, RequestError> {
        let method = Method::from_bytes(spec.method.as_bytes())
            .map_err(|_| RequestError::Method(spec.method.clone()))?;
        let uri: Uri = target.path.parse().map_err(|e| RequestError::Path {
            path: target.path.clone(),
            why: format!("{e}"),
        })?;
        if spec.headers.len() > MAX_HEADERS {
            return Err(RequestError::Headers);
        }
        let mut headers = HeaderMap::new();
        let host = HeaderValue::from_str(&target.authority)
            .map_err(|_| RequestError::Host(target.authority.clone()))?;
        headers.insert(HOST, host);
        for (k, v) in &spec.headers {
            let name = HeaderName::from_bytes(k.as_bytes())
                .map_err(|_| RequestError::HeaderName(k.clone()))?;
            let value =
                HeaderValue::from_str(v).map_err(|_| RequestError::HeaderValue(v.clone()))?;
            headers.insert(name, value);
        }
        Ok(HttpRequest {
            method,
            uri,
            headers,
            body: Bytes::from(spec.body.clone()),
        })
    }

    fn to_request(&self) -> hyper::Request<Full<Bytes>> {
        let mut r = hyper::Request::new(Full::new(self.body.clone()));
        *r.method_mut() = self.method.clone();
        *r.uri_mut() = self.uri.clone();
        *r.headers_mut() = self.headers.clone();
        r
    }

    /// `GET /path` for tables.
    pub fn describe(&self) -> String {
        format!("{} {}", self.method, self.uri)
    }
}

/// One kept-alive HTTP/1.1 connection; its driver task ends with it.
pub struct Conn {
    sender: http1::SendRequest<Full<Bytes>>,
    /// Held for its drop, which ends the task.
    _driver: Driver,
    sniff: Sniff,
}

impl Conn {
    /// Shakes hands over `io` (nothing is sent until the first request).
    pub async fn open(io: Capped<TcpStream>) -> Result<Conn, Failure> {
        let sniff = io.sniff();
        let (sender, conn) = http1::Builder::new()
            .max_buf_size(MAX_HEAD)
            .handshake(TokioIo::new(io))
            .await
            .map_err(|e| Failure::Broken(chain(&e).into()))?;
        let driver = Driver::spawn(async move {
            let _ = conn.await;
        });
        Ok(Conn {
            sender,
            _driver: driver,
            sniff,
        })
    }

    /// Whether the server closed it.
    pub fn is_closed(&self) -> bool {
        self.sender.is_closed()
    }

    /// One request, its whole body read.
    pub async fn call(&mut self, r: &HttpRequest) -> Result<(), Failure> {
        if self.sender.ready().await.is_err() {
            return Err(Failure::Stale);
        }
        let resp = self
            .sender
            .send_request(r.to_request())
            .await
            .map_err(|e| self.fail(&e))?;
        let status = resp.status();
        let mut body = resp.into_body();
        while let Some(frame) = body.frame().await {
            frame.map_err(|e| self.fail(&e))?;
        }
        if status.is_client_error() || status.is_server_error() {
            let reason = status.canonical_reason().unwrap_or("").to_string();
            let code = status.as_u16();
            return Err(Failure::Rejected(
                Said::from(reason).wrong(Wrong::Status { code }),
            ));
        }
        Ok(())
    }

    fn fail(&self, e: &hyper::Error) -> Failure {
        let text = chain(e);
        if let Some(cap) = too_long_in(e) {
            Failure::Protocol(Wrong::TooLong { cap }.into())
        } else if e.is_parse() || e.is_parse_status() {
            let expected = Protocol::Http;
            Failure::Protocol(with_hint(text, &self.sniff).wrong(Wrong::NotProtocol { expected }))
        } else if e.is_canceled() {
            Failure::Stale
        } else {
            Failure::Broken(with_hint(text, &self.sniff))
        }
    }
}
