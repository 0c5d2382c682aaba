//! Parsers for argument values shared by subcommands, and the one grammar for
//! core (or thread) counts: `all`, a list (`1,2,4`) or a range (`1-4`), each
//! command with its own limit. Every error says what is accepted and is a
//! usage error (exit status 2).

use crate::measure::allowed_cpus;

/// A mistake on the command line: reported like clap's own errors, exit 2.
#[derive(Debug)]
pub struct Usage(pub String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// A usage error with `msg`.
pub fn usage(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Usage(msg.into()))
}

/// Core counts as given: `all`, or a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoreSpec {
    /// 1 to the allowed CPUs.
    All,
    /// These counts, in the order given, duplicates dropped.
    List(Vec<usize>),
}

/// Parses `all`, `1,2,4`, `1-4` or a mix; each count at least 1 and at most
/// 1,048,576 (commands check their own, lower limits).
pub fn core_spec(s: &str) -> Result<CoreSpec, String> {
    if s.trim() == "all" {
        return Ok(CoreSpec::All);
    }
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim) {
        let (lo, hi) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part, part),
        };
        let parse = |v: &str| -> Result<usize, String> {
            v.parse::<usize>().ok().filter(|n| (1..=1 << 20).contains(n)).ok_or_else(|| {
                format!("`{v}` in `{s}` is not a count: accepted are `all`, or whole numbers from 1 as a list (1,2,4) or a range (1-4)")
            })
        };
        let (lo, hi) = (parse(lo)?, parse(hi)?);
        if lo > hi {
            return Err(format!("range `{part}` runs backwards"));
        }
        if hi - lo > 4096 {
            return Err(format!("range `{part}` has more than 4096 counts"));
        }
        for n in lo..=hi {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    Ok(CoreSpec::List(out))
}

/// What a command accepts for its core (or thread) counts.
#[derive(Debug, Clone, Copy)]
pub struct CoreLimits {
    /// The flag, for messages (`--cores`, `--threads`).
    pub flag: &'static str,
    /// The largest count the command takes at all.
    pub max: usize,
    /// Whether counts above the allowed CPUs need `--oversubscribe`.
    pub real: bool,
}

/// The counts `spec` stands for, checked against `limits` and this process's
/// allowed CPUs.
pub fn cores(
    spec: &CoreSpec,
    limits: CoreLimits,
    oversubscribe: bool,
) -> anyhow::Result<Vec<usize>> {
    let allowed = allowed_cpus();
    let list = match spec {
        CoreSpec::All => (1..=allowed.len()).collect(),
        CoreSpec::List(v) => v.clone(),
    };
    let flag = limits.flag;
    if let Some(&n) = list.iter().find(|&&n| n > limits.max) {
        return Err(usage(format!(
            "{flag} {n}: accepted are 1 to {}",
            limits.max
        )));
    }
    if let Some(&n) = list.iter().find(|&&n| n > allowed.len())
        && limits.real
        && !oversubscribe
    {
        return Err(usage(format!(
            "{flag} {n}: this process may use {} ({allowed:?}); pass --oversubscribe to run more than that (they then share CPUs)",
            crate::words::Count(allowed.len(), "CPU")
        )));
    }
    Ok(list)
}

/// A positive whole number at most `max`.
pub fn bounded(s: &str, what: &str, max: u64) -> Result<u64, String> {
    let n: u64 = s
        .parse()
        .map_err(|_| format!("`{s}` is not a {what}: accepted are whole numbers 1 to {max}"))?;
    if n == 0 || n > max {
        return Err(format!("{what} {n}: accepted are 1 to {max}"));
    }
    Ok(n)
}

/// Loads workloads named on the command line: files, or shipped names. A
/// name that is neither is a usage error with a suggestion; a file that
/// hides a shipped name is said to be used.
pub fn workloads(names: &[String]) -> anyhow::Result<Vec<crate::workload::Workload>> {
    use crate::workload::{WorkloadError, resolve, shadows_builtin};
    names
        .iter()
        .map(|n| {
            if shadows_builtin(n) {
                let note =
                    format!("note: `{n}` is a file here; using it, not the shipped workload `{n}`");
                super::err_line(&super::wrap(&note, super::Stream::Stderr));
            }
            resolve(n).map_err(|e| match &e {
                WorkloadError::Read { source, .. }
                    if source.kind() == std::io::ErrorKind::NotFound =>
                {
                    usage(e.to_string())
                }
                // A directory or a device named where a workload goes.
                WorkloadError::Input(crate::input::InputError::NotRegular { .. }) => {
                    usage(e.to_string())
                }
                _ => anyhow::Error::from(e),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_specs() {
        assert_eq!(core_spec("1,2,4,8"), Ok(CoreSpec::List(vec![1, 2, 4, 8])));
        assert_eq!(core_spec("1-3,8,2"), Ok(CoreSpec::List(vec![1, 2, 3, 8])));
        assert_eq!(core_spec("all"), Ok(CoreSpec::All));
        assert!(core_spec("0").unwrap_err().contains("accepted are `all`"));
        assert!(core_spec("two").unwrap_err().contains("not a count"));
        assert!(core_spec("4-2").is_err());
    }

    #[test]
    fn limits_are_the_commands_own() {
        let l = CoreLimits {
            flag: "--threads",
            max: 4096,
            real: false,
        };
        let e = cores(&CoreSpec::List(vec![5000]), l, false).unwrap_err();
        assert_eq!(e.to_string(), "--threads 5000: accepted are 1 to 4096");
        assert!(e.downcast_ref::<Usage>().is_some());
        let real = CoreLimits {
            flag: "--cores",
            max: 1024,
            real: true,
        };
        let many = allowed_cpus().len() + 1;
        assert!(cores(&CoreSpec::List(vec![many]), real, false).is_err());
        assert_eq!(
            cores(&CoreSpec::List(vec![many]), real, true).unwrap(),
            [many]
        );
    }
}
