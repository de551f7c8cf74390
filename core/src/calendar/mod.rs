//! 工作日与期间 — working days and periods.
//!
//! Deadlines of case handling are counted in minutes, hours, natural days
//! or working days, and China's working days are set each year by the
//! State Council's notice on public holidays (国务院办公厅关于 YYYY 年部分节假日
//! 安排的通知): listed days off (放假) and listed weekend days that are worked
//! (调休上班). The calendar is data: the embedded
//! `data/calendar_cn.json` ([`DEFAULT_CALENDAR_JSON`]) holds the notices
//! for 2024, 2025 and 2026; a locality's calendar (a request's `"calendar"`,
//! or [`Calendar::from_json`]) replaces it year by year, e.g. to add 2027
//! when its notice is published.
//!
//! - A day is a **working day** iff it is a listed workday, or a
//!   Monday–Friday that is not a listed holiday. In a year the calendar
//!   does not cover, Monday–Friday are working days except the fixed-date
//!   holidays of 《全国年节及纪念日放假办法》 ([`FIXED_HOLIDAYS`]: 元旦 1
//!   January, 劳动节 1–2 May, 国庆节 1–3 October), and every answer that
//!   asked about such a day is **provisional**.
//! - [`Calendar::day_kind`] / [`Calendar::is_working_day`] (op
//!   `calendar.check`): `adjusted_workday`, `holiday` (with its name),
//!   `weekend` or `workday`.
//! - [`Calendar::deadline`] (op `calendar.deadline`) of a [`Period`]
//!   (`minutes`, `hours`, `days`, `working_days`) from a start
//!   ([timestamps](crate::timestamp)); the columnar
//!   [`Calendar::deadline_batch`] and [`Calendar::deadline_batch_per_row`]
//!   for millions of rows, nothing allocated per row (their `_threads`
//!   forms on every core).
//! - [`Calendar::working_days_between`]: the working days after one date up
//!   to another, as supervision counts lateness.
//!
//! Nothing walks the calendar day by day: each calendar carries a
//! working-day index (prefix counts per year and per day of the year, the
//! list of each year's working days, and prefix counts of uncovered years),
//! so a deadline of n working days is a few table look-ups.
//!
//! # Example
//! ```
//! use wangshi::calendar::{Calendar, Period, DayKind};
//! use chrono::NaiveDate;
//! let cal = Calendar::default();
//! let t = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap().and_hms_opt(16, 0, 0).unwrap();
//! // 办结 within 7 working days, across the National Day holiday (Oct 1–7)
//! // and its 调休 Saturday (Oct 10).
//! let d = cal.deadline(t, Period::WorkingDays(7))?;
//! assert_eq!(d.at.to_string(), "2026-10-15 23:59:59");
//! // 30 days to apply for 司法确认: Oct 30 is a Friday, a working day.
//! assert_eq!(cal.deadline(t, Period::Days(30))?.at.to_string(), "2026-10-30 23:59:59");
//! assert_eq!(cal.day_kind(NaiveDate::from_ymd_opt(2026, 10, 10).unwrap())?.kind, DayKind::AdjustedWorkday);
//!
//! // A county adds 2027 before the library's next data version.
//! let local = Calendar::from_json(r#"{"years": {"2027": {"holidays": [
//!     {"date": "2027-01-01", "name": "元旦"}], "workdays": []}}}"#)?;
//! assert!(local.day_kind(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap())?.provisional == false);
//! # Ok::<(), wangshi::Error>(())
//! ```

mod batch;
mod day;
mod index;
pub(crate) mod json;
mod load;
mod period;
mod year;

pub use batch::{
    DeadlineColumns, DeadlineOutput, INVALID_AMOUNT, NO_AMOUNT, NO_UNIT, UNKNOWN_UNIT,
};
pub use day::{DayInfo, DayKind, WorkingDays};
pub use index::{LAST_INDEXED_DAY, LAST_INDEXED_YEAR};
pub use load::{Calendar, DEFAULT_CALENDAR_JSON, default_calendar};
pub use period::{Deadline, MAX_CLOCK_AMOUNT, MAX_DAY_AMOUNT, Period, PeriodUnit, RawDeadline};
pub use year::{CalendarYear, FIXED_HOLIDAYS, Holiday, Notice};
