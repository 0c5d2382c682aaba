//! conpar: concurrency against parallelism, predicted by a tick model and
//! measured on this host's real cores.
//!
//! The library is layered so that the parts that must be exact stay pure:
//! [`workload`] describes work, [`model`] schedules it in ticks, [`timeline`]
//! turns any schedule — modelled or measured — into the article's metrics, and
//! [`report`] renders results. Running work for real lives elsewhere, and the
//! command line is the only layer that knows about argument parsing.

pub mod chart;
pub mod compare;
pub mod escape;
pub mod exec;
pub mod findings;
pub mod fit;
pub mod input;
pub mod io;
pub mod judge;
pub mod kernel;
pub mod kinds;
pub mod measure;
pub mod model;
pub mod outfile;
pub mod probe;
pub mod repeat;
pub mod report;
pub mod results;
pub mod scale;
pub mod stats;
pub mod table;
pub mod timeline;
pub mod tour;
pub mod units;
pub mod words;
pub mod workload;
pub mod workspan;
pub mod workspan_run;

#[doc(hidden)]
pub mod cli;
