//! The laws of speedup and their fits: pure arithmetic.
//!
//! - Amdahl: `S(P) = 1 / (s + (1 − s)/P)`, ceiling `1/s`, s the serial fraction.
//! - Gustafson: `S(P) = P − s(P − 1)` (scaled speedup).
//! - Karp–Flatt: `e = (1/S − 1/P) / (1 − 1/P)`, the experimentally determined
//!   serial fraction of a measured speedup S on P > 1 cores.
//! - Universal Scalability Law (Gunther): `S(P) = P / (1 + σ(P − 1) + κP(P − 1))`.
//!   Fitted by least squares on its linear form `P/S − 1 = σ(P − 1) + κP(P − 1)`;
//!   two unknowns need at least two informative points besides P = 1, so a fit
//!   asks for at least three core counts.
//! - Work/span (Brent): a greedy schedule satisfies
//!   `max(T1/P, T∞) ≤ wall ≤ T1/P + T∞`.

/// Amdahl's speedup on `p` cores with serial fraction `s`.
pub fn amdahl(s: f64, p: f64) -> f64 {
    1.0 / (s + (1.0 - s) / p)
}

/// Amdahl's ceiling `1/s`; infinite when nothing is serial.
pub fn amdahl_ceiling(s: f64) -> f64 {
    if s <= 0.0 { f64::INFINITY } else { 1.0 / s }
}

/// Gustafson's scaled speedup on `p` cores with serial fraction `s`.
pub fn gustafson(s: f64, p: f64) -> f64 {
    p - s * (p - 1.0)
}

/// Karp–Flatt serial fraction of speedup `speedup` on `p` cores; `None` for
/// `p ≤ 1` (undefined) or a speedup that is not a positive finite number.
pub fn karp_flatt(speedup: f64, p: f64) -> Option<f64> {
    if p <= 1.0 || !(speedup.is_finite() && speedup > 0.0) {
        return None;
    }
    Some((1.0 / speedup - 1.0 / p) / (1.0 - 1.0 / p))
}

/// The USL's speedup on `p` cores.
pub fn usl(sigma: f64, kappa: f64, p: f64) -> f64 {
    p / (1.0 + sigma * (p - 1.0) + kappa * p * (p - 1.0))
}

/// Why a fit could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FitError {
    /// Too few distinct core counts.
    #[error(
        "the {law} fit needs at least {need} distinct core counts including 1, got {got}: {why}"
    )]
    TooFewPoints {
        /// Which law.
        law: &'static str,
        /// How many it needs.
        need: usize,
        /// How many it got.
        got: usize,
        /// Why that many.
        why: &'static str,
    },
    /// A speedup that is not a positive finite number.
    #[error("speedup {0} is not a positive number")]
    BadSpeedup(String),
}

fn check(points: &[(f64, f64)]) -> Result<usize, FitError> {
    for &(_, s) in points {
        if !(s.is_finite() && s > 0.0) {
            return Err(FitError::BadSpeedup(s.to_string()));
        }
    }
    let mut ps: Vec<u64> = points.iter().map(|(p, _)| p.round() as u64).collect();
    ps.push(1);
    ps.sort_unstable();
    ps.dedup();
    Ok(ps.len())
}

/// The Amdahl serial fraction that best fits `(cores, speedup)` points, by least
/// squares on `1/S − 1/P = s(1 − 1/P)`. Needs one core count above 1.
pub fn fit_amdahl(points: &[(f64, f64)]) -> Result<f64, FitError> {
    let got = check(points)?;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for &(p, s) in points {
        let x = 1.0 - 1.0 / p;
        let y = 1.0 / s - 1.0 / p;
        sxy += x * y;
        sxx += x * x;
    }
    if got < 2 || sxx == 0.0 {
        return Err(FitError::TooFewPoints {
            law: "Amdahl",
            need: 2,
            got,
            why: "one core count above 1 shows how speedup falls short of P",
        });
    }
    Ok(sxy / sxx)
}

/// A fitted USL curve.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UslFit {
    /// Contention σ.
    pub sigma: f64,
    /// Coherency κ.
    pub kappa: f64,
    /// Coefficient of determination of the fitted speedups (1 is perfect).
    pub r_squared: f64,
}

impl UslFit {
    /// The core count where the fitted speedup peaks: `√((1 − σ)/κ)`; infinite when κ ≤ 0.
    pub fn peak_cores(&self) -> f64 {
        if self.kappa <= 0.0 {
            f64::INFINITY
        } else {
            ((1.0 - self.sigma).max(0.0) / self.kappa).sqrt()
        }
    }
}

/// Least-squares USL fit to `(cores, speedup)` points.
pub fn fit_usl(points: &[(f64, f64)]) -> Result<UslFit, FitError> {
    let got = check(points)?;
    if got < 3 {
        return Err(FitError::TooFewPoints {
            law: "USL",
            need: 3,
            got,
            why: "σ and κ are two unknowns and P = 1 only anchors S(1) = 1, so two core counts above 1 are the least that can tell contention from coherency",
        });
    }
    // Normal equations for y = σ·a + κ·b with a = P − 1, b = P(P − 1).
    let (mut aa, mut ab, mut bb, mut ay, mut by) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for &(p, s) in points {
        let a = p - 1.0;
        let b = p * (p - 1.0);
        let y = p / s - 1.0;
        aa += a * a;
        ab += a * b;
        bb += b * b;
        ay += a * y;
        by += b * y;
    }
    let det = aa * bb - ab * ab;
    let (sigma, kappa) = if det.abs() < 1e-12 {
        (if aa > 0.0 { ay / aa } else { 0.0 }, 0.0)
    } else {
        ((ay * bb - by * ab) / det, (aa * by - ab * ay) / det)
    };
    let mean = points.iter().map(|p| p.1).sum::<f64>() / points.len() as f64;
    let (mut ss_res, mut ss_tot) = (0.0, 0.0);
    for &(p, s) in points {
        ss_res += (s - usl(sigma, kappa, p)).powi(2);
        ss_tot += (s - mean).powi(2);
    }
    let r_squared = if ss_tot == 0.0 {
        1.0
    } else {
        1.0 - ss_res / ss_tot
    };
    Ok(UslFit {
        sigma,
        kappa,
        r_squared,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amdahl_matches_the_article() {
        assert!((amdahl_ceiling(0.1) - 10.0).abs() < 1e-12);
        assert!((amdahl(0.1, 2.0) - 1.818_181_818).abs() < 1e-6);
        assert!((amdahl(0.1, 8.0) - 4.705_882_352).abs() < 1e-6);
        assert_eq!(amdahl_ceiling(0.0), f64::INFINITY);
        assert_eq!(gustafson(0.1, 8.0), 7.3);
    }

    #[test]
    fn karp_flatt_by_hand() {
        // S = 1.5 on P = 2: (2/3 − 1/2) / (1/2) = 1/3.
        assert!((karp_flatt(1.5, 2.0).unwrap() - 1.0 / 3.0).abs() < 1e-12);
        // S = 4 on P = 8: (0.25 − 0.125) / 0.875 = 1/7.
        assert!((karp_flatt(4.0, 8.0).unwrap() - 1.0 / 7.0).abs() < 1e-12);
        assert_eq!(karp_flatt(1.0, 1.0), None);
        assert_eq!(karp_flatt(f64::NAN, 2.0), None);
    }

    #[test]
    fn fits_recover_known_parameters() {
        let pts: Vec<(f64, f64)> = [1.0, 2.0, 4.0, 8.0, 16.0]
            .iter()
            .map(|&p| (p, amdahl(0.12, p)))
            .collect();
        assert!((fit_amdahl(&pts).unwrap() - 0.12).abs() < 1e-9);
        let pts: Vec<(f64, f64)> = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0]
            .iter()
            .map(|&p| (p, usl(0.05, 0.002, p)))
            .collect();
        let f = fit_usl(&pts).unwrap();
        assert!((f.sigma - 0.05).abs() < 1e-9 && (f.kappa - 0.002).abs() < 1e-9);
        assert!(f.r_squared > 0.999_999);
        assert!((f.peak_cores() - (0.95f64 / 0.002).sqrt()).abs() < 1e-6);
    }

    #[test]
    fn usl_says_when_it_has_too_few_points() {
        let e = fit_usl(&[(1.0, 1.0), (2.0, 1.9)]).unwrap_err();
        assert!(e.to_string().contains("at least 3"), "{e}");
        assert!(fit_amdahl(&[(1.0, 1.0)]).is_err());
        assert!(fit_amdahl(&[(2.0, f64::NAN)]).is_err());
    }
}
