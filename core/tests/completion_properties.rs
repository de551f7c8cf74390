//! Invariants of visit completion, on seeded random residents and visit logs
//! over the whole supported calendar (a seeded generator: reproducible, no
//! dependency):
//! - the columnar batch and the JSON op `visit.completion` agree on every
//!   resident (counts and error code) and every group;
//! - both agree with a naive reference written differently: it walks the
//!   calendar day by day with chrono, closing a period on its last day;
//! - `met <= required` always, and adding a visit never lowers `met`.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde_json::{Value, json};
use wangshi::ErrorCode;
use wangshi::assessment::{
    CompletionOutput, CompletionResidents, NO_GROUP, VisitTable, completion_batch,
};
use wangshi::date::{MAX_DAY, MIN_DAY, NO_DATE, format_date};
use wangshi::visit::{Cadence, VisitPolicy};
use wangshi_testkit::rng::SplitMix64;

const BATCHES: usize = 1500;
const WORKERS: u32 = 5;
const GRIDS: u32 = 3;
/// The tier column's "no tier" (missing_field).
const NO_TIER: u8 = u8::MAX;

fn policies() -> Vec<VisitPolicy> {
    vec![
        VisitPolicy::default(),
        VisitPolicy::from_json(
            r#"{"tiers": [
                {"code": "r7", "cadence": {"every_days": 7}, "reminder_days": 2, "escalate_after_missed": 2},
                {"code": "weekly", "cadence": "weekly", "reminder_days": 2, "escalate_after_missed": 2},
                {"code": "r3", "cadence": {"every_days": 3}, "reminder_days": 0, "escalate_after_missed": 1},
                {"code": "monthly", "cadence": "monthly", "reminder_days": 5, "escalate_after_missed": 3},
                {"code": "r45", "cadence": {"every_days": 45}, "reminder_days": 5, "escalate_after_missed": 3},
                {"code": "r1", "cadence": {"every_days": 1}, "reminder_days": 0, "escalate_after_missed": 1},
                {"code": "weekly_too", "cadence": "weekly", "reminder_days": 2, "escalate_after_missed": 2},
                {"code": "semi", "cadence": "semi_monthly", "reminder_days": 2, "escalate_after_missed": 2}
            ]}"#,
        )
        .unwrap(),
    ]
}

/// A random batch: the range, the residents table and the visits table.
struct Batch {
    from: i32,
    to: i32,
    tier: Vec<u8>,
    since: Vec<i32>,
    worker: Vec<u32>,
    grid: Vec<u32>,
    visit_resident: Vec<u32>,
    visit_day: Vec<i32>,
}

fn random_batch(rng: &mut SplitMix64, tiers: usize) -> Batch {
    let span = (MAX_DAY - MIN_DAY) as u32;
    let len = match rng.below(10) {
        0..=6 => rng.below(62),
        7 | 8 => rng.below(420),
        _ => rng.below(3000),
    } as i32;
    let from = MIN_DAY + rng.below(span + 1) as i32;
    let to = (from + len).min(MAX_DAY);
    let n = rng.below(25) as usize;
    let mut b = Batch {
        from,
        to,
        tier: Vec::new(),
        since: Vec::new(),
        worker: Vec::new(),
        grid: Vec::new(),
        visit_resident: Vec::new(),
        visit_day: Vec::new(),
    };
    let clamp = |d: i32| d.clamp(MIN_DAY, MAX_DAY);
    for r in 0..n {
        b.tier.push(match rng.below(40) {
            0 => NO_TIER,
            1 => tiers as u8 + rng.below(5) as u8, // unknown
            _ => rng.below(tiers as u32) as u8,
        });
        b.since.push(match rng.below(60) {
            0 => NO_DATE,
            1 => MIN_DAY - 1 - rng.below(400) as i32,
            2 => MAX_DAY + 1 + rng.below(400) as i32,
            3..=8 => clamp(to + rng.below(40) as i32), // on or after `to`
            _ => clamp(from - rng.below(900) as i32 + 20),
        });
        let group = |rng: &mut SplitMix64, k: u32| match rng.below(12) {
            0 => NO_GROUP,
            _ => rng.below(k),
        };
        b.worker.push(group(rng, WORKERS));
        b.grid.push(group(rng, GRIDS));
        let visits = match rng.below(8) {
            0 => 0,
            1 => rng.below(400),
            _ => rng.below(25),
        };
        for _ in 0..visits {
            b.visit_resident.push(r as u32);
            b.visit_day.push(match rng.below(300) {
                0 => NO_DATE,
                1 => MAX_DAY + 1 + rng.below(10) as i32,
                _ => clamp(from - 60 + rng.below((to - from) as u32 + 120) as i32),
            });
        }
    }
    // A few visits naming no resident.
    for _ in 0..rng.below(3) {
        b.visit_resident.push(n as u32 + rng.below(3));
        b.visit_day.push(from);
    }
    // The log in no particular order.
    for i in (1..b.visit_day.len()).rev() {
        let j = rng.below(i as u32 + 1) as usize;
        b.visit_day.swap(i, j);
        b.visit_resident.swap(i, j);
    }
    b
}

fn run_batch(
    policy: &VisitPolicy,
    b: &Batch,
) -> (CompletionOutput, wangshi::assessment::CompletionSummary) {
    let mut out = CompletionOutput::new(
        b.tier.len(),
        WORKERS as usize,
        GRIDS as usize,
        policy.tiers().len(),
    );
    let s = completion_batch(
        policy,
        b.from,
        b.to,
        CompletionResidents {
            tier: &b.tier,
            tier_since: &b.since,
            worker: &b.worker,
            grid: &b.grid,
        },
        VisitTable {
            resident: &b.visit_resident,
            day: &b.visit_day,
        },
        out.columns(),
    )
    .unwrap();
    (out, s)
}

/// The same batch as a `visit.completion` request: a missing tier or
/// tier_since is left out, an unknown tier is `"t<index>"`, a day that is no
/// date is written as the day it is (1899-12-31 …) or null.
fn request(policy: &VisitPolicy, b: &Batch) -> Value {
    let day = |d: i32| {
        if d == NO_DATE {
            Value::Null
        } else {
            Value::from(format_date(d))
        }
    };
    let mut visits: Vec<Vec<Value>> = vec![Vec::new(); b.tier.len()];
    for (&r, &d) in b.visit_resident.iter().zip(&b.visit_day) {
        if let Some(v) = visits.get_mut(r as usize) {
            v.push(day(d));
        }
    }
    let residents: Vec<Value> = (0..b.tier.len())
        .map(|r| {
            let mut o = json!({"id": format!("r{r}")});
            match b.tier[r] {
                NO_TIER => {}
                t => {
                    o["tier"] = match policy.tiers().get(usize::from(t)) {
                        Some(tier) => tier.code.clone().into(),
                        None => format!("t{t}").into(),
                    }
                }
            }
            if b.since[r] != NO_DATE {
                o["tier_since"] = day(b.since[r]);
            }
            if b.worker[r] != NO_GROUP {
                o["worker"] = format!("w{}", b.worker[r]).into();
            }
            if b.grid[r] != NO_GROUP {
                o["grid"] = format!("g{}", b.grid[r]).into();
            }
            o["visits"] = std::mem::take(&mut visits[r]).into();
            o
        })
        .collect();
    json!({"op": "visit.completion", "from": format_date(b.from), "to": format_date(b.to),
           "policy": policy.to_value(), "residents": residents})
}

/// Any day number as a chrono date (the walk may start before 1900).
fn date(d: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(d + wangshi::date::CE_OFFSET).unwrap()
}

/// The naive reference: walk the calendar day by day (chrono) and close a
/// period on its last day; a period is required when it starts after
/// `since` and ends in `[from, to]`, met when a visit lies inside it.
/// Rolling: every due date `since + k·n` in `[from, to]`, met by a visit in
/// the `n` days up to it.
fn naive(cadence: Cadence, since: i32, from: i32, to: i32, visits: &[i32]) -> (u32, u32) {
    let (mut required, mut met) = (0, 0);
    if let Cadence::EveryDays(n) = cadence {
        let n = n as i32;
        let mut due = since + n;
        while due <= to {
            if due >= from {
                required += 1;
                met += u32::from(visits.iter().any(|&v| v > due - n && v <= due));
            }
            due += n;
        }
        return (required, met);
    }
    let ends_on = |d: NaiveDate| {
        let next = d + Duration::days(1);
        match cadence {
            Cadence::Daily => true,
            Cadence::Weekly => d.weekday() == Weekday::Sun,
            Cadence::Monthly => next.day() == 1,
            _ => d.day() == 15 || next.day() == 1,
        }
    };
    // Start early enough that the first (partial) period is never counted.
    let mut day = from.min(since).max(from - 62) - 62;
    let mut start = day;
    while day <= to {
        if ends_on(date(day)) {
            if start > since && day >= from {
                required += 1;
                met += u32::from(visits.iter().any(|&v| v >= start && v <= day));
            }
            start = day + 1;
        }
        day += 1;
    }
    (required, met)
}

/// A group as compared: its name and (required, met, rate in ten-thousandths).
type Group = (String, (u64, u64, Option<u64>));

/// The JSON op's groups.
fn json_groups(v: &Value) -> Vec<Group> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, g)| {
            let rate = g["rate"].as_f64().map(|r| (r * 10_000.0).round() as u64);
            (
                k.clone(),
                (
                    g["required"].as_u64().unwrap(),
                    g["met"].as_u64().unwrap(),
                    rate,
                ),
            )
        })
        .collect()
}

fn batch_groups(
    groups: &[wangshi::assessment::CompletionGroup],
    name: impl Fn(usize) -> String,
) -> Vec<Group> {
    let mut v: Vec<_> = groups
        .iter()
        .enumerate()
        .filter(|(_, g)| g.residents > 0)
        .map(|(i, g)| {
            (
                name(i),
                (g.required, g.met, g.rate().map(|r| r.ten_thousandths())),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn the_batch_the_json_op_and_a_naive_reference_agree() {
    let mut rng = SplitMix64::new(15);
    let (mut rows, mut sorted_path, mut errors) = (0, 0, 0);
    for policy in policies() {
        for _ in 0..BATCHES {
            let b = random_batch(&mut rng, policy.tiers().len());
            let (out, summary) = run_batch(&policy, &b);
            let response = wangshi::evaluate(request(&policy, &b)).unwrap();
            let results = response["results"].as_array().unwrap();
            assert_eq!(results.len(), b.tier.len());
            for (r, row) in results.iter().enumerate() {
                rows += 1;
                let json_code = row["error"]["code"]
                    .as_str()
                    .map_or(0, |c| ErrorCode::from_name(c).unwrap() as u8);
                assert_eq!(out.error[r], json_code, "resident {r}: {row}");
                if json_code != 0 {
                    errors += 1;
                    assert_eq!((out.required[r], out.met[r]), (0, 0));
                    continue;
                }
                assert_eq!(
                    (u64::from(out.required[r]), u64::from(out.met[r])),
                    (
                        row["required"].as_u64().unwrap(),
                        row["met"].as_u64().unwrap()
                    ),
                    "resident {r}: {row}"
                );
                let visits: Vec<i32> = b
                    .visit_resident
                    .iter()
                    .zip(&b.visit_day)
                    .filter(|(v, _)| **v as usize == r)
                    .map(|(_, d)| *d)
                    .collect();
                let cadence = policy.tiers()[usize::from(b.tier[r])].cadence;
                assert_eq!(
                    naive(cadence, b.since[r], b.from, b.to, &visits),
                    (out.required[r], out.met[r]),
                    "resident {r} ({cadence:?} since {}) in {}..{}",
                    format_date(b.since[r]),
                    format_date(b.from),
                    format_date(b.to)
                );
                assert!(out.met[r] <= out.required[r]);
                sorted_path += usize::from(out.required[r] > 64);
            }
            assert_eq!(
                summary.error_rows,
                out.error.iter().filter(|&&e| e != 0).count()
            );
            let orphans = b
                .visit_resident
                .iter()
                .filter(|&&r| r as usize >= b.tier.len())
                .count();
            assert_eq!(summary.orphan_visits, orphans);
            assert_eq!(
                json_groups(&response["by_worker"]),
                batch_groups(&out.by_worker, |i| format!("w{i}"))
            );
            assert_eq!(
                json_groups(&response["by_grid"]),
                batch_groups(&out.by_grid, |i| format!("g{i}"))
            );
            let tiers: Vec<_> = policy
                .tiers()
                .iter()
                .zip(&out.by_tier)
                .filter(|(_, g)| g.residents > 0)
                .map(|(t, g)| {
                    (
                        t.code.clone(),
                        (g.required, g.met, g.rate().map(|r| r.ten_thousandths())),
                    )
                })
                .collect();
            let mut json_tiers = json_groups(&response["by_tier"]);
            // by_tier is in policy order in the text; serde_json's map sorts.
            json_tiers.sort_by_key(|(t, _)| policy.tier_index(t));
            assert_eq!(json_tiers, tiers);
            let total = &response["total"];
            assert_eq!(
                (total["required"].as_u64(), total["met"].as_u64()),
                (Some(summary.total.required), Some(summary.total.met))
            );
        }
    }
    // The generator reaches what it should.
    assert!(
        rows > 20_000 && errors > 1_000 && sorted_path > 500,
        "{rows} {errors} {sorted_path}"
    );
}

#[test]
fn adding_a_visit_never_lowers_met_and_never_changes_required() {
    let mut rng = SplitMix64::new(16);
    for policy in policies() {
        for _ in 0..BATCHES {
            let mut b = random_batch(&mut rng, policy.tiers().len());
            if b.tier.is_empty() {
                continue;
            }
            let (before, _) = run_batch(&policy, &b);
            let r = rng.below(b.tier.len() as u32);
            let day = (b.from - 40 + rng.below((b.to - b.from) as u32 + 80) as i32)
                .clamp(MIN_DAY, MAX_DAY);
            let at = rng.below(b.visit_day.len() as u32 + 1) as usize;
            b.visit_resident.insert(at, r);
            b.visit_day.insert(at, day);
            let (after, _) = run_batch(&policy, &b);
            assert_eq!(after.required, before.required);
            assert_eq!(after.error, before.error);
            for i in 0..b.tier.len() {
                if i == r as usize {
                    assert!(after.met[i] >= before.met[i]);
                    assert!(after.met[i] <= before.met[i] + 1);
                } else {
                    assert_eq!(after.met[i], before.met[i]);
                }
                assert!(after.met[i] <= after.required[i]);
            }
        }
    }
}

/// Batches of more residents than one block of the visits' partition
/// (8192), over a month and over half a year (red residents with more than
/// 64 obligations), against the JSON op.
#[test]
fn many_blocks_agree_with_the_json_op() {
    let policy = VisitPolicy::default();
    let mut rng = SplitMix64::new(17);
    for (from, to) in [("2026-11-01", "2026-11-30"), ("2026-07-01", "2026-12-31")] {
        let (from, to) = (
            wangshi::date::parse_date(from).unwrap(),
            wangshi::date::parse_date(to).unwrap(),
        );
        let m = wangshi_testkit::completion::month(&policy, 20_000, 120_000, 40, from, to, 3);
        let mut b = Batch {
            from,
            to,
            tier: m.tier,
            since: m.tier_since,
            worker: m.worker.iter().map(|w| w % WORKERS).collect(),
            grid: m.grid.iter().map(|g| g % GRIDS).collect(),
            visit_resident: m.visit_resident,
            visit_day: m.visit_day,
        };
        // Some bad rows and bad visits, and visits naming no resident.
        for _ in 0..200 {
            let r = rng.below(20_000) as usize;
            match rng.below(3) {
                0 => b.tier[r] = 9,
                1 => b.since[r] = NO_DATE,
                _ => {
                    b.visit_resident.push(r as u32);
                    b.visit_day.push(NO_DATE);
                }
            }
        }
        b.visit_resident.push(20_000);
        b.visit_day.push(from);
        let (out, summary) = run_batch(&policy, &b);
        let response = wangshi::evaluate(request(&policy, &b)).unwrap();
        let results = response["results"].as_array().unwrap();
        let mut long = 0;
        for (r, row) in results.iter().enumerate() {
            let code = row["error"]["code"]
                .as_str()
                .map_or(0, |c| ErrorCode::from_name(c).unwrap() as u8);
            assert_eq!(out.error[r], code, "resident {r}: {row}");
            if code == 0 {
                assert_eq!(
                    (u64::from(out.required[r]), u64::from(out.met[r])),
                    (
                        row["required"].as_u64().unwrap(),
                        row["met"].as_u64().unwrap()
                    ),
                    "resident {r}: {row}"
                );
                long += usize::from(out.required[r] > 64);
            }
        }
        assert_eq!(summary.orphan_visits, 1);
        assert_eq!(
            json_groups(&response["by_worker"]),
            batch_groups(&out.by_worker, |i| format!("w{i}"))
        );
        assert_eq!(
            (
                response["total"]["required"].as_u64(),
                response["total"]["met"].as_u64()
            ),
            (Some(summary.total.required), Some(summary.total.met))
        );
        assert!(summary.total.met > 0 && summary.error_rows > 100);
        if to - from > 100 {
            assert!(long > 50, "{long} residents with more than 64 obligations");
        }
    }
}
