//! Why a document of a known kind is refused: the field, the value found and
//! what is accepted. `parse` names the file and the kind around it.

use crate::model::HostError;
use crate::stats::SummaryError;

/// One refusal of a document's content.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Invalid {
    /// Its fields are not the kind's layout: serde's message, with where.
    #[error("{0}")]
    Layout(String),
    /// A list longer than `max`.
    #[error("{field}: {len} entries; at most {max} are accepted")]
    TooMany {
        field: String,
        len: usize,
        max: usize,
    },
    /// A count outside 1 to `max`.
    #[error("{field} = {value}: accepted are 1 to {max}")]
    Count {
        field: String,
        value: usize,
        max: usize,
    },
    /// A count above `max`.
    #[error("{field} = {value}: at most {max} is accepted")]
    AtMost {
        field: &'static str,
        value: u64,
        max: u64,
    },
    /// A number that is not a positive one.
    #[error("{field} = {value}: a positive number is expected")]
    NotPositive { field: &'static str, value: f64 },
    /// A number outside (0, `max`].
    #[error("{field} = {value}: accepted are values above 0 up to {max}")]
    OutOfRange {
        field: &'static str,
        value: f64,
        max: f64,
    },
    /// A measured workspan burden no host has.
    #[error(
        "workspan_burden: {ns} ns of a {join_ns} ns join, {stolen} of {trials} trials stolen, is no host's"
    )]
    Burden {
        ns: u64,
        join_ns: u64,
        stolen: u64,
        trials: u64,
    },
    /// A work-and-span profile that cannot be.
    #[error(
        "profile: work {work} ns, span {span} ns, burdened span {burdened} ns; accepted are 0 < span ≤ work and span ≤ burdened span"
    )]
    Profile { work: u64, span: u64, burdened: u64 },
    /// A number that is not finite.
    #[error("{field} = {value}: a number is expected")]
    NotFinite { field: &'static str, value: f64 },
    /// An interval not finite or running backwards.
    #[error("{field}: [{lo}, {hi}] is not an interval (finite, lower end first)")]
    Interval {
        field: &'static str,
        lo: f64,
        hi: f64,
    },
    /// A summary of samples that does not hold together.
    #[error("{field}: {why}")]
    Summary { field: String, why: SummaryError },
    /// A host cost of a minute or more: no host's.
    #[error("{field}: {ns} ns is not a cost of this kind: accepted are costs under a minute")]
    NotACost { field: String, ns: f64 },
    /// Costs at counts: too many points, or a count outside 1 to `max`.
    #[error("{field}: at most {max} points of counts 1 to {max} are accepted")]
    Counts { field: String, max: usize },
    /// More per-kernel entries than kernels.
    #[error("overheads_ns.{field}: {len} entries; at most one per kernel ({max}) is accepted")]
    PerKernel {
        field: &'static str,
        len: usize,
        max: usize,
    },
    /// A stored slice `[task, core, start, end]` that names no task or core
    /// of its timeline, or runs backwards.
    #[error(
        "timeline slice [{task}, {core}, {start}, {end}] names no task or core, or runs backwards"
    )]
    Slice {
        task: u32,
        core: u32,
        start: u64,
        end: u64,
    },
    /// A model timeline on more cores than its run.
    #[error("a timeline uses core {used} of {cores}")]
    TimelineCores { used: usize, cores: usize },
    /// A model timeline's slice that ends before it starts.
    #[error("a timeline slice runs backwards")]
    Backwards,
    /// A contention curve the host model does not take.
    #[error("contention curve of {kernel}: {why}")]
    Curve {
        kernel: &'static str,
        why: HostError,
    },
}

/// A list of `len` entries at most `max` long, named `field`.
pub(crate) fn at_most_entries(field: &str, len: usize, max: usize) -> Result<(), Invalid> {
    if len > max {
        return Err(Invalid::TooMany {
            field: field.to_string(),
            len,
            max,
        });
    }
    Ok(())
}
