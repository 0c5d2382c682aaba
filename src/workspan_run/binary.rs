//! A user's binary built against `conpar::workspan`, run as `conpar scale`
//! runs a command (`scale::run_once`: its own process group, killed at the
//! timeout, its exit status and standard error kept): once with
//! `CONPAR_WORKSPAN=measure` on one worker, its regions' lines summed into
//! one profile; then as one-worker copies for its contention; then timed
//! with `RAYON_NUM_THREADS=P` confined to P CPUs (`scale::scan`).

use super::{Error, Event, Outcome, PROFILE_RUNS, Plan, copies, least};
use crate::repeat::Stopped;
use crate::scale::scan::{Event as ScanEvent, Scan, scan};
use crate::scale::{Spec, run_once};
use crate::workspan::{ENV_BURDEN, ENV_MODE, ENV_OUT, Profile, RegionLine, WorkspanError};

/// Largest regions' file read back.
const MAX_REGION_BYTES: u64 = 16 << 20;
/// Most region lines summed.
const MAX_REGIONS: usize = 100_000;

fn spec(plan: &Plan, argv: &[String], pin: Vec<usize>, env: Vec<(String, String)>) -> Spec {
    Spec {
        argv: argv.to_vec(),
        shell: false,
        show_output: false,
        pin: Some(pin),
        timeout: plan.timeout,
        env,
    }
}

fn off() -> Vec<(String, String)> {
    vec![(ENV_MODE.to_string(), "off".to_string())]
}

pub(super) fn measure(
    plan: &Plan,
    argv: &[String],
    on: &mut dyn FnMut(Event),
) -> Result<Outcome, Error> {
    on(Event::Measuring);
    let mut least_so_far: Option<Profile> = None;
    for _ in 0..PROFILE_RUNS {
        let p = profile(plan, argv)?;
        least_so_far = Some(least_so_far.map_or(p, |q| least(&q, &p)));
        on(Event::RunDone);
    }
    let profile = least_so_far.expect("at least one measurement");
    let mut contention = Vec::new();
    for &p in plan.counts.iter().filter(|&&p| p > 1) {
        on(Event::Contention(p));
        let one = |i: usize| -> Result<f64, Error> {
            let s = spec(plan, argv, vec![plan.cpus[i]], off());
            Ok(run_once(&s, 1)?.wall_ns as f64 / 1e9)
        };
        let s = copies::slowdowns(p, plan.trials, &mut || one(0), &one, &mut || {
            on(Event::RunDone)
        })?;
        if let Some(s) = s {
            contention.push((p, s));
        }
    }
    let s = Scan {
        spec: spec(plan, argv, plan.cpus.clone(), off()),
        threads: plan.counts.clone(),
        warmup: plan.warmup,
        rule: plan.rule,
        keep_going: false,
        allowed: plan.cpus.len(),
    };
    let points = scan(&s, &mut |ev| match ev {
        ScanEvent::Started(t) => on(Event::Timing(t)),
        ScanEvent::RunDone => on(Event::RunDone),
        ScanEvent::Failed(_) | ScanEvent::LeftOut(_) => {}
    })?;
    Ok(Outcome {
        profile,
        graph: None,
        input: String::new(),
        walls: points
            .into_iter()
            .map(|p| (p.threads, p.wall_s, p.stopped))
            .collect::<Vec<(usize, _, Stopped)>>(),
        contention,
        no_room: Vec::new(),
        others_cpus: None,
    })
}

/// One run with instrumentation on and one worker: the regions' profiles summed.
fn profile(plan: &Plan, argv: &[String]) -> Result<Profile, Error> {
    let dir = tempfile::tempdir().map_err(|e| Error::Io(e.to_string()))?;
    let file = dir.path().join("regions.jsonl");
    let env = vec![
        (ENV_MODE.to_string(), "measure".to_string()),
        (ENV_OUT.to_string(), file.to_string_lossy().into_owned()),
        (
            ENV_BURDEN.to_string(),
            crate::workspan::burden_ns().to_string(),
        ),
    ];
    run_once(&spec(plan, argv, vec![plan.cpus[0]], env), 1)?;
    let bytes = match crate::input::read_capped(&file, MAX_REGION_BYTES) {
        Ok(b) => b,
        Err(crate::input::InputError::Open { source, .. })
            if source.kind() == std::io::ErrorKind::NotFound =>
        {
            Vec::new()
        }
        Err(e) => return Err(Error::Io(e.to_string())),
    };
    sum_regions("the regions' file", &bytes)
}

/// The profiles of `bytes`' region lines summed; the first error line is
/// the error; nothing recorded is [`WorkspanError::NothingRecorded`].
pub(super) fn sum_regions(file: &str, bytes: &[u8]) -> Result<Profile, Error> {
    let mut total: Option<Profile> = None;
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if i >= MAX_REGIONS {
            return Err(Error::Record {
                file: file.into(),
                line: i + 1,
                message: format!("more than {MAX_REGIONS} regions"),
            });
        }
        let r: RegionLine = serde_json::from_slice(line).map_err(|e| Error::Record {
            file: file.into(),
            line: i + 1,
            message: e.to_string(),
        })?;
        match (r.profile, r.error) {
            (_, Some(error)) => {
                return Err(Error::Region {
                    name: r.name,
                    error,
                });
            }
            (Some(p), None) => match &mut total {
                Some(t) => t.add(&p),
                None => total = Some(p),
            },
            (None, None) => {}
        }
    }
    let total = total.ok_or(WorkspanError::NothingRecorded)?;
    if total.work == 0 || total.span == 0 {
        return Err(WorkspanError::NothingRecorded.into());
    }
    Ok(total)
}
