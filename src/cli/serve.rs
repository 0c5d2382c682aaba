//! `conpar serve`: the loopback delay server on its own.

use anyhow::Context;
use clap::Args;
use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub(super) struct ServeArgs {
    /// Address to listen on. Loopback by default; another address must be given
    /// here explicitly, together with --public.
    #[arg(long, default_value = "127.0.0.1:0")]
    bind: SocketAddr,
    /// Allow binding to an address that is not loopback.
    #[arg(long)]
    public: bool,
    /// Print only the address line (for a parent process reading it).
    #[arg(long, hide = true)]
    quiet: bool,
}

pub(super) fn run(a: ServeArgs) -> anyhow::Result<ExitCode> {
    if !a.bind.ip().is_loopback() && !a.public {
        return Err(super::args::usage(format!(
            "--bind {}: not a loopback address; the delay server answers anyone who connects, so pass --public as well to mean it",
            a.bind
        )));
    }
    // The server keeps no results: an interrupt says nothing of result files.
    crate::measure::interrupt_without_results();
    crate::io::server::serve(a.bind, |addr| {
        // The first line of output is the contract `conpar io` reads.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on {addr}");
        let _ = out.flush();
        if !a.quiet {
            super::err_line("conpar delay server: WAIT <microseconds> → DONE after the wait; PING → PONG. Ctrl-C stops it.");
        }
    })
    .with_context(|| format!("cannot serve on {}", a.bind))?;
    Ok(ExitCode::SUCCESS)
}
