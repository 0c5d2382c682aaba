//! Joins under the virtual clock: fib, a balanced tree, a chain, the
//! burdened span, profiles added up.

use super::{virt, wsbs};
use crate::workspan::{Clock, Profile, join, work};

/// fib with one unit of work at each internal node (before its join) and
/// one at each leaf (n < 2).
fn fib(n: u64) -> u64 {
    work(1);
    if n < 2 {
        return n;
    }
    let (a, b) = join(|| fib(n - 1), || fib(n - 2));
    a + b
}

#[test]
fn fib_10_has_the_hand_computed_work_and_span() {
    // Leaves: F(11) = 89, internal nodes (joins): 88, so work 177. Span:
    // S(n) = 1 + S(n-1), S(1) = 1, so S(10) = 10. Burdened: each of the 9
    // joins on the path n = 10..2 adds 7, so 10 + 9 * 7 = 73.
    let (v, p) = virt(7, || fib(10));
    assert_eq!(v, 55);
    assert_eq!(wsbs(&p), (177, 10, 73, 88));
    assert_eq!((p.clock, p.burden, p.regions), (Clock::Virtual, 7, 1));
    assert!((p.parallelism() - 17.7).abs() < 1e-12);
}

/// A balanced binary tree of `depth` levels of joins, one unit per leaf.
fn tree(depth: u32) -> u64 {
    if depth == 0 {
        work(1);
        return 1;
    }
    let (a, b) = join(|| tree(depth - 1), || tree(depth - 1));
    a + b
}

#[test]
fn a_balanced_tree_has_span_one_and_a_burden_per_level() {
    // 2^6 = 64 leaves, 63 joins; every leaf is a path of 1 unit through 6
    // joins: burdened span 1 + 6 * 5.
    let (v, p) = virt(5, || tree(6));
    assert_eq!(v, 64);
    assert_eq!(wsbs(&p), (64, 1, 31, 63));
    assert_eq!(p.parallelism(), 64.0);
}

#[test]
fn a_chain_has_span_equal_to_work() {
    let (_, p) = virt(9, || {
        for i in 1..=5 {
            work(i);
        }
    });
    assert_eq!(wsbs(&p), (15, 15, 15, 0));
    assert_eq!(p.parallelism(), 1.0);
}

#[test]
fn the_burden_counts_only_the_spawns_on_the_critical_path() {
    // Left: a tree of 3 levels (span 1, 7 joins), right: 100 units alone.
    let uneven = || join(|| tree(3), || work(100));
    // Burden 10: left burdened 1 + 30 = 31 < 100, so the right side is
    // critical and only the top join's burden counts: 100 + 10.
    let (_, p) = virt(10, uneven);
    assert_eq!(wsbs(&p), (108, 100, 110, 8));
    // Burden 50: left burdened 1 + 150 = 151 > 100: 151 + 50.
    let (_, p) = virt(50, uneven);
    assert_eq!(wsbs(&p), (108, 100, 201, 8));
}

#[test]
fn repeated_regions_add_up() {
    let mut total = Profile::empty(Clock::Virtual, 0);
    for n in [5, 6] {
        let (_, p) = virt(2, || fib(n));
        total.add(&p);
    }
    // fib(5): work 2 F(6) - 1 = 15, span 5, 7 joins, burdened 5 + 4 * 2;
    // fib(6): work 25, span 6, 12 joins, burdened 6 + 5 * 2.
    assert_eq!(wsbs(&total), (40, 11, 29, 19));
    assert_eq!((total.regions, total.burden), (2, 2));
}

#[test]
fn bounds_follow_the_laws() {
    let (_, p) = virt(3, || tree(4));
    // Work 16, span 1, burdened 1 + 4 * 3 = 13.
    let b = p.bounds(4);
    assert_eq!(b.upper, 4.0);
    assert_eq!(b.brent, 16.0 / (16.0 / 4.0 + 1.0));
    assert_eq!(b.burdened, 16.0 / (16.0 / 4.0 + 13.0));
    assert_eq!(p.bounds(0).upper, 1.0);
}

#[test]
fn join_off_is_rayon_join() {
    // Outside a measurement: same values, and the virtual clock is free.
    work(5);
    assert_eq!(fib(15), 610);
    assert_eq!(join(|| 1, || "b"), (1, "b"));
}
