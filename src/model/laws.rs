//! The laws of speedup and their fits: pure arithmetic.
//!
//! - Amdahl: `S(P) = 1 / (s + (1 − s)/P)`, ceiling `1/s`, s the serial fraction.
//! - Gustafson: `S(P) = P − s(P − 1)` (scaled speedup).
//! - Karp–Flatt: `e = (1/S − 1/P) / (1 − 1/P)`, the experimentally determined
//!   serial fraction of a measured speedup S on P > 1 cores.
//! - Universal Scalability Law (Gunther): `S(P) = P / (1 + σ(P − 1) + κP(P − 1))`.
//!   [`fit_usl`] fits it by least squares on its linear form
//!   `P/S − 1 = σ(P − 1) + κP(P − 1)`, the start of [`fit_usl_exact`], which
//!   minimises the squares of the speedups themselves (what `scale` and `run`
//!   use); two unknowns need at least two informative points besides P = 1,
//!   so a fit asks for at least three core counts.
//! - The USL on throughput, `X(N) = λN / (1 + σ(N − 1) + κN(N − 1))`, λ the
//!   throughput of one: fitted by nonlinear least squares on X itself
//!   ([`fit_usl_nls`], Levenberg–Marquardt from the linear fit's start), λ
//!   free or held fixed (the normalised variant: λ = X(1), S = X/λ).
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
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    /// Too few distinct core counts.
    #[error(
        "the {law} fit needs at least {need} distinct core counts including 1, got {got}: {why}"
    )]
    TooFewPoints {
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
    BadSpeedup(f64),
    /// A point that is not a positive finite (N, X).
    #[error("point (N = {0}, X = {1}) is not two positive numbers")]
    BadPoint(f64, f64),
    /// No step of the nonlinear fit left an undefined start.
    #[error("no USL curve could be fitted to these points")]
    NoCurve,
}

fn check(points: &[(f64, f64)]) -> Result<usize, FitError> {
    for &(_, s) in points {
        if !(s.is_finite() && s > 0.0) {
            return Err(FitError::BadSpeedup(s));
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

/// The λ of a nonlinear USL fit: fitted with σ and κ, or held fixed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lambda {
    /// Fitted freely, as the reference implementations do.
    Free,
    /// Held at this value (the normalised fit holds it at X(1)).
    Fixed(f64),
}

/// A USL fitted to throughput by nonlinear least squares.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UslNls {
    /// Contention σ.
    pub sigma: f64,
    /// Coherency κ.
    pub kappa: f64,
    /// Throughput of one, λ (fitted, or the value it was held at).
    pub lambda: f64,
    /// Coefficient of determination of the fitted throughputs.
    pub r_squared: f64,
}

impl UslNls {
    /// The fitted throughput at `n`.
    pub fn throughput(&self, n: f64) -> f64 {
        self.lambda * usl(self.sigma, self.kappa, n)
    }

    /// σ and κ as a [`UslFit`] (for its peak).
    pub fn shape(&self) -> UslFit {
        UslFit {
            sigma: self.sigma,
            kappa: self.kappa,
            r_squared: self.r_squared,
        }
    }
}

/// The USL's throughput at `n` and its gradient in (σ, κ, λ); `None` where
/// the denominator is not positive.
fn usl_model(t: &[f64; 3], n: f64) -> Option<(f64, [f64; 3])> {
    let [sigma, kappa, lambda] = *t;
    let d = 1.0 + sigma * (n - 1.0) + kappa * n * (n - 1.0);
    if !(d > 0.0 && d.is_finite()) {
        return None;
    }
    let x = lambda * n / d;
    let dd = -lambda * n / (d * d);
    Some((x, [dd * (n - 1.0), dd * n * (n - 1.0), n / d]))
}

/// Least-squares USL fit to `(N, X)` points on X itself, λ free or fixed.
/// Repeated N are repeated measurements. Needs three distinct N (two with a
/// fixed λ and N = 1 among them do not suffice either: σ and κ need two
/// points beside the anchor).
pub fn fit_usl_nls(points: &[(f64, f64)], lambda: Lambda) -> Result<UslNls, FitError> {
    for &(n, x) in points {
        if !(n.is_finite() && n > 0.0 && x.is_finite() && x > 0.0) {
            return Err(FitError::BadPoint(n, x));
        }
    }
    let mut ns: Vec<f64> = points.iter().map(|p| p.0).collect();
    ns.sort_unstable_by(f64::total_cmp);
    ns.dedup();
    if ns.len() < 3 {
        return Err(FitError::TooFewPoints {
            law: "USL",
            need: 3,
            got: ns.len(),
            why: "σ, κ and λ need three distinct concurrencies to be told apart",
        });
    }
    // Start from the linear fit of the speedups against a guessed λ: the
    // mean throughput per unit at the smallest N.
    let lowest: Vec<f64> = points
        .iter()
        .filter(|p| p.0 == ns[0])
        .map(|p| p.1 / p.0)
        .collect();
    let guess = match lambda {
        Lambda::Fixed(l) => l,
        Lambda::Free => lowest.iter().sum::<f64>() / lowest.len() as f64,
    };
    let speedups: Vec<(f64, f64)> = points.iter().map(|&(n, x)| (n, x / guess)).collect();
    let lin = fit_usl(&speedups).ok();
    let (s0, k0) = lin.map_or((0.0, 0.0), |f| (f.sigma.clamp(0.0, 1.0), f.kappa.max(0.0)));
    let free = [true, true, matches!(lambda, Lambda::Free)];
    let model: &super::lm::Model = &usl_model;
    let [mut sigma, mut kappa, lambda] =
        super::lm::minimise(model, points, [s0, k0, guess], free).ok_or(FitError::NoCurve)?;
    // A term that adds less than rounding to the denominator at every
    // measured N is zero, not a sign (exact Amdahl data has κ = 0, and
    // κ = −4e−17 would read as "not USL-shaped").
    let top = ns[ns.len() - 1];
    if sigma.abs() * (top - 1.0).abs() < 1e-12 {
        sigma = 0.0;
    }
    if kappa.abs() * top * (top - 1.0).abs() < 1e-12 {
        kappa = 0.0;
    }
    let fit = UslNls {
        sigma,
        kappa,
        lambda,
        r_squared: f64::NAN,
    };
    let mean = points.iter().map(|p| p.1).sum::<f64>() / points.len() as f64;
    let (mut ss_res, mut ss_tot) = (0.0, 0.0);
    for &(n, x) in points {
        ss_res += (x - fit.throughput(n)).powi(2);
        ss_tot += (x - mean).powi(2);
    }
    let r_squared = if ss_tot == 0.0 {
        1.0
    } else {
        1.0 - ss_res / ss_tot
    };
    Ok(UslNls { r_squared, ..fit })
}

/// The USL fitted to `(cores, speedup)` points by nonlinear least squares on
/// the speedups, S(1) = 1 held ([`fit_usl_nls`] with λ = 1): what `scale`
/// and `run` fit. P = 1 counts as measured whether or not it is among the
/// points, as in [`fit_usl`] (with λ = 1 the curve passes through it), and
/// the points are refused as [`fit_usl`] refuses them.
pub fn fit_usl_exact(points: &[(f64, f64)]) -> Result<UslFit, FitError> {
    // The linear fit's checks and refusals, word for word.
    fit_usl(points)?;
    let mut pts = points.to_vec();
    if !pts.iter().any(|p| p.0 == 1.0) {
        pts.push((1.0, 1.0));
    }
    fit_usl_nls(&pts, Lambda::Fixed(1.0)).map(|f| f.shape())
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
