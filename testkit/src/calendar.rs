//! Calendar test support: a naive day-by-day reference of the working-day
//! rules (to check the core's working-day index against), random valid
//! calendars over 1900–2199, and synthetic deadline rows.

use crate::rng::SplitMix64;
use chrono::{Datelike, NaiveDate, Weekday};
use serde_json::{Value, json};
use wangshi::calendar::{Calendar, FIXED_HOLIDAYS, Period};
use wangshi::date::{civil_from_days, days_from_civil, from_days};
use wangshi::timestamp::{day_of, end_of_day, start_of_day};

/// The section 6 rules read straight off a calendar's data, one day at a
/// time: slow, obviously right, and independent of the core's index.
#[derive(Debug, Clone, Copy)]
pub struct Naive<'a>(pub &'a Calendar);

fn date(day: i32) -> NaiveDate {
    // Days after 2199 (a deadline's overhang) are valid chrono dates too.
    let (y, m, d) = civil_from_days(day);
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

impl Naive<'_> {
    /// Whether the calendar covers the year of `day`.
    pub fn covered(&self, day: i32) -> bool {
        self.0.covers(civil_from_days(day).0)
    }

    /// Whether `day` is a working day.
    pub fn is_working(&self, day: i32) -> bool {
        let d = date(day);
        let weekday = !matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        match self.0.year(d.year()) {
            Some(a) => a.is_workday(d) || (weekday && a.holiday(d).is_none()),
            None => {
                weekday
                    && !FIXED_HOLIDAYS
                        .iter()
                        .any(|(m, dd, _)| *m == d.month() && *dd == d.day())
            }
        }
    }

    /// The deadline of `period` from `start` and its provisional flag,
    /// counted day by day.
    pub fn deadline(&self, start: i64, period: Period) -> (i64, bool) {
        let day = day_of(start);
        match period {
            Period::Minutes(n) => (start + i64::from(n) * 60, false),
            Period::Hours(n) => (start + i64::from(n) * 3600, false),
            Period::Days(n) => {
                let mut last = day + n as i32;
                let mut provisional = !self.covered(last);
                while !self.is_working(last) {
                    last += 1;
                    provisional |= !self.covered(last);
                }
                (end_of_day(last), provisional)
            }
            Period::WorkingDays(n) => {
                let (mut d, mut left, mut provisional) = (day, n, false);
                while left > 0 {
                    d += 1;
                    provisional |= !self.covered(d);
                    if self.is_working(d) {
                        left -= 1;
                    }
                }
                (end_of_day(d), provisional)
            }
        }
    }

    /// The working days in `from < d <= to` and whether any day of it is
    /// in an uncovered year.
    pub fn between(&self, from: i32, to: i32) -> (u32, bool) {
        let (mut n, mut provisional) = (0, false);
        for d in from + 1..=to {
            n += u32::from(self.is_working(d));
            provisional |= !self.covered(d);
        }
        (n, provisional)
    }
}

/// A random valid calendar of `years` distinct random years in
/// 1900–2199 (the request's `"calendar"` shape): holidays on any day
/// (weekends too, sometimes whole runs), workdays on weekend days only.
pub fn random_calendar_json(rng: &mut SplitMix64, years: usize) -> Value {
    let mut map = serde_json::Map::new();
    for i in rng.distinct(300, years) {
        let year = 1900 + i as i32;
        let first = days_from_civil(year, 1, 1);
        let len = days_from_civil(year + 1, 1, 1) - first;
        let mut off = vec![false; len as usize];
        let mut holidays = Vec::new();
        for _ in 0..rng.range(0, 12) {
            let at = rng.below(len as u32) as i32;
            let run = rng.range(1, 9) as i32;
            for d in at..(at + run).min(len) {
                if !off[d as usize] {
                    off[d as usize] = true;
                    holidays.push(
                        json!({"date": from_days(first + d).unwrap().to_string(), "name": "假日"}),
                    );
                }
            }
        }
        let mut workdays = Vec::new();
        for d in 0..len {
            let wd = date(first + d).weekday();
            if matches!(wd, Weekday::Sat | Weekday::Sun) && !off[d as usize] && rng.chance(4) {
                workdays.push(Value::String(from_days(first + d).unwrap().to_string()));
            }
        }
        map.insert(
            year.to_string(),
            json!({"holidays": holidays, "workdays": workdays}),
        );
    }
    json!({ "version": "random", "years": map })
}

/// Synthetic working-day deadline rows, the shape of the criterion
/// benchmark: starts uniformly over 2024-01-01T00:00..2026-12-31T23:59:59
/// (seconds since 1970-01-01T00:00 local) and amounts 1..=30.
pub fn working_day_rows(seed: u64, n: usize) -> (Vec<i64>, Vec<u32>) {
    let mut rng = SplitMix64::new(seed);
    let lo = start_of_day(days_from_civil(2024, 1, 1));
    let hi = end_of_day(days_from_civil(2026, 12, 31));
    let span = (hi - lo + 1) as u64;
    (0..n)
        .map(|_| (lo + rng.below64(span) as i64, rng.range(1, 30)))
        .unzip()
}
