//! `conpar io`'s document: the server, the measured request costs, and one
//! row per (client, cores) with its wall, CPU, blocked core-time, latency
//! percentiles and the model's prediction.

use super::{Invalid, Meta, check_cores, check_summary, nan_null};
use crate::findings::io::{ClientWall, IoSetup};
use crate::kinds::ClientKind;
use crate::stats::Summary;
use serde::{Deserialize, Serialize};

/// The whole `conpar io --json` file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IoDoc {
    #[serde(flatten)]
    pub meta: Meta,
    /// The delay server's address.
    pub target: String,
    /// The measured request costs the predictions used.
    pub calibration: IoCalibration,
    /// One row per (client, cores).
    pub rows: Vec<IoRow>,
}

/// The client-side costs the predictions use, measured against the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IoCalibration {
    /// Median latency of one request that waits L, measured alone, ns.
    pub single_request_ns: f64,
    /// The serialized cost of one connection in an event loop with many
    /// requests of the same wait in flight: the slope of wall-clock against
    /// requests between bursts of 25 and 125 (medians of 3), ns.
    pub connection_ns: f64,
    /// What such a loop takes beyond its connections and one request's
    /// latency (starting the loop, timer rounding), ns.
    pub loop_fixed_ns: f64,
    /// The delay server's CPU time per connection in that burst, ns (0 when
    /// the server is not a child of this run and cannot be read). The server
    /// is one event loop, so this cost is serialized whatever the client does.
    pub server_connection_ns: f64,
    /// Starting k event loops at once and ending them, with no request: one
    /// thread each, created one after another, confined to its core, building
    /// its runtime; at several k, ns.
    #[serde(default)]
    pub loops_start: Vec<super::calibrate::AtCount>,
}

impl IoCalibration {
    /// What predictions take when the calibration requests fail: the nominal
    /// wait `latency_ns` and no connection cost.
    pub fn nominal(latency_ns: f64) -> IoCalibration {
        IoCalibration {
            loops_start: Vec::new(),
            single_request_ns: latency_ns,
            connection_ns: 0.0,
            loop_fixed_ns: 0.0,
            server_connection_ns: 0.0,
        }
    }
}

/// One client on one core count, summarised over its repetitions.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IoRow {
    pub client: ClientKind,
    pub cores: usize,
    /// Pool threads (blocking-pool).
    pub threads: usize,
    pub requests: usize,
    /// Failed requests over all repetitions.
    pub errors: usize,
    /// The first failure's text.
    pub first_error: Option<String>,
    /// c, CPU work per request, s.
    pub cpu_s: f64,
    /// L, the server's wait per request, s.
    pub latency_s: f64,
    pub measured: IoMeasured,
    /// What the model expects.
    pub predicted: IoPredicted,
    /// Measured median ÷ predicted − 1.
    #[serde(with = "nan_null")]
    pub error: f64,
}

/// What one client measured.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IoMeasured {
    /// Wall-clock over the repetitions, s.
    pub wall_s: Summary,
    /// Median blocked core-time, s.
    pub blocked_core_s: f64,
    /// Median CPU time of the process, s.
    pub cpu_time_s: f64,
    /// Requests per second at the median wall.
    #[serde(with = "nan_null")]
    pub requests_per_s: f64,
    /// Latency percentiles over all repetitions, s.
    pub p50_s: f64,
    /// 99th percentile.
    pub p99_s: f64,
    /// Slowest.
    pub max_s: f64,
}

/// The model's wall for one client.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct IoPredicted {
    /// Seconds.
    pub wall_s: f64,
}

impl IoDoc {
    /// Bounds every count a renderer allocates for.
    pub fn check(&self) -> Result<(), Invalid> {
        for r in &self.rows {
            check_cores("rows[].cores", r.cores)?;
            check_summary("rows[].measured.wall_s", &r.measured.wall_s, true)?;
        }
        Ok(())
    }
}

impl IoDoc {
    /// What the requests were and what a connection cost; none without rows.
    pub fn setup(&self) -> Option<IoSetup> {
        let first = self.rows.first()?;
        let c = &self.calibration;
        Some(IoSetup {
            requests: first.requests,
            cpu_s: first.cpu_s,
            latency_s: first.latency_s,
            target: self.target.clone(),
            single_request_ns: c.single_request_ns,
            connection_ns: c.connection_ns,
            server_connection_ns: c.server_connection_ns,
        })
    }
}

impl From<&IoRow> for ClientWall {
    /// A row as the comparison of the clients reads it: its median wall.
    fn from(r: &IoRow) -> ClientWall {
        ClientWall {
            client: r.client,
            cores: r.cores,
            requests: r.requests,
            errors: r.errors,
            wall_s: r.measured.wall_s.median,
        }
    }
}
