//! Summary statistics of repeated measurements: median with min and max, mean
//! and sample standard deviation, and a distribution-free 95 % confidence
//! interval of the median from order statistics (binomial, Conover 1999) when
//! there are at least 6 samples.
//!
//! The noise of a measurement is its [`Summary::interval`]: the 95 % interval
//! of the median, or min–max when there are too few runs for one. A predicted
//! value inside it is within the noise; only outside it is a difference
//! significant. Outliers are Tukey's (beyond 1.5 interquartile ranges from the
//! quartiles) and at least 5 % away from the median, so that a very tight set
//! of runs does not call a 1 % difference an outlier.
//!
//! Pure: numbers in, numbers out. Invariants: a summary is made from at least
//! one finite sample; NaN samples are refused.

use serde::{Deserialize, Serialize};

/// Most raw samples a summary keeps (the first ones, in the order measured).
pub const MAX_SAMPLES: usize = 1000;

/// How far the first run must lie from the median of the others, relatively,
/// before it is said to differ (and outside their range).
pub const FIRST_RUN_APART: f64 = 0.10;

/// Median, min, max, mean, σ, the raw samples and, with enough samples, a 95 %
/// interval of the median.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub median: f64,
    /// The smallest sample.
    pub min: f64,
    /// The largest sample.
    pub max: f64,
    /// Number of samples.
    pub n: usize,
    /// 95 % confidence interval of the median (null with fewer than 6 samples).
    pub ci95: Option<(f64, f64)>,
    /// The arithmetic mean (null in documents from before it was recorded).
    #[serde(default)]
    pub mean: Option<f64>,
    /// Sample standard deviation σ, with n − 1 (null with one sample).
    #[serde(default)]
    pub sd: Option<f64>,
    /// The samples in the order measured, at most [`MAX_SAMPLES`] (the first).
    #[serde(default)]
    pub samples: Vec<f64>,
}

/// Why a summary read from a file is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SummaryError {
    /// More raw samples than [`MAX_SAMPLES`].
    #[error("{0} samples; at most {MAX_SAMPLES} are accepted")]
    Samples(usize),
    /// A median, min or max that is negative or not finite.
    #[error("median, min and max must be finite and not negative")]
    Figures,
    /// A time of 0 or less.
    #[error("a time must be above 0")]
    NotPositive,
    /// The figures out of order.
    #[error("min ≤ median ≤ max does not hold")]
    Order,
    /// An interval not finite or backwards.
    #[error("its 95 % interval must be finite and run forwards")]
    Interval,
    /// Raw samples that do not give the figures.
    #[error("its samples are not the ones its n, median, min and max summarise")]
    NotSummarised,
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
        let mean = v.iter().sum::<f64>() / n as f64;
        let sd = (n > 1).then(|| {
            let ss: f64 = v.iter().map(|x| (x - mean).powi(2)).sum();
            (ss / (n - 1) as f64).sqrt()
        });
        Some(Summary {
            median,
            min: v[0],
            max: v[n - 1],
            n,
            ci95: median_ci(&v),
            mean: Some(mean),
            sd,
            samples: samples[..n.min(MAX_SAMPLES)].to_vec(),
        })
    }

    /// Checks a summary read from a file: at most [`MAX_SAMPLES`] raw
    /// samples, finite figures with min ≤ median ≤ max, above 0 when
    /// `positive` (a wall-clock), an interval that runs forwards, and raw
    /// samples that are the ones summarised.
    pub fn check(&self, positive: bool) -> Result<(), SummaryError> {
        if self.samples.len() > MAX_SAMPLES {
            return Err(SummaryError::Samples(self.samples.len()));
        }
        let figures = [self.median, self.min, self.max];
        if figures.iter().any(|x| !x.is_finite() || *x < 0.0) {
            return Err(SummaryError::Figures);
        }
        if positive && self.min <= 0.0 {
            return Err(SummaryError::NotPositive);
        }
        if !(self.min <= self.median && self.median <= self.max) {
            return Err(SummaryError::Order);
        }
        if let Some((lo, hi)) = self.ci95
            && !(lo.is_finite() && hi.is_finite() && lo <= hi)
        {
            return Err(SummaryError::Interval);
        }
        if !self.samples.is_empty() && self.n <= MAX_SAMPLES {
            let again = Summary::of(&self.samples);
            let same = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs());
            let agrees = again.is_some_and(|g| {
                g.n == self.n
                    && same(g.median, self.median)
                    && same(g.min, self.min)
                    && same(g.max, self.max)
            });
            if !agrees {
                return Err(SummaryError::NotSummarised);
            }
        }
        Ok(())
    }

    /// The noise band of the median: its 95 % interval, or min–max when
    /// there are too few samples for one.
    pub fn interval(&self) -> (f64, f64) {
        self.ci95.unwrap_or((self.min, self.max))
    }

    /// Whether `x` lies inside [`Summary::interval`]: a prediction there
    /// differs from the measurement by no more than the noise.
    pub fn within_noise(&self, x: f64) -> bool {
        let (lo, hi) = self.interval();
        lo <= x && x <= hi
    }

    /// What [`Summary::interval`] is, in words.
    pub fn interval_name(&self) -> &'static str {
        if self.ci95.is_some() {
            "95% interval of the median"
        } else {
            "min–max"
        }
    }

    /// How much the first run differs from the median of the others
    /// (relative), when it lies outside their range by more than
    /// [`FIRST_RUN_APART`]; needs 3 samples.
    pub fn first_run_apart(&self) -> Option<f64> {
        let (first, rest) = self.samples.split_first()?;
        if rest.len() < 2 {
            return None;
        }
        let m = median(rest)?;
        let (lo, hi) = rest
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            });
        let apart = first / m - 1.0;
        (m > 0.0 && (*first < lo || *first > hi) && apart.abs() > FIRST_RUN_APART).then_some(apart)
    }

    /// Samples beyond Tukey's fences (1.5 interquartile ranges outside the
    /// quartiles) and at least 5 % from the median; needs 5 samples.
    pub fn outliers(&self) -> usize {
        if self.samples.len() < 5 {
            return 0;
        }
        let mut v = self.samples.clone();
        v.sort_by(f64::total_cmp);
        let (q1, q3) = (quantile(&v, 0.25), quantile(&v, 0.75));
        let fence = 1.5 * (q3 - q1);
        v.iter()
            .filter(|&&x| {
                (x < q1 - fence || x > q3 + fence)
                    && (x - self.median).abs() > 0.05 * self.median.abs()
            })
            .count()
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

/// The median of `v`, sorting it in place: for resampling loops that reuse
/// one buffer. `v` must be non-empty and finite.
pub fn median_in_place(v: &mut [f64]) -> f64 {
    v.sort_unstable_by(f64::total_cmp);
    sorted_median(v)
}

/// The `q` quantile of sorted values by nearest rank, as percentile-bootstrap
/// intervals take their bounds. `sorted` must be non-empty.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q.clamp(0.0, 1.0)).round() as usize]
}

/// Draws for bootstrap resampling: xorshift64* (Vigna 2016), small, fast and
/// seeded, so that the same samples always give the same interval.
#[derive(Debug, Clone)]
pub struct Resampler {
    state: u64,
}

impl Resampler {
    /// The seed every bootstrap in conpar starts from.
    pub const SEED: u64 = 0x9E37_79B9_7F4A_7C15;

    /// A resampler starting from `seed` (0, which xorshift never leaves, is
    /// taken as 1).
    pub fn new(seed: u64) -> Resampler {
        Resampler { state: seed.max(1) }
    }

    /// A uniform index below `n` (`n` > 0).
    pub fn index(&mut self, n: usize) -> usize {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        (self.state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    }

    /// Fills `into` with draws from `from` (non-empty), with replacement.
    pub fn draw(&mut self, from: &[f64], into: &mut [f64]) {
        for v in into.iter_mut() {
            *v = from[self.index(from.len())];
        }
    }
}

/// The `q` quantile of sorted samples, interpolating linearly between ranks.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (i, frac) = (pos.floor() as usize, pos.fract());
    match sorted.get(i + 1) {
        Some(next) => sorted[i] + frac * (next - sorted[i]),
        None => sorted[i],
    }
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
#[path = "stats_tests.rs"]
mod tests;
