//! `conpar probe`'s option values read from text, each bounded, with what
//! is accepted in every refusal. Pure.

use crate::probe::target::MAX_REQUEST_BYTES;
use crate::results::probe::open::{MAX_OBJECTIVES, MAX_RATE, MAX_STEPS, Objective, Quantile};
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

/// Lowest rate accepted, requests per second.
pub const MIN_RATE: f64 = 0.1;

/// One rate: requests per second, a decimal number with an optional `k`
/// (thousand) or `M` (million) and an optional `/s`: `500`, `2k`, `1.5k/s`.
pub fn rate(s: &str) -> Result<f64, String> {
    let accepted = format!(
        "accepted are requests per second from {MIN_RATE} to 1M, e.g. `500`, `2k`, `1.5k/s`"
    );
    let t = s.trim();
    let t = t.strip_suffix("/s").unwrap_or(t);
    let (num, mult) = match t.strip_suffix(['k', 'K']) {
        Some(n) => (n, 1e3),
        None => match t.strip_suffix('M') {
            Some(n) => (n, 1e6),
            None => (t, 1.0),
        },
    };
    let digits = !num.is_empty() && num.chars().all(|c| c.is_ascii_digit() || c == '.');
    match num.parse::<f64>() {
        Ok(v) if digits && (MIN_RATE..=MAX_RATE).contains(&(v * mult)) => Ok(v * mult),
        _ => Err(format!("`{s}` is not a rate: {accepted}")),
    }
}

/// Rates, comma-separated, in the order given.
#[derive(Debug, Clone, PartialEq)]
pub struct Rates(pub Vec<f64>);

/// The open-loop rates: one (`500`) or a ladder (`100,200,400`), each as
/// [`rate`] reads it, at most [`MAX_STEPS`].
pub fn rates(s: &str) -> Result<Rates, String> {
    let out = s.split(',').map(rate).collect::<Result<Vec<f64>, _>>()?;
    if out.len() > MAX_STEPS {
        return Err(format!("{} rates: at most {MAX_STEPS}", out.len()));
    }
    Ok(Rates(out))
}

/// Latency objectives, in the order given.
#[derive(Debug, Clone, PartialEq)]
pub struct Slo(pub Vec<Objective>);

/// Latency objectives, comma-separated `QUANTILE=DURATION`: `p99=50ms`,
/// `p50=5ms,p99.9=200ms`; each quantile once.
pub fn slo(s: &str) -> Result<Slo, String> {
    let accepted = "accepted are p50, p90, p99 or p99.9 = a duration (`p99=50ms`), comma-separated";
    let mut out: Vec<Objective> = Vec::new();
    for part in s.split(',').map(str::trim) {
        let (q, d) = part
            .split_once('=')
            .ok_or_else(|| format!("`{part}` is not an objective: {accepted}"))?;
        let quantile = Quantile::ALL
            .into_iter()
            .find(|x| x.name() == q.trim())
            .ok_or_else(|| format!("`{}` is not a percentile: {accepted}", q.trim()))?;
        let ns = bounded_duration(d.trim(), 1_000, 600 * SECOND)
            .map_err(|e| format!("`{part}`: {e}"))?;
        if out.iter().any(|o| o.quantile == quantile) {
            return Err(format!("`{s}`: {} given twice", quantile.name()));
        }
        out.push(Objective {
            quantile,
            max_s: ns as f64 / 1e9,
        });
    }
    if out.len() > MAX_OBJECTIVES {
        return Err(format!(
            "{} objectives: at most {MAX_OBJECTIVES}",
            out.len()
        ));
    }
    Ok(Slo(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_suffixes_and_refuse_the_rest() {
        assert_eq!(rate("500"), Ok(500.0));
        assert_eq!(rate("2k"), Ok(2000.0));
        assert_eq!(rate("1.5k/s"), Ok(1500.0));
        assert_eq!(rate("1M"), Ok(1e6));
        assert_eq!(rates("100,200,400"), Ok(Rates(vec![100.0, 200.0, 400.0])));
        for bad in ["0", "-5", "fast", "2x", "1e3", "2M", "", "nan"] {
            let e = rate(bad).unwrap_err();
            assert!(
                e.contains(&format!("`{bad}`")) && e.contains("accepted are"),
                "{e}"
            );
        }
    }

    #[test]
    fn objectives_name_a_percentile_and_a_duration() {
        let o = slo("p99=50ms,p99.9=1s").unwrap().0;
        assert_eq!(o[0].quantile, Quantile::P99);
        assert!((o[0].max_s - 0.05).abs() < 1e-12);
        assert_eq!((o[1].quantile, o[1].max_s), (Quantile::P999, 1.0));
        for bad in ["p98=5ms", "p99", "p99=fast", "p99=5ms,p99=6ms", "p50=0"] {
            assert!(slo(bad).is_err(), "{bad}");
        }
        assert!(slo("p98=5ms").unwrap_err().contains("p99.9"));
    }
}
