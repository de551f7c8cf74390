//! Criterion benchmark of the columnar visit batch on 1 000 000 synthetic
//! residents with the default policy (the morning re-evaluation of a county).
//!
//! Run: `cargo bench -p wangshi --bench visit_batch`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use wangshi::date::parse_date;
use wangshi::visit::{VisitOutput, VisitPolicy, visit_status_batch};
use wangshi_testkit::visit as synthetic;

const N: usize = 1_000_000;

fn bench(c: &mut Criterion) {
    let policy = VisitPolicy::default();
    let as_of = parse_date("2026-11-26").unwrap();
    let r = synthetic::residents(&policy, N, 100, as_of, 7);
    let mut out = VisitOutput::new(N);

    let mut g = c.benchmark_group("visit_status_batch");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(30);
    g.bench_function("1M residents, default policy", |b| {
        b.iter(|| {
            let bad = visit_status_batch(
                &policy,
                black_box(as_of),
                black_box(&r.tier),
                black_box(&r.tier_since),
                black_box(&r.last_visit),
                out.columns(),
            )
            .unwrap();
            black_box(bad)
        })
    });
    g.finish();
    // The work is real: every state occurs in the synthetic county.
    for s in 1..=4u8 {
        assert!(out.state.contains(&s), "state {s} never occurs");
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
