//! The `workspan` document from an [`Outcome`]: speedups with their bands,
//! the predictions at each count, the error and the findings. Pure.

use super::Outcome;
use super::findings::findings;
use super::predict::{predict, reference};
use crate::results::Meta;
use crate::results::workspan::{
    GraphRecord, Predicted, Speedup, Subject, WorkspanDoc, WorkspanRow,
};
use crate::stats::Summary;
use crate::workspan::MAX_NODES;

/// Wall at one ÷ wall at P, from the medians, with the band their
/// intervals allow.
pub fn speedup(one: &Summary, here: &Summary) -> Speedup {
    let (blo, bhi) = one.interval();
    let (wlo, whi) = here.interval();
    let mid = one.median / here.median;
    Speedup {
        lo: (blo.min(one.median) / whi.max(here.median)).min(mid),
        mid,
        hi: (bhi.max(one.median) / wlo.min(here.median)).max(mid),
    }
}

/// What `o` predicts at `p` cores, with the program's contention there
/// when it was measured.
pub fn predicted_at(o: &Outcome, p: usize) -> (Predicted, Option<Summary>) {
    let contention = o
        .contention
        .iter()
        .find(|(k, _)| *k == p)
        .map(|(_, s)| s.clone());
    // At one core the copies are the program itself: no slowdown.
    let slowdown = if p == 1 {
        Some(1.0)
    } else {
        contention.as_ref().map(|c| c.median)
    };
    (
        predict(&o.profile, o.graph.as_ref(), p, slowdown),
        contention,
    )
}

/// The document: `meta`, `subject` and what was measured.
pub fn document(meta: Meta, subject: Subject, o: &Outcome) -> WorkspanDoc {
    let regions = matches!(subject, Subject::Binary { .. });
    let base = o.walls.first().map(|(_, s, _)| s.clone());
    let rows: Vec<WorkspanRow> = o
        .walls
        .iter()
        .map(|(p, wall, stopped)| {
            let (predicted, contention) = predicted_at(o, *p);
            let sp = speedup(base.as_ref().unwrap_or(wall), wall);
            WorkspanRow {
                cores: *p,
                wall_s: wall.clone(),
                speedup: sp,
                error: sp.mid / reference(&predicted) - 1.0,
                predicted,
                contention,
                stopped: *stopped,
            }
        })
        .collect();
    let graph = match &o.graph {
        Some(g) if g.complete() => GraphRecord::Recorded {
            nodes: g.nodes() as u64,
        },
        Some(_) => GraphRecord::TooLarge {
            limit: MAX_NODES as u64,
        },
        None => GraphRecord::NotRecorded,
    };
    WorkspanDoc {
        meta,
        subject,
        profile: o.profile,
        graph,
        findings: findings(&o.profile, &rows, regions, o.others_cpus, graph.basis()),
        rows,
    }
}
