//! The `conpar` binary: parse, run, report the error chain, exit.

fn main() -> std::process::ExitCode {
    conpar::cli::main()
}
