//! Calendar periods of the cadences, numbered so that consecutive periods
//! have consecutive indices: months, half-months, ISO weeks and days.

use super::policy::Cadence;
use crate::date::{civil_from_days, days_from_civil, days_in_month};

/// 1970-01-01 was a Thursday; the Monday of its ISO week is day −3.
const EPOCH_WEEK_MONDAY: i32 = -3;

/// The index of the period containing `day` (calendar cadences only).
#[inline]
pub(crate) fn index(c: Cadence, day: i32) -> i32 {
    match c {
        Cadence::Daily => day,
        Cadence::Weekly => (day - EPOCH_WEEK_MONDAY).div_euclid(7),
        Cadence::Monthly => {
            let (y, m, _) = civil_from_days(day);
            y * 12 + m as i32 - 1
        }
        Cadence::SemiMonthly => {
            let (y, m, d) = civil_from_days(day);
            (y * 12 + m as i32 - 1) * 2 + i32::from(d > 15)
        }
        Cadence::EveryDays(_) => unreachable_rolling(),
    }
}

/// The first day of period `idx`.
pub(crate) fn start(c: Cadence, idx: i32) -> i32 {
    match c {
        Cadence::Daily => idx,
        Cadence::Weekly => idx * 7 + EPOCH_WEEK_MONDAY,
        Cadence::Monthly => {
            let (y, m) = (idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1);
            days_from_civil(y, m, 1)
        }
        Cadence::SemiMonthly => {
            let month = idx.div_euclid(2);
            let (y, m) = (month.div_euclid(12), month.rem_euclid(12) as u32 + 1);
            days_from_civil(y, m, if idx.rem_euclid(2) == 0 { 1 } else { 16 })
        }
        Cadence::EveryDays(_) => unreachable_rolling(),
    }
}

/// The last day of period `idx`.
pub(crate) fn end(c: Cadence, idx: i32) -> i32 {
    match c {
        Cadence::Daily => idx,
        Cadence::Weekly => idx * 7 + EPOCH_WEEK_MONDAY + 6,
        Cadence::Monthly => {
            let (y, m) = (idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1);
            days_from_civil(y, m, days_in_month(y, m))
        }
        Cadence::SemiMonthly => {
            let month = idx.div_euclid(2);
            let (y, m) = (month.div_euclid(12), month.rem_euclid(12) as u32 + 1);
            let last = if idx.rem_euclid(2) == 0 {
                15
            } else {
                days_in_month(y, m)
            };
            days_from_civil(y, m, last)
        }
        Cadence::EveryDays(_) => unreachable_rolling(),
    }
}

#[cold]
fn unreachable_rolling() -> i32 {
    // Rolling cadences have no calendar periods; callers branch on
    // `Cadence::is_calendar` first. Answer something harmless rather than panic.
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::{MAX_DAY, MIN_DAY, parse_date};

    #[test]
    fn periods_tile_the_calendar() {
        for c in [
            Cadence::Daily,
            Cadence::Weekly,
            Cadence::Monthly,
            Cadence::SemiMonthly,
        ] {
            let mut prev = index(c, MIN_DAY);
            assert!(start(c, prev) <= MIN_DAY && MIN_DAY <= end(c, prev));
            for d in MIN_DAY + 1..=MAX_DAY {
                let i = index(c, d);
                assert!(i == prev || i == prev + 1, "{c:?} {d}");
                if i != prev {
                    assert_eq!(start(c, i), d);
                    assert_eq!(end(c, prev), d - 1);
                }
                prev = i;
            }
        }
    }

    #[test]
    fn iso_weeks() {
        // 2026-12-28 is the Monday of ISO week 53 of 2026; it runs to 2027-01-03.
        let d = parse_date("2026-12-31").unwrap();
        let w = index(Cadence::Weekly, d);
        assert_eq!(start(Cadence::Weekly, w), parse_date("2026-12-28").unwrap());
        assert_eq!(end(Cadence::Weekly, w), parse_date("2027-01-03").unwrap());
    }
}
