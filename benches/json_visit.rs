//! The JSON path end to end: `visit.status` and `visit.worklist` requests of
//! 200 000 synthetic residents (about 25 MB of JSON) through
//! `wangshi::evaluate_json`, text in, text out. Also prints the peak heap
//! the call allocates beyond the request text (a counting allocator).
//!
//! Run: `cargo bench -p wangshi --bench json_visit`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use wangshi::date::parse_date;
use wangshi::visit::VisitPolicy;
use wangshi_testkit::visit as synthetic;

/// The system allocator, counting the bytes live and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            if new > l.size() {
                let now = LIVE.fetch_add(new - l.size(), Ordering::Relaxed) + new - l.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(l.size() - new, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const N: usize = 200_000;

fn bench(c: &mut Criterion) {
    let policy = VisitPolicy::default();
    let as_of = parse_date("2026-11-26").unwrap();
    let r = synthetic::residents(&policy, N, 100, as_of, 7);
    let residents = synthetic::residents_json(&policy, &r);
    let mut g = c.benchmark_group("evaluate_json");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(10);
    for op in ["visit.status", "visit.worklist"] {
        let request =
            format!(r#"{{"op": "{op}", "as_of": "2026-11-26", "residents": {residents}}}"#);
        // One call measured for its heap: the request text is already live.
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let out = wangshi::evaluate_json(&request);
        let peak = PEAK.load(Ordering::Relaxed) - before;
        assert!(out.starts_with(r#"{"ok":true"#), "{}", &out[..200]);
        eprintln!(
            "{op}: request {:.1} MB, response {:.1} MB, peak heap of the call {:.1} MB = {:.2}x the request",
            request.len() as f64 / 1e6,
            out.len() as f64 / 1e6,
            peak as f64 / 1e6,
            peak as f64 / request.len() as f64
        );
        drop(out);
        g.bench_function(format!("{op}, 200 000 residents"), |b| {
            b.iter(|| black_box(wangshi::evaluate_json(black_box(&request))).len())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
