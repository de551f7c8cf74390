//! Civil dates as days since 1970-01-01, the representation of every batch API.
//!
//! Dates are the community's local civil dates (China Standard Time, no DST),
//! so no time zone arithmetic is ever needed: a date is a day number. The
//! conversions here are Howard Hinnant's `days_from_civil` / `civil_from_days`
//! algorithms, exact over the proleptic Gregorian calendar.

use crate::error::{Error, ErrorCode};
use chrono::{Datelike, NaiveDate};

/// The first supported year.
pub const MIN_YEAR: i32 = 1900;
/// The last supported year.
pub const MAX_YEAR: i32 = 2199;
/// 1900-01-01 as days since 1970-01-01.
pub const MIN_DAY: i32 = days_from_civil(MIN_YEAR, 1, 1);
/// 2199-12-31 as days since 1970-01-01.
pub const MAX_DAY: i32 = days_from_civil(MAX_YEAR, 12, 31);
/// Days from 0001-01-01 (day 1 of the common era in chrono's count) to
/// 1970-01-01, plus one: `NaiveDate::from_num_days_from_ce_opt(days + CE_OFFSET)`.
pub const CE_OFFSET: i32 = 719_163;
/// The sentinel for "no date" in batch columns (`i32::MIN`): a missing
/// `last_visit` on input, a null `period_start`/`period_end` on output.
pub const NO_DATE: i32 = i32::MIN;
/// The sentinel a binding writes into a batch date column for a cell that is
/// present but not a date (`i32::MIN + 1`): text that does not parse, a
/// value of the wrong type. Like every day number outside 1900–2199 it is
/// the row's `invalid_date`, at the place of that column in the row's order
/// of checks (where the JSON op parses the field), never "no date".
///
/// # Example
/// ```
/// use wangshi::date::{NOT_A_DATE, NO_DATE, in_range};
/// assert!(!in_range(NOT_A_DATE) && NOT_A_DATE != NO_DATE);
/// ```
pub const NOT_A_DATE: i32 = i32::MIN + 1;

/// Days since 1970-01-01 of a proleptic Gregorian date (no range check).
///
/// # Example
/// ```
/// assert_eq!(wangshi::date::days_from_civil(1970, 1, 1), 0);
/// assert_eq!(wangshi::date::days_from_civil(2026, 11, 26), 20_783);
/// ```
pub const fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = (y - era * 400) as u32;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe as i32 - 719_468
}

/// The (year, month, day) of a day number.
///
/// # Example
/// ```
/// assert_eq!(wangshi::date::civil_from_days(20_783), (2026, 11, 26));
/// ```
#[inline]
pub const fn civil_from_days(z: i32) -> (i32, u32, u32) {
    // i64 inside, so that every i32 day number (even the NO_DATE sentinel)
    // converts without overflow.
    let (y, m, d) = civil_from_days_i64(z as i64);
    (y as i32, m, d)
}

/// The (year, month, day) of any `i64` day number within ±10^14 days (so
/// that every `i64` timestamp formats).
#[inline]
pub(crate) const fn civil_from_days_i64(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe as i64 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Whether `y` is a Gregorian leap year.
pub const fn is_leap_year(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// The number of days in month `m` (1–12) of year `y`.
pub const fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if is_leap_year(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether a day number lies within the supported years 1900–2199.
#[inline]
pub const fn in_range(days: i32) -> bool {
    days >= MIN_DAY && days <= MAX_DAY
}

/// Parses a strict `YYYY-MM-DD` date within 1900–2199 into days since 1970-01-01.
///
/// # Errors
/// `invalid_date` when the text is not of that form, the date does not exist
/// (2026-02-30, 2026-13-01) or the year is outside 1900–2199.
///
/// # Example
/// ```
/// use wangshi::date::parse_date;
/// assert_eq!(parse_date("1970-01-02").unwrap(), 1);
/// assert_eq!(parse_date("2026-02-30").unwrap_err().code(), wangshi::ErrorCode::InvalidDate);
/// ```
pub fn parse_date(s: &str) -> Result<i32, Error> {
    let bad = || {
        Error::new(
            ErrorCode::InvalidDate,
            format!("{s:?} is not a date of the form YYYY-MM-DD between 1900-01-01 and 2199-12-31"),
        )
    };
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return Err(bad());
    };
    let y = y as i32;
    if !(MIN_YEAR..=MAX_YEAR).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return Err(bad());
    }
    if d > days_in_month(y, m) {
        return Err(bad());
    }
    Ok(days_from_civil(y, m, d))
}

/// Formats a day number as `YYYY-MM-DD` (any `i32`; years beyond four
/// digits or before year 0 are written with more digits or a sign).
///
/// # Example
/// ```
/// assert_eq!(wangshi::date::format_date(0), "1970-01-01");
/// ```
pub fn format_date(days: i32) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 of a [`NaiveDate`].
///
/// # Example
/// ```
/// let d = chrono::NaiveDate::from_ymd_opt(1970, 1, 11).unwrap();
/// assert_eq!(wangshi::date::to_days(d), 10);
/// ```
pub fn to_days(d: NaiveDate) -> i32 {
    days_from_civil(d.year(), d.month(), d.day())
}

/// The [`NaiveDate`] of a day number.
///
/// # Errors
/// `invalid_date` when the day number is outside 1900–2199.
///
/// # Example
/// ```
/// let d = wangshi::date::from_days(20_783).unwrap();
/// assert_eq!(d.to_string(), "2026-11-26");
/// ```
pub fn from_days(days: i32) -> Result<NaiveDate, Error> {
    if !in_range(days) {
        return Err(Error::new(
            ErrorCode::InvalidDate,
            format!("day number {days} is outside 1900-01-01..2199-12-31"),
        ));
    }
    let (y, m, d) = civil_from_days(days);
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| Error::new(ErrorCode::InvalidDate, format!("day number {days}")))
}

/// Checks that a [`NaiveDate`] is within 1900–2199 and gives its day number.
///
/// # Errors
/// `invalid_date` outside 1900–2199.
///
/// # Example
/// ```
/// let d = chrono::NaiveDate::from_ymd_opt(1899, 12, 31).unwrap();
/// assert!(wangshi::date::checked_days(d).is_err());
/// ```
pub fn checked_days(d: NaiveDate) -> Result<i32, Error> {
    let days = to_days(d);
    if in_range(days) {
        Ok(days)
    } else {
        Err(Error::new(
            ErrorCode::InvalidDate,
            format!("{d} is outside 1900-01-01..2199-12-31"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_supported_day() {
        for z in MIN_DAY..=MAX_DAY {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
            let nd = from_days(z).unwrap();
            assert_eq!(to_days(nd), z);
        }
    }

    #[test]
    fn extreme_day_numbers_do_not_overflow() {
        for z in [i32::MIN, i32::MIN + 1, -1, i32::MAX - 1, i32::MAX] {
            let (y, m, d) = civil_from_days(z);
            assert!(
                (1..=12).contains(&m) && (1..=31).contains(&d),
                "{z}: {y}-{m}-{d}"
            );
            assert!(!format_date(z).is_empty());
        }
    }

    #[test]
    fn parses_strictly() {
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "1899-12-31",
            "2200-01-01",
            "2026-1-01",
            "2026/01/01",
            "２026-01-01",
            "2026-00-10",
            "2026-01-00",
            "",
        ] {
            assert_eq!(
                parse_date(bad).unwrap_err().code(),
                ErrorCode::InvalidDate,
                "{bad}"
            );
        }
        assert_eq!(
            parse_date("2028-02-29").unwrap(),
            days_from_civil(2028, 2, 29)
        );
        assert!(parse_date("2100-02-29").is_err());
        assert_eq!(format_date(parse_date("1900-01-01").unwrap()), "1900-01-01");
        assert_eq!(format_date(parse_date("2199-12-31").unwrap()), "2199-12-31");
    }
}
