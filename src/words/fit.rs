//! How `conpar fit` found λ, where a fit's brackets come from, and the
//! fitted laws' figures ([`crate::findings::fitted`]) in words, each
//! written once.

use super::scaling::{NotAmdahlShaped, NotUslShaped};
use super::{Count, num, sig};
use crate::findings::fits::{Brackets, FitMethod};
use crate::findings::fitted::{
    Against, Binds, Estimate, Fitted, Input, Interval, Laws, Projected, Projections, Source,
    UslFigures,
};
use std::fmt;

/// What the report says of a chart's hollow points and their bars.
pub const HOLLOW_POINTS: &str = "Brackets and the hollow points' bars are 95% intervals from a bootstrap over the runs; a projection whose interval is wider than itself is refused and not drawn.";

/// `[lo–hi]` to `digits` places, after a space.
struct Bracket(Option<(f64, f64)>, usize);

impl fmt::Display for Bracket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some((lo, hi)) => write!(f, " [{}–{}]", num(lo, self.1), num(hi, self.1)),
            None => Ok(()),
        }
    }
}

impl fmt::Display for Estimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = f.precision().unwrap_or(3);
        write!(f, "{}{}", num(self.value, p), Bracket(self.ci95, p))
    }
}

impl fmt::Display for UslFigures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = f.precision().unwrap_or(4);
        write!(
            f,
            "σ = {:.p$}, κ = {:.k$} (R² {})",
            self.sigma,
            self.kappa,
            num(self.r_squared, 3),
            k = p + 1
        )
    }
}

/// `Amdahl s = 0.198 [0.173–0.223]; USL σ = …`, σ to four places.
impl fmt::Display for Laws {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.amdahl {
            Some(s) => write!(f, "Amdahl s = {s:.3}; USL ")?,
            None => f.write_str("Amdahl s = —; USL ")?,
        }
        match &self.usl {
            Ok(u) => write!(f, "{u:.4}"),
            Err(Some(why)) => write!(f, "— ({why:#})"),
            Err(None) => f.write_str("— (no fit)"),
        }
    }
}

/// `4 threads 1.62× [1.41×–1.80×]`, or why it is refused.
impl fmt::Display for Projected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = Count(self.count, self.unit.noun());
        let s = num(self.speedup, 2);
        if self.capped {
            return write!(
                f,
                "{count} {s}× (the work's limit: T1/T∞ and the model's schedule)"
            );
        }
        match self.interval {
            Some(Interval { lo, hi, refused }) => {
                let (lo, hi) = (num(lo, 2), num(hi, 2));
                if refused {
                    write!(
                        f,
                        "{count} refused ({s}×, but [{lo}×–{hi}×] is wider than that)"
                    )
                } else {
                    write!(f, "{count} {s}× [{lo}×–{hi}×]")
                }
            }
            None => write!(f, "{count} {s}×"),
        }
    }
}

impl fmt::Display for Projections {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("—");
        }
        for (i, p) in self.0.iter().enumerate() {
            write!(f, "{}{p}", if i == 0 { "" } else { ", " })?;
        }
        Ok(())
    }
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Input::Throughput => "throughput as given",
            Input::Latency => "throughput from latency by Little's law, X = N / R",
            Input::Time => "throughput from time, X = T(1) / T(N)",
            Input::ScaleDocument => {
                "throughput from a conpar scale document's wall times, X = T(1) / T(N)"
            }
            Input::ProbeDocument => "throughput from a conpar probe document",
        })
    }
}

/// `cisco.csv: 32 measurements at 32 concurrencies; throughput as given`.
impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} at {}; {}",
            self.file,
            Count(self.measurements, "measurement"),
            Count(self.levels, "concurrency"),
            self.input
        )
    }
}

impl fmt::Display for Against {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "speedup and Karp–Flatt against {}", self.0)
    }
}

impl fmt::Display for Binds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Binds::Contention => "contention binds (σ > κ): queueing for something shared",
            Binds::Coherency => {
                "coherency binds (κ > σ): keeping copies agreed costs more than waiting"
            }
            Binds::Neither => "σ = κ: neither term binds more",
        })
    }
}

/// `conpar fit`'s interval: ` [lo, hi]` to four significant figures.
struct Sig(Estimate);

impl fmt::Display for Sig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&sig(self.0.value))?;
        match self.0.ci95 {
            Some((lo, hi)) => write!(f, " [{}, {}]", sig(lo), sig(hi)),
            None => Ok(()),
        }
    }
}

impl fmt::Display for Fitted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Fitted::Sigma(e) => write!(f, "σ (contention) = {}", Sig(e)),
            Fitted::Kappa(e) => write!(f, "κ (coherency)  = {}", Sig(e)),
            Fitted::Lambda { lambda, held } => write!(
                f,
                "λ (X at N = 1) = {}{}",
                Sig(lambda),
                if held { " (held)" } else { "" }
            ),
            Fitted::RSquared(r) => write!(f, "R² = {}", num(r, 5)),
            Fitted::Peak {
                at: Some((p, n, x)),
                binds,
            } => write!(
                f,
                "peak at N = {} (N_max = {n}), X_max = {}; {binds}",
                sig(p),
                sig(x)
            ),
            Fitted::Peak { at: None, binds } => {
                write!(f, "no peak (κ ≤ 0, or not USL-shaped); {binds}")
            }
            Fitted::NotUslShaped { sigma, kappa } => NotUslShaped { sigma, kappa }.fmt(f),
            Fitted::Amdahl(s) => write!(
                f,
                "Amdahl serial fraction s = {}: speedup at most {}×",
                Sig(s),
                if s.value > 0.0 {
                    sig(1.0 / s.value)
                } else {
                    "∞".into()
                }
            ),
            Fitted::NotAmdahlShaped(s) => write!(f, "Amdahl: {}", NotAmdahlShaped(s)),
            Fitted::NoAmdahl(ref why) => write!(f, "Amdahl: {why:#}"),
        }
    }
}

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
