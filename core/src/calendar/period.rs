//! Periods (期间) and deadlines (op `calendar.deadline`).

use super::load::Calendar;
use crate::error::{Error, ErrorCode};
use crate::timestamp::{self, NO_TIMESTAMP, day_of, end_of_day};
use chrono::NaiveDateTime;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// The largest amount of a `minutes` or `hours` period.
pub const MAX_CLOCK_AMOUNT: u32 = 100_000;
/// The largest amount of a `days` or `working_days` period (about ten
/// years).
pub const MAX_DAY_AMOUNT: u32 = 3660;

/// The unit of a period. The numbers are the values of batch columns and of
/// the C ABI's `WS_PERIOD_*` constants (vocabulary `period_unit`).
///
/// # Example
/// ```
/// use wangshi::calendar::PeriodUnit;
/// assert_eq!(PeriodUnit::from_name("working_days"), Some(PeriodUnit::WorkingDays));
/// assert_eq!(PeriodUnit::from_u8(2), Some(PeriodUnit::Hours));
/// assert_eq!(PeriodUnit::Days.max_amount(), 3660);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum PeriodUnit {
    /// `minutes`, wall clock.
    Minutes = 1,
    /// `hours`, wall clock.
    Hours = 2,
    /// `days`, natural days (期间) ending on a working day.
    Days = 3,
    /// `working_days`.
    WorkingDays = 4,
}

impl PeriodUnit {
    /// Every unit, in number order.
    pub const ALL: [PeriodUnit; 4] = [
        PeriodUnit::Minutes,
        PeriodUnit::Hours,
        PeriodUnit::Days,
        PeriodUnit::WorkingDays,
    ];

    /// The contract's code (the period's key).
    pub const fn as_str(self) -> &'static str {
        match self {
            PeriodUnit::Minutes => "minutes",
            PeriodUnit::Hours => "hours",
            PeriodUnit::Days => "days",
            PeriodUnit::WorkingDays => "working_days",
        }
    }

    /// The unit with this number, if any.
    pub const fn from_u8(n: u8) -> Option<PeriodUnit> {
        match n {
            1 => Some(PeriodUnit::Minutes),
            2 => Some(PeriodUnit::Hours),
            3 => Some(PeriodUnit::Days),
            4 => Some(PeriodUnit::WorkingDays),
            _ => None,
        }
    }

    /// The unit with this code, if any.
    pub fn from_name(name: &str) -> Option<PeriodUnit> {
        PeriodUnit::ALL.into_iter().find(|u| u.as_str() == name)
    }

    /// The largest amount a period of this unit may have.
    pub const fn max_amount(self) -> u32 {
        match self {
            PeriodUnit::Minutes | PeriodUnit::Hours => MAX_CLOCK_AMOUNT,
            PeriodUnit::Days | PeriodUnit::WorkingDays => MAX_DAY_AMOUNT,
        }
    }
}

/// A period from a start: `{"minutes"|"hours"|"days"|"working_days": n}`.
///
/// The amount must be a whole number from 1 to 100 000 (minutes, hours) or
/// 3660 (days, working days); [`Calendar::deadline`] checks it
/// ([`Period::check`]). Serializes as its JSON form.
///
/// # Example
/// ```
/// use wangshi::calendar::{Period, PeriodUnit};
/// let p = Period::WorkingDays(7);
/// assert_eq!((p.unit(), p.amount()), (PeriodUnit::WorkingDays, 7));
/// assert_eq!(serde_json::to_value(p).unwrap(), serde_json::json!({"working_days": 7}));
/// assert_eq!(Period::new(PeriodUnit::Hours, 2), Period::Hours(2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// `t + n` minutes, wall clock.
    Minutes(u32),
    /// `t + n` hours, wall clock.
    Hours(u32),
    /// n natural days: the day of `t` is not counted; the last day is
    /// `date(t) + n`, moved to the next working day when it is not one;
    /// the deadline is 23:59:59 of it.
    Days(u32),
    /// n working days: the day of `t` is not counted; the last day is the
    /// n-th working day after `date(t)`; the deadline is 23:59:59 of it.
    WorkingDays(u32),
}

impl Period {
    /// The period of `amount` `unit`s.
    pub const fn new(unit: PeriodUnit, amount: u32) -> Period {
        match unit {
            PeriodUnit::Minutes => Period::Minutes(amount),
            PeriodUnit::Hours => Period::Hours(amount),
            PeriodUnit::Days => Period::Days(amount),
            PeriodUnit::WorkingDays => Period::WorkingDays(amount),
        }
    }

    /// The unit.
    pub const fn unit(self) -> PeriodUnit {
        match self {
            Period::Minutes(_) => PeriodUnit::Minutes,
            Period::Hours(_) => PeriodUnit::Hours,
            Period::Days(_) => PeriodUnit::Days,
            Period::WorkingDays(_) => PeriodUnit::WorkingDays,
        }
    }

    /// The amount (n).
    pub const fn amount(self) -> u32 {
        match self {
            Period::Minutes(n) | Period::Hours(n) | Period::Days(n) | Period::WorkingDays(n) => n,
        }
    }

    /// Whether the amount is within 1 ..= the unit's
    /// [`max_amount`](PeriodUnit::max_amount).
    #[inline]
    pub const fn is_valid(self) -> bool {
        let n = self.amount();
        n >= 1 && n <= self.unit().max_amount()
    }

    /// The period itself when its amount is valid.
    ///
    /// # Errors
    /// `invalid_value` at `period.<unit>` when the amount is 0 or above the
    /// unit's largest.
    ///
    /// # Example
    /// ```
    /// use wangshi::calendar::Period;
    /// assert!(Period::Hours(100_000).check().is_ok());
    /// let e = Period::Days(3661).check().unwrap_err();
    /// assert_eq!((e.code(), e.path()), (wangshi::ErrorCode::InvalidValue, Some("period.days")));
    /// ```
    pub fn check(self) -> Result<Period, Error> {
        if self.is_valid() {
            return Ok(self);
        }
        let unit = self.unit();
        Err(Error::new(
            ErrorCode::InvalidValue,
            format!(
                "a period of {} must be a whole number from 1 to {}, found {}",
                unit.as_str(),
                unit.max_amount(),
                self.amount()
            ),
        )
        .at(format!("period.{}", unit.as_str())))
    }
}

impl Period {
    /// A period from its JSON text, `{"minutes"|"hours"|"days"|"working_days": n}`,
    /// read exactly as a request's `period` is (errors are located at
    /// `period…`).
    ///
    /// # Errors
    /// `invalid_json` when the text is not JSON; `invalid_value` at
    /// `period` when it is not an object; `unknown_field` at
    /// `period.<key>` for a key that is no unit, and for the second unit
    /// the text gives when it gives two;
    /// `missing_field` for an object naming none (or a unit without a
    /// number); `invalid_value` at `period.<unit>` for an amount that is
    /// not a whole number from 1 to the unit's largest.
    ///
    /// # Example
    /// ```
    /// use wangshi::calendar::Period;
    /// assert_eq!(Period::from_json(r#"{"working_days": 7}"#)?, Period::WorkingDays(7));
    /// let e = Period::from_json(r#"{"weeks": 1}"#).unwrap_err();
    /// assert_eq!((e.code(), e.path()), (wangshi::ErrorCode::UnknownField, Some("period.weeks")));
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Period, Error> {
        let v = crate::request::parse_data(text, "the period")?;
        super::json::period_of(v, crate::request::Path::Root.field("period"))
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry(self.unit().as_str(), &self.amount())?;
        m.end()
    }
}

/// A deadline in seconds since 1970-01-01T00:00 local.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RawDeadline {
    /// The last second at which the step is still on time (inclusive).
    pub deadline: i64,
    /// Whether counting it asked about a day of a year the calendar does
    /// not cover.
    pub provisional: bool,
}

/// A deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Deadline {
    /// The last second at which the step is still on time (inclusive).
    pub at: NaiveDateTime,
    /// Whether counting it asked about a day of a year the calendar does
    /// not cover.
    pub provisional: bool,
}

impl Calendar {
    /// The deadline of `period` from `start` (see [`Period`] for how each
    /// unit counts).
    ///
    /// `provisional` is true iff the count asked whether a day of a year the
    /// calendar does not cover is a working day: for `days` the last day
    /// and each day it was moved over, for `working_days` each day counted
    /// over (after the start's day, up to the deadline); never for minutes
    /// and hours.
    ///
    /// A start late in 2199 with a long period may end after 2199: the
    /// deadline is counted on under the rule for uncovered years and is
    /// provisional.
    ///
    /// # Errors
    /// `invalid_date` when `start` is outside 1900–2199; `invalid_value` at
    /// `period.<unit>` for an amount outside 1 ..= the unit's largest.
    ///
    /// # Example
    /// ```
    /// use wangshi::calendar::{Calendar, Period};
    /// use chrono::NaiveDate;
    /// let cal = Calendar::default();
    /// let start = NaiveDate::from_ymd_opt(2026, 2, 12).unwrap().and_hms_opt(10, 0, 0).unwrap();
    /// // Feb 13 (Fri), Feb 14 (Sat, 调休上班), then the Spring Festival until Feb 23.
    /// let d = cal.deadline(start, Period::WorkingDays(3))?;
    /// assert_eq!(d.at.to_string(), "2026-02-24 23:59:59");
    /// assert!(!d.provisional);
    /// let d = cal.deadline(start, Period::Minutes(30))?;
    /// assert_eq!(d.at.to_string(), "2026-02-12 10:30:00");
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn deadline(&self, start: NaiveDateTime, period: Period) -> Result<Deadline, Error> {
        let t = timestamp::from_naive(start)?;
        let period = period.check()?;
        let d = self.deadline_raw(t, period).map_err(Error::from)?;
        Ok(Deadline {
            at: timestamp::to_naive(d.deadline)?,
            provisional: d.provisional,
        })
    }

    /// [`Calendar::deadline`] of a start in seconds since 1970-01-01T00:00
    /// local: what the batch, the C ABI and case handling call.
    ///
    /// # Errors
    /// [`ErrorCode::MissingField`] when `start` is
    /// [`NO_TIMESTAMP`]; [`ErrorCode::InvalidDate`] when it is
    /// outside 1900–2199; [`ErrorCode::InvalidValue`] for an amount outside
    /// 1 ..= the unit's largest.
    ///
    /// # Example
    /// ```
    /// use wangshi::calendar::{default_calendar, Period};
    /// use wangshi::timestamp::{parse_timestamp, format_timestamp};
    /// let t = parse_timestamp("2026-09-21T08:00")?;
    /// // Day 10 is Oct 1, the National Day holiday: moved to Oct 8.
    /// let d = default_calendar().deadline_raw(t, Period::Days(10)).unwrap();
    /// assert_eq!(format_timestamp(d.deadline), "2026-10-08T23:59:59");
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    #[inline]
    pub fn deadline_raw(&self, start: i64, period: Period) -> Result<RawDeadline, ErrorCode> {
        if !timestamp::in_range(start) {
            return Err(if start == NO_TIMESTAMP {
                ErrorCode::MissingField
            } else {
                ErrorCode::InvalidDate
            });
        }
        if !period.is_valid() {
            return Err(ErrorCode::InvalidValue);
        }
        self.deadline_unchecked(start, period.unit(), period.amount())
    }

    /// [`Calendar::deadline_raw`] of a start within 1900–2199 and `n`
    /// `unit`s, neither checked again: minutes and hours on the wall clock
    /// (any n), days and working days on the calendar's index (n within the
    /// unit's largest, which every caller has checked).
    #[inline]
    pub(crate) fn deadline_unchecked(
        &self,
        start: i64,
        unit: PeriodUnit,
        n: u32,
    ) -> Result<RawDeadline, ErrorCode> {
        let clock = |seconds: i64| RawDeadline {
            deadline: start + seconds,
            provisional: false,
        };
        let day = day_of(start);
        let found = match unit {
            PeriodUnit::Minutes => return Ok(clock(i64::from(n) * 60)),
            PeriodUnit::Hours => return Ok(clock(i64::from(n) * 3600)),
            PeriodUnit::Days => self.index.next_working(day + n as i32),
            PeriodUnit::WorkingDays => self.index.after_working_days(day, n),
        };
        // The index runs far enough past 2199 for the longest period, so
        // `found` is always there; the error is a guard, never expected.
        let (last, provisional) = found.ok_or(ErrorCode::InternalError)?;
        Ok(RawDeadline {
            deadline: end_of_day(last),
            provisional,
        })
    }
}
