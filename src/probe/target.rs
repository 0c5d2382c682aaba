//! What `conpar probe` is pointed at: the target URL (`http://`, `redis://`,
//! `conpar://`) parsed into a protocol, an address and a path, and the
//! request each client repeats, split into words as a shell would.
//!
//! Pure: text in, values out. No name is looked up: the host is an IP
//! address or `localhost`, so no DNS query leaves the machine, and an address
//! that is not loopback is refused unless the caller allows it.

use super::failure::RequestError;
use crate::results::probe::Protocol;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// Longest target URL accepted.
const MAX_URL: usize = 2048;
/// Longest request text (`--command`, `--body`) accepted.
pub const MAX_REQUEST_BYTES: usize = 1 << 20;

/// A parsed target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub protocol: Protocol,
    pub addr: SocketAddr,
    /// The `Host` header value (`host:port` as given).
    pub authority: String,
    /// The HTTP path and query (`/` when none; empty for other protocols).
    pub path: String,
    /// The URL as given.
    pub text: String,
}

/// Why a target is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// Not of the form scheme://host:port/path.
    #[error(
        "`{0}` is not a target URL: accepted are http://127.0.0.1:PORT/path, redis://127.0.0.1:PORT and conpar://127.0.0.1:PORT"
    )]
    Shape(String),
    /// A scheme conpar does not speak.
    #[error("`{url}`: {why}")]
    Scheme { url: String, why: String },
    /// The host part.
    #[error(
        "`{url}`: the host `{host}` is not an IP address or `localhost`; give an address (names are not looked up)"
    )]
    Host {
        url: String,
        /// The host as given.
        host: String,
    },
    /// Not loopback, and not allowed.
    #[error(
        "`{url}`: {ip} is not a loopback address; the probe sends a sustained load, so pass --public as well to mean it"
    )]
    NotLoopback { url: String, ip: IpAddr },
}

/// Parses `url`; an address that is not loopback needs `public`.
pub fn parse(url: &str, public: bool) -> Result<Target, TargetError> {
    let shape = || TargetError::Shape(short(url));
    if url.len() > MAX_URL || url.chars().any(|c| c.is_control() || c == ' ') {
        return Err(shape());
    }
    let (scheme, rest) = url.split_once("://").ok_or_else(shape)?;
    let protocol = match scheme.to_ascii_lowercase().as_str() {
        "http" => Protocol::Http,
        "redis" => Protocol::Redis,
        "conpar" => Protocol::Conpar,
        "https" | "rediss" => {
            return Err(TargetError::Scheme {
                url: short(url),
                why: "TLS is not spoken: the probe measures the server, not a TLS handshake; probe its plain port".into(),
            });
        }
        other => {
            return Err(TargetError::Scheme {
                url: short(url),
                why: format!(
                    "unknown scheme `{}`: accepted are http, redis and conpar",
                    short(other)
                ),
            });
        }
    };
    let (authority, path) = match rest.find(['/', '?']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if authority.contains('@') {
        return Err(shape());
    }
    let (host, port) = split_host_port(authority).ok_or_else(shape)?;
    let ip = match host {
        "localhost" => IpAddr::V4(Ipv4Addr::LOCALHOST),
        h => h.parse::<IpAddr>().map_err(|_| TargetError::Host {
            url: short(url),
            host: short(h),
        })?,
    };
    if !ip.is_loopback() && !public {
        return Err(TargetError::NotLoopback {
            url: short(url),
            ip,
        });
    }
    let path = match (protocol, path) {
        (Protocol::Http, "") => "/".to_string(),
        (Protocol::Http, p) if p.starts_with('?') => format!("/{p}"),
        (Protocol::Http, p) => p.to_string(),
        (_, "" | "/") => String::new(),
        (_, _) => {
            return Err(TargetError::Scheme {
                url: short(url),
                why: format!("a {scheme}:// target has no path; give the request with --command"),
            });
        }
    };
    Ok(Target {
        protocol,
        addr: SocketAddr::new(ip, port),
        authority: authority.to_string(),
        path,
        text: url.to_string(),
    })
}

/// `host:port` or `[v6]:port`; the port is required and not 0.
fn split_host_port(a: &str) -> Option<(&str, u16)> {
    let (host, port) = if let Some(rest) = a.strip_prefix('[') {
        let (h, p) = rest.split_once("]:")?;
        (h, p)
    } else {
        a.rsplit_once(':')?
    };
    let port: u16 = port.parse().ok()?;
    (port != 0 && !host.is_empty()).then_some((host, port))
}

/// At most 80 characters of `s`, for error messages.
fn short(s: &str) -> String {
    let mut o: String = s.chars().take(80).collect();
    if o.len() < s.len() {
        o.push('…');
    }
    o
}

/// Splits a command into words as a shell would: spaces separate words;
/// single quotes keep everything literally; double quotes keep spaces and
/// allow `\"` and `\\`; a backslash outside quotes keeps the next character.
pub fn split_words(s: &str) -> Result<Vec<String>, RequestError> {
    if s.len() > MAX_REQUEST_BYTES {
        return Err(RequestError::CommandLength {
            len: s.len(),
            max: MAX_REQUEST_BYTES,
        });
    }
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => w.push(c),
                        None => return Err(RequestError::SingleQuote),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\')) => w.push(c),
                            Some(c) => {
                                w.push('\\');
                                w.push(c);
                            }
                            None => return Err(RequestError::DoubleQuote),
                        },
                        Some(c) => w.push(c),
                        None => return Err(RequestError::DoubleQuote),
                    }
                }
            }
            '\\' => {
                let next = chars.next().ok_or(RequestError::Backslash)?;
                word.get_or_insert_with(String::new).push(next);
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    if words.is_empty() {
        return Err(RequestError::Empty);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse() {
        let t = parse("http://127.0.0.1:8080/a?b=1", false).unwrap();
        assert_eq!(t.protocol, Protocol::Http);
        assert_eq!(t.addr, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(t.path, "/a?b=1");
        assert_eq!(parse("http://localhost:80", false).unwrap().path, "/");
        let r = parse("redis://127.0.0.1:6379", false).unwrap();
        assert_eq!((r.protocol, r.path.as_str()), (Protocol::Redis, ""));
        let v6 = parse("conpar://[::1]:9000/", false).unwrap();
        assert_eq!(v6.addr, "[::1]:9000".parse().unwrap());
    }

    #[test]
    fn bad_targets_say_what_is_accepted() {
        let e = |u: &str| parse(u, false).unwrap_err().to_string();
        assert!(e("127.0.0.1:80").contains("accepted are http://"));
        assert!(e("https://127.0.0.1:443/").contains("TLS is not spoken"));
        assert!(e("ftp://127.0.0.1:21").contains("unknown scheme `ftp`"));
        assert!(e("http://example.com:80/").contains("not an IP address"));
        assert!(e("http://10.0.0.1:80/").contains("--public"));
        assert!(e("http://127.0.0.1/").contains("not a target URL"));
        assert!(e("http://127.0.0.1:0/").contains("not a target URL"));
        assert!(e("redis://127.0.0.1:6379/3").contains("--command"));
        assert!(parse("http://10.0.0.1:80/", true).is_ok());
    }

    #[test]
    fn words_split_like_a_shell() {
        assert_eq!(split_words("GET k").unwrap(), ["GET", "k"]);
        assert_eq!(
            split_words(r#"EVAL "local i = 0 return \"x\"" 0"#).unwrap(),
            ["EVAL", r#"local i = 0 return "x""#, "0"]
        );
        assert_eq!(split_words("SET k 'a b'").unwrap(), ["SET", "k", "a b"]);
        assert_eq!(split_words(r"SET k a\ b").unwrap(), ["SET", "k", "a b"]);
        assert_eq!(split_words("  "), Err(RequestError::Empty));
        assert_eq!(split_words("GET 'k"), Err(RequestError::SingleQuote));
    }
}
