//! The scripts against failures and odd invocations: no stale result is
//! merged after a failure, results land where the script is run, and a
//! missing option value is a usage error.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// An executable shell script at `path`.
fn script(path: &Path, body: &str) {
    std::fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn fleet_out_without_a_value_is_a_usage_error() {
    let _shared = crate::shared();
    let o = Command::new(format!("{REPO}/scripts/fleet.sh"))
        .arg("--out")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("--out needs a directory"), "{err}");
}

#[test]
fn fleet_never_merges_an_earlier_runs_results_after_a_failure() {
    let _guard = crate::real_work();
    let cpu = conpar::measure::allowed_cpus()[0];
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("f1");
    let fleet = |hosts: &[String]| {
        let o = Command::new(format!("{REPO}/scripts/fleet.sh"))
            .env("CONPAR", env!("CARGO_BIN_EXE_conpar"))
            .args(["--quick", "--out"])
            .arg(&out)
            .args(hosts)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&o.stdout) + String::from_utf8_lossy(&o.stderr);
        (o.status.success(), said.into_owned())
    };
    let good = format!(":=taskset -c {cpu}");
    let (ok, said) = fleet(&[good.clone(), good.clone()]);
    assert!(ok && said.contains("2 results merged"), "{said}");
    // Host 1 now fails: its old result must not stand in for it.
    let (ok, said) = fleet(&[":=false".to_string(), good]);
    assert!(!ok, "{said}");
    assert!(
        said.contains("1 result merged") && said.contains("1 host failed"),
        "{said}"
    );
    assert!(!out.join("host-1-run.json").exists());
}

#[test]
fn probe_demo_fails_and_merges_nothing_stale_when_its_server_fails() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    std::fs::create_dir(&out).unwrap();
    let stale = out.join("conpar-wait.json");
    std::fs::write(&stale, "{}").unwrap();
    // conpar whose `serve` fails at once.
    let wrapper = dir.path().join("conpar");
    script(
        &wrapper,
        &format!(
            "[ \"$1\" = serve ] && exit 1\nexec {} \"$@\"",
            env!("CARGO_BIN_EXE_conpar")
        ),
    );
    let o = Command::new(format!("{REPO}/scripts/probe-demo.sh"))
        .env("CONPAR", &wrapper)
        .env("OUT", &out)
        .env("ONLY", "conpar-wait")
        .env("DURATION", "100ms")
        .env(crate::UNWRAPPED.0, crate::UNWRAPPED.1)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&o.stdout) + String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{said}");
    assert!(
        said.contains("failed: conpar-wait (1 of the demos)"),
        "{said}"
    );
    assert!(!stale.exists(), "the earlier result is still there");
    assert!(!out.join("report").exists(), "{said}");
}

#[test]
fn sweep_writes_where_it_is_run() {
    let _shared = crate::shared();
    let dir = tempfile::tempdir().unwrap();
    // A stand-in conpar that only creates the files it is told to write.
    let stub = dir.path().join("stub");
    script(
        &stub,
        "while [ $# -gt 0 ]; do case $1 in --json|--out) touch \"$2\"; shift;; esac; shift; done",
    );
    let o = Command::new(format!("{REPO}/scripts/sweep.sh"))
        .current_dir(dir.path())
        .env("CONPAR", &stub)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&o.stdout) + String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{said}");
    let written: Vec<String> = std::fs::read_dir(dir.path().join("results"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        written.iter().any(|n| n.ends_with("-run.json")),
        "{written:?}"
    );
    assert!(
        !Path::new(REPO).join("results").exists(),
        "it wrote into the repository"
    );
}
