//! `conpar fit FILE`: the USL and Amdahl fitted to anyone's table of
//! concurrency against throughput, time or latency (or a conpar `scale` or
//! `probe` document), with bootstrap intervals, the peak and which term binds.

use super::args::usage;
use crate::fit::{AnalysisError, analyse, read};
use crate::input::{InputError, MAX_INPUT_BYTES, read_capped};
use crate::results::fit::Method;
use crate::results::{Document, Kind};
use clap::Args;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
#[command(after_help = "\
FILE is a CSV with a header (`-`: standard input): a column of N (n, concurrency, threads, \
cores) and one of throughput (throughput, x, qps, rps), latency (latency, r; X = N / R by \
Little's law) or time for a fixed amount of work (time, wall; X = T(1) / T(N)), names in any \
case. Rows repeating an N are repeated measurements. A conpar scale or probe document \
(--json) is read too.

The USL, X(N) = λN / (1 + σ(N − 1) + κN(N − 1)), is fitted by nonlinear least squares on X \
with λ free; --normalised holds λ at the measured X(1) instead. Intervals are 95% \
percentile-bootstrap intervals over the measurements (seeded: the same table gives the same \
intervals).

Examples:
  conpar fit docs/data/cisco.csv
  conpar fit --normalised --json fit.json loadtest.csv
  conpar scale --json s.json -- zstd -T{threads} -f -q big.bin -o /dev/null && conpar fit s.json")]
pub(super) struct FitArgs {
    /// The table: a CSV with a header, or a conpar scale or probe document (`-`: standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Hold λ at the measured X(1) (S(1) = 1) and fit σ and κ only, instead of fitting λ too.
    #[arg(long)]
    normalised: bool,
    #[command(flatten)]
    out: super::output::OutputArgs,
}

/// The bytes of `file` (`-`: standard input), at most the input cap; every
/// failure is a usage error naming the file.
fn bytes(file: &Path) -> anyhow::Result<(String, Vec<u8>)> {
    if file.as_os_str() == "-" {
        let name = "standard input".to_string();
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|e| usage(format!("cannot read standard input: {e}")))?;
        if buf.len() as u64 > MAX_INPUT_BYTES {
            return Err(usage(format!(
                "standard input is larger than the limit of {MAX_INPUT_BYTES} bytes"
            )));
        }
        return Ok((name, buf));
    }
    let name = file.display().to_string();
    match read_capped(file, MAX_INPUT_BYTES) {
        Ok(b) => Ok((name, b)),
        Err(InputError::Open { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Err(usage(format!(
                "{name}: no such file; give a CSV table or a conpar scale or probe document"
            )))
        }
        Err(e) => Err(usage(e.to_string())),
    }
}

pub(super) fn run(a: FitArgs) -> anyhow::Result<ExitCode> {
    let out = super::output::Outputs::probe(&a.out)?;
    let (name, bytes) = bytes(&a.file)?;
    let table = read(&name, &bytes).map_err(|e| usage(e.to_string()))?;
    let method = if a.normalised {
        Method::Normalised
    } else {
        Method::Free
    };
    let doc = analyse(super::meta(Kind::Fit), &name, &table, method).map_err(|e| match e {
        AnalysisError::NoOne(_) => usage(e.to_string()),
        AnalysisError::Fit(_) => anyhow::Error::new(e),
    })?;
    out.json(&doc)?;
    if out.wants_csv() {
        out.csv(&crate::report::fit::csv(&doc)?)?;
    }
    if !out.stdout_taken() {
        super::out(&super::prose(&crate::report::fit::table(&doc)))?;
    }
    out.finish("fit", Document::Fit(doc), "results")?;
    Ok(ExitCode::SUCCESS)
}
