//! `region` for user binaries: the environment decides whether a region is
//! measured, and each measured region appends one JSON line to a file.

use super::burden_ns;
use super::measure::{panic_message, record};
use super::profile::{Clock, Options, Profile, WorkspanError};
use serde::{Deserialize, Serialize};
use std::ffi::OsString;

/// `measure` to measure each region, `off` (or unset) to run it plainly.
pub const ENV_MODE: &str = "CONPAR_WORKSPAN";
/// The file each measured region's line is appended to.
pub const ENV_OUT: &str = "CONPAR_WORKSPAN_OUT";
/// The burden per spawn in ns, passed to a child program by `conpar workspan`.
pub const ENV_BURDEN: &str = "CONPAR_WORKSPAN_BURDEN_NS";

/// The longest region name written; longer ones are cut.
const MAX_NAME: usize = 200;
/// The largest burden accepted from the environment, ns (one second).
const MAX_BURDEN_NS: u64 = 1_000_000_000;

/// One line of the regions' file: a region's profile, or why it has none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionLine {
    /// The region's name, as the program gave it.
    pub name: String,
    /// Its work and span.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
    /// Why it was not measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// User binaries: wrap the parallel part. When the environment says
/// `CONPAR_WORKSPAN=measure`, runs `f` under `measure` and appends one JSON
/// line `{"name":…, "profile":{…}}` to the file named by
/// `CONPAR_WORKSPAN_OUT` (or reports the error as a JSON line
/// `{"name":…, "error":…}`); otherwise (no variable, or
/// `CONPAR_WORKSPAN=off`) runs `f` directly in the current pool with
/// instrumentation off. A bad value of either variable is an error line and
/// `f` runs plainly. A panic in `f` is written as an error line, then goes
/// on unwinding. Without `CONPAR_WORKSPAN_OUT` the line goes to standard
/// error.
pub fn region<R: Send>(name: &str, f: impl FnOnce() -> R + Send) -> R {
    let env = Env {
        var: &|k| std::env::var_os(k),
        stderr: &|s| {
            use std::io::Write;
            let _ = std::io::stderr().lock().write_all(s.as_bytes());
        },
    };
    region_in(&env, name, f)
}

/// The process's environment and standard error, or a test's.
pub(super) struct Env<'a> {
    /// Reads a variable.
    pub var: &'a dyn Fn(&str) -> Option<OsString>,
    /// Writes to standard error, ignoring failures.
    pub stderr: &'a dyn Fn(&str),
}

/// [`region`] with the environment read through `env`.
pub(super) fn region_in<R: Send>(env: &Env, name: &str, f: impl FnOnce() -> R + Send) -> R {
    let opts = match options_from_env(env) {
        Ok(None) => return f(),
        Ok(Some(o)) => o,
        Err(e) => {
            emit(env, name, Err(e.to_string()));
            return f();
        }
    };
    let rec = match record(opts, f) {
        Ok(rec) => rec,
        Err((e, f)) => {
            emit(env, name, Err(e.to_string()));
            return f();
        }
    };
    match rec.value {
        Ok(v) => {
            emit(env, name, rec.profile.map_err(|e| e.to_string()));
            v
        }
        Err(payload) => {
            let e = WorkspanError::Panicked {
                message: panic_message(payload.as_ref()),
            };
            emit(env, name, Err(e.to_string()));
            std::panic::resume_unwind(payload)
        }
    }
}

/// What the environment asks for: `None` to run plainly, else how to measure.
fn options_from_env(env: &Env) -> Result<Option<Options>, WorkspanError> {
    let mode = (env.var)(ENV_MODE);
    match mode.as_ref().map(|m| m.to_str()) {
        None => return Ok(None),
        Some(Some("off")) => return Ok(None),
        Some(Some("measure")) => {}
        Some(_) => return Err(bad(ENV_MODE, mode.as_deref(), "measure or off")),
    }
    let burden = match (env.var)(ENV_BURDEN) {
        None => burden_ns(),
        Some(v) => v
            .to_str()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .filter(|&n| n <= MAX_BURDEN_NS)
            .ok_or_else(|| {
                bad(
                    ENV_BURDEN,
                    Some(&v),
                    "a whole number of nanoseconds up to 1000000000",
                )
            })?,
    };
    Ok(Some(Options {
        clock: Clock::Real,
        burden,
    }))
}

fn bad(
    name: &'static str,
    value: Option<&std::ffi::OsStr>,
    expected: &'static str,
) -> WorkspanError {
    let value = value.map(|v| v.to_string_lossy()).unwrap_or_default();
    WorkspanError::BadEnv {
        name,
        value: value.chars().take(64).collect(),
        expected,
    }
}

/// Writes a region's line: appended to `CONPAR_WORKSPAN_OUT`, or to
/// standard error without it or when the file cannot be written.
fn emit(env: &Env, name: &str, outcome: Result<Profile, String>) {
    let (profile, error) = match outcome {
        Ok(p) => (Some(p), None),
        Err(e) => (None, Some(e)),
    };
    let line = RegionLine {
        name: name.chars().take(MAX_NAME).collect(),
        profile,
        error,
    };
    let Ok(mut text) = serde_json::to_string(&line) else {
        return;
    };
    text.push('\n');
    let failed = match (env.var)(ENV_OUT) {
        Some(path) => crate::outfile::append_line(std::path::Path::new(&path), text.as_bytes())
            .err()
            .map(|e| e.to_string()),
        None => Some(String::new()),
    };
    if let Some(why) = failed {
        let mut msg = String::new();
        if !why.is_empty() {
            msg = format!("conpar workspan: {}\n", crate::escape::terminal(&why));
        }
        msg.push_str(&crate::escape::terminal(text.trim_end()));
        msg.push('\n');
        (env.stderr)(&msg);
    }
}
