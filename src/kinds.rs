//! The closed sets of names conpar knows: strategies and I/O clients. Each is
//! an enum with one registry (`ALL`), its name on the command line and in
//! result files, and what differs per member as a method. Kernels are
//! [`crate::workload::KernelKind`]; claims are [`crate::tour::ClaimKind`].
//!
//! Pure data: nothing here runs work.

use crate::model::{Discipline, IoMode, Machine};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A way of running a workload's tasks for real (or the model's mock).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StrategyKind {
    /// One OS thread taking turns over the tasks.
    Interleave,
    /// One OS thread per task; the kernel schedules them.
    Threads,
    /// A rayon pool of P threads, one job per task.
    Rayon,
    /// A tokio runtime with P workers, one task per task.
    Tokio,
    /// P worker processes pulling tasks from the parent.
    Processes,
    /// Nothing runs: the model's schedule stretched `slowdown_permille / 1000`
    /// times (for tests that force an outcome), and with `jitter_permille`,
    /// each run by a further factor of 1, 1 − j, 1 + j in turn (a spread
    /// the judgments must see as noise).
    Mock {
        /// The stretch, in thousandths (1000: exactly the model).
        slowdown_permille: u32,
        /// The run-to-run jitter, in thousandths (0: every run alike).
        jitter_permille: u32,
    },
}

impl StrategyKind {
    /// The real strategies, in the order tables list them.
    pub const ALL: [StrategyKind; 5] = [
        StrategyKind::Interleave,
        StrategyKind::Threads,
        StrategyKind::Rayon,
        StrategyKind::Tokio,
        StrategyKind::Processes,
    ];

    /// Names of the real strategies, for help texts and suggestions.
    pub const NAMES: [&'static str; 5] = ["interleave", "threads", "rayon", "tokio", "processes"];

    /// The mock with the model's own timing.
    pub const MOCK: StrategyKind = StrategyKind::Mock {
        slowdown_permille: 1000,
        jitter_permille: 0,
    };

    /// Its name on the command line and in result files.
    pub fn name(self) -> &'static str {
        match self {
            StrategyKind::Interleave => "interleave",
            StrategyKind::Threads => "threads",
            StrategyKind::Rayon => "rayon",
            StrategyKind::Tokio => "tokio",
            StrategyKind::Processes => "processes",
            StrategyKind::Mock { .. } => "mock",
        }
    }

    /// The mock's stretch factor; 1 for real strategies.
    pub fn slowdown(self) -> f64 {
        match self {
            StrategyKind::Mock {
                slowdown_permille, ..
            } => f64::from(slowdown_permille) / 1000.0,
            _ => 1.0,
        }
    }

    /// Whether it runs nothing: its "measurements" are the model's, in the
    /// calibrated tick, so its serial baseline is too.
    pub fn synthetic(self) -> bool {
        matches!(self, StrategyKind::Mock { .. })
    }

    /// The mock's run-to-run jitter (relative); 0 for real strategies.
    pub fn jitter(self) -> f64 {
        match self {
            StrategyKind::Mock {
                jitter_permille, ..
            } => f64::from(jitter_permille) / 1000.0,
            _ => 0.0,
        }
    }

    /// The model machine the strategy is compared with on `cores` cores:
    /// `interleave` round-robin on one core with its `quantum`; `threads`
    /// round-robin with the OS time slice as quantum (at least one tick) and
    /// async I/O (a sleeping thread frees its core); `tokio` list with async
    /// I/O; the pools, processes and the mock list with blocking I/O.
    pub fn machine(self, cores: usize, quantum: u64, os_slice_ns: u64, tick_ns: u64) -> Machine {
        let (cores, discipline, io) = match self {
            StrategyKind::Interleave => (1, Discipline::RoundRobin { quantum }, IoMode::Blocking),
            StrategyKind::Threads => (
                cores,
                Discipline::RoundRobin {
                    quantum: (os_slice_ns / tick_ns.max(1)).max(1),
                },
                IoMode::Async,
            ),
            StrategyKind::Tokio => (cores, Discipline::List, IoMode::Async),
            StrategyKind::Rayon | StrategyKind::Processes | StrategyKind::Mock { .. } => {
                (cores, Discipline::List, IoMode::Blocking)
            }
        };
        Machine {
            cores,
            discipline,
            io,
        }
    }

    /// Whether the strategy runs every task on one thread whatever the core
    /// count, so that no parallel law describes it.
    pub fn one_thread(self) -> bool {
        matches!(self, StrategyKind::Interleave)
    }

    /// What the strategy does with P cores, in a few words ("why" column).
    pub fn what_it_does(self, cores: usize) -> Option<String> {
        match self {
            StrategyKind::Interleave if cores > 1 => Some(format!(
                "one thread uses 1 of {cores} cores: concurrency, not parallelism"
            )),
            StrategyKind::Interleave => {
                Some("one thread taking turns: the sum, not the max".into())
            }
            StrategyKind::Threads => Some("the kernel time-shares the threads".into()),
            StrategyKind::Processes => Some("includes starting the worker processes".into()),
            _ => None,
        }
    }

    /// Why cores sat idle beyond what the model expects.
    pub fn why_idle(self) -> &'static str {
        match self {
            StrategyKind::Threads => {
                "new threads start on the spawning core and wait for the kernel to move them"
            }
            StrategyKind::Processes => "worker processes starting up",
            _ => "start-up, dispatch and waiting for work",
        }
    }

    /// Why work ran slower than alone, for a CPU-bound kernel.
    pub fn why_slower(self) -> &'static str {
        match self {
            StrategyKind::Threads => "preemption and migration",
            _ => "interference between cores",
        }
    }
}

impl fmt::Display for StrategyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StrategyKind::Mock {
                jitter_permille: 0,
                slowdown_permille,
            } if *slowdown_permille != 1000 => write!(f, "mock:{}", self.slowdown()),
            StrategyKind::Mock {
                jitter_permille, ..
            } if *jitter_permille != 0 => {
                write!(f, "mock:{}~{}", self.slowdown(), self.jitter())
            }
            _ => f.write_str(self.name()),
        }
    }
}

/// A name outside one of these closed sets, or a mock strategy's figures
/// out of range; each says what is accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KindError {
    #[error("unknown strategy `{0}`: accepted are {names}", names = StrategyKind::NAMES.join(", "))]
    Strategy(String),
    #[error("unknown client `{0}`: accepted are {names}", names = ClientKind::NAMES.join(", "))]
    Client(String),
    #[error("`{0}`: the mock's slowdown must be a number above 0, at most 1000")]
    MockSlowdown(String),
    #[error("`{0}`: the mock's jitter (after ~) must be a number from 0 to under 0.9")]
    MockJitter(String),
}

impl FromStr for StrategyKind {
    type Err = KindError;
    fn from_str(s: &str) -> Result<Self, KindError> {
        if let Some(k) = StrategyKind::ALL.into_iter().find(|k| k.name() == s) {
            return Ok(k);
        }
        if s == "mock" {
            return Ok(StrategyKind::MOCK);
        }
        if let Some(spec) = s.strip_prefix("mock:") {
            let (f, j) = spec.split_once('~').unwrap_or((spec, "0"));
            let f: f64 = f
                .parse()
                .ok()
                .filter(|f: &f64| f.is_finite() && *f > 0.0 && *f <= 1000.0)
                .ok_or_else(|| KindError::MockSlowdown(s.to_string()))?;
            let j: f64 = j
                .parse()
                .ok()
                .filter(|j: &f64| (0.0..0.9).contains(j))
                .ok_or_else(|| KindError::MockJitter(s.to_string()))?;
            return Ok(StrategyKind::Mock {
                slowdown_permille: (f * 1000.0).round().max(1.0) as u32,
                jitter_permille: (j * 1000.0).round() as u32,
            });
        }
        Err(KindError::Strategy(s.to_string()))
    }
}

impl Serialize for StrategyKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for StrategyKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A cost a prediction names beside the model's schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostKind {
    /// Kernels slowed by copies running beside them (the contention curves).
    Contention,
    /// One spawner creating the threads one after another.
    ThreadSpawn,
    /// A new thread waiting to be moved to an idle core.
    Placement,
    /// A pool's or runtime's parked workers waking to take the tasks.
    Wake,
    /// Starting the worker processes until they are ready.
    WorkerStart,
    /// A new thread or process setting up its kernel (the memory kernel's buffer).
    KernelSetup,
    /// Telling the workers to exit and reaping them.
    WorkerStop,
    /// Handing each task to a worker and reading its report, over pipes.
    Handout,
    /// Handing each task to a pool or runtime.
    Dispatch,
    /// Context switches at preemptions.
    Switches,
    /// Timers and sleeps waking late after `io` waits.
    Timers,
}

impl CostKind {
    /// A few words for the "why" column.
    pub fn words(self) -> &'static str {
        match self {
            CostKind::Contention => "contention",
            CostKind::ThreadSpawn => "thread spawns",
            CostKind::Placement => "placement",
            CostKind::Wake => "workers waking",
            CostKind::WorkerStart => "worker start",
            CostKind::KernelSetup => "kernel set-up",
            CostKind::WorkerStop => "worker stop",
            CostKind::Handout => "hand-out",
            CostKind::Dispatch => "dispatch",
            CostKind::Switches => "switches",
            CostKind::Timers => "late timers",
        }
    }
}

/// The five ways a client can issue its requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClientKind {
    /// One thread, blocking sockets, one request after another.
    Blocking,
    /// A new thread for every request.
    ThreadPerRequest,
    /// N threads with blocking sockets, pulling requests from a shared counter.
    BlockingPool,
    /// One tokio current-thread runtime with every request in flight at once.
    EventLoop,
    /// One event loop per core (pinned threads), requests split between them.
    EventLoopPerCore,
}

impl ClientKind {
    /// Every client, in table order.
    pub const ALL: [ClientKind; 5] = [
        ClientKind::Blocking,
        ClientKind::ThreadPerRequest,
        ClientKind::BlockingPool,
        ClientKind::EventLoop,
        ClientKind::EventLoopPerCore,
    ];

    /// Names of every client, for help texts and suggestions.
    pub const NAMES: [&'static str; 5] = [
        "blocking",
        "thread-per-request",
        "blocking-pool",
        "event-loop",
        "event-loop-per-core",
    ];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ClientKind::Blocking => "blocking",
            ClientKind::ThreadPerRequest => "thread-per-request",
            ClientKind::BlockingPool => "blocking-pool",
            ClientKind::EventLoop => "event-loop",
            ClientKind::EventLoopPerCore => "event-loop-per-core",
        }
    }
}

impl fmt::Display for ClientKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ClientKind {
    type Err = KindError;
    fn from_str(s: &str) -> Result<Self, KindError> {
        ClientKind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| KindError::Client(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for k in StrategyKind::ALL {
            assert_eq!(k.name().parse::<StrategyKind>(), Ok(k));
        }
        assert_eq!(
            StrategyKind::NAMES,
            StrategyKind::ALL.map(StrategyKind::name)
        );
        assert_eq!(ClientKind::NAMES, ClientKind::ALL.map(ClientKind::name));
        let m: StrategyKind = "mock:1.5".parse().unwrap();
        assert_eq!(m.slowdown(), 1.5);
        assert_eq!(m.to_string(), "mock:1.5");
        let m: StrategyKind = "mock:1.1~0.2".parse().unwrap();
        assert_eq!((m.slowdown(), m.jitter()), (1.1, 0.2));
        assert_eq!(m.to_string(), "mock:1.1~0.2");
        let e = |s: &str| s.parse::<StrategyKind>().unwrap_err();
        assert_eq!(e("mock:1~2"), KindError::MockJitter("mock:1~2".into()));
        assert_eq!(e("rayn"), KindError::Strategy("rayn".into()));
        assert!(e("rayn").to_string().contains("accepted are"));
        assert_eq!(e("mock:0"), KindError::MockSlowdown("mock:0".into()));
    }

    #[test]
    fn json_uses_the_names() {
        let j = serde_json::to_string(&[StrategyKind::Rayon, StrategyKind::MOCK]).unwrap();
        assert_eq!(j, r#"["rayon","mock"]"#);
        let back: Vec<StrategyKind> = serde_json::from_str(&j).unwrap();
        assert_eq!(back, [StrategyKind::Rayon, StrategyKind::MOCK]);
        assert!(serde_json::from_str::<StrategyKind>(r#""<img>""#).is_err());
    }
}
