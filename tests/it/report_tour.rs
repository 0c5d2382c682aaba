//! The tour's and `workspan`'s renderers through their public API: the
//! summary counts only claims that hold, and `workspan`'s CSV keeps its
//! columns.

use conpar::findings::tour::{ClaimKind, ClaimResult, ClaimVerdict};
use conpar::table::Csv;

fn claim(v: ClaimVerdict) -> ClaimResult {
    let mut c = ClaimResult::failed(ClaimKind::Race, "");
    c.claim_verdict = Some(v);
    c.verdict = v.verdict();
    c
}

#[test]
fn only_claims_that_hold_are_counted_as_holding() {
    use ClaimVerdict::*;
    let claims = [Holds, CannotTell, Suspect, DoesNotHold, NotMeasured].map(claim);
    let s = conpar::report::tour::summary(&claims, 1.0);
    assert!(
        s.contains("1 of 4 measured claims hold on this host (1 does not hold, 1 cannot be told from the noise, 1 is suspect, 1 not measured here)"),
        "{s}"
    );
    assert!(s.contains("SUSPECT") && s.contains("cannot tell"), "{s}");
    // The one column list: the summary shows five, the full table six.
    let t = conpar::report::tour::table(&claims);
    assert_eq!(t.shown().len(), 6);
    assert_eq!(t.rows.len(), 5);
}

#[test]
fn workspan_csv_keeps_the_columns_it_always_had_and_people_see_ten() {
    let cols = conpar::report::workspan::columns();
    let keys: Vec<String> = cols
        .iter()
        .flat_map(|c| match &c.csv {
            Csv::No => vec![],
            Csv::One(k) => vec![k.clone()],
            Csv::Three(ks) => ks.to_vec(),
        })
        .collect();
    assert_eq!(
        keys.join(","),
        "cores,wall_median_s,wall_min_s,wall_max_s,speedup,speedup_lo,speedup_hi,upper,brent,\
         burdened,simulated,contention,host_model,error,work_ns,span_ns,burdened_span_ns,program"
    );
    assert_eq!(cols.iter().filter(|c| c.heading.is_some()).count(), 10);
}
