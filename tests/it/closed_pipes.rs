//! What conpar prints to a closed pipe, or echoes from a hostile value, never
//! ends a command badly.

use crate::conpar;
use std::process::Stdio;

#[test]
fn a_header_with_a_line_break_is_refused_without_echoing_it_raw() {
    let out = conpar()
        .args(["probe", "http://127.0.0.1:9/", "-H", "X: a\r\nb"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not a header value"), "{err}");
    assert!(!err.contains('\r') && !err.contains("a\nb"), "{err:?}");
}

#[test]
fn a_report_to_a_closed_standard_output_still_writes_its_page() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("m.json");
    let made = conpar()
        .args(["model", "two-tasks", "-c", "1,2", "--json"])
        .arg(&doc)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let page = dir.path().join("page");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("conpar"))
        .arg("report")
        .arg(&doc)
        .arg("--report")
        .arg(&page)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Both pipes closed before conpar writes a word to either.
    drop(child.stdout.take());
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(page.join("index.html").exists());
}
