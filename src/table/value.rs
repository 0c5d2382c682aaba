//! A cell's typed value and its people form, through the formatters of
//! [`crate::words`] (and [`crate::units::Nanos`] for nanoseconds).

use crate::units::Nanos;
use crate::words::{Pct, Range, Secs, num, sig, times};
use std::fmt;

/// How a number reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Seconds: `12.3ms`.
    Secs,
    /// Nanoseconds: `850ns`, `12.3µs`.
    Nanos,
    /// A ratio with this many decimals: `1.98×`.
    Times(usize),
    /// A fraction as a percentage with this many decimals, signed or not.
    Pct(usize, bool),
    /// A plain number with this many decimals.
    Fixed(usize),
    /// A plain number to four significant figures.
    Sig,
    /// A count that may be fractional (a concurrency): whole numbers as
    /// such, others to four significant figures.
    N,
}

/// A cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text (from a document or from `words`); each backend escapes it.
    Text(String),
    /// A name with a different machine form: people read `words`, CSV
    /// writes `key`.
    Tag {
        /// What people read.
        words: String,
        /// What CSV writes.
        key: String,
    },
    /// A number in its unit; not finite reads `—` and writes nothing.
    Num(f64, Unit),
    /// A whole count.
    Count(u64),
    /// A median between two ends, in one unit: `207ms [201ms–212ms]`; the
    /// median alone when both ends are the median.
    Spread {
        /// The median (or the mean, for a fit's level).
        median: f64,
        /// The low end.
        lo: f64,
        /// The high end.
        hi: f64,
        /// Their unit.
        unit: Unit,
    },
    /// Yes or no.
    Bool(bool),
    /// A value with marks people read around it (`~+1.2%`, `4!`); CSV
    /// writes the value alone.
    Flagged {
        /// The value.
        value: Box<Value>,
        /// Written before it.
        before: &'static str,
        /// Written after it.
        after: &'static str,
    },
    /// Nothing, and the reason people read (`not measured`).
    Absent(&'static str),
    /// Nothing.
    Empty,
}

impl Value {
    /// Seconds.
    pub fn secs(s: f64) -> Self {
        Value::Num(s, Unit::Secs)
    }
    /// Nanoseconds.
    pub fn nanos(ns: f64) -> Self {
        Value::Num(ns, Unit::Nanos)
    }
    /// A ratio with two decimals.
    pub fn ratio(x: f64) -> Self {
        Value::Num(x, Unit::Times(2))
    }
    /// A percentage with `places` decimals.
    pub fn pct(frac: f64, places: usize) -> Self {
        Value::Num(frac, Unit::Pct(places, false))
    }
    /// A signed percentage with one decimal (a prediction's error).
    pub fn error(frac: f64) -> Self {
        Value::Num(frac, Unit::Pct(1, true))
    }
    /// A count.
    pub fn count(n: impl TryInto<u64>) -> Self {
        n.try_into().map_or(Value::Empty, Value::Count)
    }
    /// A summary's median between its min and max, in seconds.
    pub fn spread(s: &crate::stats::Summary) -> Self {
        Value::Spread {
            median: s.median,
            lo: s.min,
            hi: s.max,
            unit: Unit::Secs,
        }
    }
    /// A median between two ends, in nanoseconds.
    pub fn nanos_spread(median: f64, lo: f64, hi: f64) -> Self {
        Value::Spread {
            median,
            lo,
            hi,
            unit: Unit::Nanos,
        }
    }
    /// This value with `before` and `after` around it for people.
    pub fn flagged(self, before: &'static str, after: &'static str) -> Self {
        if before.is_empty() && after.is_empty() {
            return self;
        }
        Value::Flagged {
            value: Box::new(self),
            before,
            after,
        }
    }
    /// Whether people read this as text (aligned left), not a figure.
    pub fn is_text(&self) -> bool {
        match self {
            Value::Text(_) | Value::Tag { .. } | Value::Empty | Value::Absent(_) => true,
            Value::Flagged { value, .. } => value.is_text(),
            _ => false,
        }
    }
    /// `x` in `unit`, or [`Value::Absent`] with `why` when there is none.
    pub fn or_absent(x: Option<f64>, unit: Unit, why: &'static str) -> Self {
        x.map_or(Value::Absent(why), |x| Value::Num(x, unit))
    }
}

/// `x` in `unit`, as people read it.
fn number(f: &mut fmt::Formatter<'_>, x: f64, unit: Unit) -> fmt::Result {
    match unit {
        Unit::Secs if x.is_finite() => write!(f, "{}", Secs(x)),
        Unit::Nanos if x.is_finite() => write!(f, "{}", Nanos(x)),
        Unit::Secs | Unit::Nanos => f.write_str("—"),
        Unit::Times(p) => f.write_str(&times(x, p)),
        Unit::Pct(p, signed) => {
            let v = Pct::new(x).places(p);
            write!(f, "{}", if signed { v.signed() } else { v })
        }
        Unit::Fixed(p) => f.write_str(&num(x, p)),
        Unit::Sig => f.write_str(&sig(x)),
        Unit::N if x.fract() == 0.0 && x.abs() < 1e9 => write!(f, "{}", x as i64),
        Unit::N => f.write_str(&sig(x)),
    }
}

/// A number in a unit, for [`Range`].
struct In(f64, Unit);

impl fmt::Display for In {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        number(f, self.0, self.1)
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(s) | Value::Tag { words: s, .. } => f.write_str(s),
            Value::Num(x, u) => number(f, *x, *u),
            Value::Count(n) => write!(f, "{n}"),
            Value::Spread {
                median,
                lo,
                hi,
                unit,
            } => {
                let u = *unit;
                // One run, or all alike: no range to show.
                if lo == hi && lo == median {
                    return write!(f, "{}", In(*median, u));
                }
                write!(f, "{} {}", In(*median, u), Range(In(*lo, u), In(*hi, u)))
            }
            Value::Bool(b) => f.write_str(if *b { "yes" } else { "no" }),
            Value::Flagged {
                value,
                before,
                after,
            } => write!(f, "{before}{value}{after}"),
            Value::Absent(why) => f.write_str(why),
            Value::Empty => Ok(()),
        }
    }
}
