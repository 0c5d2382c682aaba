//! Fits that know their limits, through `conpar scale` as a user runs it: a
//! program made noisy on purpose is warned about and its projections carry
//! wider intervals (or are refused) than a steady one's; and a real program,
//! zstd, timed here independently, lands inside what conpar reported.

use crate::{conpar, real_work, shared};
use conpar::findings::fits::{NoIntervals, Withheld};
use conpar::results::Document;
use conpar::results::scale::ScaleDoc;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// Scans `command` through `sh -c` at 1 and 2 threads with `runs` timed runs
/// each; the document and standard error.
fn scan_shell(dir: &Path, name: &str, command: &str, runs: &str) -> (ScaleDoc, String) {
    let json = dir.join(format!("{name}.json"));
    let out = conpar()
        .args(["scale", "--threads", "1,2", "-r", runs, "-w", "1", "--json"])
        .arg(&json)
        .args(["--shell", "--", command])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{name}: {stderr}");
    (read(&json), stderr)
}

fn read(json: &Path) -> ScaleDoc {
    let bytes = std::fs::read(json).unwrap();
    match conpar::results::parse("scale.json", &bytes).unwrap() {
        Document::Scale(d) => d,
        other => panic!("not a scale document: {other:?}"),
    }
}

/// The width of the first projection's interval, or infinite when it was
/// refused as too noisy.
fn projection_width(d: &ScaleDoc) -> f64 {
    let p = &d.projected[0];
    let i = p
        .interval
        .unwrap_or_else(|| panic!("no interval on {p:?}: {:?}", d.fit));
    if i.refused {
        f64::INFINITY
    } else {
        i.hi - i.lo
    }
}

#[test]
fn a_noisy_program_is_warned_about_and_projects_less_certainly() {
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    // 10 to 90 ms at random each run (sh has no $RANDOM; /dev/urandom does).
    let noisy = "sleep 0.0$(( $(od -An -N1 -tu1 /dev/urandom) % 9 + 1 ))";
    let (n, stderr) = scan_shell(dir.path(), "noisy", noisy, "6");
    let (s, _) = scan_shell(dir.path(), "steady", "sleep 0.05", "6");
    assert!(
        stderr.contains("warning: ") && stderr.contains("the runs are noisy"),
        "{stderr}"
    );
    assert!(
        n.warnings
            .iter()
            .any(|w| matches!(w, conpar::findings::Warning::NoisyRuns { .. })),
        "{:?}",
        n.warnings
    );
    for d in [&n, &s] {
        assert_eq!(d.fit.resamples, Some(1000), "{:?}", d.fit);
        assert!(d.fit.serial_fraction_ci95.is_some(), "{:?}", d.fit);
        assert_eq!(d.projected.len(), 2, "{:?}", d.projected);
    }
    let (wn, ws) = (projection_width(&n), projection_width(&s));
    assert!(
        wn > ws,
        "noisy projection interval {wn} is not wider than the steady one's {ws}: {:?} against {:?}",
        n.projected,
        s.projected
    );
    let refused = n
        .projected
        .iter()
        .any(|p| p.interval.is_some_and(|i| i.refused));
    let said = n
        .fit
        .withheld
        .iter()
        .any(|w| matches!(w, Withheld::TooNoisy { .. }));
    assert_eq!(refused, said, "{:?}", n.fit);
}

#[test]
fn one_run_per_count_says_the_interval_is_unknown() {
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let (d, _) = scan_shell(dir.path(), "once", "true", "1");
    assert_eq!(
        d.fit.no_intervals,
        Some(NoIntervals::NoSpread { at: 1, runs: 1 }),
        "{:?}",
        d.fit
    );
    assert!(d.fit.serial_fraction_ci95.is_none());
    assert!(d.projected.iter().all(|p| p.interval.is_none()));
}

/// About 8 MB of words from a 4,000-word vocabulary: compressible, but with
/// work for zstd to do. A fixed LCG, so every run compresses the same bytes.
fn text(path: &Path) {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    let words: Vec<String> = (0..4000)
        .map(|_| {
            let len = 2 + next(8);
            (0..len).map(|_| (b'a' + next(26) as u8) as char).collect()
        })
        .collect();
    let mut out = String::with_capacity(8 << 20);
    while out.len() < 8 << 20 {
        out.push_str(&words[next(words.len() as u64) as usize]);
        out.push(if next(12) == 0 { '\n' } else { ' ' });
    }
    std::fs::write(path, out).unwrap();
}

fn zstd_args(threads: usize, input: &Path) -> Vec<String> {
    vec![
        format!("-T{threads}"),
        "-5".into(),
        "-q".into(),
        "-f".into(),
        input.display().to_string(),
        "-o".into(),
        "/dev/null".into(),
    ]
}

#[test]
fn zstd_timed_independently_lands_inside_what_conpar_reported() {
    let version = Command::new("zstd").arg("--version").output();
    assert!(
        version.as_ref().is_ok_and(|o| o.status.success()),
        "this test needs zstd on the PATH (Debian: apt-get install zstd; scripts/test installs it): {version:?}"
    );
    let _real = real_work();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("words.txt");
    text(&input);
    // Other programs share this machine and can slow a few runs by more than
    // half: up to three rounds, one must agree at every count.
    let mut last = String::new();
    for _ in 0..3 {
        match compare_once(dir.path(), &input) {
            Ok(()) => return,
            Err(e) => last = e,
        }
    }
    panic!("{last}");
}

/// One round: conpar's scan, then the same command timed here at each count.
fn compare_once(dir: &Path, input: &Path) -> Result<(), String> {
    let json = dir.join("zstd.json");
    conpar()
        .args(["scale", "--threads", "1,2", "-r", "3", "--json"])
        .arg(&json)
        .args(["--", "zstd"])
        .args(
            zstd_args(0, input)
                .iter()
                .map(|a| a.replace("-T0", "-T{threads}")),
        )
        .assert()
        .success();
    let d = read(&json);
    assert_eq!(d.rows.len(), 2);
    for r in &d.rows {
        let w = &r.measured.wall_s;
        assert_eq!(w.samples.len(), 3, "{w:?}");
        // The same command, timed here: a warm-up, then three runs.
        let mut times = Vec::new();
        for i in 0..4 {
            let t0 = Instant::now();
            let status = Command::new("zstd")
                .args(zstd_args(r.threads, input))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            let took = t0.elapsed().as_secs_f64();
            assert!(status.success(), "zstd -T{} failed: {status}", r.threads);
            if i > 0 {
                times.push(took);
            }
        }
        times.sort_by(f64::total_cmp);
        let median = times[1];
        // Correctness, not speed: this machine is shared and noisy, so
        // conpar's min–max is widened by half either side.
        let (lo, hi) = (w.min * 0.5, w.max * 1.5);
        if !(lo <= median && median <= hi) {
            return Err(format!(
                "{} thread(s): timed here {median:.4} s (runs {times:?}), conpar reported {:.4} s [{:.4}–{:.4}]",
                r.threads, w.median, w.min, w.max
            ));
        }
    }
    Ok(())
}
