//! conpar's integration tests, one binary: the command line as a user runs it.

mod model_cli;

use assert_cmd::Command;

/// The built `conpar` binary.
pub fn conpar() -> Command {
    Command::cargo_bin("conpar").expect("conpar binary is built")
}
