//! Parsers for argument values shared by subcommands; each error says what is
//! accepted.

use crate::model::MAX_CORES;

/// A list of core counts as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoreList(pub Vec<usize>);

/// A comma-separated list of core counts, e.g. `1,2,4,8` or `1-4`.
pub fn core_list(s: &str) -> Result<CoreList, String> {
    core_numbers(s).map(CoreList)
}

fn core_numbers(s: &str) -> Result<Vec<usize>, String> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim) {
        let (lo, hi) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part, part),
        };
        let parse = |v: &str| -> Result<usize, String> {
            let n: usize = v.parse().map_err(|_| {
                format!("`{v}` in `{s}` is not a core count: accepted are whole numbers 1 to {MAX_CORES}, as a list (1,2,4) or range (1-4)")
            })?;
            if n == 0 || n > MAX_CORES {
                return Err(format!("{n} cores in `{s}`: accepted are 1 to {MAX_CORES}"));
            }
            Ok(n)
        };
        let (lo, hi) = (parse(lo)?, parse(hi)?);
        if lo > hi {
            return Err(format!("range `{part}` runs backwards"));
        }
        if hi - lo > 4096 {
            return Err(format!("range `{part}` has more than 4096 core counts"));
        }
        out.extend(lo..=hi);
    }
    out.dedup();
    Ok(out)
}

/// A positive whole number below `max`.
pub fn bounded(s: &str, what: &str, max: u64) -> Result<u64, String> {
    let n: u64 = s
        .parse()
        .map_err(|_| format!("`{s}` is not a {what}: accepted are whole numbers 1 to {max}"))?;
    if n == 0 || n > max {
        return Err(format!("{what} {n}: accepted are 1 to {max}"));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_lists() {
        assert_eq!(core_list("1,2,4,8"), Ok(CoreList(vec![1, 2, 4, 8])));
        assert_eq!(core_list("1-3,8"), Ok(CoreList(vec![1, 2, 3, 8])));
        assert!(core_list("0").unwrap_err().contains("accepted are 1 to"));
        assert!(core_list("two").unwrap_err().contains("not a core count"));
        assert!(core_list("4-2").is_err());
    }
}
