//! Random fork-join trees built from a seed: the virtual clock's work and
//! span equal a direct recursive computation over the same tree.

use super::{virt, wsbs};
use crate::workspan::{Scope, join, scope, work};
use proptest::prelude::*;

/// A fork-join program.
#[derive(Debug)]
pub(super) enum Node {
    Leaf(u64),
    Seq(Vec<Node>),
    Join(Box<Node>, Box<Node>),
    /// Runs `before`, spawns each body, runs `after`.
    Scope {
        before: Box<Node>,
        spawns: Vec<Node>,
        after: Box<Node>,
    },
}

/// SplitMix64: a small deterministic generator for the trees.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

pub(super) fn build(rng: &mut Rng, depth: u32) -> Node {
    let kind = if depth == 0 { 0 } else { rng.below(4) };
    let sub = |rng: &mut Rng| Box::new(build(rng, depth - 1));
    match kind {
        0 => Node::Leaf(rng.below(20)),
        1 => Node::Join(sub(rng), sub(rng)),
        2 => {
            let n = 1 + rng.below(3);
            Node::Seq((0..n).map(|_| build(rng, depth - 1)).collect())
        }
        _ => {
            let n = rng.below(4);
            let before = sub(rng);
            let spawns = (0..n).map(|_| build(rng, depth - 1)).collect();
            Node::Scope {
                before,
                spawns,
                after: sub(rng),
            }
        }
    }
}

/// (work, span, burdened span, spawns), computed directly.
pub(super) fn direct(n: &Node, b: u64) -> (u64, u64, u64, u64) {
    match n {
        Node::Leaf(w) => (*w, *w, *w, 0),
        Node::Seq(v) => v.iter().map(|n| direct(n, b)).fold((0, 0, 0, 0), |x, y| {
            (x.0 + y.0, x.1 + y.1, x.2 + y.2, x.3 + y.3)
        }),
        Node::Join(l, r) => {
            let (l, r) = (direct(l, b), direct(r, b));
            (l.0 + r.0, l.1.max(r.1), l.2.max(r.2) + b, 1 + l.3 + r.3)
        }
        Node::Scope {
            before,
            spawns,
            after,
        } => {
            let (x, y) = (direct(before, b), direct(after, b));
            let (mut w, mut s, mut bs, mut k) = (x.0 + y.0, x.1 + y.1, x.2 + y.2, x.3 + y.3);
            for c in spawns.iter().map(|n| direct(n, b)) {
                w += c.0;
                s = s.max(x.1 + c.1);
                bs = bs.max(x.2 + b + c.2);
                k += 1 + c.3;
            }
            (w, s, bs, k)
        }
    }
}

/// Runs the tree through the wrappers.
pub(super) fn run(n: &Node) {
    match n {
        Node::Leaf(w) => work(*w),
        Node::Seq(v) => v.iter().for_each(run),
        Node::Join(l, r) => {
            join(|| run(l), || run(r));
        }
        Node::Scope {
            before,
            spawns,
            after,
        } => scope(|s: &Scope| {
            run(before);
            for c in spawns {
                s.spawn(move |_| run(c));
            }
            run(after);
        }),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_trees_match_the_direct_computation(seed in any::<u64>(), burden in 0u64..50) {
        let tree = build(&mut Rng(seed), 5);
        let want = direct(&tree, burden);
        prop_assume!(want.0 > 0);
        let (_, p) = virt(burden, || run(&tree));
        prop_assert_eq!(wsbs(&p), want);
    }
}
