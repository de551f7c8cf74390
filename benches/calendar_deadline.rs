//! Criterion benchmarks of the working-day calendar: 1 000 000 working-day
//! deadlines (n from 1 to 30, starts over 2024–2026) through the columnar
//! batch, and the cost of a request that carries its own `"calendar"` (the
//! calendar merged and indexed per request).
//!
//! Run: `cargo bench -p wangshi --bench calendar_deadline`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use wangshi::calendar::{Calendar, DeadlineOutput, Period, PeriodUnit, default_calendar};
use wangshi_testkit::calendar::working_day_rows;

const N: usize = 1_000_000;

fn batch(c: &mut Criterion) {
    let cal = default_calendar();
    let (start, amount) = working_day_rows(7, N);
    let unit = vec![PeriodUnit::WorkingDays as u8; N];
    let mut out = DeadlineOutput::new(N);

    let mut g = c.benchmark_group("calendar_deadline");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(30);
    g.bench_function("1M working-day deadlines, n 1..=30 per row", |b| {
        b.iter(|| {
            let bad = cal
                .deadline_batch_per_row(black_box(&start), &unit, &amount, out.columns())
                .unwrap();
            black_box(bad)
        })
    });
    // The work is real: every row computed, not provisional (2024–2026 are
    // covered; n ≤ 30 from late December 2026 reaches 2027 for a few), and
    // the deadlines spread over the years.
    assert!(out.error.iter().all(|&e| e == 0), "a synthetic row failed");
    let provisional = out.provisional.iter().filter(|&&p| p == 1).count();
    assert!(
        provisional > 0 && provisional < N / 50,
        "{provisional} provisional rows"
    );
    let (lo, hi) = (
        out.deadline.iter().min().unwrap(),
        out.deadline.iter().max().unwrap(),
    );
    assert!(hi - lo > 2 * 365 * 86_400);

    g.bench_function("1M working-day deadlines, one period (7)", |b| {
        b.iter(|| {
            let bad = cal
                .deadline_batch(black_box(&start), Period::WorkingDays(7), out.columns())
                .unwrap();
            black_box(bad)
        })
    });
    g.finish();
}

/// A locality's calendar as a request carries it: one year (2027) in the
/// shape of the 2026 notice.
fn local_calendar() -> serde_json::Value {
    let mut holidays = Vec::new();
    for (name, days) in [
        ("元旦", vec!["01-01"]),
        (
            "春节",
            vec![
                "02-06", "02-07", "02-08", "02-09", "02-10", "02-11", "02-12", "02-13",
            ],
        ),
        ("清明节", vec!["04-03", "04-04", "04-05"]),
        ("劳动节", vec!["05-01", "05-02", "05-03", "05-04", "05-05"]),
        ("端午节", vec!["06-09"]),
        ("中秋节", vec!["09-15"]),
        (
            "国庆节",
            vec![
                "10-01", "10-02", "10-03", "10-04", "10-05", "10-06", "10-07",
            ],
        ),
    ] {
        for d in days {
            holidays.push(serde_json::json!({"date": format!("2027-{d}"), "name": name}));
        }
    }
    serde_json::json!({"version": "local-2027.1", "years": {"2027": {
        "holidays": holidays, "workdays": ["2027-02-20", "2027-09-26", "2027-10-09"]}}})
}

fn per_request(c: &mut Criterion) {
    let local = local_calendar();
    assert!(Calendar::from_value(&local).unwrap().covers(2027));
    let plain = serde_json::json!({"op": "calendar.deadline", "start": "2027-01-29T10:00",
        "period": {"working_days": 7}})
    .to_string();
    let mut with = serde_json::json!({"op": "calendar.deadline", "start": "2027-01-29T10:00",
        "period": {"working_days": 7}});
    with["calendar"] = local.clone();
    let with = with.to_string();
    assert!(wangshi::evaluate_json(&with).contains("\"provisional\":false"));
    assert!(wangshi::evaluate_json(&plain).contains("\"provisional\":true"));

    let mut g = c.benchmark_group("calendar_per_request");
    g.bench_function(
        "merge + index a one-year calendar (Calendar::from_value)",
        |b| b.iter(|| black_box(Calendar::from_value(black_box(&local)).unwrap())),
    );
    g.bench_function("calendar.deadline request, embedded calendar", |b| {
        b.iter(|| black_box(wangshi::evaluate_json(black_box(&plain))))
    });
    g.bench_function(
        "calendar.deadline request carrying a one-year calendar",
        |b| b.iter(|| black_box(wangshi::evaluate_json(black_box(&with)))),
    );
    g.finish();
}

criterion_group!(benches, batch, per_request);
criterion_main!(benches);
