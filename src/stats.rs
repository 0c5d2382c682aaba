//! Summary statistics of repeated measurements: median with min and max, and a
//! distribution-free 95 % confidence interval of the median from order
//! statistics (binomial, Conover 1999) when there are at least 6 samples.
//!
//! Pure: numbers in, numbers out. Invariants: a summary is made from at least
//! one finite sample; NaN samples are refused.

use serde::{Deserialize, Serialize};

/// Median, min, max and, with enough samples, a 95 % interval of the median.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The median.
    pub median: f64,
    /// The smallest sample.
    pub min: f64,
    /// The largest sample.
    pub max: f64,
    /// Number of samples.
    pub n: usize,
    /// 95 % confidence interval of the median (null with fewer than 6 samples).
    pub ci95: Option<(f64, f64)>,
}

impl Summary {
    /// Summarises `samples`; `None` when empty or when any sample is not finite.
    pub fn of(samples: &[f64]) -> Option<Summary> {
        if samples.is_empty() || samples.iter().any(|x| !x.is_finite()) {
            return None;
        }
        let mut v = samples.to_vec();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = sorted_median(&v);
        Some(Summary {
            median,
            min: v[0],
            max: v[n - 1],
            n,
            ci95: median_ci(&v),
        })
    }

    /// (max − min) ÷ median.
    pub fn spread(&self) -> f64 {
        if self.median == 0.0 {
            0.0
        } else {
            (self.max - self.min) / self.median
        }
    }
}

/// The median of `samples`: the middle value, or for an even count the mean
/// of the two middle values. `None` when empty or when any sample is not finite.
pub fn median(samples: &[f64]) -> Option<f64> {
    if samples.is_empty() || samples.iter().any(|x| !x.is_finite()) {
        return None;
    }
    let mut v = samples.to_vec();
    v.sort_by(f64::total_cmp);
    Some(sorted_median(&v))
}

fn sorted_median(v: &[f64]) -> f64 {
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Order-statistic interval [x(j), x(k)] with P(j ≤ B < k) ≥ 0.95, B ~ Bin(n, ½).
fn median_ci(sorted: &[f64]) -> Option<(f64, f64)> {
    let n = sorted.len();
    if n < 6 {
        return None;
    }
    // Cumulative binomial probabilities for p = 1/2.
    let mut pmf = vec![0.0f64; n + 1];
    pmf[0] = 0.5f64.powi(n as i32);
    for k in 1..=n {
        pmf[k] = pmf[k - 1] * (n - k + 1) as f64 / k as f64;
    }
    // Largest j with P(B < j) ≤ 0.025.
    let mut cum = 0.0;
    let mut j = 0;
    while j < n && cum + pmf[j] <= 0.025 {
        cum += pmf[j];
        j += 1;
    }
    if j == 0 {
        return None;
    }
    Some((sorted[j - 1], sorted[n - j]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_min_max() {
        let s = Summary::of(&[3.0, 1.0, 2.0]).unwrap();
        assert_eq!((s.median, s.min, s.max, s.n), (2.0, 1.0, 3.0, 3));
        assert_eq!(Summary::of(&[1.0, 2.0, 3.0, 4.0]).unwrap().median, 2.5);
        assert!(Summary::of(&[]).is_none());
        assert!(Summary::of(&[1.0, f64::NAN]).is_none());
        assert_eq!(s.ci95, None);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[5.0]), Some(5.0));
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[1.0, f64::INFINITY]), None);
    }

    #[test]
    fn interval_of_the_median() {
        // n = 10: the classic interval is [x(2), x(9)] (coverage 97.9 %).
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(Summary::of(&v).unwrap().ci95, Some((2.0, 9.0)));
        // n = 6: [x(1), x(6)] (coverage 96.9 %).
        let v: Vec<f64> = (1..=6).map(f64::from).collect();
        assert_eq!(Summary::of(&v).unwrap().ci95, Some((1.0, 6.0)));
    }
}
