//! Divide and conquer through [`join`](super::join): a range or a slice is
//! halved until a piece is at most `grain` long (a `grain` of 0 is taken as
//! 1). A piece no longer than `grain`, an empty one included, is one leaf,
//! so `f` or `map` runs at least once.

use super::join;
use std::ops::Range;

/// Divide and conquer over a range: halves by `join` until a piece is at
/// most `grain` long.
pub fn for_range<F>(range: Range<usize>, grain: usize, f: F)
where
    F: Fn(Range<usize>) + Sync + Send,
{
    map_reduce(range, grain, f, |(), ()| ());
}

/// The same, reducing: `map` on each leaf range, `reduce` pairs up the tree.
pub fn map_reduce<T, M, R>(range: Range<usize>, grain: usize, map: M, reduce: R) -> T
where
    T: Send,
    M: Fn(Range<usize>) -> T + Sync + Send,
    R: Fn(T, T) -> T + Sync + Send,
{
    fn go<T: Send>(
        range: Range<usize>,
        grain: usize,
        map: &(dyn Fn(Range<usize>) -> T + Sync),
        reduce: &(dyn Fn(T, T) -> T + Sync),
    ) -> T {
        if range.len() <= grain {
            return map(range);
        }
        let mid = range.start + range.len() / 2;
        let (a, b) = join(
            || go(range.start..mid, grain, map, reduce),
            || go(mid..range.end, grain, map, reduce),
        );
        reduce(a, b)
    }
    go(range, grain.max(1), &map, &reduce)
}

/// Divide and conquer over a mutable slice: halves by `join` until a piece
/// is at most `grain` long.
pub fn for_chunks_mut<T: Send, F>(slice: &mut [T], grain: usize, f: F)
where
    F: Fn(&mut [T]) + Sync + Send,
{
    fn go<T: Send>(slice: &mut [T], grain: usize, f: &(dyn Fn(&mut [T]) + Sync)) {
        if slice.len() <= grain {
            return f(slice);
        }
        let (a, b) = slice.split_at_mut(slice.len() / 2);
        join(|| go(a, grain, f), || go(b, grain, f));
    }
    go(slice, grain.max(1), &f);
}
