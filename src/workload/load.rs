//! Reading a workload from TOML. Every refusal names the file, line and column,
//! the offending value and what would be accepted.

use super::{DEFAULT_TICK_NS, Limits, Step, Task, Workload};
use crate::input::MAX_INPUT_BYTES;
use serde::Deserialize;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

/// Why a workload file was refused.
#[derive(Debug, thiserror::Error)]
pub enum WorkloadError {
    /// The file could not be read.
    #[error("cannot read workload file {file}: {source}")]
    Read {
        /// The path as given.
        file: String,
        source: std::io::Error,
    },
    /// The file is not a regular file, is too large, or could not be read.
    #[error("workload file {0}")]
    Input(#[from] crate::input::InputError),
    /// The file was read but its content is refused.
    #[error("{file}:{line}:{column}: {message}")]
    Invalid {
        /// The path as given.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
        /// What is wrong and what is accepted.
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkload {
    name: Option<String>,
    description: Option<String>,
    tick: Option<Spanned<String>>,
    kernel: Option<Spanned<String>>,
    serial: Option<RawSerial>,
    #[serde(default)]
    task: Vec<Spanned<RawTask>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSerial {
    before: Option<Spanned<i64>>,
    after: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTask {
    name: Spanned<String>,
    steps: Spanned<Vec<Spanned<String>>>,
    count: Option<Spanned<i64>>,
    kernel: Option<Spanned<String>>,
}

/// Reads and validates a workload file.
pub fn load_file(path: &Path) -> Result<Workload, WorkloadError> {
    let file = path.display().to_string();
    let bytes = crate::input::read_capped(path, MAX_INPUT_BYTES)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..at]).expect("valid up to here");
        let (line, column) = line_col(valid, at);
        WorkloadError::Invalid {
            file: file.clone(),
            line,
            column,
            message: "this is not UTF-8 text; a workload is TOML, which is UTF-8".into(),
        }
    })?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workload".into());
    parse_str(&text, &file, &stem)
}

/// Where in the text being parsed an error lies: turns a byte span into
/// file, line and column.
struct Locator<'a> {
    text: &'a str,
    file: &'a str,
}

impl Locator<'_> {
    fn at(&self, span: Range<usize>, message: impl std::fmt::Display) -> WorkloadError {
        let (line, column) = line_col(self.text, span.start);
        WorkloadError::Invalid {
            file: self.file.to_string(),
            line,
            column,
            message: message.to_string(),
        }
    }

    /// `v` as a whole number from `lo` to `hi`, or `refused(v)` at its place.
    fn whole(
        &self,
        v: &Spanned<i64>,
        lo: i64,
        hi: u64,
        refused: impl FnOnce(i64) -> String,
    ) -> Result<u64, WorkloadError> {
        let n = *v.get_ref();
        if n < lo || n as u64 > hi {
            return Err(self.at(v.span(), refused(n)));
        }
        Ok(n as u64)
    }
}

/// Parses and validates workload TOML; `file` names it in errors and
/// `default_name` is used when the file sets no `name`.
pub fn parse_str(text: &str, file: &str, default_name: &str) -> Result<Workload, WorkloadError> {
    let loc = Locator { text, file };
    let raw: RawWorkload = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let message = match e.message().trim() {
            // Some syntax errors carry no message of their own.
            "" => "this is not valid TOML here (a stray character?)".to_string(),
            m => m.to_string(),
        };
        loc.at(span, message)
    })?;

    let tick_ns = match &raw.tick {
        None => DEFAULT_TICK_NS,
        Some(t) => {
            let ns = crate::units::parse_duration_ns(t.get_ref())
                .map_err(|e| loc.at(t.span(), format!("tick: {e}")))?;
            super::check_tick(ns).map_err(|e| loc.at(t.span(), e))?;
            ns
        }
    };
    let kernel = match &raw.kernel {
        None => Default::default(),
        Some(k) => k.get_ref().parse().map_err(|e| loc.at(k.span(), e))?,
    };
    let (serial_before, serial_after) = match &raw.serial {
        None => (0, 0),
        Some(s) => (
            phase(&loc, &s.before, "before")?,
            phase(&loc, &s.after, "after")?,
        ),
    };

    if raw.task.is_empty() {
        return Err(loc.at(
            0..0,
            "no tasks: a workload needs at least one [[task]] with a name and steps",
        ));
    }
    let mut tasks = Tasks {
        tasks: Vec::new(),
        seen: std::collections::HashMap::new(),
        total_ticks: serial_before + serial_after,
        total_steps: 0,
    };
    for raw_task in &raw.task {
        tasks.add(&loc, raw_task)?;
    }

    Ok(Workload {
        name: raw.name.unwrap_or_else(|| default_name.to_string()),
        description: raw.description.unwrap_or_default(),
        tick_ns,
        kernel,
        serial_before,
        serial_after,
        tasks: tasks.tasks,
    })
}

/// `serial.before` or `serial.after` in ticks (0 when absent).
fn phase(loc: &Locator, v: &Option<Spanned<i64>>, which: &str) -> Result<u64, WorkloadError> {
    let Some(v) = v else { return Ok(0) };
    loc.whole(v, 0, Limits::MAX_STEP_TICKS, |n| {
        format!(
            "serial.{which} = {n}: accepted is a whole number of ticks from 0 to {}",
            Limits::MAX_STEP_TICKS
        )
    })
}

/// A task's steps, at least one and at most the limit per task, not yet parsed.
fn steps<'a>(loc: &Locator, rt: &'a RawTask) -> Result<&'a [Spanned<String>], WorkloadError> {
    let name = rt.name.get_ref();
    let raw = rt.steps.get_ref();
    if raw.is_empty() {
        return Err(loc.at(
            rt.steps.span(),
            format!("task `{name}` has no steps: give at least one, e.g. steps = [\"cpu 3\"]"),
        ));
    }
    if raw.len() > Limits::MAX_STEPS_PER_TASK {
        return Err(loc.at(
            rt.steps.span(),
            format!(
                "task `{name}` has {} steps, above the limit of {} per task",
                raw.len(),
                Limits::MAX_STEPS_PER_TASK
            ),
        ));
    }
    Ok(raw)
}

/// The tasks read so far, their names and their totals against the limits.
struct Tasks {
    tasks: Vec<Task>,
    /// Each name and the index of the task that has it.
    seen: std::collections::HashMap<String, usize>,
    total_ticks: u64,
    total_steps: u64,
}

impl Tasks {
    /// Adds `raw_task`'s `count` copies, each named, within every limit.
    fn add(&mut self, loc: &Locator, raw_task: &Spanned<RawTask>) -> Result<(), WorkloadError> {
        let rt = raw_task.get_ref();
        let name = rt.name.get_ref();
        super::check_name(name).map_err(|e| loc.at(rt.name.span(), e))?;
        let count = match &rt.count {
            None => 1,
            Some(c) => loc.whole(c, 1, Limits::MAX_TASKS, |n| {
                format!(
                    "count = {n}: accepted is a whole number from 1 to {}",
                    Limits::MAX_TASKS
                )
            })?,
        };
        let raw_steps = steps(loc, rt)?;
        let task_kernel = match &rt.kernel {
            None => None,
            Some(k) => Some(
                k.get_ref()
                    .parse()
                    .map_err(|e| loc.at(k.span(), format!("task `{name}`: {e}")))?,
            ),
        };
        let steps: Vec<Step> = raw_steps
            .iter()
            .map(|s| s.get_ref().parse().map_err(|e| loc.at(s.span(), e)))
            .collect::<Result<_, _>>()?;
        let len_ticks: u64 = steps.iter().map(|s| s.ticks()).sum();
        self.total_ticks = self
            .total_ticks
            .saturating_add(len_ticks.saturating_mul(count));
        self.total_steps = self.total_steps.saturating_add(steps.len() as u64 * count);
        let new_tasks = self.tasks.len() as u64 + count;
        if new_tasks > Limits::MAX_TASKS {
            return Err(loc.at(
                raw_task.span(),
                format!(
                    "task `{name}` brings the task count to {new_tasks}, above the limit of {}",
                    Limits::MAX_TASKS
                ),
            ));
        }
        super::check_totals(self.total_steps, self.total_ticks)
            .map_err(|e| loc.at(raw_task.span(), e))?;
        let names: Vec<String> = if count == 1 {
            vec![name.clone()]
        } else {
            (1..=count).map(|i| format!("{name}{i}")).collect()
        };
        for n in names {
            if let Some(&first) = self.seen.get(&n) {
                return Err(loc.at(
                    rt.name.span(),
                    format!(
                        "duplicate task name `{n}` (first used by task {}): task names must be unique, and `count = N` names copies {name}1..{name}N",
                        first + 1
                    ),
                ));
            }
            self.seen.insert(n.clone(), self.tasks.len());
            self.tasks.push(Task {
                name: n,
                steps: steps.clone(),
                kernel: task_kernel,
            });
        }
        Ok(())
    }
}

/// 1-based line and character column of byte offset `pos` in `text`.
fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let pos = pos.min(text.len());
    let before = &text[..pos];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}
