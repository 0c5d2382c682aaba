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
    // A file wins over a shipped name; a directory of that name does not.
    if path.is_file() {
        return load_file(path);
    }
    if let Some(w) = builtin(arg) {
        return w;
    }
    if path.exists() {
        return load_file(path);
    }
    let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
    let hint = suggest(arg, &names).map_or(String::new(), |n| format!("did you mean `{n}`? "));
    Err(WorkloadError::Read {
        file: arg.to_string(),
        source: std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "no such file, and no shipped workload of that name; {hint}(shipped: {})",
                names.join(", ")
            ),
        ),
    })
}

/// Whether `arg` names both a file here and a shipped workload (the file is used).
pub fn shadows_builtin(arg: &str) -> bool {
    Path::new(arg).is_file() && BUILTIN.iter().any(|(n, _)| *n == arg)
}

/// The name in `names` closest to `given`, when it is close enough to be a slip.
pub fn suggest<'a>(given: &str, names: &[&'a str]) -> Option<&'a str> {
    names
        .iter()
        .map(|n| (strsim::jaro_winkler(given, n), *n))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_slip_gets_a_suggestion() {
        assert_eq!(
            super::suggest("two-task", &["two-tasks", "even"]),
            Some("two-tasks")
        );
        assert_eq!(super::suggest("zzz", &["two-tasks", "even"]), None);
        let e = super::resolve("two-task").unwrap_err().to_string();
        assert!(e.contains("did you mean `two-tasks`?"), "{e}");
    }

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
