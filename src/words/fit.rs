//! How `conpar fit` found λ, and where a fit's brackets come from, in
//! words, each written once.

use super::sig;
use crate::findings::fits::{Brackets, FitMethod};
use std::fmt;

impl fmt::Display for FitMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            FitMethod::Free => {
                f.write_str("σ, κ and λ fitted together by nonlinear least squares on X (λ free)")
            }
            FitMethod::Normalised { lambda } => write!(
                f,
                "normalised: λ held at the measured X(1) = {}, σ and κ fitted by least squares on X",
                lambda.map_or("—".into(), sig)
            ),
        }
    }
}

impl fmt::Display for Brackets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, of) = match *self {
            Brackets::Runs { resamples } => (resamples, "the runs"),
            Brackets::RunsBaselineFixed { resamples } => (
                resamples,
                "the runs, each pair's serial baseline held fixed",
            ),
            Brackets::Measurements { resamples } => (resamples, "the measurements"),
        };
        write!(
            f,
            "[brackets]: 95% intervals from {n} bootstrap resamples of {of}"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::sig;

    #[test]
    fn four_significant_figures() {
        assert_eq!(sig(0.02671591), "0.02672");
        assert_eq!(sig(995.6486), "995.6");
        assert_eq!(sig(12341.7454), "12342");
        assert_eq!(sig(7.690945e-4), "0.0007691");
        assert_eq!(sig(f64::NAN), "—");
        assert_eq!(sig(3.0e-7), "3.000e-7");
    }
}
