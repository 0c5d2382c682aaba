//! A watchdog for runs that cannot be interrupted from inside: a thread of
//! CPU work in this process cannot be stopped, so when one run outlasts its
//! bound the watchdog reports it and ends the process. Worker processes and the
//! delay server die with it (they ask the kernel to), and every row finished
//! before is already saved.

use crate::units::Nanos;
use std::sync::mpsc::{RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

/// Exit status when a run outlasted its timeout (as timeout(1) uses).
pub const TIMED_OUT: i32 = 124;

/// Arms and disarms the watchdog around each run.
pub struct Watchdog {
    tx: Sender<Option<String>>,
}

impl Watchdog {
    /// Starts the watchdog thread: a run armed for longer than `bound` plus
    /// `grace` ends the process with [`TIMED_OUT`], after printing `saved`
    /// (what happened to the finished rows).
    pub fn start(bound: Duration, grace: Duration, saved: String) -> Watchdog {
        let (tx, rx) = channel::<Option<String>>();
        std::thread::spawn(move || {
            let mut armed: Option<(Instant, String)> = None;
            loop {
                let wait = armed.as_ref().map_or(Duration::from_secs(3600), |(t, _)| {
                    (bound + grace).saturating_sub(t.elapsed())
                });
                match rx.recv_timeout(wait) {
                    Ok(Some(what)) => armed = Some((Instant::now(), what)),
                    Ok(None) => armed = None,
                    Err(RecvTimeoutError::Timeout) => {
                        if let Some((_, what)) = &armed {
                            crate::cli::err_line(&format!(
                                "\nerror: {what} ran past the --timeout of {}; stopping. {saved}",
                                Nanos(bound.as_nanos() as f64)
                            ));
                            std::process::exit(TIMED_OUT);
                        }
                    }
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
        });
        Watchdog { tx }
    }

    /// A run called `what` starts now.
    pub fn arm(&self, what: String) {
        let _ = self.tx.send(Some(what));
    }

    /// The run ended.
    pub fn disarm(&self) {
        let _ = self.tx.send(None);
    }
}
