//! `region` with a test's environment: off, measured into a file, bad
//! values as error lines, a panic written then propagated.

use crate::workspan::region::{ENV_BURDEN, ENV_MODE, ENV_OUT, Env, RegionLine, region_in};
use crate::workspan::{join, work};
use std::ffi::OsString;
use std::path::Path;
use std::sync::Mutex;

/// Runs `f` as region `name` with `vars` as the environment; returns its
/// value and what it wrote to standard error.
fn region<R: Send>(vars: &[(&str, &str)], name: &str, f: impl FnOnce() -> R + Send) -> (R, String) {
    let err = Mutex::new(String::new());
    let var = |k: &str| {
        vars.iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| OsString::from(v))
    };
    let stderr = |s: &str| err.lock().unwrap().push_str(s);
    let v = region_in(
        &Env {
            var: &var,
            stderr: &stderr,
        },
        name,
        f,
    );
    (v, err.into_inner().unwrap())
}

fn lines(path: &Path) -> Vec<RegionLine> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a region line"))
        .collect()
}

fn fork() -> u32 {
    work(1);
    let (a, b) = join(|| 1, || 2);
    a + b
}

#[test]
fn regions_append_one_line_each_and_bad_values_are_error_lines() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("regions.jsonl");
    let out_s = out.to_str().unwrap();
    // Off, and unset: nothing written anywhere.
    let off = [(ENV_MODE, "off"), (ENV_OUT, out_s)];
    assert_eq!(region(&off, "a", fork), (3, String::new()));
    assert_eq!(region(&[(ENV_OUT, out_s)], "a", fork), (3, String::new()));
    assert!(!out.exists());
    let measure = [(ENV_MODE, "measure"), (ENV_OUT, out_s), (ENV_BURDEN, "250")];
    assert_eq!(region(&measure, "sort \"x\"", fork), (3, String::new()));
    assert_eq!(region(&measure, "two", fork).0, 3);
    let bad_mode = [(ENV_MODE, "yes"), (ENV_OUT, out_s)];
    assert_eq!(region(&bad_mode, "bad", fork).0, 3);
    let bad_burden = [(ENV_MODE, "measure"), (ENV_OUT, out_s), (ENV_BURDEN, "-3")];
    assert_eq!(region(&bad_burden, "bad2", fork).0, 3);
    let l = lines(&out);
    assert_eq!(l.len(), 4);
    let names: Vec<&str> = l.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["sort \"x\"", "two", "bad", "bad2"]);
    let p = l[0].profile.expect("a profile");
    assert_eq!((p.spawns, p.burden, p.regions), (1, 250, 1));
    assert!(p.span <= p.work && p.burdened_span == p.span + 250);
    let e2 = l[2].error.as_deref().unwrap();
    assert!(
        e2.contains("CONPAR_WORKSPAN=\"yes\"") && e2.contains("measure or off"),
        "{e2}"
    );
    let e3 = l[3].error.as_deref().unwrap();
    assert!(e3.contains("CONPAR_WORKSPAN_BURDEN_NS=\"-3\""), "{e3}");
}

#[test]
fn a_panicking_region_writes_its_error_then_panics_on() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.jsonl");
    let out_s = out.to_str().unwrap();
    let vars = [(ENV_MODE, "measure"), (ENV_OUT, out_s), (ENV_BURDEN, "0")];
    let boom = || -> u32 { panic!("region boom") };
    let r = std::panic::catch_unwind(|| region(&vars, "p", boom));
    let payload = r.expect_err("the panic goes on");
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"region boom"));
    let l = lines(&out);
    assert_eq!(l.len(), 1);
    assert!(l[0].profile.is_none());
    assert!(l[0].error.as_deref().unwrap().contains("region boom"));
}

#[test]
fn a_link_is_not_followed_and_the_line_goes_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target");
    std::fs::write(&target, "").unwrap();
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let link_s = link.to_str().unwrap();
    let vars = [(ENV_MODE, "measure"), (ENV_OUT, link_s), (ENV_BURDEN, "0")];
    let (v, err) = region(&vars, "l", fork);
    assert_eq!(v, 3);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "");
    let (why, line) = err.split_once('\n').expect("two lines");
    assert!(
        why.contains(link_s) && why.contains("not a regular file"),
        "{why}"
    );
    let line: RegionLine = serde_json::from_str(line.trim_end()).expect("the region's line");
    assert_eq!(line.profile.map(|p| p.spawns), Some(1));
}

#[test]
fn without_a_file_the_line_goes_to_stderr() {
    let (v, err) = region(&[(ENV_MODE, "measure"), (ENV_BURDEN, "5")], "e", fork);
    assert_eq!(v, 3);
    let line: RegionLine = serde_json::from_str(err.trim_end()).expect("one line");
    assert_eq!(line.profile.map(|p| (p.spawns, p.burden)), Some((1, 5)));
}

#[test]
fn a_fifo_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let vars = [
        (ENV_MODE, "measure"),
        (ENV_OUT, fifo.to_str().unwrap()),
        (ENV_BURDEN, "0"),
    ];
    let (v, err) = region(&vars, "f", fork);
    assert_eq!(v, 3);
    assert!(err.contains("not a regular file"), "{err}");
}
