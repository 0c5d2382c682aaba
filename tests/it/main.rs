//! conpar's integration tests, one binary: the command line as a user runs it.

mod cli;
mod closed_pipes;
mod contract;
mod documents;
mod exec;
mod faults;
mod fit;
mod fits;
mod fleet;
mod fuzz_report;
mod hostile;
mod hostile_limits;
mod hostile_numbers;
mod hostile_run;
mod hostile_scripts;
mod imports;
mod io;
mod manual;
mod model_cli;
mod noise;
mod nproc;
mod probe;
mod promises;
mod report;
mod report_bounds;
mod report_misc;
mod report_run;
mod report_scale;
mod report_tour;
mod said_once;
mod scale;
mod tour;
mod tour_schema;
mod upgrade_fits;
mod width;
mod workspan;
mod workspan_upgrade;

use assert_cmd::Command;

/// The built `conpar` binary. Its prose is not wrapped (`COLUMNS` is wide),
/// so a test finds a phrase whatever the length of the paths around it;
/// `width.rs` checks the wrapping.
pub fn conpar() -> Command {
    let mut cmd = Command::cargo_bin("conpar").expect("conpar binary is built");
    cmd.env(UNWRAPPED.0, UNWRAPPED.1);
    cmd
}

/// The environment under which conpar wraps no prose.
pub const UNWRAPPED: (&str, &str) = ("COLUMNS", "100000");

static CORES: std::sync::RwLock<()> = std::sync::RwLock::new(());

/// Held by tests that time real work: they get the cores to themselves (the
/// test runner runs tests in parallel, and this machine has two cores).
pub fn real_work() -> std::sync::RwLockWriteGuard<'static, ()> {
    CORES.write().unwrap_or_else(|e| e.into_inner())
}

/// Held by every other test, so none of them runs beside a timed one.
pub fn shared() -> std::sync::RwLockReadGuard<'static, ()> {
    CORES.read().unwrap_or_else(|e| e.into_inner())
}

/// Child process ids of `pid` (from every thread's `children` list).
pub fn children_of(pid: u32) -> Vec<u32> {
    conpar::probe::procfs::children(pid)
}

/// A child process killed and reaped when dropped, so a failing test leaves
/// nothing running to load the next one.
pub struct KillOnDrop(pub std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A worker process of `parent` that is still there 300 ms after it was first
/// seen — the run's own workers, not the short-lived ones the overhead probes
/// start. Panics after `within`.
pub fn lasting_worker(parent: u32, within: std::time::Duration) -> u32 {
    let start = std::time::Instant::now();
    let workers = || -> Vec<u32> {
        children_of(parent)
            .into_iter()
            .filter(|k| {
                std::fs::read_to_string(format!("/proc/{k}/cmdline"))
                    .is_ok_and(|c| c.contains("__worker"))
            })
            .collect()
    };
    loop {
        assert!(
            start.elapsed() < within,
            "no lasting worker process appeared"
        );
        if let Some(&k) = workers().first() {
            std::thread::sleep(std::time::Duration::from_millis(300));
            if workers().contains(&k) {
                return k;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Waits up to `secs` seconds for `f` to hold, checking every 20 ms.
pub fn wait_for(what: &str, secs: u64, mut f: impl FnMut() -> bool) {
    let end = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while !f() {
        assert!(
            std::time::Instant::now() < end,
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Runs `cmd`, which must succeed (its standard error is shown when it does
/// not), and returns its standard output.
pub fn stdout_of(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().expect("conpar starts");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The one JSON document `conpar ARGS[0] --json - ARGS[1..]` prints alone on
/// standard output.
pub fn json_doc(args: &[&str]) -> serde_json::Value {
    let out = stdout_of(conpar().arg(args[0]).args(["--json", "-"]).args(&args[1..]));
    serde_json::from_slice(&out).expect("standard output holds the document alone")
}
