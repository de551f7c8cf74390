//! Validation of a synthetic province: 46 communities of the 宜丰 shape
//! (100 standard, 98 dedicated, 24 micro grids each: 10 212 grids, about
//! 1.8 million household records), each with the planted problems of
//! `wangshi::grid::synthetic::PROBLEMS`, every community validated in turn.
//!
//! Run: `cargo bench -p wangshi --bench grid_validate`

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use wangshi::grid::SizeNorm;
use wangshi_testkit::grid as synthetic;

fn province(c: &mut Criterion) {
    let communities = synthetic::province(46, 2026);
    let grids: usize = communities.iter().map(|c| c.grids.len()).sum();
    let households: usize = communities.iter().map(|c| c.households.len()).sum();
    let norm = SizeNorm::default();
    let mut group = c.benchmark_group("grid_validate");
    group.sample_size(10);
    group.bench_function(
        format!("province_{grids}_grids_{households}_households"),
        |b| {
            b.iter(|| {
                let mut issues = 0;
                for community in &communities {
                    issues += black_box(community.validate(&norm)).issues.len();
                }
                assert_eq!(issues, communities.len() * synthetic::PROBLEMS.len());
                issues
            })
        },
    );
    let one = &communities[0];
    group.bench_function("one_community_222_grids", |b| {
        b.iter(|| black_box(one.validate(&norm)))
    });
    group.finish();
}

criterion_group!(benches, province);
criterion_main!(benches);
