//! The workloads shipped under `workloads/`, compiled in so that a name like
//! `two-tasks` works from any directory.

use super::{Workload, WorkloadError, load_file, parse_str};
use std::path::Path;

/// Name and TOML text of every shipped workload.
pub const BUILTIN: &[(&str, &str)] = &[
    ("two-tasks", include_str!("../../workloads/two-tasks.toml")),
    (
        "five-on-four",
        include_str!("../../workloads/five-on-four.toml"),
    ),
    ("amdahl-10", include_str!("../../workloads/amdahl-10.toml")),
    (
        "blocking-vs-async",
        include_str!("../../workloads/blocking-vs-async.toml"),
    ),
    ("even", include_str!("../../workloads/even.toml")),
    ("uneven", include_str!("../../workloads/uneven.toml")),
    (
        "many-small",
        include_str!("../../workloads/many-small.toml"),
    ),
    (
        "oversubscribed",
        include_str!("../../workloads/oversubscribed.toml"),
    ),
    ("mixed-io", include_str!("../../workloads/mixed-io.toml")),
];

/// A shipped workload by name (with or without `.toml`).
pub fn builtin(name: &str) -> Option<Result<Workload, WorkloadError>> {
    let name = name.strip_suffix(".toml").unwrap_or(name);
    BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, text)| parse_str(text, &format!("workloads/{n}.toml (built in)"), n))
}

/// Loads `arg` as a file when one exists there, else as a shipped workload name.
pub fn resolve(arg: &str) -> Result<Workload, WorkloadError> {
    let path = Path::new(arg);
    if path.exists() {
        return load_file(path);
    }
    if let Some(w) = builtin(arg) {
        return w;
    }
    Err(WorkloadError::Read {
        file: arg.to_string(),
        source: std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "no such file, and no shipped workload of that name (shipped: {})",
                BUILTIN
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_shipped_workload_loads() {
        for (name, _) in super::BUILTIN {
            let w = super::builtin(name).unwrap().unwrap();
            assert_eq!(&w.name, name);
        }
        assert!(
            super::resolve("no-such-workload")
                .unwrap_err()
                .to_string()
                .contains("shipped: two-tasks")
        );
    }
}
