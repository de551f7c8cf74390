//! The JSON ops of the calendar, `calendar.check` and `calendar.deadline`,
//! and the readers every op that counts days shares: a request's
//! `"calendar"` ([`from_request`]), a `"period"` object ([`read_period`],
//! [`period_of`], [`read_amount`]) and a timestamp field
//! ([`read_timestamp`]).

pub(crate) use super::load::from_request;
use super::period::{Period, PeriodUnit};
use crate::date::format_date;
use crate::error::{Error, ErrorCode};
use crate::request::{Obj, Path, type_name};
use crate::timestamp::{self, format_timestamp};
use serde_json::{Value, json};

/// A required timestamp field (`YYYY-MM-DDTHH:MM[:SS]`, 1900–2199), as
/// seconds since 1970-01-01T00:00 local.
///
/// Errors: `missing_field` when absent or null; `invalid_date` at the field
/// for anything but such a string.
pub(crate) fn read_timestamp(o: &Obj<'_, '_>, name: &str) -> Result<i64, Error> {
    let v = o.req(name)?;
    timestamp_of(v, o.path().field(name))
}

/// A timestamp value at `path`.
pub(crate) fn timestamp_of(v: &Value, path: Path<'_>) -> Result<i64, Error> {
    match v.as_str() {
        Some(s) => timestamp::parse_timestamp(s).map_err(|e| e.at(path.render())),
        None => Err(path.error(
            ErrorCode::InvalidDate,
            format!(
                "expected a timestamp written YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS, found {}",
                type_name(v)
            ),
        )),
    }
}

/// The amount of a period unit that is a field of `o` (`"working_days": 5`
/// of a period, or of an `extended` event): a whole number (`2.0` too) from
/// 1 to the unit's largest.
///
/// Errors: `missing_field` when absent; `invalid_value` at the field
/// otherwise.
pub(crate) fn read_amount(o: &Obj<'_, '_>, unit: PeriodUnit) -> Result<u32, Error> {
    let name = unit.as_str();
    let max = unit.max_amount();
    let n = o.uint(name, u64::from(max))?;
    if n < 1 {
        return Err(o.error(
            name,
            ErrorCode::InvalidValue,
            format!("a period of {name} must be a whole number from 1 to {max}, found {n}"),
        ));
    }
    Ok(n as u32)
}

/// A period object `{"minutes"|"hours"|"days"|"working_days": n}` at
/// `path`: exactly one key.
///
/// Errors: `invalid_value` when `v` is not an object or names two units;
/// `unknown_field` at `<path>.<key>` for any other key; `missing_field` at
/// `path` for an empty object; the errors of [`read_amount`].
pub(crate) fn period_of(v: &Value, path: Path<'_>) -> Result<Period, Error> {
    let names = PeriodUnit::ALL.map(PeriodUnit::as_str);
    let o = Obj::new(v, path, &names)?;
    let mut units = PeriodUnit::ALL
        .into_iter()
        .filter(|u| o.map().contains_key(u.as_str()));
    let Some(unit) = units.next() else {
        return Err(path.error(
            ErrorCode::MissingField,
            format!("a period needs one of: {}", names.join(", ")),
        ));
    };
    if let Some(other) = units.next() {
        return Err(path.error(
            ErrorCode::InvalidValue,
            format!(
                "a period has exactly one unit, found {} and {}",
                unit.as_str(),
                other.as_str()
            ),
        ));
    }
    Ok(Period::new(unit, read_amount(&o, unit)?))
}

/// A required period field of `o` (`"period"`).
pub(crate) fn read_period(o: &Obj<'_, '_>, name: &str) -> Result<Period, Error> {
    period_of(o.req(name)?, o.path().field(name))
}

/// `calendar.check` `{"date", "calendar"?}` → `{"working_day", "kind",
/// "name", "provisional"}`.
pub(crate) fn check(req: &Value) -> Result<Value, Error> {
    let o = Obj::new(req, Path::Root, &["op", "date", "calendar"])?;
    let day = o.date("date")?;
    let calendar = from_request(&o)?;
    let info = calendar.day_kind_raw(day).map_err(|c| {
        Error::new(c, format!("{} is outside 1900–2199", format_date(day))).at("date")
    })?;
    Ok(json!({
        "working_day": info.working_day,
        "kind": info.kind.as_str(),
        "name": info.name,
        "provisional": info.provisional,
    }))
}

/// `calendar.deadline` `{"start", "period", "calendar"?}` → `{"deadline",
/// "provisional"}`.
pub(crate) fn deadline(req: &Value) -> Result<Value, Error> {
    let o = Obj::new(req, Path::Root, &["op", "start", "period", "calendar"])?;
    let start = read_timestamp(&o, "start")?;
    let period = read_period(&o, "period")?;
    let calendar = from_request(&o)?;
    // Start and period are checked above: only the index's guard is left.
    let d = calendar.deadline_raw(start, period).map_err(Error::from)?;
    Ok(json!({
        "deadline": format_timestamp(d.deadline),
        "provisional": d.provisional,
    }))
}
