//! What `run` measures around its pairs, before them: the serial baseline
//! (each task's ticks with its own kernel, back to back on one core) and
//! each kernel's contention curve up to the widest core count.

use crate::kernel::{Calibration, contention_curve, counts_up_to};
use crate::measure::mono_ns;
use crate::results::calibrate::{ContentionCurve, ContentionPoint};
use crate::workload::Workload;

/// One serial baseline run: all CPU work back to back on this core, each
/// task's with its own kernel, in seconds.
pub(super) fn serial_run(w: &Workload, cal: &Calibration, kernels: &[Calibration]) -> f64 {
    let t = mono_ns();
    if kernels.is_empty() {
        cal.run_ticks(w.work());
    } else {
        cal.run_ticks(w.serial_phase_ticks());
        for (k, task) in w.tasks.iter().enumerate() {
            crate::exec::pick(cal, kernels, w.kernel_of(k)).run_ticks(task.cpu_ticks());
        }
    }
    (mono_ns() - t) as f64 / 1e9
}

/// Each kernel's contention curve on the allowed CPUs, up to `widest` cores
/// (five trials a count): only as wide as a run will go.
pub fn curves(
    cal: &Calibration,
    kernels: &[Calibration],
    allowed: &[usize],
    widest: usize,
) -> Vec<ContentionCurve> {
    let widest = widest.clamp(1, allowed.len());
    std::iter::once(cal)
        .chain(kernels)
        .map(|c| ContentionCurve {
            kernel: c.kernel,
            points: contention_curve(c, allowed, &counts_up_to(widest), 5)
                .into_iter()
                .map(|(copies, slowdown)| ContentionPoint { copies, slowdown })
                .collect(),
        })
        .collect()
}
