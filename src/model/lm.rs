//! Levenberg–Marquardt for the USL's three parameters (σ, κ, λ), any of them
//! held fixed.
//!
//! Written here rather than taken from a crate: the general solvers
//! (`levenberg-marquardt`, `argmin`) bring nalgebra or ndarray and their
//! compile time for what is a 3 × 3 linear solve per step. The method is
//! Marquardt's (1963): each step solves `(JᵀJ + μ·diag(JᵀJ)) δ = Jᵀr`, taken
//! when it lowers the sum of squared residuals (μ shrinks), refused when it
//! does not (μ grows). The diagonal scaling makes the step blind to the
//! parameters' very different sizes (κ near 10⁻⁴, λ near 10³). Pure.

/// Most steps tried before giving up.
const MAX_STEPS: usize = 2000;

/// Model values and their gradients for one parameter vector: `None` when
/// the parameters leave the model undefined at some point.
pub(crate) type Model<'a> = dyn Fn(&[f64; 3], f64) -> Option<(f64, [f64; 3])> + 'a;

/// The least-squares minimum of `Σ (y − f(x; θ))²` over the free entries of
/// `theta` (`free[i]` false holds `theta[i]` fixed), from the start given.
/// `None` when no step ever lowers the sum from an undefined start.
pub(crate) fn minimise(
    f: &Model,
    points: &[(f64, f64)],
    mut theta: [f64; 3],
    free: [bool; 3],
) -> Option<[f64; 3]> {
    let mut sse = sum_squares(f, points, &theta)?;
    let mut mu = 1e-3;
    for _ in 0..MAX_STEPS {
        let (jtj, jtr) = normal(f, points, &theta, free)?;
        let mut a = jtj;
        for i in 0..3 {
            a[i][i] += mu * jtj[i][i];
        }
        let Some(delta) = solve(a, jtr) else {
            mu *= 10.0;
            continue;
        };
        let mut trial = theta;
        for i in 0..3 {
            trial[i] += delta[i];
        }
        match sum_squares(f, points, &trial) {
            Some(s) if s <= sse => {
                let small = (0..3).all(|i| delta[i].abs() <= 1e-12 * (theta[i].abs() + 1e-12));
                let flat = sse - s <= 1e-15 * sse;
                theta = trial;
                sse = s;
                mu = (mu / 10.0).max(1e-15);
                if small || (flat && mu <= 1e-12) {
                    return Some(theta);
                }
            }
            _ => {
                mu *= 10.0;
                if mu > 1e16 {
                    return Some(theta);
                }
            }
        }
    }
    Some(theta)
}

/// Σ (y − f)² at `theta`; `None` where the model is undefined.
pub(crate) fn sum_squares(f: &Model, points: &[(f64, f64)], theta: &[f64; 3]) -> Option<f64> {
    let mut s = 0.0;
    for &(x, y) in points {
        let (v, _) = f(theta, x)?;
        s += (y - v).powi(2);
    }
    s.is_finite().then_some(s)
}

/// `JᵀJ` and `Jᵀr` with the fixed parameters' rows and columns set to the
/// identity and zero, so their step is zero.
fn normal(
    f: &Model,
    points: &[(f64, f64)],
    theta: &[f64; 3],
    free: [bool; 3],
) -> Option<([[f64; 3]; 3], [f64; 3])> {
    let mut jtj = [[0.0; 3]; 3];
    let mut jtr = [0.0; 3];
    for &(x, y) in points {
        let (v, mut g) = f(theta, x)?;
        for i in 0..3 {
            if !free[i] {
                g[i] = 0.0;
            }
        }
        for i in 0..3 {
            jtr[i] += g[i] * (y - v);
            for j in 0..3 {
                jtj[i][j] += g[i] * g[j];
            }
        }
    }
    for i in 0..3 {
        if !free[i] {
            jtj[i][i] = 1.0;
        }
    }
    Some((jtj, jtr))
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting; `None`
/// when `a` is singular.
fn solve(mut a: [[f64; 3]; 3], mut b: [f64; 3]) -> Option<[f64; 3]> {
    for c in 0..3 {
        let p = (c..3).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))?;
        if a[p][c] == 0.0 || !a[p][c].is_finite() {
            return None;
        }
        a.swap(c, p);
        b.swap(c, p);
        let pivot = a[c];
        for r in c + 1..3 {
            let k = a[r][c] / pivot[c];
            for (v, pv) in a[r].iter_mut().zip(pivot).skip(c) {
                *v -= k * pv;
            }
            b[r] -= k * b[c];
        }
    }
    let mut x = [0.0; 3];
    for c in (0..3).rev() {
        let s: f64 = (c + 1..3).map(|j| a[c][j] * x[j]).sum();
        x[c] = (b[c] - s) / a[c][c];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_known_system() {
        let x = solve(
            [[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]],
            [3.0, 5.0, 5.0],
        )
        .unwrap();
        for (got, want) in x.iter().zip([1.0, 1.0, 1.0]) {
            assert!((got - want).abs() < 1e-12, "{x:?}");
        }
        assert!(
            solve(
                [[1.0, 2.0, 0.0], [2.0, 4.0, 0.0], [0.0, 0.0, 1.0]],
                [1.0; 3]
            )
            .is_none()
        );
    }

    #[test]
    fn finds_a_line_and_holds_a_fixed_parameter() {
        // y = a + b·x (c unused): exact data, then with a held at 0.
        let f = |t: &[f64; 3], x: f64| Some((t[0] + t[1] * x, [1.0, x, 0.0]));
        let pts: Vec<(f64, f64)> = (0..10).map(|i| (i as f64, 3.0 + 2.0 * i as f64)).collect();
        let t = minimise(&f, &pts, [0.0, 0.0, 0.0], [true, true, false]).unwrap();
        assert!(
            (t[0] - 3.0).abs() < 1e-9 && (t[1] - 2.0).abs() < 1e-9,
            "{t:?}"
        );
        let t = minimise(&f, &pts, [0.0, 0.0, 0.0], [false, true, false]).unwrap();
        assert_eq!(t[0], 0.0);
        // Least squares of y − 0 = b·x: b = Σxy / Σx².
        let b = pts.iter().map(|(x, y)| x * y).sum::<f64>()
            / pts.iter().map(|(x, _)| x * x).sum::<f64>();
        assert!((t[1] - b).abs() < 1e-9, "{t:?} against {b}");
    }
}
