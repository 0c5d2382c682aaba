//! `scripts/fleet.sh`: the sweep on several hosts through GNU parallel,
//! merged into one report. Two local "hosts" with different allowed CPU sets
//! (GNU parallel's local login `:` under `taskset`) stand for two machines.

use std::process::Command;

#[test]
fn fleet_merges_two_local_hosts_into_one_report() {
    let _guard = crate::real_work();
    assert!(
        Command::new("parallel")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success()),
        "GNU parallel is missing: run scripts/test (it installs it), or apt-get install parallel"
    );
    let cpus = conpar::measure::allowed_cpus();
    assert!(
        cpus.len() >= 2,
        "this test needs two allowed CPUs; it has {cpus:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fleet");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/fleet.sh");
    let run = Command::new(script)
        .env("CONPAR", env!("CARGO_BIN_EXE_conpar"))
        .args(["--quick", "--out"])
        .arg(&out)
        .arg(format!(":=taskset -c {}", cpus[0]))
        .arg(format!(":=taskset -c {},{}", cpus[0], cpus[1]))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&run.stdout) + String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{said}");
    assert!(
        said.contains("fleet: 2 results merged into") && said.contains("0 hosts failed"),
        "{said}"
    );
    let html = std::fs::read_to_string(out.join("report/index.html")).unwrap();
    // Both hosts' documents, each its own series.
    assert!(
        html.contains("(1 CPU)") && html.contains("(2 CPUs)"),
        "{html}"
    );
    assert!(html.contains("host-1-run.json") && html.contains("host-2-run.json"));
    assert!(html.matches(r#"data-name="rayon · "#).count() >= 2);
}
