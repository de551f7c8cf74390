//! Criterion benchmark of every core: the columnar batches on 1 and 2
//! threads (`_threads` forms), on a synthetic province
//! (`wangshi_testkit::province`): the visit batch on 1 000 000 and
//! 50 000 000 residents, the classification, deadline, completion and
//! supervision batches on 1 000 000 rows. Output columns are allocated once and reused,
//! as a caller re-evaluating every morning would.
//!
//! After criterion's own runs, the visit batch is timed again in
//! interleaved rounds (1 thread, 2 threads, 1, 2 …; the machine's other
//! load falls on both alike) and the medians, their ratio and the process's
//! peak memory (VmHWM) are printed.
//!
//! Run: `cargo bench -p wangshi --bench province` (everything), or with a
//! criterion filter: `cargo bench -p wangshi --bench province -- 50M`
//! (the interleaved rounds follow the same filter; `WANGSHI_ROUNDS=0` skips
//! them, default 9).

use criterion::{Criterion, SamplingMode, Throughput};
use std::hint::black_box;
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use wangshi::assessment::{CompletionOutput, CompletionResidents, VisitTable};
use wangshi::calendar::{DeadlineOutput, Period, default_calendar};
use wangshi::date::parse_date;
use wangshi::threads::Threads;
use wangshi::triage::{CaseRouter, DecisionOutput};
use wangshi::visit::{VisitOutput, VisitPolicy, visit_status_batch_threads};
use wangshi_testkit::visit::SyntheticResidents;

const MILLION: usize = 1_000_000;
const PROVINCE: usize = 50_000_000;

fn as_of() -> i32 {
    parse_date("2026-11-26").unwrap()
}

/// The province's first `n` residents (generated once, on first use).
fn residents(n: usize) -> &'static SyntheticResidents {
    static SMALL: OnceLock<SyntheticResidents> = OnceLock::new();
    static LARGE: OnceLock<SyntheticResidents> = OnceLock::new();
    let cell = if n <= MILLION { &SMALL } else { &LARGE };
    cell.get_or_init(|| {
        wangshi_testkit::province::residents(&VisitPolicy::default(), n, as_of(), 2026)
    })
}

fn label(n: usize) -> String {
    format!("{}M", n / MILLION)
}

fn threads_name(t: usize) -> String {
    format!("{t} thread{}", if t == 1 { "" } else { "s" })
}

/// The process's peak resident memory so far (VmHWM), if the system says.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l["VmHWM:".len()..].trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn visit_group(c: &mut Criterion, n: usize) {
    let policy = VisitPolicy::default();
    let mut g = c.benchmark_group(format!("visit_status_batch/{} residents", label(n)));
    g.throughput(Throughput::Elements(n as u64));
    if n > MILLION {
        g.sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .measurement_time(Duration::from_secs(20));
    } else {
        g.sample_size(30);
    }
    let mut out: Option<VisitOutput> = None;
    for t in [1, 2] {
        g.bench_function(threads_name(t), |b| {
            let r = residents(n);
            let out = out.get_or_insert_with(|| VisitOutput::new(n));
            b.iter(|| {
                visit_status_batch_threads(
                    &policy,
                    black_box(as_of()),
                    black_box(&r.tier),
                    black_box(&r.tier_since),
                    black_box(&r.last_visit),
                    out.columns(),
                    Threads::new(t),
                )
                .unwrap()
            })
        });
    }
    g.finish();
    if let Some(out) = out {
        // The work is real: every state occurs in the synthetic province.
        for s in 1..=4u8 {
            assert!(out.state.contains(&s), "state {s} never occurs");
        }
    }
}

fn classify_group(c: &mut Criterion) {
    let router = CaseRouter::default_router();
    let day = parse_date("2026-11-01").unwrap();
    let cases = wangshi_testkit::triage::cases(router.catalog(), MILLION, day - 400, day, 9);
    let mut out = DecisionOutput::new(MILLION);
    let mut g = c.benchmark_group("classify_batch/1M cases");
    g.throughput(Throughput::Elements(MILLION as u64));
    g.sample_size(20);
    for t in [1, 2] {
        g.bench_function(threads_name(t), |b| {
            b.iter(|| {
                router
                    .classify_batch_threads(
                        black_box(cases.columns()),
                        out.columns(),
                        Threads::new(t),
                    )
                    .unwrap()
            })
        });
    }
    g.finish();
}

fn deadline_group(c: &mut Criterion) {
    let cal = default_calendar();
    let (start, amount) = wangshi_testkit::calendar::working_day_rows(5, MILLION);
    let unit = vec![wangshi::calendar::PeriodUnit::WorkingDays as u8; MILLION];
    let mut out = DeadlineOutput::new(MILLION);
    let mut g = c.benchmark_group("deadline_batch/1M rows");
    g.throughput(Throughput::Elements(MILLION as u64));
    g.sample_size(20);
    for t in [1, 2] {
        g.bench_function(format!("7 working days, {}", threads_name(t)), |b| {
            b.iter(|| {
                cal.deadline_batch_threads(
                    black_box(&start),
                    Period::WorkingDays(7),
                    out.columns(),
                    Threads::new(t),
                )
                .unwrap()
            })
        });
        g.bench_function(format!("per row, {}", threads_name(t)), |b| {
            b.iter(|| {
                cal.deadline_batch_per_row_threads(
                    black_box(&start),
                    &unit,
                    &amount,
                    out.columns(),
                    Threads::new(t),
                )
                .unwrap()
            })
        });
    }
    g.finish();
}

fn supervision_group(c: &mut Criterion) {
    let policy = wangshi::handling::HandlingPolicy::default();
    let cal = default_calendar();
    let as_of = wangshi::timestamp::parse_timestamp("2026-11-26T10:00").unwrap();
    let steps = wangshi_testkit::handling::open_steps(MILLION, as_of, 13);
    let mut out = wangshi::handling::SupervisionOutput::new(MILLION);
    let mut g = c.benchmark_group("supervise_batch/1M open steps");
    g.throughput(Throughput::Elements(MILLION as u64));
    g.sample_size(20);
    for t in [1, 2] {
        g.bench_function(threads_name(t), |b| {
            b.iter(|| {
                policy
                    .supervise_batch_threads(
                        cal,
                        black_box(as_of),
                        steps.columns(),
                        out.columns(),
                        Threads::new(t),
                    )
                    .unwrap()
            })
        });
    }
    g.finish();
}

fn completion_group(c: &mut Criterion) {
    let policy = VisitPolicy::default();
    let (from, to) = (
        parse_date("2026-11-01").unwrap(),
        parse_date("2026-11-30").unwrap(),
    );
    let m = wangshi_testkit::completion::month(&policy, MILLION, 3 * MILLION, 1000, from, to, 11);
    let mut out = CompletionOutput::new(MILLION, 1000, 1000, policy.tiers().len());
    let mut g = c.benchmark_group("completion_batch/1M residents, 3M visits, a month");
    g.throughput(Throughput::Elements(MILLION as u64));
    g.sample_size(20);
    for t in [1, 2] {
        g.bench_function(threads_name(t), |b| {
            b.iter(|| {
                wangshi::assessment::completion_batch_threads(
                    &policy,
                    from,
                    to,
                    CompletionResidents {
                        tier: &m.tier,
                        tier_since: &m.tier_since,
                        worker: &m.worker,
                        grid: &m.grid,
                    },
                    VisitTable {
                        resident: &m.visit_resident,
                        day: &m.visit_day,
                    },
                    out.columns(),
                    Threads::new(t),
                )
                .unwrap()
            })
        });
    }
    g.finish();
}

/// The visit batch on `n` residents in `rounds` interleaved rounds of 1 and
/// 2 threads: the medians and their ratio.
fn interleaved(n: usize, rounds: usize) {
    let policy = VisitPolicy::default();
    let r = residents(n);
    let mut out = VisitOutput::new(n);
    let mut times = [Vec::new(), Vec::new()];
    for _ in 0..rounds {
        for (k, t) in [1, 2].into_iter().enumerate() {
            let start = Instant::now();
            black_box(
                visit_status_batch_threads(
                    &policy,
                    as_of(),
                    &r.tier,
                    &r.tier_since,
                    &r.last_visit,
                    out.columns(),
                    Threads::new(t),
                )
                .unwrap(),
            );
            times[k].push(start.elapsed().as_secs_f64());
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (one, two) = (median(&mut times[0]), median(&mut times[1]));
    println!(
        "visit_status_batch, {} residents, median of {rounds} interleaved rounds: \
         1 thread {:.1} ms, 2 threads {:.1} ms, {:.2}x; peak memory {}",
        label(n),
        one * 1e3,
        two * 1e3,
        one / two,
        peak_memory()
    );
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    // The criterion filter, also applied to the interleaved rounds.
    let filter = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_default();
    let wanted = |name: &str| name.contains(&filter);
    visit_group(&mut c, MILLION);
    visit_group(&mut c, PROVINCE);
    classify_group(&mut c);
    deadline_group(&mut c);
    completion_group(&mut c);
    supervision_group(&mut c);
    c.final_summary();
    println!("peak memory after criterion: {}", peak_memory());
    let rounds: usize = std::env::var("WANGSHI_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(9);
    if rounds > 0 {
        for n in [MILLION, PROVINCE] {
            if wanted(&format!("visit_status_batch/{} residents", label(n))) {
                interleaved(n, rounds);
            }
        }
    }
}
