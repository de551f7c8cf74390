//! Criterion benchmarks of case handling: the morning sweep (监督问效) over
//! 1 000 000 open steps of a county through the columnar batch, and
//! `case.timeline` for 10 000 cases of typical length (a month of synthetic
//! reports, 2–9 events each) through `evaluate_json`, one request per case.
//!
//! Run: `cargo bench -p wangshi --bench handling`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::json;
use std::hint::black_box;
use wangshi::calendar::default_calendar;
use wangshi::handling::{HandlingPolicy, SupervisionOutput};
use wangshi::timestamp::{format_timestamp, parse_timestamp};
use wangshi_testkit::handling::{county_month, open_steps};

const STEPS: usize = 1_000_000;
const CASES: usize = 10_000;

fn sweep(c: &mut Criterion) {
    let as_of = parse_timestamp("2026-11-26T08:00").unwrap();
    let steps = open_steps(STEPS, as_of, 7);
    let policy = HandlingPolicy::default();
    let cal = default_calendar();
    let mut out = SupervisionOutput::new(STEPS);
    let mut g = c.benchmark_group("handling_supervise");
    g.throughput(Throughput::Elements(STEPS as u64));
    g.sample_size(20);
    g.bench_function("1M open steps, columnar sweep", |b| {
        b.iter(|| {
            let bad = policy
                .supervise_batch(cal, black_box(as_of), steps.columns(), out.columns())
                .unwrap();
            black_box(bad)
        })
    });
    g.finish();
    // The work is real: every row computed, every level present.
    assert!(out.error.iter().all(|&e| e == 0), "a synthetic row failed");
    for level in 1..=5u8 {
        let n = out.supervision.iter().filter(|&&s| s == level).count();
        assert!(n > STEPS / 200, "level {level}: {n} rows");
    }
}

fn timelines(c: &mut Criterion) {
    let as_of = parse_timestamp("2026-11-26T08:00").unwrap();
    let month = county_month(default_calendar(), CASES, 30, as_of, 360);
    let requests: Vec<String> = month
        .iter()
        .map(|h| {
            let events: Vec<_> = h
                .events
                .iter()
                .map(|e| {
                    let mut v = json!({"event": e.kind.as_str(),
                                       "at": e.at.format("%Y-%m-%dT%H:%M:%S").to_string()});
                    if let Some(s) = e.satisfied {
                        v["satisfied"] = json!(s);
                    }
                    if let Some(p) = e.extension {
                        v[p.unit().as_str()] = json!(p.amount());
                    }
                    v
                })
                .collect();
            let flags: Vec<_> = h.case.flags.iter().map(|f| f.as_str()).collect();
            json!({"op": "case.timeline",
                   "case": {"id": h.case.id, "item": h.case.item,
                            "reported_on": h.case.reported_on.to_string(),
                            "parties": h.case.parties, "repeat_count": h.case.repeat_count,
                            "amount": h.case.amount, "flags": flags},
                   "events": events, "as_of": format_timestamp(as_of)})
            .to_string()
        })
        .collect();
    let events: usize = month.iter().map(|h| h.events.len()).sum();
    let bytes: usize = requests.iter().map(String::len).sum();
    eprintln!(
        "{CASES} timeline requests: {events} events ({:.1} per case), {:.0} bytes per request",
        events as f64 / CASES as f64,
        bytes as f64 / CASES as f64
    );
    let mut g = c.benchmark_group("handling_timeline");
    g.throughput(Throughput::Elements(CASES as u64));
    g.sample_size(10);
    g.bench_function("10 000 case.timeline requests through evaluate_json", |b| {
        b.iter(|| {
            let mut ok = 0usize;
            for r in &requests {
                let out = wangshi::evaluate_json(black_box(r));
                ok += usize::from(out.starts_with(r#"{"ok":true"#));
            }
            black_box(ok)
        })
    });
    g.finish();
    let ok = requests
        .iter()
        .filter(|r| wangshi::evaluate_json(r).starts_with(r#"{"ok":true"#))
        .count();
    assert_eq!(ok, CASES, "every synthetic history is valid");
}

criterion_group!(benches, sweep, timelines);
criterion_main!(benches);
