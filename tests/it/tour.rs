//! The tour: verdicts follow the measurements (forced here through the mock
//! strategy), JSON keeps its contract, and bad claims are refused.

use crate::{conpar, real_work};
use conpar::measure::allowed_cpus;
use predicates::str::contains;

fn claim_json(args: &[&str]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("tour.json");
    let out = conpar()
        .arg("tour")
        .args(args)
        .arg("--json")
        .arg(&f)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&std::fs::read(&f).unwrap()).unwrap()
}

#[test]
fn verdicts_follow_the_measurement() {
    let _real = real_work();
    if allowed_cpus().len() < 2 {
        eprintln!("skipped: one allowed CPU");
        return;
    }
    // The mock reproduces the model's schedule: two tasks finish at the max.
    let v = claim_json(&[
        "--claim",
        "parallel-max",
        "--pool",
        "mock:1.0",
        "--repeat",
        "1",
    ]);
    let c = &v["claims"][0];
    assert_eq!(c["verdict"], "holds", "{c}");
    // Stretched three times, the same claim no longer holds, and says why.
    let v = claim_json(&[
        "--claim",
        "parallel-max",
        "--pool",
        "mock:3",
        "--repeat",
        "1",
    ]);
    let c = &v["claims"][0];
    assert_eq!(c["verdict"], "differs", "{c}");
    assert!(c["reason"].as_str().unwrap().contains("below 90 %"), "{c}");
}

#[test]
fn claims_json_has_the_contract_keys() {
    let _shared = crate::shared();
    let v = claim_json(&["--claim", "deadlock"]);
    let claims = v["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 1);
    for k in ["name", "predicted", "measured", "verdict", "reason"] {
        assert!(claims[0].get(k).is_some(), "claim lacks {k}");
    }
    assert_eq!(claims[0]["name"], "deadlock");
    assert!(["holds", "differs"].contains(&claims[0]["verdict"].as_str().unwrap()));
}

#[test]
fn a_race_loses_updates_and_safe_increments_do_not() {
    let _real = real_work();
    let v = claim_json(&["--claim", "race"]);
    let f = &v["claims"][0]["figures"];
    assert_eq!(f["fetch_add"]["lost"], 0);
    assert_eq!(f["mutex"]["lost"], 0);
    let split = &f["read_then_write"];
    assert_eq!(
        split["lost"].as_u64().unwrap() + split["counted"].as_u64().unwrap(),
        split["attempted"].as_u64().unwrap()
    );
}

#[test]
fn unknown_claims_are_refused() {
    let _shared = crate::shared();
    conpar()
        .args(["tour", "--claim", "faster-is-better"])
        .assert()
        .code(2)
        .stderr(contains("invalid value 'faster-is-better' for '--claim"))
        .stderr(contains("possible values: interleave-sum"));
}
