//! `conpar probe`'s option values read from text, each bounded, with what
//! is accepted in every refusal. Pure.

use crate::probe::target::MAX_REQUEST_BYTES;
use crate::results::probe::{MAX_CLIENTS, MAX_LEVELS};
use crate::units::parse_duration_or_zero;

/// Concurrency levels N, ascending, 1 first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Levels(pub Vec<usize>);

/// The concurrency levels, comma-separated: ascending, 1 added first.
pub fn levels(s: &str) -> Result<Levels, String> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim) {
        let n: usize = part.parse().map_err(|_| {
            format!("`{part}` is not a client count: accepted are whole numbers 1 to {MAX_CLIENTS}, comma-separated")
        })?;
        if n == 0 || n > MAX_CLIENTS {
            return Err(format!("{n} clients: accepted are 1 to {MAX_CLIENTS}"));
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
        return Err(format!("{} levels: at most {MAX_LEVELS}", out.len()));
    }
    Ok(Levels(out))
}

/// A duration (`0` for none) from `lo_ns` to `hi_ns`.
pub fn bounded_duration(s: &str, lo_ns: u64, hi_ns: u64) -> Result<u64, String> {
    let ns = parse_duration_or_zero(s).map_err(|e| e.to_string())?;
    if ns < lo_ns || ns > hi_ns {
        return Err(format!(
            "{s}: accepted are {} to {}",
            crate::units::Nanos(lo_ns as f64),
            crate::units::Nanos(hi_ns as f64)
        ));
    }
    Ok(ns)
}

/// A second, ns.
pub const SECOND: u64 = 1_000_000_000;

/// An HTTP header, `Name: value`.
pub fn header(s: &str) -> Result<(String, String), String> {
    let (k, v) = s
        .split_once(':')
        .ok_or_else(|| format!("`{s}` is not a header: accepted is `Name: value`"))?;
    Ok((k.trim().to_string(), v.trim().to_string()))
}

/// A size in bytes with an optional K, M or G, from 64 bytes to 1 GiB.
pub fn bytes(s: &str) -> Result<u64, String> {
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
            return Err(format!(
                "`{s}`: accepted are bytes with an optional K, M or G (KiB, MiB, GiB)"
            ));
        }
    };
    let n = num.parse::<u64>().ok().and_then(|n| n.checked_mul(mult));
    match n {
        Some(n) if (64..=1 << 30).contains(&n) => Ok(n),
        _ => Err(format!("`{s}`: accepted are 64 bytes to 1GiB")),
    }
}

/// A request's text, at most [`MAX_REQUEST_BYTES`].
pub fn text(s: &str) -> Result<String, String> {
    if s.len() > MAX_REQUEST_BYTES {
        return Err(format!("{} bytes: at most {MAX_REQUEST_BYTES}", s.len()));
    }
    Ok(s.to_string())
}
