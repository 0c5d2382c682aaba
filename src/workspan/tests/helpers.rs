//! The divide-and-conquer helpers: leaf counts, spans and results.

use super::{virt, wsbs};
use crate::workspan::{for_chunks_mut, for_range, map_reduce, work};
use std::sync::Mutex;

#[test]
fn for_range_halves_down_to_the_grain() {
    // 100 → 50 → 25 → 12 or 13 → 6 or 7: 16 leaves, 15 joins, 4 levels.
    let leaves = Mutex::new(Vec::new());
    let (_, p) = virt(2, || {
        for_range(0..100, 10, |r| {
            work(r.len() as u64);
            leaves.lock().unwrap().push(r);
        })
    });
    let mut leaves = leaves.into_inner().unwrap();
    leaves.sort_by_key(|r| r.start);
    assert_eq!(leaves.len(), 16);
    assert!(leaves.windows(2).all(|w| w[0].end == w[1].start));
    assert_eq!((leaves[0].start, leaves[15].end), (0, 100));
    // The longest leaf is 7 long (25 → 13 → 7); burdened 7 + 4 * 2.
    assert_eq!(wsbs(&p), (100, 7, 15, 15));
}

#[test]
fn an_empty_or_short_range_is_one_leaf() {
    let (_, p) = virt(2, || for_range(0..0, 4, |_| work(1)));
    assert_eq!(wsbs(&p), (1, 1, 1, 0));
    // A grain of 0 is taken as 1: 3 leaves, 2 joins, 2 levels.
    let (_, p) = virt(2, || for_range(5..8, 0, |r| work(r.len() as u64)));
    assert_eq!(wsbs(&p), (3, 1, 5, 2));
}

#[test]
fn map_reduce_reduces_every_leaf() {
    // 1000 unit leaves: 999 joins, the deepest leaf 10 levels down.
    let (sum, p) = virt(3, || {
        map_reduce(
            0..1000,
            1,
            |r| {
                work(1);
                r.start as u64
            },
            |a, b| a + b,
        )
    });
    assert_eq!(sum, 499_500);
    assert_eq!(wsbs(&p), (1000, 1, 31, 999));
}

#[test]
fn for_chunks_mut_visits_every_element_once() {
    // 37 → 18, 19 → 9, 9, 9, 10 → 4, 5 (three times), 5, 5 → every 5 into
    // 2, 3: 13 leaves, 12 joins, the deepest leaves 4 joins down.
    let mut v = vec![0u32; 37];
    let (_, p) = virt(1, || {
        for_chunks_mut(&mut v, 4, |c| {
            for x in c.iter_mut() {
                *x += 1;
            }
            work(1);
        })
    });
    assert!(v.iter().all(|&x| x == 1));
    assert_eq!(wsbs(&p), (13, 1, 5, 12));
}
