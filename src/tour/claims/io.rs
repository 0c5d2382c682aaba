//! The claims about waiting: blocking I/O against an event loop, and async
//! against parallel, on real loopback sockets.

use super::*;
use crate::io::predict::loops_start_at;

struct IoSetup {
    server: ServerProcess,
    cal: IoCalibration,
}

fn io_setup(env: &Env, claim: &str, latency: Duration) -> Result<IoSetup, TourError> {
    let server = ServerProcess::start(&env.opts.exe).map_err(|e| err(claim, e))?;
    let cal = calibrate_io(
        server.addr(),
        Some(server.pid()),
        latency,
        Duration::from_secs(5),
        env.allowed[0],
    )
    .map_err(|e| err(claim, e))?;
    Ok(IoSetup { server, cal })
}

fn io_runs(env: &Env, claim: &str, plan: &ClientPlan) -> Result<Summary, TourError> {
    for _ in 0..env.opts.warmup {
        run_client(plan).map_err(|e| err(claim, e))?;
    }
    let mut walls = Vec::new();
    for _ in 0..env.opts.repeat {
        let s = run_client(plan).map_err(|e| err(claim, e))?;
        if s.errors > 0 {
            return Err(err(
                claim,
                format!(
                    "{} requests failed: {}",
                    s.errors,
                    s.first_error.unwrap_or_default()
                ),
            ));
        }
        walls.push(s.wall_ns as f64 / 1e9);
    }
    Ok(Summary::of(&walls).expect("finite walls"))
}

pub(super) fn blocking_io(env: &Env) -> Result<ClaimResult, TourError> {
    let c = ClaimKind::BlockingIo.name();
    let (k, latency) = (20usize, Duration::from_millis(10));
    let io = io_setup(env, c, latency)?;
    let plan = |kind| ClientPlan {
        kind,
        addr: io.server.addr(),
        requests: k,
        cpu: None,
        latency,
        threads: 1,
        cpus: vec![env.allowed[0]],
        timeout: Duration::from_secs(5),
    };
    let inputs = Inputs {
        requests: k,
        cpu_ns: 0.0,
        single_request_ns: io.cal.single_request_ns,
        connection_ns: io.cal.connection_ns,
        threads: 1,
        cores: 1,
        thread_spawn_ns: 0.0,
        server_connection_ns: io.cal.server_connection_ns,
        loop_fixed_ns: io.cal.loop_fixed_ns,
        loops_start_ns: [loops_start_at(&io.cal, 1); 2],
    };
    let (pb, pe) = (
        predict_io(ClientKind::Blocking, &inputs) / 1e9,
        predict_io(ClientKind::EventLoop, &inputs) / 1e9,
    );
    let b = io_runs(env, c, &plan(ClientKind::Blocking))?;
    let e = io_runs(env, c, &plan(ClientKind::EventLoop))?;
    let (ratio, predicted_ratio) = (b.median / e.median, pb / pe);
    let (bb, eb) = (Band::of(&b), Band::of(&e));
    let judged = verdicts::event_loop_sooner(k, latency.as_secs_f64(), bb, eb);
    let model = model_accuracy(Band::ratio(bb, eb), predicted_ratio, ModelWhy::IoCosts);
    drop(io);
    Ok(result(Outcome {
        claim: ClaimKind::BlockingIo,
        judged,
        model,
        figures: Figures::BlockingIo {
            requests: k,
            blocking_s: b,
            event_loop_s: e,
            ratio,
            predicted_ratio,
            latency_s: latency.as_secs_f64(),
            predicted_blocking_s: pb,
            predicted_event_loop_s: pe,
        },
    }))
}

pub(super) fn async_not_parallel(env: &Env) -> Result<ClaimResult, TourError> {
    let c = ClaimKind::AsyncNotParallel.name();
    let p = env.p(usize::MAX);
    let (k, cpu, latency) = (40usize, Duration::from_millis(2), Duration::from_millis(5));
    let io = io_setup(env, c, latency)?;
    let first = env.allowed[0];
    let cal = std::thread::spawn(move || {
        let _ = confine_to(&[first]);
        calibrate(KernelKind::Spin, cpu.as_nanos() as u64)
    })
    .join()
    .map_err(|_| err(c, "calibration failed"))?;
    let plan = |kind| ClientPlan {
        kind,
        addr: io.server.addr(),
        requests: k,
        cpu: Some(cal),
        latency,
        threads: 1,
        cpus: env.allowed[..p].to_vec(),
        timeout: Duration::from_secs(5),
    };
    let inputs = Inputs {
        requests: k,
        cpu_ns: cal.tick_median_ns,
        single_request_ns: io.cal.single_request_ns,
        connection_ns: io.cal.connection_ns,
        threads: 1,
        cores: p,
        thread_spawn_ns: 0.0,
        server_connection_ns: io.cal.server_connection_ns,
        loop_fixed_ns: io.cal.loop_fixed_ns,
        loops_start_ns: [loops_start_at(&io.cal, 1), loops_start_at(&io.cal, p)],
    };
    let (pone, pper) = (
        predict_io(ClientKind::EventLoop, &inputs) / 1e9,
        predict_io(ClientKind::EventLoopPerCore, &inputs) / 1e9,
    );
    let one = io_runs(env, c, &plan(ClientKind::EventLoop))?;
    let per = io_runs(env, c, &plan(ClientKind::EventLoopPerCore))?;
    let cpu_total = k as f64 * cal.tick_median_ns / 1e9;
    let gain = one.median / per.median;
    let (ob, pb) = (Band::of(&one), Band::of(&per));
    let judged = verdicts::loops_per_core(p, ob, pb, cpu_total);
    let model = model_accuracy(Band::ratio(ob, pb), pone / pper, ModelWhy::LoopCosts);
    drop(io);
    Ok(result(Outcome {
        claim: ClaimKind::AsyncNotParallel,
        judged,
        model,
        figures: Figures::AsyncNotParallel {
            cores: p,
            one_loop_s: one,
            per_core_s: per,
            gain,
            predicted_gain: pone / pper,
            requests: Some(k),
            cpu_s: cpu.as_secs_f64(),
            latency_s: latency.as_secs_f64(),
            cpu_total_s: cpu_total,
            predicted_one_s: pone,
            predicted_per_core_s: pper,
        },
    }))
}
