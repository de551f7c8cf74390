//! The visit and triage batches through the C ABI against the Rust core, on
//! the same 1M residents / cases, and the cost of one single-resident call.
//!
//! The C ABI side calls `libwangshi.so` (loaded with dlopen, as a C program
//! would link it); the core side calls `wangshi::visit::visit_status_batch`
//! and `CaseRouter::classify_batch` on columns. Run:
//! `cargo bench -p wangshi-ffi --bench ffi_visit`.

#[path = "../tests/dl/mod.rs"]
mod dl;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use wangshi::{
    ws_case, ws_decision, ws_policy, ws_resident, ws_router, ws_status, ws_visit_result,
};
use wangshi_core::triage::{CaseRouter, DecisionOutput};
use wangshi_core::visit::{VisitOutput, VisitPolicy, visit_status_batch};
use wangshi_testkit::visit as synthetic;

type PolicyDefault = unsafe extern "C" fn(*mut *mut ws_policy) -> ws_status;
type Batch = unsafe extern "C" fn(
    *const ws_policy,
    *const ws_resident,
    usize,
    i32,
    *mut ws_visit_result,
) -> ws_status;
type RouterDefault = unsafe extern "C" fn(*mut *mut ws_router) -> ws_status;
type Classify =
    unsafe extern "C" fn(*const ws_router, *const ws_case, usize, *mut ws_decision) -> ws_status;
type Single = unsafe extern "C" fn(
    *const ws_policy,
    *const ws_resident,
    i32,
    *mut ws_visit_result,
) -> ws_status;

const N: usize = 1_000_000;
const AS_OF: i32 = 20_783; // 2026-11-26

fn bench(c: &mut Criterion) {
    let lib = dl::Library::open();
    // SAFETY: the types of include/wangshi.h.
    let (policy_default, batch, single): (PolicyDefault, Batch, Single) = unsafe {
        (
            lib.get(c"ws_policy_default"),
            lib.get(c"ws_visit_status_batch"),
            lib.get(c"ws_visit_status"),
        )
    };
    let mut policy = std::ptr::null_mut();
    // SAFETY: a local out pointer.
    assert_eq!(unsafe { policy_default(&mut policy) }, ws_status::Ok);

    // The synthetic county of the core's own benchmark (benches/visit_batch.rs).
    let core_policy = VisitPolicy::default();
    let county = synthetic::residents(&core_policy, N, 100, AS_OF, 7);
    let (tier, since, last) = (county.tier, county.tier_since, county.last_visit);
    let rows: Vec<ws_resident> = (0..N)
        .map(|i| ws_resident {
            tier: tier[i],
            tier_since: since[i],
            last_visit: last[i],
        })
        .collect();
    let zero = ws_visit_result {
        status: ws_status::Ok,
        state: wangshi::ws_visit_state::None,
        alert: wangshi::ws_alert::None,
        period_start: 0,
        period_end: 0,
        due: 0,
        days_left: 0,
        missed_periods: 0,
    };
    let mut out = vec![zero; N];

    let mut cols = VisitOutput::new(N);

    let mut g = c.benchmark_group("visit_batch_1m");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(30);
    g.measurement_time(Duration::from_secs(6));
    g.bench_function("rust_core_columns", |b| {
        b.iter(|| {
            visit_status_batch(&core_policy, AS_OF, &tier, &since, &last, cols.columns()).unwrap()
        })
    });
    g.bench_function("c_abi_ws_visit_status_batch", |b| {
        b.iter(|| {
            // SAFETY: `rows` and `out` hold N elements each.
            let s = unsafe { batch(policy, rows.as_ptr(), N, black_box(AS_OF), out.as_mut_ptr()) };
            assert_eq!(s, ws_status::Ok);
        })
    });
    g.finish();

    // The batch and the core agree (the benchmark measures real work).
    for i in (0..N).step_by(997) {
        assert_eq!(
            (out[i].state as u8, out[i].due, out[i].missed_periods),
            (cols.state[i], cols.due[i], cols.missed_periods[i])
        );
    }

    let mut g = c.benchmark_group("visit_single");
    let day = core_policy.on_day(AS_OF).unwrap();
    let r = rows[12_345];
    g.bench_function("c_abi_ws_visit_status", |b| {
        let mut one = zero;
        b.iter(|| {
            // SAFETY: local resident and result.
            unsafe { single(policy, black_box(&r), black_box(AS_OF), &mut one) }
        })
    });
    g.bench_function("rust_core_on_day_then_evaluate", |b| {
        b.iter(|| {
            let day = core_policy.on_day(black_box(AS_OF)).unwrap();
            day.evaluate(r.tier, black_box(r.tier_since), r.last_visit)
        })
    });
    g.bench_function("rust_core_evaluate_prepared_day", |b| {
        b.iter(|| day.evaluate(r.tier, black_box(r.tier_since), r.last_visit))
    });
    g.finish();
}

fn bench_triage(c: &mut Criterion) {
    let lib = dl::Library::open();
    // SAFETY: the types of include/wangshi.h.
    let (router_default, classify): (RouterDefault, Classify) =
        unsafe { (lib.get(c"ws_router_default"), lib.get(c"ws_classify_batch")) };
    let mut router = std::ptr::null_mut();
    // SAFETY: a local out pointer.
    assert_eq!(unsafe { router_default(&mut router) }, ws_status::Ok);

    let core = CaseRouter::default_router();
    let from = AS_OF - 364;
    let k = wangshi_testkit::triage::cases(core.catalog(), N, from, AS_OF, 7);
    let cases: Vec<ws_case> = (0..N)
        .map(|i| ws_case {
            amount: k.amount[i],
            item: k.item[i],
            reported_on: k.reported_on[i],
            parties: k.parties[i],
            repeat_count: k.repeat_count[i],
            flags: k.flags[i],
        })
        .collect();
    let mut out: Vec<ws_decision> = Vec::with_capacity(N);
    let mut decisions = DecisionOutput::new(N);

    let mut g = c.benchmark_group("classify_batch_1m");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(30);
    g.bench_function("rust_core_columns", |b| {
        b.iter(|| {
            core.classify_batch(k.columns(), decisions.columns())
                .unwrap()
        })
    });
    g.bench_function("c_abi_ws_classify_batch", |b| {
        b.iter(|| {
            // SAFETY: `cases` holds N cases and `out` room for N decisions.
            let s = unsafe { classify(router, cases.as_ptr(), N, out.as_mut_ptr()) };
            assert_eq!(s, ws_status::Ok);
        })
    });
    g.finish();
    // SAFETY: every row was written by the last call.
    unsafe { out.set_len(N) };
    for i in (0..N).step_by(997) {
        assert_eq!(
            (out[i].center as u8, out[i].matched_rules),
            (decisions.center[i], decisions.matched_rules[i])
        );
    }
}

criterion_group!(benches, bench, bench_triage);
criterion_main!(benches);
