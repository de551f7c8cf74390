//! One year of the calendar as the State Council's notice arranges it
//! (国务院办公厅关于 YYYY 年部分节假日安排的通知): the days off (放假), the
//! weekend days worked (调休上班) and the notice itself; its reading and
//! validation; and the fixed-date holidays of 《全国年节及纪念日放假办法》
//! that stand in for a year no notice covers.

use crate::date::{self, MAX_YEAR, MIN_YEAR};
use crate::error::{Error, ErrorCode};
use crate::request::{Node, Obj, Path};
use chrono::NaiveDate;
use serde::Serialize;

/// One day off of a year's arrangement.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Holiday {
    /// The day.
    #[serde(serialize_with = "crate::request::write::ser_date")]
    pub date: NaiveDate,
    /// The notice's heading for the holiday, as written (`春节`;
    /// `国庆节、中秋节` in 2025).
    pub name: String,
}

/// The notice a year's arrangement comes from, so every entry is traceable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Notice {
    /// The document number, such as `国办发明电〔2024〕12号`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The day it was issued.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::request::write::ser_opt_date"
    )]
    pub date: Option<NaiveDate>,
    /// Its title, such as `国务院办公厅关于2025年部分节假日安排的通知`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// The arrangement of one calendar year: exactly the days the notice gives
/// off, and the weekend days it makes working days (调休上班).
///
/// A weekend day the notice only joins to a holiday (与周末连休) is not a
/// listed holiday; the days of a range the notice itself gives off
/// ("4月4日至6日放假，共3天") all are, weekend or not. Holidays are kept in
/// date order, workdays too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct CalendarYear {
    /// The notice, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<Notice>,
    /// The listed days off, in date order.
    pub holidays: Vec<Holiday>,
    /// The listed weekend days that are worked, in date order.
    #[serde(serialize_with = "crate::request::write::ser_dates")]
    pub workdays: Vec<NaiveDate>,
}

impl CalendarYear {
    /// The listed holiday on `date`, if any.
    ///
    /// # Example
    /// ```
    /// let cal = wangshi::calendar::default_calendar();
    /// let y = cal.year(2025).unwrap();
    /// let oct8 = chrono::NaiveDate::from_ymd_opt(2025, 10, 8).unwrap();
    /// assert_eq!(y.holiday(oct8).unwrap().name, "国庆节、中秋节");
    /// ```
    pub fn holiday(&self, date: NaiveDate) -> Option<&Holiday> {
        self.holidays
            .binary_search_by(|h| h.date.cmp(&date))
            .ok()
            .map(|i| &self.holidays[i])
    }

    /// Whether `date` is a listed workday (调休上班).
    ///
    /// # Example
    /// ```
    /// let cal = wangshi::calendar::default_calendar();
    /// let feb28 = chrono::NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
    /// assert!(cal.year(2026).unwrap().is_workday(feb28));
    /// ```
    pub fn is_workday(&self, date: NaiveDate) -> bool {
        self.workdays.binary_search(&date).is_ok()
    }
}

/// The fixed-date holidays of 《全国年节及纪念日放假办法》 (元旦 1 January,
/// 劳动节 1–2 May, 国庆节 1–3 October): the days off of a year the calendar
/// does not cover, as (month, day, name).
pub const FIXED_HOLIDAYS: [(u32, u32, &str); 6] = [
    (1, 1, "元旦"),
    (5, 1, "劳动节"),
    (5, 2, "劳动节"),
    (10, 1, "国庆节"),
    (10, 2, "国庆节"),
    (10, 3, "国庆节"),
];

/// The name of the fixed-date holiday on (month, day), if it is one.
pub(crate) fn fixed_holiday(month: u32, day: u32) -> Option<&'static str> {
    FIXED_HOLIDAYS
        .iter()
        .find(|(m, d, _)| *m == month && *d == day)
        .map(|(_, _, name)| *name)
}

/// Whether a day number is a Saturday or a Sunday (1970-01-01 was a
/// Thursday).
#[inline]
pub(crate) const fn is_weekend(day: i32) -> bool {
    day.rem_euclid(7) >= 2 && day.rem_euclid(7) <= 3
}

/// The calendar year a `"years"` key names: four digits, 1900–2199.
fn year_key(key: &str, path: Path<'_>) -> Result<i32, Error> {
    let y = (key.len() == 4 && key.bytes().all(|b| b.is_ascii_digit()))
        .then(|| key.parse::<i32>().ok())
        .flatten()
        .filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y));
    y.ok_or_else(|| {
        path.error(
            ErrorCode::InvalidCalendar,
            format!(
                "{key:?} is not a calendar year: write a year from 1900 to 2199 in four digits"
            ),
        )
    })
}

/// Reads the `"years"` object at `path`: each key a year, each value its
/// arrangement, validated. Errors carry their path; the caller maps codes
/// with `Error::in_data`.
pub(crate) fn parse_years(v: Node<'_>, path: Path<'_>) -> Result<Vec<(i32, CalendarYear)>, Error> {
    let Some(mut map) = v.entries()? else {
        return Err(path.error(
            ErrorCode::InvalidCalendar,
            format!(
                "\"years\" must be an object of year → arrangement, found {}",
                v.type_name()
            ),
        ));
    };
    // In year order, so the first problem reported does not depend on key
    // order.
    map.sort_by(|a, b| a.0.cmp(&b.0));
    let mut years = Vec::with_capacity(map.len());
    for (key, value) in &map {
        let p = path.field(key);
        let year = year_key(key, p)?;
        years.push((year, parse_year(year, *value, p)?));
    }
    Ok(years)
}

fn parse_notice(v: Node<'_>, path: Path<'_>) -> Result<Notice, Error> {
    let o = Obj::new(v, path, &["number", "date", "title"])?;
    let text = |name: &str| -> Result<Option<String>, Error> {
        match o.opt_str(name)? {
            Some(s) if s.trim().is_empty() => Err(o.error(
                name,
                ErrorCode::InvalidCalendar,
                format!("the notice's {name} must not be empty"),
            )),
            s => Ok(s.map(std::borrow::Cow::into_owned)),
        }
    };
    Ok(Notice {
        number: text("number")?,
        date: o.opt_date("date")?.map(day_date),
        title: text("title")?,
    })
}

/// The [`NaiveDate`] of a day number already checked to be in 1900–2199.
fn day_date(day: i32) -> NaiveDate {
    let (y, m, d) = date::civil_from_days(day);
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// A date of the arrangement of `year` read from `v` at `path`.
fn entry_date(v: Node<'_>, year: i32, path: Path<'_>) -> Result<i32, Error> {
    let Some(s) = v.as_str() else {
        return Err(path.error(
            ErrorCode::InvalidCalendar,
            format!(
                "expected a date written YYYY-MM-DD, found {}",
                v.type_name()
            ),
        ));
    };
    let day = date::parse_date(&s).map_err(|e| e.at(path.render()))?;
    if date::civil_from_days(day).0 != year {
        return Err(path.error(
            ErrorCode::InvalidCalendar,
            format!("{s} is not in {year}, the year it is listed under"),
        ));
    }
    Ok(day)
}

/// Reads and validates the arrangement of `year` at `path`.
fn parse_year(year: i32, v: Node<'_>, path: Path<'_>) -> Result<CalendarYear, Error> {
    let o = Obj::new(v, path, &["notice", "holidays", "workdays"])?;
    let notice = o
        .get("notice")
        .map(|n| parse_notice(n, path.field("notice")))
        .transpose()?;
    let first = date::days_from_civil(year, 1, 1);
    // Where each day of the year is listed: 0 not, 1 + i holidays[i].
    let mut off = [0u16; 366];
    let hp = path.field("holidays");
    let mut holidays = Vec::new();
    for (i, h) in o.array("holidays")?.iter().enumerate() {
        let p = hp.index(i);
        let ho = Obj::new(*h, p, &["date", "name"])?;
        let day = entry_date(ho.req("date")?, year, p.field("date"))?;
        let name = ho.str("name")?;
        if name.trim().is_empty() {
            return Err(ho.error(
                "name",
                ErrorCode::InvalidCalendar,
                "a holiday's name must not be empty",
            ));
        }
        let slot = &mut off[(day - first) as usize];
        if *slot != 0 {
            return Err(p.field("date").error(
                ErrorCode::InvalidCalendar,
                format!(
                    "{} is listed twice, also at holidays[{}]",
                    date::format_date(day),
                    *slot - 1
                ),
            ));
        }
        *slot = i as u16 + 1;
        holidays.push(Holiday {
            date: day_date(day),
            name: name.into_owned(),
        });
    }
    let wp = path.field("workdays");
    let mut worked = [0u16; 366];
    let mut workdays = Vec::new();
    for (i, w) in o.array("workdays")?.iter().enumerate() {
        let p = wp.index(i);
        let day = entry_date(*w, year, p)?;
        let at = (day - first) as usize;
        let text = date::format_date(day);
        if !is_weekend(day) {
            return Err(p.error(
                ErrorCode::InvalidCalendar,
                format!("{text} is a weekday: a listed workday (调休上班) must be a Saturday or a Sunday"),
            ));
        }
        if off[at] != 0 {
            return Err(p.error(
                ErrorCode::InvalidCalendar,
                format!(
                    "{text} is both a workday and a holiday (holidays[{}])",
                    off[at] - 1
                ),
            ));
        }
        if worked[at] != 0 {
            return Err(p.error(
                ErrorCode::InvalidCalendar,
                format!(
                    "{text} is listed twice, also at workdays[{}]",
                    worked[at] - 1
                ),
            ));
        }
        worked[at] = i as u16 + 1;
        workdays.push(day_date(day));
    }
    holidays.sort_by_key(|h| h.date);
    workdays.sort_unstable();
    Ok(CalendarYear {
        notice,
        holidays,
        workdays,
    })
}
