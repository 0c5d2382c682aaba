//! The result contract: one serde document type per command (`model`, `run`,
//! `io`, `scale`, `tour`, `calibrate`, `probe`, `fit`). Every `--json` file is one document,
//! whatever was run, with its workloads or rows in lists inside it, and opens
//! with the same header ([`Meta`]): `kind`, `schema`, `conpar_version`,
//! `command` (argv), `started_at` (RFC 3339) and `host`.
//!
//! Writers serialise these types and nothing else; `report` and any later
//! reader deserialise them with [`parse`] and nothing else. A file read back
//! is hostile input: [`parse`] refuses foreign, older and newer documents by
//! name, and each document's `check` bounds every count a renderer would
//! allocate for.
//!
//! Pure: bytes in, documents out; no clock, thread or file.

pub mod calibrate;
pub mod fit;
mod invalid;
pub mod io;
pub mod model;
pub mod probe;
pub mod run;
pub mod scale;
pub mod tour;
pub mod workspan;

use crate::measure::Host;
use crate::stats::Summary;
pub use invalid::Invalid;
use invalid::at_most_entries;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The newest document layout this conpar writes and reads; each kind's own
/// is [`Kind::schema`].
pub const SCHEMA: u32 = 4;

/// Largest result file read back, in bytes.
pub const MAX_DOCUMENT_BYTES: u64 = 64 << 20;

/// Most cores (or threads) a document may name; renderers allocate per core.
pub const MAX_CORES: usize = 65_536;

/// Which command wrote a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `conpar model`.
    Model,
    /// `conpar run`.
    Run,
    /// `conpar io`.
    Io,
    /// `conpar scale`.
    Scale,
    /// `conpar tour`.
    Tour,
    /// `conpar calibrate`.
    Calibrate,
    /// `conpar probe`.
    Probe,
    /// `conpar fit`.
    Fit,
    /// `conpar workspan`.
    Workspan,
}

impl Kind {
    /// Every kind, in the order the help lists them.
    pub const NAMES: &'static str = "model, run, io, scale, tour, calibrate, probe, fit, workspan";

    /// The layout this conpar writes and reads for the kind: 3 where the
    /// findings became typed values (`fit`: its notes; `probe`: its verdict,
    /// notes and reasons) and where predictions came to simulate the
    /// recorded fork-join graph (`workspan`), 4 where a second step made
    /// them typed (`run`, `scale`: the fitted laws' notes after the warnings;
    /// `tour`: a claim's reasons and figures after its warnings; `probe`:
    /// what a failed request's answer got wrong), 2 for the
    /// others.
    pub fn schema(self) -> u32 {
        match self {
            Kind::Run | Kind::Scale | Kind::Tour | Kind::Probe => 4,
            Kind::Fit | Kind::Workspan => 3,
            _ => 2,
        }
    }

    /// What changed since an older schema `found` of this kind, for the
    /// refusal that names the upgrade script; `None` when there is no script
    /// for it.
    fn upgraded_since(self, found: u64) -> Option<&'static str> {
        match (self, found) {
            (Kind::Run | Kind::Scale | Kind::Tour, 2) => {
                Some("from before its warnings were typed findings")
            }
            (Kind::Run | Kind::Scale, 3) | (Kind::Fit, 2) => {
                Some("from before its fitted laws' notes were typed findings")
            }
            (Kind::Workspan, 2) => {
                Some("from before its predictions simulated the fork-join graph")
            }
            (Kind::Tour, 3) => {
                Some("from before a tour claim's reasons and words were typed findings")
            }
            (Kind::Probe, 2) => {
                Some("from before its verdict, notes and failures were typed findings")
            }
            (Kind::Probe, 3) => {
                Some("from before what a failed request's answer got wrong was a typed finding")
            }
            _ => None,
        }
    }
}

/// The header every document carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Which command wrote it.
    pub kind: Kind,
    /// Layout version ([`SCHEMA`] when written by this conpar).
    pub schema: u32,
    /// The conpar that wrote it.
    pub conpar_version: String,
    /// The command line that produced it.
    pub command: Vec<String>,
    /// When the command started, RFC 3339 in UTC.
    pub started_at: String,
    /// The host it ran on.
    pub host: Host,
}

impl Meta {
    /// A header for this conpar, `argv` and `started_at`.
    pub fn new(kind: Kind, command: Vec<String>, started_at: String, host: Host) -> Meta {
        Meta {
            kind,
            schema: kind.schema(),
            conpar_version: env!("CARGO_PKG_VERSION").to_string(),
            command,
            started_at,
            host,
        }
    }

    /// "hostname (N CPUs)".
    pub fn host_label(&self) -> String {
        format!(
            "{} ({} CPU{})",
            self.host.hostname,
            self.host.allowed_cpus.len(),
            if self.host.allowed_cpus.len() == 1 {
                ""
            } else {
                "s"
            }
        )
    }
}

/// Any document, as read back.
#[derive(Debug, Clone)]
pub enum Document {
    /// From `conpar model`.
    Model(model::ModelDoc),
    /// From `conpar run`.
    Run(run::RunDoc),
    /// From `conpar io`.
    Io(io::IoDoc),
    /// From `conpar scale`.
    Scale(scale::ScaleDoc),
    /// From `conpar tour`.
    Tour(tour::TourDoc),
    /// From `conpar calibrate`.
    Calibrate(calibrate::CalibrateDoc),
    /// From `conpar probe`.
    Probe(probe::ProbeDoc),
    /// From `conpar fit`.
    Fit(fit::FitDoc),
    /// From `conpar workspan`.
    Workspan(workspan::WorkspanDoc),
}

impl Document {
    /// The header.
    pub fn meta(&self) -> &Meta {
        match self {
            Document::Model(d) => &d.meta,
            Document::Run(d) => &d.meta,
            Document::Io(d) => &d.meta,
            Document::Scale(d) => &d.meta,
            Document::Tour(d) => &d.meta,
            Document::Calibrate(d) => &d.meta,
            Document::Probe(d) => &d.meta,
            Document::Fit(d) => &d.meta,
            Document::Workspan(d) => &d.meta,
        }
    }
}

/// Why a file is not a document this conpar reads.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    /// Nothing in it.
    #[error("{file} is empty: expected a JSON document written by conpar with --json")]
    Empty { file: String },
    /// Not JSON at all.
    #[error("{file}:{line}:{column}: not valid JSON: {message}")]
    Json {
        file: String,
        line: usize,
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// JSON, but not a conpar document.
    #[error(
        "{file} is not a conpar result: expected one JSON object with `kind` ({kinds}) and `schema`{hint}",
        kinds = Kind::NAMES
    )]
    Foreign {
        file: String,
        /// What it looks like instead.
        hint: String,
    },
    /// Written by a newer conpar.
    #[error(
        "{file} has schema {found}, newer than this conpar {version} reads; use a newer conpar",
        version = env!("CARGO_PKG_VERSION")
    )]
    Newer {
        file: String,
        /// Its schema.
        found: u64,
    },
    /// A document of a known kind with a field out of shape or out of bounds.
    #[error("{file}: not a valid `{kind}` document: {why}")]
    Invalid {
        file: String,
        /// Its kind.
        kind: String,
        /// What is wrong.
        why: Invalid,
    },
}

#[derive(Deserialize)]
struct Probe {
    kind: Option<serde_json::Value>,
    schema: Option<serde_json::Value>,
    rows: Option<serde::de::IgnoredAny>,
    claims: Option<serde::de::IgnoredAny>,
}

fn json_error(file: &str, e: &serde_json::Error) -> ReadError {
    ReadError::Json {
        file: file.into(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    }
}

/// Reads one document from `bytes`, named `file` in errors.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty { file: file.into() });
    }
    let foreign = |hint: &str| ReadError::Foreign {
        file: file.into(),
        hint: hint.into(),
    };
    let probe: Probe = match serde_json::from_slice(bytes) {
        Ok(p) => p,
        Err(e) if e.is_data() => {
            let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
            return Err(foreign(if first == Some(&b'[') {
                "; this is a list, as conpar wrote for several workloads before schema 2: run the command again with this conpar"
            } else {
                ""
            }));
        }
        Err(e) => return Err(json_error(file, &e)),
    };
    let old = "; it looks like a result of conpar before schema 2: run the command again with this conpar";
    let kind = match (&probe.kind, &probe.schema) {
        (Some(k), Some(_)) => serde_json::from_value::<Kind>(k.clone()).map_err(|_| {
            foreign(&format!(
                "; its kind is {}",
                crate::escape::terminal(&short(&k.to_string()))
            ))
        })?,
        (None, None) if probe.rows.is_some() || probe.claims.is_some() => return Err(foreign(old)),
        _ => return Err(foreign("")),
    };
    let schema = probe.schema.as_ref().and_then(serde_json::Value::as_u64);
    let current = u64::from(kind.schema());
    match schema {
        Some(s) if s > current => {
            return Err(ReadError::Newer {
                file: file.into(),
                found: s,
            });
        }
        Some(s) if s == current => {}
        Some(s) => {
            return Err(foreign(&kind.upgraded_since(s).map_or(old.into(), |since| format!(
                "; it has schema {s}, {since} (schema {current}): upgrade it with scripts/upgrade-results.py OLD.json NEW.json"
            ))));
        }
        None => return Err(foreign(old)),
    }
    let invalid = |why: Invalid| ReadError::Invalid {
        file: file.into(),
        kind: format!("{kind:?}").to_lowercase(),
        why,
    };
    fn typed<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Invalid> {
        serde_json::from_slice(bytes).map_err(|e| Invalid::Layout(e.to_string()))
    }
    let doc = match kind {
        Kind::Model => typed(bytes).map(Document::Model),
        Kind::Run => typed(bytes).map(Document::Run),
        Kind::Io => typed(bytes).map(Document::Io),
        Kind::Scale => typed(bytes).map(Document::Scale),
        Kind::Tour => typed(bytes).map(Document::Tour),
        Kind::Calibrate => typed(bytes).map(Document::Calibrate),
        Kind::Probe => typed(bytes).map(Document::Probe),
        Kind::Fit => typed(bytes).map(Document::Fit),
        Kind::Workspan => typed(bytes).map(Document::Workspan),
    }
    .map_err(&invalid)?;
    check(&doc).map_err(invalid)?;
    Ok(doc)
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

fn check(doc: &Document) -> Result<(), Invalid> {
    let host = &doc.meta().host;
    at_most_entries("host.allowed_cpus", host.allowed_cpus.len(), MAX_CORES)?;
    match doc {
        Document::Model(d) => d.check(),
        Document::Run(d) => d.check(),
        Document::Io(d) => d.check(),
        Document::Scale(d) => d.check(),
        Document::Probe(d) => d.check(),
        Document::Fit(d) => d.check(),
        Document::Calibrate(d) => d.check(),
        Document::Workspan(d) => d.check(),
        Document::Tour(d) => d.check(),
    }
}

/// `Ok` when `n` is 1 to [`MAX_CORES`]; else says which field.
pub(crate) fn check_cores(what: &str, n: usize) -> Result<(), Invalid> {
    if n == 0 || n > MAX_CORES {
        return Err(Invalid::Count {
            field: what.to_string(),
            value: n,
            max: MAX_CORES,
        });
    }
    Ok(())
}

/// A summary read from a file, named `field` when it is refused.
pub(crate) fn check_summary(field: &str, s: &Summary, positive: bool) -> Result<(), Invalid> {
    s.check(positive).map_err(|why| Invalid::Summary {
        field: field.to_string(),
        why,
    })
}

pub use crate::findings::nan_null;

/// Serde for a ceiling that may be infinite: `null` in JSON, +∞ when read back.
pub mod inf_null {
    use super::*;

    /// Writes a finite float as a number, anything else as `null`.
    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        super::nan_null::serialize(x, s)
    }

    /// Reads a number, or `null` as +∞.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::INFINITY))
    }
}

#[cfg(test)]
mod tests;
