//! Criterion benchmark of the columnar case triage batch on 1 000 000
//! synthetic cases (a month of a county's reports, many times over) with the
//! default rules and catalogue.
//!
//! Run: `cargo bench -p wangshi --bench classify_batch`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use wangshi::date::parse_date;
use wangshi::triage::{CaseColumns, CaseRouter, DecisionColumns, synthetic};

const N: usize = 1_000_000;

fn bench(c: &mut Criterion) {
    let router = CaseRouter::default_router();
    let from = parse_date("2026-11-01").unwrap();
    let cases = synthetic::cases(router.catalog(), N, from, from + 29, 360);
    let mut class = vec![0u8; N];
    let mut center = vec![0u8; N];
    let mut level = vec![0u8; N];
    let mut department = vec![0u16; N];
    let mut minutes = vec![0u32; N];
    let mut mediation = vec![0u8; N];
    let mut immediate = vec![0u8; N];
    let mut rules = vec![0u32; N];
    let mut error = vec![0u8; N];

    let mut g = c.benchmark_group("classify_batch");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(30);
    g.bench_function("1M cases, default rules", |b| {
        b.iter(|| {
            let bad = router
                .classify_batch(
                    CaseColumns {
                        item: black_box(&cases.item),
                        reported_on: black_box(&cases.reported_on),
                        flags: black_box(&cases.flags),
                        parties: black_box(&cases.parties),
                        repeat_count: black_box(&cases.repeat_count),
                        amount: black_box(&cases.amount),
                    },
                    DecisionColumns {
                        class: &mut class,
                        center: &mut center,
                        level: &mut level,
                        department: &mut department,
                        report_within_minutes: &mut minutes,
                        mediation: &mut mediation,
                        immediate_report: &mut immediate,
                        matched_rules: &mut rules,
                        error: &mut error,
                    },
                )
                .unwrap();
            black_box(bad)
        })
    });
    g.finish();
    // The work is real: every class, level, whistle and mediation path occurs
    // and no row failed.
    assert!(error.iter().all(|&e| e == 0), "a synthetic case failed");
    for v in 1..=3u8 {
        assert!(class.contains(&v), "class {v} never occurs");
    }
    assert!(level.contains(&1) && level.contains(&2));
    assert!(minutes.contains(&30) && minutes.contains(&1440));
    assert!(mediation.contains(&1));
}

criterion_group!(benches, bench);
criterion_main!(benches);
