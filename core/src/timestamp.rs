//! Local civil timestamps as seconds since 1970-01-01T00:00, the binary
//! form of every deadline.
//!
//! Like [dates](crate::date), timestamps are the community's local civil
//! time (China Standard Time, UTC+8, no DST), so a timestamp is plain
//! arithmetic on seconds: no time zone is ever applied. The text form is
//! exactly `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS` (no fraction, zone
//! suffix or space), years 1900–2199; every timestamp a result carries is
//! written `YYYY-MM-DDTHH:MM:SS`. Batch columns carry `i64` seconds (Arrow
//! `timestamp[s]` without a time zone), with [`NO_TIMESTAMP`] for "none".
//!
//! # Example
//! ```
//! use wangshi::timestamp::{parse_timestamp, format_timestamp, day_of, end_of_day};
//! let t = parse_timestamp("2026-02-12T10:00")?;
//! assert_eq!(format_timestamp(t), "2026-02-12T10:00:00");
//! assert_eq!(wangshi::date::format_date(day_of(t)), "2026-02-12");
//! assert_eq!(format_timestamp(end_of_day(day_of(t))), "2026-02-12T23:59:59");
//! # Ok::<(), wangshi::Error>(())
//! ```

use crate::date::{self, MAX_DAY, MIN_DAY};
use crate::error::{Error, ErrorCode};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// Seconds in a day.
pub const SECONDS_PER_DAY: i64 = 86_400;
/// 1900-01-01T00:00:00 as seconds since 1970-01-01T00:00.
pub const MIN_TIMESTAMP: i64 = MIN_DAY as i64 * SECONDS_PER_DAY;
/// 2199-12-31T23:59:59 as seconds since 1970-01-01T00:00.
pub const MAX_TIMESTAMP: i64 = MAX_DAY as i64 * SECONDS_PER_DAY + SECONDS_PER_DAY - 1;
/// The sentinel for "no timestamp" in batch columns (`i64::MIN`): a missing
/// start on input, the deadline of an error row on output. Its
/// [`day_of`] is [`NO_DATE`](crate::date::NO_DATE).
pub const NO_TIMESTAMP: i64 = i64::MIN;
/// The value a binding writes into a batch's timestamp column for a cell
/// that is present but not a timestamp (text of another form, a value of
/// another kind): it lies outside 1900–2199, so the row is `invalid_date`,
/// and it is not [`NO_TIMESTAMP`] (`missing_field`).
///
/// # Example
/// ```
/// use wangshi::timestamp::{in_range, NOT_A_TIMESTAMP, NO_TIMESTAMP};
/// assert!(!in_range(NOT_A_TIMESTAMP) && NOT_A_TIMESTAMP != NO_TIMESTAMP);
/// ```
pub const NOT_A_TIMESTAMP: i64 = i64::MIN + 1;

/// Whether a timestamp lies within 1900-01-01T00:00:00..=2199-12-31T23:59:59.
///
/// # Example
/// ```
/// use wangshi::timestamp::{in_range, MAX_TIMESTAMP, NO_TIMESTAMP};
/// assert!(in_range(0) && in_range(MAX_TIMESTAMP));
/// assert!(!in_range(MAX_TIMESTAMP + 1) && !in_range(NO_TIMESTAMP));
/// ```
#[inline]
pub const fn in_range(t: i64) -> bool {
    t >= MIN_TIMESTAMP && t <= MAX_TIMESTAMP
}

/// The day (days since 1970-01-01) of a timestamp: floor division, so
/// 1969-12-31T23:59:59 (−1) is day −1. Timestamps whose day does not fit
/// an `i32` saturate, so [`NO_TIMESTAMP`] gives
/// [`NO_DATE`](crate::date::NO_DATE).
///
/// # Example
/// ```
/// use wangshi::timestamp::{day_of, NO_TIMESTAMP};
/// assert_eq!(day_of(-1), -1);
/// assert_eq!(day_of(86_399), 0);
/// assert_eq!(day_of(NO_TIMESTAMP), wangshi::date::NO_DATE);
/// ```
#[inline]
pub const fn day_of(t: i64) -> i32 {
    let d = t.div_euclid(SECONDS_PER_DAY);
    if d < i32::MIN as i64 {
        i32::MIN
    } else if d > i32::MAX as i64 {
        i32::MAX
    } else {
        d as i32
    }
}

/// The first second (`00:00:00`) of a day.
///
/// # Example
/// ```
/// assert_eq!(wangshi::timestamp::start_of_day(1), 86_400);
/// ```
#[inline]
pub const fn start_of_day(day: i32) -> i64 {
    day as i64 * SECONDS_PER_DAY
}

/// The last second (`23:59:59`) of a day: where day-based deadlines end.
///
/// # Example
/// ```
/// assert_eq!(wangshi::timestamp::end_of_day(0), 86_399);
/// assert_eq!(wangshi::timestamp::end_of_day(-1), -1);
/// ```
#[inline]
pub const fn end_of_day(day: i32) -> i64 {
    day as i64 * SECONDS_PER_DAY + SECONDS_PER_DAY - 1
}

/// Parses a strict local timestamp, `YYYY-MM-DDTHH:MM` or
/// `YYYY-MM-DDTHH:MM:SS`, into seconds since 1970-01-01T00:00.
///
/// # Errors
/// `invalid_date` for any other form (a space for the `T`, a fraction, a
/// zone suffix such as `Z` or `+08:00`, one-digit fields), a date that does
/// not exist, a year outside 1900–2199, an hour above 23 or a minute or
/// second above 59.
///
/// # Example
/// ```
/// use wangshi::timestamp::parse_timestamp;
/// assert_eq!(parse_timestamp("1970-01-01T00:01")?, 60);
/// assert_eq!(parse_timestamp("1969-12-31T23:59:59")?, -1);
/// for bad in ["2026-11-20 10:00", "2026-11-20T10:00Z", "2026-11-20T10:00:00.5", "2026-11-20T24:00"] {
///     assert_eq!(parse_timestamp(bad).unwrap_err().code(), wangshi::ErrorCode::InvalidDate);
/// }
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn parse_timestamp(s: &str) -> Result<i64, Error> {
    let bad = || {
        Error::new(
            ErrorCode::InvalidDate,
            format!(
                "{s:?} is not a timestamp of the form YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS \
                 between 1900-01-01T00:00 and 2199-12-31T23:59:59"
            ),
        )
    };
    let b = s.as_bytes();
    if (b.len() != 16 && b.len() != 19) || b[10] != b'T' || b[13] != b':' {
        return Err(bad());
    }
    if b.len() == 19 && b[16] != b':' {
        return Err(bad());
    }
    // The date part is exactly a date (the checks of `parse_date`).
    let day = s
        .get(..10)
        .and_then(|d| date::parse_date(d).ok())
        .ok_or_else(bad)?;
    let two = |i: usize| -> Option<i64> {
        let (h, l) = (b[i], b[i + 1]);
        (h.is_ascii_digit() && l.is_ascii_digit())
            .then(|| i64::from(h - b'0') * 10 + i64::from(l - b'0'))
    };
    let (Some(hh), Some(mm)) = (two(11), two(14)) else {
        return Err(bad());
    };
    let ss = if b.len() == 19 {
        two(17).ok_or_else(bad)?
    } else {
        0
    };
    if hh > 23 || mm > 59 || ss > 59 {
        return Err(bad());
    }
    Ok(start_of_day(day) + hh * 3600 + mm * 60 + ss)
}

/// Formats a timestamp as `YYYY-MM-DDTHH:MM:SS` (any `i64`: a deadline
/// after 2199 is written as such; years beyond four digits get more).
///
/// # Example
/// ```
/// use wangshi::timestamp::format_timestamp;
/// assert_eq!(format_timestamp(0), "1970-01-01T00:00:00");
/// assert_eq!(format_timestamp(-1), "1969-12-31T23:59:59");
/// ```
pub fn format_timestamp(t: i64) -> String {
    let days = t.div_euclid(SECONDS_PER_DAY);
    let secs = t.rem_euclid(SECONDS_PER_DAY);
    let (y, m, d) = crate::date::civil_from_days_i64(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Seconds since 1970-01-01T00:00 of a [`NaiveDateTime`] within
/// 1900–2199. A fraction of a second is dropped (the time is floored to its
/// second), as binary interfaces floor finer units.
///
/// # Errors
/// `invalid_date` when the date lies outside 1900–2199.
///
/// # Example
/// ```
/// let t = chrono::NaiveDate::from_ymd_opt(1970, 1, 2).unwrap().and_hms_milli_opt(0, 0, 1, 500).unwrap();
/// assert_eq!(wangshi::timestamp::from_naive(t)?, 86_401);
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn from_naive(t: NaiveDateTime) -> Result<i64, Error> {
    date::checked_days(t.date())?;
    // chrono keeps the fraction apart: the whole seconds are already floored.
    Ok(t.and_utc().timestamp())
}

/// The [`NaiveDateTime`] of a timestamp: any timestamp whose year chrono
/// represents (a deadline after 2199 converts too).
///
/// # Errors
/// `invalid_date` for a timestamp beyond chrono's range (such as
/// [`NO_TIMESTAMP`]).
///
/// # Example
/// ```
/// let t = wangshi::timestamp::to_naive(86_401)?;
/// assert_eq!(t.to_string(), "1970-01-02 00:00:01");
/// assert!(wangshi::timestamp::to_naive(wangshi::timestamp::NO_TIMESTAMP).is_err());
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn to_naive(t: i64) -> Result<NaiveDateTime, Error> {
    let days = t.div_euclid(SECONDS_PER_DAY);
    let secs = t.rem_euclid(SECONDS_PER_DAY) as u32;
    i32::try_from(days)
        .ok()
        .and_then(|d| d.checked_add(date::CE_OFFSET))
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .and_then(|d| NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).map(|t| d.and_time(t)))
        .ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidDate,
                format!("timestamp {t} is outside the representable range"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_forms_and_round_trips() {
        assert_eq!(parse_timestamp("1970-01-01T00:00").unwrap(), 0);
        assert_eq!(parse_timestamp("1970-01-01T00:00:00").unwrap(), 0);
        assert_eq!(parse_timestamp("1900-01-01T00:00").unwrap(), MIN_TIMESTAMP);
        assert_eq!(
            parse_timestamp("2199-12-31T23:59:59").unwrap(),
            MAX_TIMESTAMP
        );
        assert_eq!(
            parse_timestamp("2026-11-20T22:30").unwrap(),
            start_of_day(date::parse_date("2026-11-20").unwrap()) + 22 * 3600 + 30 * 60
        );
        for s in [
            "1900-01-01T00:00:00",
            "1969-12-31T23:59:59",
            "2028-02-29T12:34:56",
            "2199-12-31T23:59:59",
        ] {
            assert_eq!(format_timestamp(parse_timestamp(s).unwrap()), s);
        }
    }

    #[test]
    fn rejects_every_other_form() {
        for bad in [
            "",
            "2026-11-20",
            "2026-11-20T",
            "2026-11-20T10",
            "2026-11-20T1:00",
            "2026-11-20T10:0",
            "2026-11-20 10:00",
            "2026-11-20t10:00",
            "2026-11-20T10:00:",
            "2026-11-20T10:00:0",
            "2026-11-20T10:00:00.0",
            "2026-11-20T10:00:00.123",
            "2026-11-20T10:00Z",
            "2026-11-20T10:00:00Z",
            "2026-11-20T10:00+08:00",
            "2026-11-20T10:00:00+08",
            "2026-11-20T10.00",
            "2026-11-20T10:00.00",
            "2026-11-20T24:00",
            "2026-11-20T23:60",
            "2026-11-20T23:59:60",
            "2026-11-20T-1:00",
            "2026-11-20T+1:00",
            "2026-02-30T10:00",
            "2026-13-01T10:00",
            "1899-12-31T23:59",
            "2200-01-01T00:00",
            "２026-11-20T10:00",
            "2026-11-20T１0:00",
            " 2026-11-20T10:00",
            "2026-11-20T10:00 ",
        ] {
            let e = parse_timestamp(bad).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidDate, "{bad:?}");
        }
    }

    #[test]
    fn day_of_floors_and_saturates() {
        assert_eq!(day_of(0), 0);
        assert_eq!(day_of(86_399), 0);
        assert_eq!(day_of(86_400), 1);
        assert_eq!(day_of(-1), -1);
        assert_eq!(day_of(-86_400), -1);
        assert_eq!(day_of(-86_401), -2);
        assert_eq!(day_of(MIN_TIMESTAMP), MIN_DAY);
        assert_eq!(day_of(MAX_TIMESTAMP), MAX_DAY);
        assert_eq!(day_of(NO_TIMESTAMP), date::NO_DATE);
        assert_eq!(day_of(i64::MAX), i32::MAX);
        for d in [MIN_DAY, -1, 0, 1, MAX_DAY] {
            assert_eq!(day_of(start_of_day(d)), d);
            assert_eq!(day_of(end_of_day(d)), d);
            assert_eq!(end_of_day(d) + 1, start_of_day(d + 1));
        }
    }

    #[test]
    fn formats_every_i64() {
        for t in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX] {
            assert!(format_timestamp(t).contains('T'), "{t}");
        }
        let after = end_of_day(date::days_from_civil(2214, 5, 6));
        assert_eq!(format_timestamp(after), "2214-05-06T23:59:59");
    }

    #[test]
    fn chrono_conversions_agree_with_the_text_form() {
        for s in [
            "1900-01-01T00:00:00",
            "1969-12-31T23:59:59",
            "2026-02-28T08:30:00",
        ] {
            let t = parse_timestamp(s).unwrap();
            let n = to_naive(t).unwrap();
            assert_eq!(n.format("%Y-%m-%dT%H:%M:%S").to_string(), s);
            assert_eq!(from_naive(n).unwrap(), t);
        }
        let early = NaiveDate::from_ymd_opt(1899, 12, 31)
            .unwrap()
            .and_hms_opt(23, 59, 59)
            .unwrap();
        assert_eq!(
            from_naive(early).unwrap_err().code(),
            ErrorCode::InvalidDate
        );
        let late = to_naive(MAX_TIMESTAMP + 1).unwrap();
        assert_eq!(late.to_string(), "2200-01-01 00:00:00");
        assert!(to_naive(i64::MAX).is_err());
        // Before 1970 a fraction still floors to the earlier second.
        let frac = NaiveDate::from_ymd_opt(1969, 12, 31)
            .unwrap()
            .and_hms_milli_opt(23, 59, 59, 900)
            .unwrap();
        assert_eq!(from_naive(frac).unwrap(), -1);
    }
}
