//! The HTML page's own words: its title, the line naming its hosts, a
//! cgroup quota, and what a report left out. Each said once here.

use std::fmt;

/// The page's title and first heading.
pub const TITLE: &str = "conpar report";

/// The headings of the table of files read, one row per file.
pub const FILE_HEADINGS: [&str; 9] = [
    "file",
    "kind",
    "command",
    "started",
    "conpar",
    "host",
    "CPU",
    "allowed CPUs",
    "cgroup quota",
];

/// The hosts whose documents the page shows: `Hosts: a; b.`
pub struct Hosts<'a>(pub &'a [String]);

impl fmt::Display for Hosts<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hosts: {}.", self.0.join("; "))
    }
}

/// A cgroup's CPU quota, `none` where there is none.
pub struct Quota(pub Option<f64>);

impl fmt::Display for Quota {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(q) => write!(f, "{q:.2} CPUs"),
            None => f.write_str("none"),
        }
    }
}

/// `n` charts of a kind (`what`) a report did not draw, past its `most`.
pub struct ChartsLeftOut<'a> {
    /// How many.
    pub n: usize,
    /// What they are, plural.
    pub what: &'a str,
    /// Most charts a report draws.
    pub most: usize,
}

impl fmt::Display for ChartsLeftOut<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ChartsLeftOut { n, what, most } = self;
        write!(
            f,
            "{n} {what} left out: a report draws at most {most} charts (every figure is in the document)."
        )
    }
}
