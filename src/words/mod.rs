//! The one place values become words: one formatter per kind of value, so a
//! duration, a ratio, a percentage, a count or an interval reads the same in
//! every command, table and page.
//!
//! - [`Secs`]: seconds in the largest unit that reads well (`12.3ms`, `850µs`,
//!   `2.00s`), by [`crate::units::Nanos`]'s one rule.
//! - [`Ratio`]: `1.98×`; `∞×` for an unbounded one, `—` for none.
//! - [`Pct`]: a fraction as a percentage, `12%` or `+2.2%`, one spelling
//!   (no space, never `-0.0%`).
//! - [`Count`]: a number with its noun, `1 core`, `2 cores`, never `core(s)`.
//! - [`Spread`]: a median with its range, `207ms [201ms–212ms]`.
//!
//! Pure: values in, text out.

use crate::units::Nanos;
use std::fmt;

pub mod calibrate;
pub mod fit;
pub mod io;
pub mod laws;
pub mod model;
pub mod page;
pub mod probe;
mod probe_open;
pub mod probe_report;
pub mod scaling;
pub mod tour;
mod warnings;
mod why;
pub mod workspan;
pub use warnings::lines as warning_lines;
pub use why::NO_CPU_WORK;

/// A duration in seconds, printed as [`Nanos`] prints nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Secs(pub f64);

impl fmt::Display for Secs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A duration not recorded (NaN) or unbounded is no number of seconds.
        if !self.0.is_finite() {
            return f.pad("—");
        }
        Nanos(self.0 * 1e9).fmt(f)
    }
}

/// `∞` for infinity, `—` for a figure that is not defined (NaN), else the
/// number with `digits` decimals; one that rounds to zero has no sign
/// (`0.000`, never `-0.000`).
pub fn num(x: f64, digits: usize) -> String {
    if x.is_nan() {
        "—".into()
    } else if x.is_infinite() {
        "∞".into()
    } else {
        let s = format!("{x:.digits$}");
        match s.strip_prefix('-') {
            Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
            _ => s,
        }
    }
}

/// `x` to four significant figures (whole numbers from 10⁴ up, an
/// exponent beyond), or `—` for a figure that is not finite.
pub fn sig(x: f64) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    let mag = x.abs().log10().floor();
    if !(-4.0..=5.0).contains(&mag) {
        return format!("{x:.3e}");
    }
    let places = (3.0 - mag).max(0.0) as usize;
    format!("{x:.places$}")
}

/// `1.50×`, or `—` alone for a figure that is not defined.
pub fn times(x: f64, digits: usize) -> String {
    if x.is_nan() {
        "—".into()
    } else {
        format!("{}×", num(x, digits))
    }
}

/// A ratio (a speedup, a slowdown): `1.98×`, to two decimals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ratio(pub f64);

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&times(self.0, 2))
    }
}

/// A fraction printed as a percentage: `Pct::new(0.123)` is `12%`,
/// `.places(1)` gives `12.3%`, `.signed()` gives `+12.3%`. A value that
/// rounds to zero is printed unsigned-negative-free: `0%`, `+0.0%`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pct {
    frac: f64,
    places: usize,
    signed: bool,
}

impl Pct {
    /// `frac` (0.5 is 50 %) with no decimals and no sign.
    pub fn new(frac: f64) -> Self {
        Pct {
            frac,
            places: 0,
            signed: false,
        }
    }

    /// With `n` decimals.
    pub fn places(self, n: usize) -> Self {
        Pct { places: n, ..self }
    }

    /// With a sign, `+` for a positive value.
    pub fn signed(self) -> Self {
        Pct {
            signed: true,
            ..self
        }
    }
}

impl fmt::Display for Pct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.frac.is_finite() {
            return f.pad("—");
        }
        let places = self.places;
        let mut v = self.frac * 100.0;
        // No "-0.0%": a value that rounds to zero has no sign of its own.
        if format!("{:.places$}", v.abs())
            .chars()
            .all(|c| c == '0' || c == '.')
        {
            v = 0.0;
        }
        let text = if self.signed {
            format!("{v:+.places$}%")
        } else {
            format!("{v:.places$}%")
        };
        f.pad(&text)
    }
}

/// A count with its noun, plural when the count is not one: `1 core`, `2 cores`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count<'a>(pub usize, pub &'a str);

impl fmt::Display for Count<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Count(n, noun) = *self;
        f.pad(&format!("{n} {}", plural(n, noun)))
    }
}

/// `noun` as it goes with `n`: regular plurals (`core`, `cores`), and the
/// few irregular nouns conpar counts.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        return noun.to_string();
    }
    match noun {
        "is" => "are".into(),
        "lies" => "lie".into(),
        "was" => "were".into(),
        "process" => "processes".into(),
        "concurrency" => "concurrencies".into(),
        _ => format!("{noun}s"),
    }
}

/// An optional finding: its words, or nothing.
#[derive(Debug, Clone, Copy)]
pub struct Maybe<'a, T>(pub Option<&'a T>);

impl<T: fmt::Display> fmt::Display for Maybe<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(x) => x.fmt(f),
            None => Ok(()),
        }
    }
}

/// A median with its range, in seconds: `207ms [201ms–212ms]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// The median, s.
    pub median: f64,
    /// The low end, s.
    pub lo: f64,
    /// The high end, s.
    pub hi: f64,
}

impl Spread {
    /// A summary's median between its min and max.
    pub fn of(s: &crate::stats::Summary) -> Self {
        Spread {
            median: s.median,
            lo: s.min,
            hi: s.max,
        }
    }
}

impl fmt::Display for Spread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format!(
            "{} {}",
            Secs(self.median),
            Range(Secs(self.lo), Secs(self.hi))
        ))
    }
}

/// Two ends of anything printable, `[lo–hi]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range<T>(pub T, pub T);

impl<T: fmt::Display> fmt::Display for Range<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format!("[{}–{}]", self.0, self.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_value_has_one_spelling() {
        assert_eq!(Secs(0.207).to_string(), "207ms");
        assert_eq!(Secs(2.0).to_string(), "2.00s");
        assert_eq!(Secs(850e-6).to_string(), "850µs");
        assert_eq!(Secs(f64::NAN).to_string(), "—");
        assert_eq!(Ratio(1.984).to_string(), "1.98×");
        assert_eq!(Ratio(f64::INFINITY).to_string(), "∞×");
        assert_eq!(format!("{:>6}", Ratio(1.5)), " 1.50×");
        assert_eq!(Pct::new(0.123).to_string(), "12%");
        assert_eq!(Pct::new(0.123).places(1).signed().to_string(), "+12.3%");
        assert_eq!(Pct::new(-0.0004).places(1).to_string(), "0.0%");
        assert_eq!(Pct::new(-0.0004).places(1).signed().to_string(), "+0.0%");
        assert_eq!(Pct::new(-0.25).signed().to_string(), "-25%");
        assert_eq!(num(-0.00004, 3), "0.000");
        assert_eq!(num(-0.0, 2), "0.00");
        assert_eq!(num(-0.0006, 3), "-0.001");
        assert_eq!(times(-0.001, 2), "0.00×");
        assert_eq!(Count(1, "core").to_string(), "1 core");
        assert_eq!(Count(2, "core").to_string(), "2 cores");
        assert_eq!(Count(0, "request").to_string(), "0 requests");
        assert_eq!(plural(3, "lies"), "lie");
        let s = Spread {
            median: 0.207,
            lo: 0.201,
            hi: 0.212,
        };
        assert_eq!(s.to_string(), "207ms [201ms–212ms]");
    }
}
