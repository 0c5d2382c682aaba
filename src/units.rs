//! Durations as people write them (`10ms`, `1.5ms`, `250us`, `2s`, `500ns`), parsed
//! to whole nanoseconds, and printed back in the largest unit that reads well.
//!
//! Pure: no clocks. Used by the workload loader and the command line alike, so a
//! duration is spelled the same everywhere.

use std::fmt;

/// Why a duration string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DurationError(String);

/// The units a duration may carry, with their length in nanoseconds.
const UNITS: &[(&str, f64)] = &[
    ("ns", 1.0),
    ("us", 1e3),
    ("µs", 1e3),
    ("ms", 1e6),
    ("s", 1e9),
];

/// What a duration may look like, for error messages.
pub const DURATION_HELP: &str = "a number followed by ns, us, ms or s (e.g. 10ms, 1.5ms, 250us)";

/// Parses `text` as [`parse_duration_ns`] does, with a bare `0` for none.
pub fn parse_duration_or_zero(text: &str) -> Result<u64, DurationError> {
    if text.trim() == "0" {
        Ok(0)
    } else {
        parse_duration_ns(text)
    }
}

/// Parses `text` (a number and a unit) to nanoseconds, rounding to the nearest
/// nanosecond. Zero, negative and unit-less values are refused.
pub fn parse_duration_ns(text: &str) -> Result<u64, DurationError> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let unit = unit.trim();
    if num.is_empty() {
        return Err(DurationError(format!(
            "`{text}` is not a duration: expected {DURATION_HELP}"
        )));
    }
    let Some(&(_, scale)) = UNITS.iter().find(|(u, _)| *u == unit) else {
        return Err(DurationError(format!(
            "`{text}` has {} unit: expected {DURATION_HELP}",
            if unit.is_empty() {
                "no".to_string()
            } else {
                format!("an unknown `{unit}`")
            }
        )));
    };
    let value: f64 = num.parse().map_err(|_| {
        DurationError(format!(
            "`{text}` is not a duration: expected {DURATION_HELP}"
        ))
    })?;
    let ns = (value * scale).round();
    if ns.is_nan() || ns < 1.0 {
        return Err(DurationError(format!(
            "`{text}` is zero: a duration must be at least 1ns"
        )));
    }
    if ns > 1e15 {
        return Err(DurationError(format!(
            "`{text}` is too long: at most 1000000s"
        )));
    }
    Ok(ns as u64)
}

/// A nanosecond count printed as `12.3ms`, `850µs`, `2.00s` and so on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nanos(pub f64);

impl fmt::Display for Nanos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ns = self.0;
        if ns == 0.0 {
            return f.write_str("0");
        }
        let (v, u) = if ns.abs() >= 1e9 {
            (ns / 1e9, "s")
        } else if ns.abs() >= 1e6 {
            (ns / 1e6, "ms")
        } else if ns.abs() >= 1e3 {
            (ns / 1e3, "µs")
        } else {
            (ns, "ns")
        };
        let prec = if v.abs() >= 100.0 {
            0
        } else if v.abs() >= 10.0 {
            1
        } else {
            2
        };
        write!(f, "{v:.prec$}{u}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_unit() {
        assert_eq!(parse_duration_ns("10ms"), Ok(10_000_000));
        assert_eq!(parse_duration_ns("1.5ms"), Ok(1_500_000));
        assert_eq!(parse_duration_ns("250us"), Ok(250_000));
        assert_eq!(parse_duration_ns("250µs"), Ok(250_000));
        assert_eq!(parse_duration_ns("2s"), Ok(2_000_000_000));
        assert_eq!(parse_duration_ns(" 500 ns "), Ok(500));
    }

    #[test]
    fn refuses_bad_durations() {
        for bad in [
            "",
            "ms",
            "10",
            "0ms",
            "-3ms",
            "10 parsecs",
            "1.2.3ms",
            "0.1ns",
        ] {
            assert!(parse_duration_ns(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn prints_readably() {
        assert_eq!(Nanos(12_345_678.0).to_string(), "12.3ms");
        assert_eq!(Nanos(850_000.0).to_string(), "850µs");
        assert_eq!(Nanos(2e9).to_string(), "2.00s");
        assert_eq!(Nanos(42.0).to_string(), "42.0ns");
    }
}
