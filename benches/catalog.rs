//! Criterion benchmarks of the task catalogue: the per-case lookup the
//! triage rules make (code → item, in force that day), loading a locality's
//! catalogue from JSON (what a request with a `"catalog"` field costs), a
//! `catalog.check` request end to end, and an admission (a new catalogue
//! value).
//!
//! Run: `cargo bench -p wangshi --bench catalog`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use wangshi::Catalog;
use wangshi::catalog::{Basis, Proposal};
use wangshi::date::parse_date;

fn bench(c: &mut Criterion) {
    let cat = Catalog::default_catalog();
    let codes: Vec<String> = cat.items().iter().map(|i| i.code.clone()).collect();
    let day = parse_date("2026-11-26").unwrap();

    let mut g = c.benchmark_group("catalog");
    g.sample_size(30);
    g.throughput(Throughput::Elements(codes.len() as u64));
    g.bench_function("item_index + in_force_day, 57 codes", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for code in &codes {
                let i = cat.item_index(black_box(code)).unwrap();
                n += usize::from(cat.items()[i].in_force_day(black_box(day)));
            }
            n
        })
    });
    g.throughput(Throughput::Elements(1));
    let text = cat.to_value().to_string();
    g.bench_function("from_json, default catalogue (57 items)", |b| {
        b.iter(|| Catalog::from_json(black_box(&text)).unwrap())
    });
    let req = r#"{"op": "catalog.check", "code": "MD-02", "on": "2026-11-20"}"#;
    g.bench_function("evaluate_json catalog.check", |b| {
        b.iter(|| wangshi::evaluate_json(black_box(req)))
    });
    let d = |s: &str| s.parse().unwrap();
    let p = Proposal {
        code: "JB-03".into(),
        category: "JB".into(),
        name_zh: "防汛排查".into(),
        name_en: "Flood season inspections".into(),
        class: None,
        department: None,
        basis: Basis {
            approved_by: Some("县委社会工作部".into()),
            approved_on: Some(d("2026-05-20")),
            effective_on: d("2026-06-01"),
            temporary: true,
            ends_on: Some(d("2026-09-30")),
            fits_grid_duties: true,
            within_worker_capacity: true,
            requires_enforcement_power: false,
            requires_professional_qualification: false,
        },
    };
    g.bench_function("admit one item (new catalogue value)", |b| {
        b.iter(|| cat.admit(black_box(&p)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
