//! Every columnar batch gives the same result for every thread count: seeded
//! random batches (good rows, missing, malformed, out-of-range and
//! relationally wrong cells, unknown codes) of random sizes — most large
//! enough to be cut into up to 8 ranges, some too small to be cut at all —
//! run on 1 to 8 threads and on every core, and every output column, error
//! count and summary must equal the one-thread result.

use wangshi::assessment::{
    CompletionOutput, CompletionResidents, NO_GROUP, VisitTable, completion_batch,
    completion_batch_threads,
};
use wangshi::calendar::{DeadlineOutput, Period, PeriodUnit, default_calendar};
use wangshi::date::{MAX_DAY, MIN_DAY, NO_DATE, NOT_A_DATE, days_from_civil, parse_date};
use wangshi::handling::{
    HandlingPolicy, INVALID_REPORT_MINUTES, NO_CLASS, NO_IMMEDIATE_REPORT, NO_LEVEL,
    NO_REPORT_MINUTES, NO_STEP, OpenStepColumns, SupervisionOutput, UNKNOWN_STEP,
};
use wangshi::threads::{MIN_ROWS_PER_THREAD, Threads};
use wangshi::timestamp::NO_TIMESTAMP;
use wangshi::triage::{
    CaseColumns, CaseRouter, DecisionOutput, INVALID_COUNT, INVALID_FLAGS, NO_ITEM, UNKNOWN_ITEM,
};
use wangshi::visit::{
    NO_TIER, UNKNOWN_TIER, VisitOutput, VisitPolicy, visit_status_batch, visit_status_batch_threads,
};
use wangshi_testkit::rng::SplitMix64;

/// The thread counts every batch runs on: 1..=8, then every core.
fn thread_counts() -> impl Iterator<Item = Threads> {
    (1..=8).map(Threads::new).chain([Threads::All])
}

/// A batch size: mostly enough rows for 8 ranges (with a random remainder,
/// so range boundaries fall anywhere), sometimes too few to be cut.
fn size(rng: &mut SplitMix64) -> usize {
    match rng.below(4) {
        0 => rng.below(2 * MIN_ROWS_PER_THREAD as u32) as usize,
        _ => 8 * MIN_ROWS_PER_THREAD + rng.below(50_000) as usize,
    }
}

/// A day cell: a date near `around`, none, not a date, or outside
/// 1900–2199.
fn day_cell(rng: &mut SplitMix64, around: i32) -> i32 {
    match rng.below(40) {
        0 => NO_DATE,
        1 => NOT_A_DATE,
        2 => MIN_DAY - 1 - rng.below(1000) as i32,
        3 => MAX_DAY + 1 + rng.below(1000) as i32,
        4 => around + 1 + rng.below(60) as i32, // after as_of
        _ => (around - rng.below(800) as i32).max(MIN_DAY),
    }
}

#[test]
fn the_visit_batch_is_the_same_on_any_number_of_threads() {
    let policies = [
        VisitPolicy::default(),
        VisitPolicy::from_json(
            r#"{"tiers": [
                {"code": "r7", "cadence": {"every_days": 7}, "reminder_days": 2, "escalate_after_missed": 2},
                {"code": "m", "cadence": "monthly", "reminder_days": 5, "escalate_after_missed": 3}
            ]}"#,
        )
        .unwrap(),
    ];
    let mut rng = SplitMix64::new(14);
    for seed in 0..4 {
        let policy = &policies[seed % 2];
        let n = size(&mut rng);
        let as_of = MIN_DAY + 800 + rng.below((MAX_DAY - MIN_DAY - 800) as u32) as i32;
        let tiers = policy.tiers().len() as u32;
        let tier: Vec<u8> = (0..n)
            .map(|_| match rng.below(50) {
                0 => NO_TIER,
                1 => UNKNOWN_TIER,
                2 => (tiers + rng.below(5)) as u8,
                _ => rng.below(tiers) as u8,
            })
            .collect();
        let since: Vec<i32> = (0..n).map(|_| day_cell(&mut rng, as_of)).collect();
        let last: Vec<i32> = (0..n).map(|_| day_cell(&mut rng, as_of)).collect();
        let mut want = VisitOutput::new(n);
        let bad = visit_status_batch(policy, as_of, &tier, &since, &last, want.columns()).unwrap();
        assert!(
            n < 1000 || (bad > n / 20 && bad < n / 2),
            "seed {seed}: {bad} of {n}"
        );
        for threads in thread_counts() {
            // Stale values in the outputs must all be overwritten.
            let mut got = VisitOutput::new(n);
            got.state.fill(7);
            got.due.fill(7);
            got.error.fill(7);
            let b = visit_status_batch_threads(
                policy,
                as_of,
                &tier,
                &since,
                &last,
                got.columns(),
                threads,
            )
            .unwrap();
            assert_eq!(b, bad, "seed {seed}, {threads} threads, {n} rows");
            assert!(got == want, "seed {seed}, {threads} threads, {n} rows");
        }
    }
}

#[test]
fn the_classification_batch_is_the_same_on_any_number_of_threads() {
    let router = CaseRouter::default_router();
    let items = router.catalog().items().len() as u32;
    let mut rng = SplitMix64::new(15);
    for seed in 0..3 {
        let n = size(&mut rng);
        let day = days_from_civil(2026, 11, 20);
        let item: Vec<u32> = (0..n)
            .map(|_| match rng.below(40) {
                0 => NO_ITEM,
                1 => UNKNOWN_ITEM,
                2 => items + rng.below(100),
                _ => rng.below(items),
            })
            .collect();
        let reported_on: Vec<i32> = (0..n).map(|_| day_cell(&mut rng, day)).collect();
        let flags: Vec<u16> = (0..n)
            .map(|_| match rng.below(60) {
                0 => INVALID_FLAGS,
                1 => 1 << 12, // a bit above the flags
                _ => rng.below(512) as u16 & rng.below(512) as u16,
            })
            .collect();
        let count = |rng: &mut SplitMix64| match rng.below(60) {
            0 => INVALID_COUNT,
            1 => -(rng.below(10) as i32) - 2,
            _ => rng.below(15) as i32,
        };
        let parties: Vec<i32> = (0..n).map(|_| count(&mut rng)).collect();
        let repeat_count: Vec<i32> = (0..n).map(|_| count(&mut rng)).collect();
        let amount: Vec<f64> = (0..n)
            .map(|_| match rng.below(60) {
                0 => f64::NAN,
                1 => -1.0,
                2 => f64::INFINITY,
                _ => f64::from(rng.below(2_000_000)),
            })
            .collect();
        let cases = CaseColumns {
            item: &item,
            reported_on: &reported_on,
            flags: &flags,
            parties: &parties,
            repeat_count: &repeat_count,
            amount: &amount,
        };
        let mut want = DecisionOutput::new(n);
        let bad = router.classify_batch(cases, want.columns()).unwrap();
        assert!(
            n < 1000 || (bad > n / 20 && bad < n / 2),
            "seed {seed}: {bad} of {n}"
        );
        for threads in thread_counts() {
            let mut got = DecisionOutput::new(n);
            got.center.fill(7);
            got.error.fill(7);
            let b = router
                .classify_batch_threads(cases, got.columns(), threads)
                .unwrap();
            assert_eq!(b, bad, "seed {seed}, {threads} threads, {n} rows");
            assert!(got == want, "seed {seed}, {threads} threads, {n} rows");
        }
    }
}

/// A start cell: a time in 2023–2028 (some years the calendar does not
/// cover), none, or outside 1900–2199.
fn start_cell(rng: &mut SplitMix64) -> i64 {
    let lo = i64::from(days_from_civil(2023, 1, 1)) * 86_400;
    match rng.below(40) {
        0 => NO_TIMESTAMP,
        1 => i64::from(MIN_DAY) * 86_400 - 1 - i64::from(rng.below(100_000)),
        2 => i64::from(MAX_DAY + 1) * 86_400 + i64::from(rng.below(100_000)),
        _ => lo + rng.below64(6 * 365 * 86_400) as i64,
    }
}

#[test]
fn the_deadline_batches_are_the_same_on_any_number_of_threads() {
    let cal = default_calendar();
    let mut rng = SplitMix64::new(16);
    for seed in 0..3 {
        let n = size(&mut rng);
        let start: Vec<i64> = (0..n).map(|_| start_cell(&mut rng)).collect();
        let unit: Vec<u8> = (0..n).map(|_| rng.below(6) as u8).collect();
        let amount: Vec<u32> = (0..n)
            .map(|_| match rng.below(50) {
                0 => u32::MAX - rng.below(10),
                _ => rng.below(40),
            })
            .collect();
        let period = [
            Period::WorkingDays(7),
            Period::Days(15),
            Period::new(PeriodUnit::Hours, 48),
        ][seed % 3];

        let mut want = DeadlineOutput::new(n);
        let bad = cal.deadline_batch(&start, period, want.columns()).unwrap();
        let mut want_rows = DeadlineOutput::new(n);
        let bad_rows = cal
            .deadline_batch_per_row(&start, &unit, &amount, want_rows.columns())
            .unwrap();
        assert!(
            n < 1000 || bad_rows > n / 3,
            "seed {seed}: {bad_rows} of {n}"
        );
        for threads in thread_counts() {
            let mut got = DeadlineOutput::new(n);
            got.deadline.fill(7);
            let b = cal
                .deadline_batch_threads(&start, period, got.columns(), threads)
                .unwrap();
            assert_eq!(b, bad, "seed {seed}, {threads} threads, {n} rows");
            assert!(got == want, "seed {seed}, {threads} threads, {n} rows");
            let mut got = DeadlineOutput::new(n);
            got.error.fill(7);
            let b = cal
                .deadline_batch_per_row_threads(&start, &unit, &amount, got.columns(), threads)
                .unwrap();
            assert_eq!(b, bad_rows, "seed {seed}, {threads} threads, {n} rows");
            assert!(got == want_rows, "seed {seed}, {threads} threads, {n} rows");
        }
    }
}

#[test]
fn the_completion_batch_is_the_same_on_any_number_of_threads() {
    let policy = VisitPolicy::default();
    let mut rng = SplitMix64::new(17);
    for seed in 0..3u64 {
        let n = size(&mut rng);
        // A month, or (seed 2) a year: residents with more than 64
        // obligations are counted by sorting.
        let from = parse_date("2026-11-01").unwrap();
        let to = if seed == 2 {
            parse_date("2027-10-31").unwrap()
        } else {
            parse_date("2026-11-30").unwrap()
        };
        let (workers, grids) = (1 + rng.below(500) as usize, rng.below(50) as usize);
        let tier: Vec<u8> = (0..n)
            .map(|_| match rng.below(50) {
                0 => NO_TIER,
                1 => 4 + rng.below(200) as u8,
                _ => rng.below(4) as u8,
            })
            .collect();
        let tier_since: Vec<i32> = (0..n).map(|_| day_cell(&mut rng, from)).collect();
        let group = |rng: &mut SplitMix64, k: usize| match rng.below(40) {
            0 => NO_GROUP,
            1 => (k as u32).saturating_add(rng.below(10)),
            _ => rng.below(k.max(1) as u32),
        };
        let worker: Vec<u32> = (0..n).map(|_| group(&mut rng, workers)).collect();
        let grid: Vec<u32> = if grids == 0 {
            Vec::new()
        } else {
            (0..n).map(|_| group(&mut rng, grids)).collect()
        };
        // About two visits per resident, in no order: some orphans, some
        // bad days, most inside or near the range.
        let m = 2 * n + rng.below(1000) as usize;
        let resident: Vec<u32> = (0..m)
            .map(|_| match rng.below(200) {
                0 => n as u32 + rng.below(100),
                _ => rng.below(n.max(1) as u32),
            })
            .collect();
        let day: Vec<i32> = (0..m)
            .map(|_| match rng.below(100) {
                0 => NO_DATE,
                1 => MAX_DAY + 5,
                _ => from - 40 + rng.below((to - from + 60) as u32) as i32,
            })
            .collect();
        let residents = CompletionResidents {
            tier: &tier,
            tier_since: &tier_since,
            worker: &worker,
            grid: &grid,
        };
        let visits = VisitTable {
            resident: &resident,
            day: &day,
        };
        let mut want = CompletionOutput::new(n, workers, grids, 4);
        let s = completion_batch(&policy, from, to, residents, visits, want.columns()).unwrap();
        assert!(
            n < 1000 || (s.error_rows > n / 20 && s.error_rows < n / 2 && s.orphan_visits > 0),
            "seed {seed}: {s:?} of {n}"
        );
        for threads in thread_counts() {
            let mut got = CompletionOutput::new(n, workers, grids, 4);
            got.met.fill(7);
            got.error.fill(7);
            got.by_worker[0].met = 7;
            let g = completion_batch_threads(
                &policy,
                from,
                to,
                residents,
                visits,
                got.columns(),
                threads,
            )
            .unwrap();
            assert_eq!(g, s, "seed {seed}, {threads} threads, {n} residents");
            assert!(got == want, "seed {seed}, {threads} threads, {n} residents");
        }
    }
}

#[test]
fn the_supervision_sweep_is_the_same_on_any_number_of_threads() {
    let policy = HandlingPolicy::default();
    let cal = default_calendar();
    let mut rng = SplitMix64::new(18);
    for seed in 0..3 {
        let n = size(&mut rng);
        let as_of = wangshi::timestamp::parse_timestamp("2026-11-26T10:00").unwrap();
        let cell = |rng: &mut SplitMix64, none: u8, k: u32| match rng.below(40) {
            0 => none,
            1 => (k + 1 + rng.below(20)) as u8,
            _ => 1 + rng.below(k) as u8,
        };
        let step: Vec<u8> = (0..n)
            .map(|_| match rng.below(40) {
                0 => NO_STEP,
                1 => UNKNOWN_STEP,
                _ => 1 + rng.below(8) as u8,
            })
            .collect();
        let started: Vec<i64> = (0..n)
            .map(|_| match rng.below(40) {
                0 => NO_TIMESTAMP,
                1 => as_of + 1 + i64::from(rng.below(100_000)), // after as_of
                2 => i64::from(MIN_DAY) * 86_400 - 1,
                _ => as_of - rng.below64(400 * 86_400) as i64,
            })
            .collect();
        let class: Vec<u8> = (0..n).map(|_| cell(&mut rng, NO_CLASS, 3)).collect();
        let level: Vec<u8> = (0..n).map(|_| cell(&mut rng, NO_LEVEL, 2)).collect();
        let immediate: Vec<u8> = (0..n)
            .map(|_| match rng.below(40) {
                0 => NO_IMMEDIATE_REPORT,
                1 => 2,
                _ => rng.below(2) as u8,
            })
            .collect();
        let minutes: Vec<u32> = (0..n)
            .map(|_| match rng.below(10) {
                0 => INVALID_REPORT_MINUTES,
                1..=5 => NO_REPORT_MINUTES,
                _ => 1 + rng.below(3000),
            })
            .collect();
        // Mostly not extended (an extension of a step that has none is the
        // row's invalid_value).
        let extended: Vec<u32> = (0..n)
            .map(|_| if rng.chance(5) { 1 + rng.below(5) } else { 0 })
            .collect();
        let steps = OpenStepColumns {
            step: &step,
            started: &started,
            class: &class,
            level: &level,
            immediate_report: &immediate,
            report_within_minutes: &minutes,
            extended: &extended,
        };
        let mut want = SupervisionOutput::new(n);
        let bad = policy
            .supervise_batch(cal, as_of, steps, want.columns())
            .unwrap();
        let mut codes = [0usize; 32];
        want.error.iter().for_each(|&e| codes[usize::from(e)] += 1);
        assert!(
            n < 1000 || (bad > n / 20 && bad < n / 2),
            "seed {seed}: {bad} of {n}: {codes:?}"
        );
        for threads in thread_counts() {
            let mut got = SupervisionOutput::new(n);
            got.seconds_left.fill(7);
            got.error.fill(7);
            let b = policy
                .supervise_batch_threads(cal, as_of, steps, got.columns(), threads)
                .unwrap();
            assert_eq!(b, bad, "seed {seed}, {threads} threads, {n} rows");
            assert!(got == want, "seed {seed}, {threads} threads, {n} rows");
        }
    }
}
