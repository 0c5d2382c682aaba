//! Shared by the benches: settings from the environment (criterion's own
//! argument parser refuses flags it does not know) and criterion's estimates
//! read back after its summary.

#![allow(dead_code)]

use std::path::PathBuf;

/// An environment variable, or `default`.
pub fn env_or(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| default.to_string())
}

/// Which saved estimates to read: `--save-baseline NAME` writes NAME, anything
/// else writes `new`.
pub fn baseline() -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == "--save-baseline")
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| "new".into())
}

/// criterion's output directory.
pub fn criterion_dir() -> PathBuf {
    std::env::var_os("CRITERION_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::var_os("CARGO_TARGET_DIR")
                .map_or_else(|| PathBuf::from("target"), PathBuf::from)
                .join("criterion")
        })
}

/// criterion's median estimate and its 95 % interval for one benchmark, in ns.
pub fn estimate(group: &str, function: &str, parameter: &str) -> Option<(f64, f64, f64)> {
    let clean = |s: &str| s.replace(['/', '\\', ':', '?', '*', '"', '<', '>', '|'], "_");
    let path = criterion_dir()
        .join(clean(group))
        .join(clean(function))
        .join(clean(parameter))
        .join(baseline())
        .join("estimates.json");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    let m = &v["median"];
    Some((
        m["point_estimate"].as_f64()?,
        m["confidence_interval"]["lower_bound"].as_f64()?,
        m["confidence_interval"]["upper_bound"].as_f64()?,
    ))
}

/// `12.3ms`-style durations.
pub fn ns(x: f64) -> String {
    conpar::units::Nanos(x).to_string()
}
