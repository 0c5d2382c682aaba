use super::*;

/// Every program at a small size computes the right result, serially and
/// on a pool of two threads, and again after a reset.
#[test]
fn every_program_checks_its_result() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("a pool of two");
    for p in Program::ALL {
        let mut inst = p.prepare(Size::Times(0.002)).expect("small inputs fit");
        inst.reset();
        inst.run();
        inst.check().unwrap_or_else(|e| panic!("{p}: {e}"));
        inst.reset();
        pool.install(|| inst.run());
        inst.check()
            .unwrap_or_else(|e| panic!("{p} on two threads: {e}"));
    }
}

/// A check that could not fail would prove nothing: a run left undone is
/// caught by each program's check.
#[test]
fn a_wrong_result_is_caught() {
    for p in Program::ALL {
        let mut inst = p.prepare(Size::Times(0.002)).expect("small inputs fit");
        inst.reset();
        inst.run();
        inst.reset();
        // Matmul's reset leaves C as it was; spoil it by running nothing
        // on a fresh instance instead.
        let fresh = p.prepare(Size::Times(0.002)).expect("small inputs fit");
        let spoiled = if p == Program::Matmul { &fresh } else { &inst };
        assert!(
            spoiled.check().is_err(),
            "{p}: an unrun instance passed its check"
        );
    }
}

#[test]
fn closed_form_is_fib() {
    let (mut a, mut b) = (0u64, 1u64);
    for n in 0..60 {
        assert_eq!(fib::closed_form(n), a, "n = {n}");
        (a, b) = (b, a + b);
    }
}

#[test]
fn names_and_sizes_parse() {
    for (p, n) in Program::ALL.iter().zip(Program::NAMES) {
        assert_eq!(n.parse::<Program>(), Ok(*p));
        assert_eq!(p.name(), n);
    }
    assert!("sort".parse::<Program>().unwrap_err().contains("mergesort"));
    assert_eq!("small".parse::<Size>(), Ok(Size::Small));
    assert_eq!("0.5".parse::<Size>(), Ok(Size::Times(0.5)));
    assert!("0".parse::<Size>().unwrap_err().contains("accepted are"));
    assert!("9".parse::<Size>().is_err());
}

#[test]
fn scan_is_the_serial_scan() {
    let mut v: Vec<u64> = (0..200_000).map(|i| random(i) >> 40).collect();
    let mut want = v.clone();
    let mut acc = 0u64;
    for x in want.iter_mut() {
        acc = acc.wrapping_add(*x);
        *x = acc;
    }
    scan::scan(&mut v);
    assert_eq!(v, want);
}
