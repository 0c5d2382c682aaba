//! Running a probe of the host's costs a number of times, keeping a note of
//! each one that failed: a probe that cannot start leaves its cost
//! unmeasured (`None`) and says why, it never panics.

use crate::stats::Summary;

/// Runs probes and keeps a note of each one that failed.
#[derive(Default)]
pub(super) struct Probes {
    pub(super) notes: Vec<String>,
}

impl Probes {
    /// `n` tries of `f`; failed tries are left out and the first failure
    /// noted. `None` when no try succeeded.
    pub(super) fn repeat(
        &mut self,
        what: &str,
        n: usize,
        mut f: impl FnMut() -> Result<f64, String>,
    ) -> Option<Summary> {
        let mut samples = Vec::with_capacity(n);
        let mut first = None;
        for _ in 0..n {
            let why = match f() {
                Ok(v) if v.is_finite() => {
                    samples.push(v);
                    continue;
                }
                Ok(v) => format!("a try measured {v}"),
                Err(e) => e,
            };
            first.get_or_insert(why);
        }
        if let Some(e) = first {
            let failed = n - samples.len();
            self.notes.push(if samples.is_empty() {
                format!("{what}: unmeasured: {e}")
            } else {
                format!("{what}: {failed} of {n} tries failed, the first: {e}")
            });
        }
        Summary::of(&samples)
    }

    /// Leaves `what` unmeasured because of `why`.
    pub(super) fn skip(&mut self, what: &str, why: String) -> Option<Summary> {
        self.notes.push(format!("{what}: unmeasured: {why}"));
        None
    }
}
