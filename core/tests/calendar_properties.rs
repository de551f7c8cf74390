//! Invariants of the working-day calendar over the whole of 1900–2199, on
//! seeded random starts and random calendars, and the O(1) index against a
//! naive day-by-day reference (`wangshi_testkit::calendar::Naive`).

use wangshi::calendar::{Calendar, DayKind, DeadlineOutput, Period, PeriodUnit, default_calendar};
use wangshi::date::{MAX_DAY, MIN_DAY, from_days};
use wangshi::timestamp::{MAX_TIMESTAMP, MIN_TIMESTAMP, NO_TIMESTAMP, day_of, end_of_day};
use wangshi_testkit::calendar::{Naive, random_calendar_json};
use wangshi_testkit::rng::SplitMix64;

/// The default calendar and a few random ones (each covering 40 random
/// years of 1900–2199, with runs of holidays and 调休 weekend days).
fn calendars() -> Vec<Calendar> {
    let mut rng = SplitMix64::new(11);
    let mut all = vec![default_calendar().clone()];
    for _ in 0..3 {
        let v = random_calendar_json(&mut rng, 40);
        all.push(Calendar::from_value(&v).unwrap());
    }
    all
}

/// A random start anywhere in 1900-01-01T00:00..=2199-12-31T23:59:59.
fn start(rng: &mut SplitMix64) -> i64 {
    let span = (MAX_TIMESTAMP - MIN_TIMESTAMP + 1) as u64;
    MIN_TIMESTAMP + rng.below64(span) as i64
}

/// Mostly short periods (as case handling uses), sometimes up to the
/// largest.
fn amount(rng: &mut SplitMix64, max: u32) -> u32 {
    if rng.chance(90) {
        rng.range(1, 40)
    } else {
        rng.range(1, max)
    }
}

#[test]
fn working_day_deadlines_land_on_the_nth_working_day_after_the_start() {
    let mut rng = SplitMix64::new(1);
    for cal in calendars() {
        let naive = Naive(&cal);
        for _ in 0..4_000 {
            let t = start(&mut rng);
            let n = amount(&mut rng, 3660);
            let d = cal.deadline_raw(t, Period::WorkingDays(n)).unwrap();
            let last = day_of(d.deadline);
            assert_eq!(d.deadline, end_of_day(last), "ends at 23:59:59");
            assert!(
                naive.is_working(last),
                "t {t} n {n}: {last} is not a working day"
            );
            let (count, provisional) = naive.between(day_of(t), last);
            assert_eq!(
                count, n,
                "t {t}: exactly n working days in (date(t), deadline]"
            );
            assert_eq!(d.provisional, provisional, "t {t} n {n}");
            let counted = cal.working_days_between_raw(day_of(t), last).unwrap();
            assert_eq!((counted.count, counted.provisional), (n, provisional));
        }
    }
}

#[test]
fn natural_day_deadlines_are_the_first_working_day_from_date_plus_n() {
    let mut rng = SplitMix64::new(2);
    for cal in calendars() {
        let naive = Naive(&cal);
        for _ in 0..4_000 {
            let t = start(&mut rng);
            let n = amount(&mut rng, 3660);
            let d = cal.deadline_raw(t, Period::Days(n)).unwrap();
            let last = day_of(d.deadline);
            let earliest = day_of(t) + n as i32;
            assert!(
                last >= earliest,
                "t {t} n {n}: never earlier than date(t) + n"
            );
            assert!(naive.is_working(last));
            assert!(
                (earliest..last).all(|x| !naive.is_working(x)),
                "no working day skipped"
            );
            assert_eq!(d.deadline, end_of_day(last));
        }
    }
}

#[test]
fn every_unit_agrees_with_the_naive_reference() {
    let mut rng = SplitMix64::new(3);
    for cal in calendars() {
        let naive = Naive(&cal);
        for _ in 0..3_000 {
            let t = start(&mut rng);
            let unit = PeriodUnit::ALL[rng.below(4) as usize];
            let period = Period::new(unit, amount(&mut rng, unit.max_amount()));
            let d = cal.deadline_raw(t, period).unwrap();
            assert_eq!(
                (d.deadline, d.provisional),
                naive.deadline(t, period),
                "t {t} {period:?}"
            );
        }
        // Starts in the last days of 2199 with the longest periods: the
        // index's overhang past 2199.
        for k in 0..200 {
            let t = MAX_TIMESTAMP - k * 3_601;
            for period in [
                Period::WorkingDays(3660 - k as u32),
                Period::Days(3660 - k as u32),
            ] {
                let d = cal.deadline_raw(t, period).unwrap();
                assert_eq!(
                    (d.deadline, d.provisional),
                    naive.deadline(t, period),
                    "t {t} {period:?}"
                );
                assert!(d.provisional, "after 2199 is never covered");
            }
        }
    }
}

#[test]
fn the_index_agrees_with_the_reference_on_every_day() {
    for cal in calendars() {
        let naive = Naive(&cal);
        for day in MIN_DAY..=MAX_DAY {
            let info = cal.day_kind_raw(day).unwrap();
            let working = naive.is_working(day);
            assert_eq!(info.working_day, working, "{day}");
            assert_eq!(info.provisional, !naive.covered(day), "{day}");
            assert_eq!(
                cal.is_working_day(from_days(day).unwrap()).unwrap(),
                working
            );
            // A holiday has a name; nothing else has.
            assert_eq!(info.name.is_some(), info.kind == DayKind::Holiday, "{day}");
        }
    }
}

#[test]
fn working_days_between_agrees_with_the_reference() {
    let mut rng = SplitMix64::new(4);
    for cal in calendars() {
        let naive = Naive(&cal);
        for _ in 0..3_000 {
            let from = MIN_DAY + rng.below((MAX_DAY - MIN_DAY) as u32) as i32;
            let to = from + rng.range(0, 800) as i32 - 20;
            let to = to.clamp(MIN_DAY, MAX_DAY);
            let got = cal.working_days_between_raw(from, to).unwrap();
            assert_eq!(
                (got.count, got.provisional),
                naive.between(from, to),
                "{from}..{to}"
            );
        }
    }
}

#[test]
fn the_batch_agrees_row_for_row_with_single_deadlines() {
    let mut rng = SplitMix64::new(5);
    for cal in calendars() {
        let n = 5_000;
        let mut starts: Vec<i64> = (0..n).map(|_| start(&mut rng)).collect();
        let mut unit: Vec<u8> = (0..n).map(|_| rng.range(1, 4) as u8).collect();
        let mut amt: Vec<u32> = (0..n).map(|_| amount(&mut rng, 3660)).collect();
        // Bad rows of every kind, scattered.
        for i in (0..n).step_by(97) {
            match i % 5 {
                0 => starts[i] = NO_TIMESTAMP,
                1 => starts[i] = MAX_TIMESTAMP + 1,
                2 => unit[i] = if i % 2 == 0 { 0 } else { 7 },
                3 => amt[i] = 0,
                _ => amt[i] = 100_001,
            }
        }
        let mut out = DeadlineOutput::new(n);
        let bad = cal
            .deadline_batch_per_row(&starts, &unit, &amt, out.columns())
            .unwrap();
        let mut errors = 0;
        for i in 0..n {
            let want = cal.deadline_row(starts[i], unit[i], amt[i]);
            match want {
                Ok(d) => {
                    assert_eq!(
                        (out.deadline[i], out.provisional[i], out.error[i]),
                        (d.deadline, u8::from(d.provisional), 0)
                    );
                }
                Err(code) => {
                    errors += 1;
                    assert_eq!(
                        (out.deadline[i], out.provisional[i], out.error[i]),
                        (NO_TIMESTAMP, 0, code as u8)
                    );
                }
            }
        }
        assert_eq!(bad, errors);
        assert!(errors > 0);
        // One period for every row.
        let mut one = DeadlineOutput::new(n);
        cal.deadline_batch(&starts, Period::WorkingDays(7), one.columns())
            .unwrap();
        for (&t, &got) in starts.iter().zip(&one.deadline) {
            let want = cal.deadline_raw(t, Period::WorkingDays(7));
            assert_eq!(got, want.map_or(NO_TIMESTAMP, |d| d.deadline));
        }
    }
}
