//! conpar's integration tests, one binary: the command line as a user runs it.

mod exec;
mod io;
mod model_cli;
mod report;
mod tour;

use assert_cmd::Command;

/// The built `conpar` binary.
pub fn conpar() -> Command {
    Command::cargo_bin("conpar").expect("conpar binary is built")
}

/// Held by tests that time real work, so they do not share the cores with
/// each other (the test runner runs tests in parallel).
pub fn real_work() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}
