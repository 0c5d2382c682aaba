//! A criterion helper: a user's fork-join function measured at 1…P threads
//! beside the speedups its work, span and fork-join graph predict.
//!
//! [`Scaling::new`] measures work and span on one worker; criterion's
//! `iter_custom` times the function through [`Scaling::time`] on a pool of
//! P pinned threads; [`Scaling::table`] prints measured against predicted:
//!
//! ```no_run
//! # use conpar::workspan_run::bench::Scaling;
//! # fn work() { conpar::workspan::join(|| (), || ()); }
//! # fn bench(c: &mut criterion::Criterion) {
//! let s = Scaling::new(|| work()).expect("measured");
//! let mut g = c.benchmark_group("work");
//! for p in s.counts() {
//!     g.bench_function(format!("{p}"), |b| b.iter_custom(|n| s.time(p, n, || work())));
//! }
//! g.finish();
//! println!("{}", s.table());
//! # }
//! ```
//!
//! criterion stays a dev-dependency: nothing here names its types.

use super::predict::{default_counts, predict};
use super::shipped::pinned_pool;
use crate::measure::allowed_cpus;
use crate::stats::median;
use crate::workspan::{Graph, Profile, WorkspanError};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One function's profile, its pinned pools and the times recorded.
pub struct Scaling {
    profile: Profile,
    graph: Graph,
    pools: Vec<(usize, rayon::ThreadPool)>,
    times: Mutex<Vec<(usize, f64)>>,
}

/// Why the helper cannot measure.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// Work and span could not be measured.
    #[error(transparent)]
    Workspan(#[from] WorkspanError),
    /// A pool could not be built.
    #[error("{0}")]
    Pool(String),
}

impl Scaling {
    /// Measures `f`'s work and span on one worker, and builds a pinned pool
    /// for each default core count (powers of two up to the allowed CPUs,
    /// and their count).
    pub fn new<R: Send>(f: impl FnOnce() -> R + Send) -> Result<Scaling, BenchError> {
        let m = crate::workspan::measure(f)?;
        let (profile, graph) = (m.profile, m.graph);
        let cpus = allowed_cpus();
        let pools = default_counts(cpus.len())
            .into_iter()
            .map(|p| {
                pinned_pool(&cpus[..p])
                    .map(|pool| (p, pool))
                    .map_err(|e| BenchError::Pool(e.to_string()))
            })
            .collect::<Result<_, _>>()?;
        Ok(Scaling {
            profile,
            graph,
            pools,
            times: Mutex::new(Vec::new()),
        })
    }

    /// The core counts it measures.
    pub fn counts(&self) -> Vec<usize> {
        self.pools.iter().map(|(p, _)| *p).collect()
    }

    /// The profile measured.
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// Runs `f` `iters` times on the pool of `p` threads; their total time
    /// (for criterion's `iter_custom`), each iteration's time recorded.
    pub fn time<R>(&self, p: usize, iters: u64, f: impl Fn() -> R + Send + Sync) -> Duration {
        let Some((_, pool)) = self.pools.iter().find(|(k, _)| *k == p) else {
            return Duration::ZERO;
        };
        let t = Instant::now();
        pool.install(|| {
            for _ in 0..iters {
                std::hint::black_box(f());
            }
        });
        let d = t.elapsed();
        if iters > 0 {
            let mut times = self.times.lock().unwrap_or_else(|e| e.into_inner());
            times.push((p, d.as_secs_f64() / iters as f64));
        }
        d
    }

    /// Measured speedups (medians of the recorded times against one
    /// thread's) beside the upper bound, Brent's and the simulated
    /// schedule's, one line per count.
    pub fn table(&self) -> String {
        let times = self.times.lock().unwrap_or_else(|e| e.into_inner());
        let at = |p: usize| {
            let v: Vec<f64> = times.iter().filter(|(k, _)| *k == p).map(|t| t.1).collect();
            median(&v)
        };
        let one = at(1);
        let mut o = format!(
            "work {} ns, span {} ns, parallelism {:.1}\n{:>6}  {:>9}  {:>13}  {:>9}  {:>9}\n",
            self.profile.work,
            self.profile.span,
            self.profile.parallelism(),
            "cores",
            "measured",
            "min(P,T1/T∞)",
            "Brent",
            "schedule"
        );
        for p in self.counts() {
            let pr = predict(&self.profile, Some(&self.graph), p, None);
            let sim = pr.simulated.map_or("—".into(), |s| format!("{s:.2}×"));
            let m = match (one, at(p)) {
                (Some(a), Some(b)) if b > 0.0 => format!("{:.2}×", a / b),
                _ => "—".into(),
            };
            o.push_str(&format!(
                "{p:>6}  {m:>9}  {:>12.2}×  {:>8.2}×  {sim:>9}\n",
                pr.upper, pr.brent
            ));
        }
        o
    }
}
