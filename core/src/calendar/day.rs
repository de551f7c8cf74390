//! What kind of day a date is (op `calendar.check`), and counting working
//! days between two dates.

use super::index::LAST_INDEXED_DAY;
use super::load::Calendar;
use super::year::{fixed_holiday, is_weekend};
use crate::date::{self, MIN_DAY};
use crate::error::{Error, ErrorCode};
use chrono::NaiveDate;

/// The kind of a day, in the order of precedence of `calendar.check`.
///
/// The numbers are the values of batch columns and of the C ABI's
/// `ws_day_kind` (vocabulary `day_kind`); 0 means an error row.
///
/// # Example
/// ```
/// use wangshi::calendar::DayKind;
/// assert_eq!(DayKind::AdjustedWorkday.as_str(), "adjusted_workday");
/// assert!(DayKind::AdjustedWorkday.is_working() && !DayKind::Holiday.is_working());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum DayKind {
    /// `adjusted_workday` (调休上班): a listed weekend day that is worked.
    AdjustedWorkday = 1,
    /// `holiday`: a listed day off (even on a weekend), or in an uncovered
    /// year a fixed-date holiday.
    Holiday = 2,
    /// `weekend`: a Saturday or Sunday that is neither.
    Weekend = 3,
    /// `workday`: a Monday–Friday that is not a holiday.
    Workday = 4,
}

impl DayKind {
    /// Every kind, in number order.
    pub const ALL: [DayKind; 4] = [
        DayKind::AdjustedWorkday,
        DayKind::Holiday,
        DayKind::Weekend,
        DayKind::Workday,
    ];

    /// The contract's code.
    pub const fn as_str(self) -> &'static str {
        match self {
            DayKind::AdjustedWorkday => "adjusted_workday",
            DayKind::Holiday => "holiday",
            DayKind::Weekend => "weekend",
            DayKind::Workday => "workday",
        }
    }

    /// Whether a day of this kind is a working day.
    pub const fn is_working(self) -> bool {
        matches!(self, DayKind::AdjustedWorkday | DayKind::Workday)
    }
}

/// What `calendar.check` says about a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayInfo<'a> {
    /// Whether it is a working day.
    pub working_day: bool,
    /// Its kind.
    pub kind: DayKind,
    /// The holiday's name for a holiday (`春节`), else `None`.
    pub name: Option<&'a str>,
    /// Whether its year is one the calendar does not cover (the answer
    /// follows the fixed rule and may change when the year's notice is
    /// published).
    pub provisional: bool,
}

/// A count of working days, and whether it passed a day of an uncovered
/// year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WorkingDays {
    /// The number of working days.
    pub count: u32,
    /// Whether any day counted over lies in a year the calendar does not
    /// cover.
    pub provisional: bool,
}

impl Calendar {
    /// The kind of `date`, its holiday name, and whether it is a working day.
    ///
    /// # Errors
    /// `invalid_date` outside 1900–2199.
    ///
    /// # Example
    /// ```
    /// use wangshi::calendar::{Calendar, DayKind};
    /// use chrono::NaiveDate;
    /// let cal = Calendar::default();
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let spring = cal.day_kind(d(2026, 2, 17))?;
    /// assert_eq!((spring.kind, spring.name, spring.working_day), (DayKind::Holiday, Some("春节"), false));
    /// assert_eq!(cal.day_kind(d(2026, 2, 28))?.kind, DayKind::AdjustedWorkday); // a Saturday, worked
    /// let later = cal.day_kind(d(2031, 10, 2))?;
    /// assert_eq!((later.name, later.provisional), (Some("国庆节"), true));
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn day_kind(&self, date: NaiveDate) -> Result<DayInfo<'_>, Error> {
        let day = date::checked_days(date)?;
        self.day_kind_raw(day).map_err(Error::from)
    }

    /// [`Calendar::day_kind`] of a day number (days since 1970-01-01).
    ///
    /// # Errors
    /// [`ErrorCode::InvalidDate`] outside 1900–2199.
    ///
    /// # Example
    /// ```
    /// let cal = wangshi::calendar::default_calendar();
    /// let day = wangshi::date::parse_date("2025-10-08")?;
    /// assert_eq!(cal.day_kind_raw(day).unwrap().name, Some("国庆节、中秋节"));
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn day_kind_raw(&self, day: i32) -> Result<DayInfo<'_>, ErrorCode> {
        if !date::in_range(day) {
            return Err(ErrorCode::InvalidDate);
        }
        let (y, m, d) = date::civil_from_days(day);
        let weekend = is_weekend(day);
        let (kind, name, provisional) = match self.year(y) {
            Some(a) => {
                let nd = NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
                if a.is_workday(nd) {
                    (DayKind::AdjustedWorkday, None, false)
                } else if let Some(h) = a.holiday(nd) {
                    (DayKind::Holiday, Some(h.name.as_str()), false)
                } else {
                    (plain(weekend), None, false)
                }
            }
            None => match fixed_holiday(m, d) {
                Some(name) => (DayKind::Holiday, Some(name), true),
                None => (plain(weekend), None, true),
            },
        };
        Ok(DayInfo {
            working_day: kind.is_working(),
            kind,
            name,
            provisional,
        })
    }

    /// Whether `date` is a working day: a listed workday, or a
    /// Monday–Friday that is not a holiday.
    ///
    /// # Errors
    /// `invalid_date` outside 1900–2199.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = wangshi::calendar::Calendar::default();
    /// assert!(!cal.is_working_day(NaiveDate::from_ymd_opt(2026, 10, 8).unwrap().pred_opt().unwrap())?);
    /// assert!(cal.is_working_day(NaiveDate::from_ymd_opt(2026, 10, 10).unwrap())?); // Saturday, worked
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, Error> {
        let day = date::checked_days(date)?;
        Ok(self.index.is_working(day))
    }

    /// The working days `d` with `from < d <= to` (none when `to <= from`),
    /// and whether any of those days lies in an uncovered year: how
    /// supervision counts the working days a step is late.
    ///
    /// # Errors
    /// `invalid_date` for a date before 1900 or after 2215-12-31 (dates
    /// after 2199 are accepted here because a deadline may fall there).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = wangshi::calendar::Calendar::default();
    /// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    /// // Across the Spring Festival: Feb 13 (Fri), Feb 14 (Sat, worked), then Feb 24.
    /// let n = cal.working_days_between(d(2, 12), d(2, 24))?;
    /// assert_eq!((n.count, n.provisional), (3, false));
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn working_days_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<WorkingDays, Error> {
        self.working_days_between_raw(date::to_days(from), date::to_days(to))
            .map_err(|c| {
                Error::new(
                    c,
                    format!("working days between {from} and {to}: dates must lie within 1900-01-01..2215-12-31"),
                )
            })
    }

    /// [`Calendar::working_days_between`] of day numbers.
    ///
    /// # Errors
    /// [`ErrorCode::InvalidDate`] for a day before 1900-01-01 or after
    /// 2215-12-31.
    ///
    /// # Example
    /// ```
    /// let cal = wangshi::calendar::default_calendar();
    /// let from = wangshi::date::parse_date("2030-12-31")?;
    /// let n = cal.working_days_between_raw(from, from + 2).unwrap();
    /// assert_eq!((n.count, n.provisional), (1, true)); // Jan 1 off, Jan 2 (Thu) worked
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn working_days_between_raw(&self, from: i32, to: i32) -> Result<WorkingDays, ErrorCode> {
        let ok = |d: i32| (MIN_DAY..=LAST_INDEXED_DAY).contains(&d);
        if !ok(from) || !ok(to) {
            return Err(ErrorCode::InvalidDate);
        }
        if to <= from {
            return Ok(WorkingDays {
                count: 0,
                provisional: false,
            });
        }
        Ok(WorkingDays {
            count: self.index.count_through(to) - self.index.count_through(from),
            provisional: self.index.uncovered_days(from + 1, to),
        })
    }
}

fn plain(weekend: bool) -> DayKind {
    if weekend {
        DayKind::Weekend
    } else {
        DayKind::Workday
    }
}
