//! The one rule for a measured figure against a bound no run can pass, used
//! by the tour's verdicts, `run`'s "faster than possible" and the report.
//! Pure: numbers in, a position out.
//!
//! A measured figure is a [`Band`]: its median and its noise band, the 95 %
//! interval of the median from 6 runs up (the order-statistic interval of
//! [`crate::stats::Summary`]), else min–max. A bound is a `Band` too, because
//! it is measured: a speedup bound is exact in ticks but the tick it is
//! counted in is timed (the serial baseline, the tick calibration, the
//! reference ticks around a pair), and each of those has its own noise.
//!
//! With `m` the figure and `b` the bound (a maximum), the excess is
//! `m.mid ÷ b.mid − 1` and the allowance is the measurement's half-width on
//! the side towards the bound plus the bound's on the side towards the
//! figure, both over the bound (so the rule says the same as "the two bands
//! do not meet", `m.lo > b.hi`, however wide the figure's band is):
//!
//! ```text
//! allowance = (m.mid − m.lo) ÷ b.mid + (b.hi − b.mid) ÷ b.mid
//! ```
//!
//! The two are added, not combined in quadrature: the bound and the figure
//! are timed on the same host minutes apart, so their errors are not known
//! to be independent, and the sum is the larger, safer allowance. Then:
//!
//! - excess ≤ 0: the figure is at or within the bound ([`Beyond::No`]);
//! - 0 < excess ≤ allowance: beyond by less than the noise of the two, so
//!   **consistent with the bound** ([`Beyond::WithinNoise`]): a figure sitting
//!   on its bound — 1.00× on one core, 2.00× for two tasks — is where the
//!   claim says it is, and half of such measurements land above it by chance;
//! - excess > allowance: beyond the bound by more than both noises together
//!   ([`Beyond::Yes`]): the only position that makes a figure *suspect*.
//!
//! A minimum (a wall no run can beat, `max(T1/P, T∞)`) is the mirror image
//! ([`under`]). A 1 % excess with 0.1 % noise on an exact bound is beyond;
//! a 0.2 % excess over a bound known to ±1 % is not.

/// A measured figure with its noise band: `lo ≤ mid ≤ hi`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    /// Lower end of the noise band.
    pub lo: f64,
    pub mid: f64,
    /// Upper end of the noise band.
    pub hi: f64,
}

impl Band {
    /// A figure known exactly.
    pub fn exact(x: f64) -> Band {
        Band {
            lo: x,
            mid: x,
            hi: x,
        }
    }

    /// `mid` known to ±`rel` of itself (`rel` ≥ 0).
    pub fn relative(mid: f64, rel: f64) -> Band {
        let r = rel.abs();
        Band {
            lo: mid * (1.0 - r),
            mid,
            hi: mid * (1.0 + r),
        }
    }

    /// The median of `s` and its noise band ([`crate::stats::Summary::interval`]).
    pub fn of(s: &crate::stats::Summary) -> Band {
        let (lo, hi) = s.interval();
        Band {
            lo: lo.min(s.median),
            mid: s.median,
            hi: hi.max(s.median),
        }
    }

    /// `mid` with the relative band of `like` around it (for one run of a
    /// baseline whose repetitions elsewhere show its noise).
    pub fn around(mid: f64, like: &crate::stats::Summary) -> Band {
        let b = Band::of(like);
        if b.mid <= 0.0 {
            return Band::exact(mid);
        }
        Band {
            lo: mid * b.lo / b.mid,
            mid,
            hi: mid * b.hi / b.mid,
        }
    }

    /// `a ÷ b`, with the widest band the two allow.
    pub fn ratio(a: Band, b: Band) -> Band {
        Band {
            lo: a.lo / b.hi,
            mid: a.mid / b.mid,
            hi: a.hi / b.lo,
        }
    }

    /// Every end multiplied by `k` (≥ 0).
    pub fn scale(self, k: f64) -> Band {
        Band {
            lo: self.lo * k,
            mid: self.mid * k,
            hi: self.hi * k,
        }
    }

    /// The band widened by a further `rel` of the median on each side: an
    /// uncertainty measured apart (a drift, a calibration's spread).
    pub fn widen(self, rel: f64) -> Band {
        let d = self.mid.abs() * rel.abs();
        Band {
            lo: self.lo - d,
            mid: self.mid,
            hi: self.hi + d,
        }
    }

    /// How far the band reaches below the median, relative to it.
    pub fn below(&self) -> f64 {
        rel(self.mid - self.lo, self.mid)
    }

    /// How far the band reaches above the median, relative to it.
    pub fn above(&self) -> f64 {
        rel(self.hi - self.mid, self.mid)
    }

    /// Half the band's width over its median: the relative noise margin.
    pub fn margin(&self) -> f64 {
        rel((self.hi - self.lo) / 2.0, self.mid)
    }

    /// "1.82× [1.75–1.90]" with `unit` after each number.
    pub fn show(&self, unit: &str) -> String {
        format!("{:.2}{unit} [{:.2}–{:.2}]", self.mid, self.lo, self.hi)
    }
}

fn rel(d: f64, of: f64) -> f64 {
    if of == 0.0 || !d.is_finite() {
        0.0
    } else {
        (d / of.abs()).max(0.0)
    }
}

/// Where a figure lies against a bound no run can pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beyond {
    /// At or within the bound.
    No,
    /// Past the bound by no more than the figure's and the bound's noise
    /// together: consistent with it.
    WithinNoise,
    /// Past the bound by more than both noises together.
    Yes,
}

/// Rounding in the arithmetic that led to a figure is not a measurement.
const ROUNDING: f64 = 1e-9;

fn position(excess: f64, allowance: f64) -> Beyond {
    if !excess.is_finite() || excess <= ROUNDING {
        Beyond::No
    } else if excess > allowance + ROUNDING {
        Beyond::Yes
    } else {
        Beyond::WithinNoise
    }
}

/// Whether `m` passes `bound`, a maximum (see the module's rule).
pub fn beyond(m: Band, bound: Band) -> Beyond {
    if bound.mid <= 0.0 {
        return Beyond::No;
    }
    position(m.mid / bound.mid - 1.0, allowance(m, bound))
}

/// How far past `bound` (a maximum), relative to it, `m` may lie and still
/// be consistent with it: the figure's noise towards the bound and the
/// bound's towards the figure, added (see the module's rule).
pub fn allowance(m: Band, bound: Band) -> f64 {
    rel(m.mid - m.lo, bound.mid) + bound.above()
}

/// Whether `m` falls short of `bound`, a minimum (a wall no run can beat):
/// the mirror image of [`beyond`].
pub fn under(m: Band, bound: Band) -> Beyond {
    if bound.mid <= 0.0 || m.mid <= 0.0 {
        return Beyond::No;
    }
    position(
        1.0 - m.mid / bound.mid,
        rel(m.hi - m.mid, bound.mid) + bound.below(),
    )
}

/// How far `m` lies past `bound` (a maximum), relative to the bound: the
/// excess the rule compares with its allowance.
pub fn excess(m: Band, bound: Band) -> f64 {
    m.mid / bound.mid - 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(lo: f64, mid: f64, hi: f64) -> Band {
        Band { lo, mid, hi }
    }

    #[test]
    fn exactly_at_the_bound_with_little_noise_is_within_it() {
        let m = Band::relative(1.0, 0.001);
        assert_eq!(beyond(m, Band::exact(1.0)), Beyond::No);
        // The median a hair above: consistent, not beyond.
        let m = Band::relative(1.0009, 0.001);
        assert_eq!(beyond(m, Band::exact(1.0)), Beyond::WithinNoise);
    }

    #[test]
    fn one_per_cent_beyond_with_a_tenth_of_noise_is_beyond() {
        let m = Band::relative(1.01, 0.001);
        assert_eq!(beyond(m, Band::exact(1.0)), Beyond::Yes);
        assert!((excess(m, Band::exact(1.0)) - 0.01).abs() < 1e-12);
    }

    #[test]
    fn a_bound_known_to_one_per_cent_absorbs_a_small_excess() {
        let m = Band::relative(1.002, 0.001);
        assert_eq!(beyond(m, Band::exact(1.0)), Beyond::Yes);
        assert_eq!(beyond(m, Band::relative(1.0, 0.01)), Beyond::WithinNoise);
    }

    #[test]
    fn a_wide_band_that_reaches_the_bound_is_never_beyond_it() {
        // 9.31× [1.01–11.46] against 2.00×: the median is far past, but the
        // interval reaches below the bound, so the data do not say beyond.
        assert_eq!(
            beyond(b(1.01, 9.31, 11.46), Band::exact(2.0)),
            Beyond::WithinNoise
        );
        assert_eq!(beyond(b(2.01, 9.31, 11.46), Band::exact(2.0)), Beyond::Yes);
        // The mirror: a wall far under its minimum whose band reaches it.
        assert_eq!(
            under(b(0.1, 0.2, 1.05), Band::exact(1.0)),
            Beyond::WithinNoise
        );
        assert_eq!(under(b(0.1, 0.2, 0.95), Band::exact(1.0)), Beyond::Yes);
    }

    #[test]
    fn the_minimum_is_the_mirror_image() {
        // A wall 20 % under a bound known to 1 %: beyond.
        assert_eq!(
            under(Band::exact(0.8), Band::relative(1.0, 0.01)),
            Beyond::Yes
        );
        // 0.04 % under a bound known to 0.5 %: consistent with it.
        assert_eq!(
            under(Band::exact(0.9996), Band::relative(1.0, 0.005)),
            Beyond::WithinNoise
        );
        assert_eq!(under(Band::exact(1.2), Band::exact(1.0)), Beyond::No);
    }

    #[test]
    fn bands_of_ratios_are_the_widest() {
        let r = Band::ratio(b(2.0, 2.0, 2.0), b(0.8, 1.0, 1.25));
        assert_eq!(r, b(1.6, 2.0, 2.5));
        assert!((r.margin() - 0.225).abs() < 1e-12);
        let s = crate::stats::Summary::of(&[1.0, 1.1, 0.9]).unwrap();
        assert_eq!(Band::of(&s), b(0.9, 1.0, 1.1));
        let a = Band::around(2.0, &s);
        assert!((a.lo - 1.8).abs() < 1e-12 && (a.hi - 2.2).abs() < 1e-12);
        let w = b(0.9, 1.0, 1.1).widen(0.05);
        assert!((w.lo - 0.85).abs() < 1e-12 && (w.hi - 1.15).abs() < 1e-12);
        assert!((w.below() - 0.15).abs() < 1e-12);
    }
}
