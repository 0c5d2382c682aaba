//! The protocol's own tests: round trips, bounds, and errors that name the peer.

use super::*;
use crate::workload::KernelKind;

const WORKER: Peer = Peer::Worker {
    index: 3,
    pid: 4242,
};

fn job() -> Job {
    Job {
        worker: 1,
        cpus: vec![0, 2],
        calibration: Calibration {
            kernel: KernelKind::Hash,
            tick_ns: 1_000_000,
            iters_per_tick: 77,
            tick_median_ns: 1.0e6,
            tick_min_ns: 0.9e6,
            tick_max_ns: 1.1e6,
            tick_quartiles_ns: None,
            outliers: None,
        },
        tick_ns: 1_000_000,
        kernels: Vec::new(),
        task_kernels: Vec::new(),
        tasks: vec![vec![Step::Cpu(3), Step::Io(2)], vec![Step::Cpu(1)]],
    }
}

fn through<M: Serialize + DeserializeOwned>(msgs: &[M], max: usize) -> Vec<M> {
    let mut wire = Vec::new();
    for m in msgs {
        send(&mut wire, Peer::Parent, m).unwrap();
    }
    assert_eq!(wire.iter().filter(|&&b| b == b'\n').count(), msgs.len());
    let mut input = &wire[..];
    let mut out = Vec::new();
    while let Some(m) = recv(&mut input, max, WORKER).unwrap() {
        out.push(m);
    }
    out
}

#[test]
fn every_message_survives_the_round_trip() {
    let down = vec![
        ToWorker::Job(job()),
        ToWorker::Run { task: 1 },
        ToWorker::Exit,
    ];
    assert_eq!(through(&down, MAX_JOB_LINE), down);
    let up = vec![
        FromWorker::Ready,
        FromWorker::Slice(WireSlice {
            task: 1,
            start: 10,
            end: 20,
            state: SliceState::Blocked,
            work: 0,
            cpu: u32::MAX,
        }),
        FromWorker::Done { task: 1 },
        FromWorker::Stats {
            cpu_ns: u64::MAX,
            voluntary: 5,
            involuntary: 6,
        },
    ];
    assert_eq!(through(&up, MAX_REPLY_LINE), up);
}

#[test]
fn a_malformed_line_is_an_error_naming_the_worker() {
    // The old text protocol's stats line: it must not become zeros.
    for bad in [
        &b"stats 12 x 3\n"[..],
        b"{\"msg\":\"stats\",\"cpu_ns\":12}\n",
        b"{\"msg\":\"stats\",\"cpu_ns\":-1,\"voluntary\":0,\"involuntary\":0}\n",
        b"{\"msg\":\"done\",\"task\":1,\"extra\":true}\n",
        b"{\"msg\":\"ready\"",
    ] {
        let err = recv::<FromWorker>(&mut &bad[..], MAX_REPLY_LINE, WORKER).unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, ProtocolError::Malformed { .. }), "{text}");
        assert!(text.starts_with("worker 3 (pid 4242) sent"), "{text}");
        assert!(text.contains("stats") || text.contains("done") || text.contains("ready"));
    }
}

#[test]
fn the_quoted_part_of_a_bad_line_is_bounded_and_escaped() {
    let mut line = b"\x1b[31m".to_vec();
    line.extend(std::iter::repeat_n(b'y', 3000));
    line.push(b'\n');
    let err = recv::<FromWorker>(&mut &line[..], MAX_REPLY_LINE, WORKER).unwrap_err();
    let text = err.to_string();
    assert!(text.len() < 500, "{} bytes: {text}", text.len());
    assert!(!text.contains('\x1b') && text.contains("\\u{1b}"), "{text}");
    assert!(text.contains('…'), "{text}");
}

#[test]
fn an_oversize_line_is_refused_without_reading_it_all() {
    let line = vec![b'{'; 10 * MAX_REPLY_LINE];
    let mut input = &line[..];
    let err = recv::<FromWorker>(&mut input, MAX_REPLY_LINE, WORKER).unwrap_err();
    assert!(matches!(
        err,
        ProtocolError::TooLong {
            max: MAX_REPLY_LINE,
            ..
        }
    ));
    assert!(err.to_string().contains("worker 3 (pid 4242)"), "{err}");
    // Only the bound (and one byte) was taken from the pipe.
    assert_eq!(input.len(), line.len() - MAX_REPLY_LINE - 1);
    // A line of exactly the bound is still accepted.
    let mut ok = serde_json::to_vec(&FromWorker::Done { task: 7 }).unwrap();
    ok.resize(MAX_REPLY_LINE, b' ');
    ok.push(b'\n');
    let got = recv::<FromWorker>(&mut &ok[..], MAX_REPLY_LINE, WORKER).unwrap();
    assert_eq!(got, Some(FromWorker::Done { task: 7 }));
}

#[test]
fn the_largest_job_the_limits_allow_fits_the_job_bound() {
    let step = serde_json::to_string(&Step::Cpu(Limits::MAX_STEP_TICKS)).unwrap();
    assert!(step.len() < 40, "{step}");
    let mut one = job();
    one.tasks = vec![vec![Step::Cpu(Limits::MAX_STEP_TICKS); 1000]];
    one.cpus = (0..1024).collect();
    let line = serde_json::to_string(&ToWorker::Job(one)).unwrap();
    assert!(line.len() < 1000 * 40 + 64 * 1024);
}

#[test]
fn an_unexpected_message_is_quoted() {
    let err = ProtocolError::unexpected(WORKER, "`ready`", &FromWorker::Done { task: 9 });
    assert_eq!(
        err.to_string(),
        r#"worker 3 (pid 4242) sent "{\"msg\":\"done\",\"task\":9}" where `ready` was expected"#
    );
}
