//! `conpar probe`'s option values read from text, each bounded, with what
//! is accepted in every refusal. Pure.

use crate::probe::target::MAX_REQUEST_BYTES;
use crate::results::probe::{MAX_CLIENTS, MAX_LEVELS};
use crate::units::{DurationError, Nanos, parse_duration_or_zero};

/// An option value `conpar probe` refuses, with what it accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionError {
    /// A level that is not a whole number.
    #[error(
        "`{given}` is not a client count: accepted are whole numbers 1 to {MAX_CLIENTS}, comma-separated"
    )]
    NotACount { given: String },
    /// A level of 0 or above [`MAX_CLIENTS`].
    #[error("{clients} clients: accepted are 1 to {MAX_CLIENTS}")]
    Clients { clients: usize },
    /// More levels than [`MAX_LEVELS`].
    #[error("{levels} levels: at most {MAX_LEVELS}")]
    Levels { levels: usize },
    /// Not a duration at all.
    #[error(transparent)]
    Duration(#[from] DurationError),
    /// A duration outside `lo_ns` to `hi_ns`.
    #[error("{given}: accepted are {} to {}", Nanos(*lo_ns as f64), Nanos(*hi_ns as f64))]
    OutOfRange {
        given: String,
        lo_ns: u64,
        hi_ns: u64,
    },
    /// A header without a colon.
    #[error("`{given}` is not a header: accepted is `Name: value`")]
    Header { given: String },
    /// A size with a unit other than K, M or G.
    #[error("`{given}`: accepted are bytes with an optional K, M or G (KiB, MiB, GiB)")]
    SizeUnit { given: String },
    /// A size below 64 bytes or above 1 GiB.
    #[error("`{given}`: accepted are 64 bytes to 1GiB")]
    Size { given: String },
    /// A request's text longer than [`MAX_REQUEST_BYTES`].
    #[error("{len} bytes: at most {MAX_REQUEST_BYTES}")]
    TooLong { len: usize },
}

/// Concurrency levels N, ascending, 1 first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Levels(pub Vec<usize>);

/// The concurrency levels, comma-separated: ascending, 1 added first.
pub fn levels(s: &str) -> Result<Levels, OptionError> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim) {
        let n: usize = part.parse().map_err(|_| OptionError::NotACount {
            given: part.to_string(),
        })?;
        if n == 0 || n > MAX_CLIENTS {
            return Err(OptionError::Clients { clients: n });
        }
        out.push(n);
    }
    if !out.contains(&1) {
        // Every archetype is predicted from one request alone.
        out.push(1);
    }
    out.sort_unstable();
    out.dedup();
    if out.len() > MAX_LEVELS {
        return Err(OptionError::Levels { levels: out.len() });
    }
    Ok(Levels(out))
}

/// A duration (`0` for none) from `lo_ns` to `hi_ns`.
pub fn bounded_duration(s: &str, lo_ns: u64, hi_ns: u64) -> Result<u64, OptionError> {
    let ns = parse_duration_or_zero(s)?;
    if ns < lo_ns || ns > hi_ns {
        return Err(OptionError::OutOfRange {
            given: s.to_string(),
            lo_ns,
            hi_ns,
        });
    }
    Ok(ns)
}

/// A second, ns.
pub const SECOND: u64 = 1_000_000_000;

/// An HTTP header, `Name: value`.
pub fn header(s: &str) -> Result<(String, String), OptionError> {
    let (k, v) = s.split_once(':').ok_or_else(|| OptionError::Header {
        given: s.to_string(),
    })?;
    Ok((k.trim().to_string(), v.trim().to_string()))
}

/// A size in bytes with an optional K, M or G, from 64 bytes to 1 GiB.
pub fn bytes(s: &str) -> Result<u64, OptionError> {
    let t = s.trim();
    let (num, mult) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => (&t[..i], &t[i..]),
        None => (t, ""),
    };
    let mult: u64 = match mult {
        "" | "B" => 1,
        "K" | "KiB" => 1 << 10,
        "M" | "MiB" => 1 << 20,
        "G" | "GiB" => 1 << 30,
        _ => {
            return Err(OptionError::SizeUnit {
                given: s.to_string(),
            });
        }
    };
    let n = num.parse::<u64>().ok().and_then(|n| n.checked_mul(mult));
    match n {
        Some(n) if (64..=1 << 30).contains(&n) => Ok(n),
        _ => Err(OptionError::Size {
            given: s.to_string(),
        }),
    }
}

/// A request's text, at most [`MAX_REQUEST_BYTES`].
pub fn text(s: &str) -> Result<String, OptionError> {
    if s.len() > MAX_REQUEST_BYTES {
        return Err(OptionError::TooLong { len: s.len() });
    }
    Ok(s.to_string())
}
