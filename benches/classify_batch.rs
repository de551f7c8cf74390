//! Criterion benchmark of the columnar case triage batch on 1 000 000
//! synthetic cases (a month of a county's reports, many times over) with the
//! default rules and catalogue.
//!
//! Run: `cargo bench -p wangshi --bench classify_batch`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use wangshi::date::parse_date;
use wangshi::triage::{CaseRouter, DecisionOutput};
use wangshi_testkit::triage as synthetic;

const N: usize = 1_000_000;

fn bench(c: &mut Criterion) {
    let router = CaseRouter::default_router();
    let from = parse_date("2026-11-01").unwrap();
    let cases = synthetic::cases(router.catalog(), N, from, from + 29, 360);
    let mut out = DecisionOutput::new(N);

    let mut g = c.benchmark_group("classify_batch");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(30);
    g.bench_function("1M cases, default rules", |b| {
        b.iter(|| {
            let bad = router
                .classify_batch(black_box(cases.columns()), out.columns())
                .unwrap();
            black_box(bad)
        })
    });
    g.finish();
    // The work is real: every class, level, whistle and mediation path occurs
    // and no row failed.
    assert!(out.error.iter().all(|&e| e == 0), "a synthetic case failed");
    for v in 1..=3u8 {
        assert!(out.class.contains(&v), "class {v} never occurs");
    }
    assert!(out.level.contains(&1) && out.level.contains(&2));
    assert!(out.report_within_minutes.contains(&30) && out.report_within_minutes.contains(&1440));
    assert!(out.mediation.contains(&1));
}

criterion_group!(benches, bench);
criterion_main!(benches);
