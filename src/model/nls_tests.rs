//! The nonlinear USL fit against the reference dataset (a Cisco benchmark,
//! shipped as docs/data/cisco.csv) and the values the reference
//! implementations give for it.

use super::*;

fn cisco() -> Vec<(f64, f64)> {
    include_str!("../../docs/data/cisco.csv")
        .lines()
        .skip(1)
        .map(|l| {
            let (n, x) = l.split_once(',').unwrap();
            (n.parse().unwrap(), x.parse().unwrap())
        })
        .collect()
}

fn close(got: f64, want: f64, rel: f64) -> bool {
    ((got - want) / want).abs() <= rel
}

#[test]
fn free_lambda_matches_the_reference_fit() {
    let pts = cisco();
    assert_eq!(pts.len(), 32);
    let f = fit_usl_nls(&pts, Lambda::Free).unwrap();
    assert!(close(f.sigma, 0.02671591, 1e-5), "σ = {}", f.sigma);
    assert!(close(f.kappa, 7.690945e-4, 1e-5), "κ = {}", f.kappa);
    assert!(close(f.lambda, 995.6486, 1e-5), "λ = {}", f.lambda);
    let peak = f.shape().peak_cores();
    assert_eq!(peak.floor(), 35.0, "N_max = {peak}");
    assert!(close(f.throughput(peak.floor()), 12341.7454, 1e-5));
    assert!(f.sigma > f.kappa, "contention binds");
}

#[test]
fn the_free_fit_is_a_minimum_of_the_squares() {
    let pts = cisco();
    let f = fit_usl_nls(&pts, Lambda::Free).unwrap();
    let sse = |s: f64, k: f64, l: f64| {
        pts.iter()
            .map(|&(n, x)| (x - l * usl(s, k, n)).powi(2))
            .sum::<f64>()
    };
    let best = sse(f.sigma, f.kappa, f.lambda);
    for (ds, dk, dl) in [(1e-4, 0.0, 0.0), (0.0, 1e-6, 0.0), (0.0, 0.0, 0.1)] {
        for sign in [-1.0, 1.0] {
            let nudged = sse(
                f.sigma + sign * ds,
                f.kappa + sign * dk,
                f.lambda + sign * dl,
            );
            assert!(
                nudged > best,
                "a nudge lowered the squares: {nudged} < {best}"
            );
        }
    }
}

#[test]
fn normalised_fit_holds_lambda_at_x1() {
    let pts = cisco();
    let x1 = pts[0].1;
    let f = fit_usl_nls(&pts, Lambda::Fixed(x1)).unwrap();
    assert_eq!(f.lambda, x1);
    assert!(close(f.sigma, 0.02072, 1e-3), "σ = {}", f.sigma);
    assert!(close(f.kappa, 8.612e-4, 1e-3), "κ = {}", f.kappa);
    // The same fit on the speedups with λ = 1.
    let s: Vec<(f64, f64)> = pts.iter().map(|&(n, x)| (n, x / x1)).collect();
    let g = fit_usl_nls(&s, Lambda::Fixed(1.0)).unwrap();
    assert!(close(g.sigma, f.sigma, 1e-9) && close(g.kappa, f.kappa, 1e-9));
}

#[test]
fn recovers_known_parameters_from_exact_throughputs() {
    let pts: Vec<(f64, f64)> = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0]
        .iter()
        .map(|&n| (n, 250.0 * usl(0.08, 0.0005, n)))
        .collect();
    let f = fit_usl_nls(&pts, Lambda::Free).unwrap();
    assert!(
        close(f.sigma, 0.08, 1e-8) && close(f.kappa, 0.0005, 1e-8) && close(f.lambda, 250.0, 1e-8),
        "{f:?}"
    );
    assert!(f.r_squared > 0.999_999_999);
}

#[test]
fn refuses_too_few_concurrencies_and_bad_points() {
    let e = fit_usl_nls(&[(1.0, 1.0), (2.0, 1.9), (2.0, 1.8)], Lambda::Free).unwrap_err();
    assert!(e.to_string().contains("got 2"), "{e}");
    let e = fit_usl_nls(&[(1.0, 1.0), (2.0, f64::NAN), (3.0, 2.0)], Lambda::Free).unwrap_err();
    assert!(e.to_string().contains("NaN"), "{e}");
    assert!(fit_usl_nls(&[(0.0, 1.0), (2.0, 1.0), (3.0, 2.0)], Lambda::Free).is_err());
}

#[test]
fn the_exact_speedup_fit_is_the_normalised_one_and_refuses_as_the_linear_one() {
    let pts = cisco();
    let x1 = pts[0].1;
    let s: Vec<(f64, f64)> = pts.iter().map(|&(n, x)| (n, x / x1)).collect();
    let f = fit_usl_exact(&s).unwrap();
    let g = fit_usl_nls(&pts, Lambda::Fixed(x1)).unwrap();
    assert!(close(f.sigma, g.sigma, 1e-9) && close(f.kappa, g.kappa, 1e-9));
    // Not the linear fit: that minimises another sum.
    let lin = fit_usl(&s).unwrap();
    assert!(!close(lin.sigma, f.sigma, 1e-3), "{lin:?} {f:?}");
    // Without P = 1 among the points, S(1) = 1 still anchors the curve.
    let without: Vec<(f64, f64)> = [2.0, 4.0].iter().map(|&p| (p, usl(0.1, 0.01, p))).collect();
    let f = fit_usl_exact(&without).unwrap();
    assert!(
        close(f.sigma, 0.1, 1e-6) && close(f.kappa, 0.01, 1e-6),
        "{f:?}"
    );
    assert_eq!(
        fit_usl_exact(&[(1.0, 1.0), (2.0, 1.9)]),
        fit_usl(&[(1.0, 1.0), (2.0, 1.9)])
    );
}

#[test]
fn a_term_below_rounding_is_zero_not_a_sign() {
    // Amdahl data is the USL with κ = 0: not a κ of −4e−17 that would read
    // as "not USL-shaped".
    let m: Vec<(f64, f64)> = [1.0, 2.0, 4.0]
        .iter()
        .map(|&p| (p, amdahl(0.1, p)))
        .collect();
    let f = fit_usl_exact(&m).unwrap();
    assert_eq!(f.kappa, 0.0);
    assert!(close(f.sigma, 0.1, 1e-12), "{f:?}");
}
