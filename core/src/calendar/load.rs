//! The [`Calendar`] value: the embedded data (`data/calendar_cn.json`), a
//! locality's years laid over it, and the working-day index built from them.

use super::index::Index;
use super::year::{CalendarYear, parse_years};
use crate::error::{Error, ErrorCode};
use crate::request::{Node, Obj, Path};
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

/// The embedded calendar's source text: the State Council's arrangements
/// for 2024 (国办发明电〔2023〕7号), 2025 (国办发明电〔2024〕12号) and 2026
/// (国办发明电〔2025〕7号, issued 2025-11-04).
pub const DEFAULT_CALENDAR_JSON: &str = include_str!("../../data/calendar_cn.json");

/// A working-day calendar: the years it covers, each as its notice arranges
/// it ([`CalendarYear`]), and the rule for every other year
/// (Monday–Friday, except the fixed-date holidays
/// [`FIXED_HOLIDAYS`](super::FIXED_HOLIDAYS)), with a working-day index
/// built once so that deadlines never walk day by day.
///
/// Immutable and cheap to share: evaluate any number of deadlines against
/// one calendar, from many threads. It serializes (serde) to the shape of
/// its data file, `{"version", "years": {"2026": {"notice", "holidays",
/// "workdays"}}}`, holidays and workdays in date order: its canonical form.
///
/// # Example
/// ```
/// use wangshi::calendar::Calendar;
/// let cal = Calendar::default();
/// assert_eq!(cal.version(), "2026.1");
/// assert_eq!(cal.years().map(|(y, _)| y).collect::<Vec<_>>(), [2024, 2025, 2026]);
/// assert_eq!(cal.year(2026).unwrap().notice.as_ref().unwrap().number.as_deref(),
///            Some("国办发明电〔2025〕7号"));
/// ```
#[derive(Clone, Serialize)]
pub struct Calendar {
    version: String,
    years: BTreeMap<i32, CalendarYear>,
    #[serde(skip_serializing)]
    pub(crate) index: Index,
}

impl fmt::Debug for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calendar")
            .field("version", &self.version)
            .field("years", &self.years.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl PartialEq for Calendar {
    /// Two calendars are equal when their version and years are (the
    /// index follows from the years).
    fn eq(&self, other: &Calendar) -> bool {
        self.version == other.version && self.years == other.years
    }
}

impl Eq for Calendar {}

impl Default for Calendar {
    /// The embedded calendar (2024–2026).
    fn default() -> Calendar {
        default_calendar().clone()
    }
}

/// The embedded calendar, parsed, validated and indexed once.
///
/// # Example
/// ```
/// assert!(wangshi::calendar::default_calendar().covers(2026));
/// ```
pub fn default_calendar() -> &'static Calendar {
    static DEFAULT: OnceLock<Calendar> = OnceLock::new();
    DEFAULT.get_or_init(|| {
        let v = crate::request::parse_data(DEFAULT_CALENDAR_JSON, "the embedded calendar")
            .expect("the embedded calendar is JSON");
        let (version, years) = read(v, Path::Root).expect("the embedded calendar is valid");
        Calendar::build(version.unwrap_or_default(), years.into_iter().collect())
    })
}

/// A calendar as read: its version label, if any, and its years.
type Read = (Option<String>, Vec<(i32, CalendarYear)>);

/// Reads a calendar's `{"version"?, "years"}` at `path`.
fn read(v: Node<'_>, path: Path<'_>) -> Result<Read, Error> {
    let o = Obj::new(v, path, &["version", "years"])?;
    let version = o.opt_str("version")?.map(Cow::into_owned);
    let years = parse_years(o.req("years")?, path.field("years"))?;
    Ok((version, years))
}

impl Calendar {
    fn build(version: String, years: BTreeMap<i32, CalendarYear>) -> Calendar {
        let index = Index::build(years.iter().map(|(y, a)| (*y, a)));
        Calendar {
            version,
            years,
            index,
        }
    }

    /// A calendar of exactly these years (no embedded data), each
    /// validated as a calendar file's year is.
    ///
    /// # Errors
    /// `invalid_calendar` with a path such as `years.2027.workdays[1]` for a
    /// year outside 1900–2199, a date outside its year, a listed workday
    /// that is not a weekend day, a day both off and worked, a duplicate, or
    /// an empty holiday name, or a year given twice.
    ///
    /// # Example
    /// ```
    /// use wangshi::calendar::{Calendar, CalendarYear, Holiday};
    /// use chrono::NaiveDate;
    /// let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).unwrap();
    /// let y = CalendarYear { notice: None, workdays: vec![d(1, 2)],
    ///     holidays: vec![Holiday { date: d(1, 1), name: "元旦".into() }] };
    /// let cal = Calendar::new("test.1", [(2027, y.clone())])?;
    /// assert!(cal.covers(2027) && !cal.covers(2026));
    /// let bad = CalendarYear { workdays: vec![d(1, 4)], ..y }; // a Monday
    /// assert_eq!(Calendar::new("x", [(2027, bad)]).unwrap_err().path(), Some("years.2027.workdays[0]"));
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn new(
        version: impl Into<String>,
        years: impl IntoIterator<Item = (i32, CalendarYear)>,
    ) -> Result<Calendar, Error> {
        let mut map = serde_json::Map::new();
        for (y, a) in years {
            let value = serde_json::to_value(&a)
                .map_err(|e| Error::new(ErrorCode::InvalidCalendar, format!("year {y}: {e}")))?;
            if map.insert(format!("{y:04}"), value).is_some() {
                return Err(Path::Root.field("years").field(&format!("{y:04}")).error(
                    ErrorCode::InvalidCalendar,
                    format!("year {y} is given twice"),
                ));
            }
        }
        let text = serde_json::json!({ "years": map }).to_string();
        let v = Node::parse(&text, "the calendar")?;
        let (_, years) = read(v, Path::Root).map_err(|e| e.in_data(ErrorCode::InvalidCalendar))?;
        Ok(Calendar::build(version.into(), years.into_iter().collect()))
    }

    /// A locality's calendar from JSON text: the embedded calendar with each
    /// year the text lists replacing that year (the others stay), as a
    /// request's `"calendar"` field does. The shape is the data file's:
    /// `{"version"?, "years": {"2027": {"notice"?, "holidays": [{"date",
    /// "name"}], "workdays": [dates]}}}`.
    ///
    /// The version label is the text's `version`, or the embedded one
    /// followed by `+local` when the text names none.
    ///
    /// # Errors
    /// `invalid_json` when the text is not JSON (or repeats a key);
    /// `unknown_field` / `missing_field` for a misspelt or missing field;
    /// otherwise `invalid_calendar` with a path such as
    /// `years.2026.workdays[1]` (see [`Calendar::new`]).
    ///
    /// # Example
    /// ```
    /// use wangshi::calendar::Calendar;
    /// let cal = Calendar::from_json(r#"{"version": "yifeng-2027.1", "years": {"2027": {
    ///     "holidays": [{"date": "2027-01-01", "name": "元旦"}], "workdays": []}}}"#)?;
    /// assert_eq!(cal.years().map(|(y, _)| y).collect::<Vec<_>>(), [2024, 2025, 2026, 2027]);
    /// assert_eq!(cal.version(), "yifeng-2027.1");
    /// let bad = Calendar::from_json(r#"{"years": {"2026": {"holidays": [], "workdays": ["2026-03-02"]}}}"#);
    /// assert_eq!(bad.unwrap_err().path(), Some("years.2026.workdays[0]"));
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Calendar, Error> {
        let v = crate::request::parse_data(text, "the calendar")?;
        default_calendar()
            .overlay_at(v, Path::Root)
            .map_err(|e| e.in_data(ErrorCode::InvalidCalendar))
    }

    /// A locality's calendar from a JSON value: [`Calendar::from_json`]
    /// without the text.
    ///
    /// # Errors
    /// As [`Calendar::from_json`], without `invalid_json`.
    ///
    /// # Example
    /// ```
    /// let v = serde_json::json!({"years": {"2026": {"holidays": [], "workdays": []}}});
    /// let cal = wangshi::calendar::Calendar::from_value(&v)?;
    /// assert_eq!(cal.version(), "2026.1+local");
    /// assert!(cal.year(2026).unwrap().holidays.is_empty()); // 2026 replaced
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn from_value(v: &Value) -> Result<Calendar, Error> {
        default_calendar().overlay(v)
    }

    /// This calendar with the years of `v` (the shape of
    /// [`Calendar::from_json`]) replacing its own, year by year.
    ///
    /// # Errors
    /// As [`Calendar::from_value`].
    ///
    /// # Example
    /// ```
    /// use wangshi::calendar::Calendar;
    /// let base = Calendar::new("mine.1", [])?;
    /// let v = serde_json::json!({"years": {"2030": {"holidays": [], "workdays": []}}});
    /// let cal = base.overlay(&v)?;
    /// assert_eq!((cal.version(), cal.covers(2030), cal.covers(2026)), ("mine.1+local", true, false));
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn overlay(&self, v: &Value) -> Result<Calendar, Error> {
        let text = v.to_string();
        let v = crate::request::parse_data(&text, "the calendar")?;
        self.overlay_at(v, Path::Root)
            .map_err(|e| e.in_data(ErrorCode::InvalidCalendar))
    }

    /// [`Calendar::overlay`] of a value located at `path` in a request
    /// (errors not yet mapped to `invalid_calendar`).
    pub(crate) fn overlay_at(&self, v: Node<'_>, path: Path<'_>) -> Result<Calendar, Error> {
        let (version, years) = read(v, path)?;
        let mut merged = self.years.clone();
        merged.extend(years);
        let version = version.unwrap_or_else(|| format!("{}+local", self.version));
        Ok(Calendar::build(version, merged))
    }

    /// The version label (`2026.1` for the embedded calendar).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The covered years and their arrangements, in year order.
    pub fn years(&self) -> impl Iterator<Item = (i32, &CalendarYear)> {
        self.years.iter().map(|(y, a)| (*y, a))
    }

    /// The arrangement of `year`, when the calendar covers it.
    pub fn year(&self, year: i32) -> Option<&CalendarYear> {
        self.years.get(&year)
    }

    /// Whether the calendar covers `year` (its days are not provisional).
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// The calendar in its data file's shape (the canonical form).
    ///
    /// # Example
    /// ```
    /// use wangshi::calendar::Calendar;
    /// let v = Calendar::default().to_value();
    /// assert_eq!(v["years"]["2025"]["workdays"][0], "2025-01-26");
    /// assert_eq!(Calendar::from_value(&v)?, Calendar::default());
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

crate::stamp::rule_data!(Calendar, "calendar", default_calendar());

/// The request's `calendar` field laid over the embedded calendar, or the
/// embedded calendar when the field is absent: what every op that counts
/// days reads (errors are `invalid_calendar` at `calendar.…`, or
/// `unknown_field` / `missing_field`).
pub(crate) fn from_request(o: &Obj<'_, '_>) -> Result<Cow<'static, Calendar>, Error> {
    match o.get("calendar") {
        None => Ok(Cow::Borrowed(default_calendar())),
        Some(v) => default_calendar()
            .overlay_at(v, o.path().field("calendar"))
            .map(Cow::Owned)
            .map_err(|e| e.in_data(ErrorCode::InvalidCalendar)),
    }
}
