//! Criterion benchmark of the columnar visit-completion batch: a county's
//! month (每月一考核) — 1 000 000 synthetic residents and a log of
//! 10 000 000 visits in date order — with the default policy; and the same
//! county over a quarter, where red residents' 92 daily obligations take the
//! counting-sort path.
//!
//! Run: `cargo bench -p wangshi --bench completion_batch`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use wangshi::assessment::{CompletionOutput, CompletionResidents, VisitTable, completion_batch};
use wangshi::date::parse_date;
use wangshi::visit::VisitPolicy;
use wangshi_testkit::completion::{SyntheticMonth, month};

const RESIDENTS: usize = 1_000_000;
const VISITS: usize = 10_000_000;
const GRIDS: u32 = 1_000;

fn run(policy: &VisitPolicy, from: i32, to: i32, m: &SyntheticMonth, out: &mut CompletionOutput) {
    let s = completion_batch(
        policy,
        black_box(from),
        black_box(to),
        CompletionResidents {
            tier: black_box(&m.tier),
            tier_since: black_box(&m.tier_since),
            worker: black_box(&m.worker),
            grid: black_box(&m.grid),
        },
        VisitTable {
            resident: black_box(&m.visit_resident),
            day: black_box(&m.visit_day),
        },
        out.columns(),
    )
    .unwrap();
    black_box(s);
}

fn bench(c: &mut Criterion) {
    let policy = VisitPolicy::default();
    let mut g = c.benchmark_group("completion_batch");
    g.throughput(Throughput::Elements(VISITS as u64));
    g.sample_size(10);
    for (name, from, to) in [
        (
            "1M residents, 10M visits, November 2026",
            "2026-11-01",
            "2026-11-30",
        ),
        (
            "1M residents, 10M visits, Q4 2026",
            "2026-10-01",
            "2026-12-31",
        ),
    ] {
        let (from, to) = (parse_date(from).unwrap(), parse_date(to).unwrap());
        let m = month(&policy, RESIDENTS, VISITS, GRIDS, from, to, 7);
        let mut out = CompletionOutput::new(RESIDENTS, GRIDS as usize, GRIDS as usize, 4);
        g.bench_function(name, |b| b.iter(|| run(&policy, from, to, &m, &mut out)));
        // The work is real: most obligations are met, not all, and no row
        // is an error.
        let (req, met) = (
            out.by_tier.iter().map(|t| t.required).sum::<u64>(),
            out.by_tier.iter().map(|t| t.met).sum::<u64>(),
        );
        assert!(met > req / 2 && met < req, "{name}: {met} of {req}");
        assert!(out.error.iter().all(|&e| e == 0));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
