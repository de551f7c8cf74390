//! The JSON ops of the calendar, `calendar.check` and `calendar.deadline`,
//! and the readers every op that counts days shares: a request's
//! `"calendar"` ([`from_request`]) and a `"period"` object ([`read_period`],
//! [`period_of`], [`read_amount`]). Timestamp fields are read with
//! `Obj::timestamp`.

pub(crate) use super::load::from_request;
use super::period::{Period, PeriodUnit};
use crate::date::format_date;
use crate::error::{Error, ErrorCode};
use crate::request::Out;
use crate::request::{Node, Obj, Path};
use crate::timestamp::format_timestamp;
use serde::Serialize;

/// The fields of `calendar.check`.
pub(crate) const CHECK_FIELDS: &[&str] = &["op", "date", "calendar"];
/// The fields of `calendar.deadline`.
pub(crate) const DEADLINE_FIELDS: &[&str] = &["op", "start", "period", "calendar"];

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

/// The field names of a period object: the units, in their order.
const UNIT_NAMES: [&str; 4] = [
    PeriodUnit::Minutes.as_str(),
    PeriodUnit::Hours.as_str(),
    PeriodUnit::Days.as_str(),
    PeriodUnit::WorkingDays.as_str(),
];

/// A period object `{"minutes"|"hours"|"days"|"working_days": n}` at
/// `path`: exactly one key.
///
/// Errors: `invalid_value` when `v` is not an object or names two units;
/// `unknown_field` at `<path>.<key>` for any other key; `missing_field` at
/// `path` for an empty object; the errors of [`read_amount`].
pub(crate) fn period_of(v: Node<'_>, path: Path<'_>) -> Result<Period, Error> {
    let names = &UNIT_NAMES;
    let o = Obj::new(v, path, names)?;
    let mut units = PeriodUnit::ALL
        .into_iter()
        .filter(|u| o.present(u.as_str()));
    let Some(unit) = units.next() else {
        return Err(path.error(
            ErrorCode::MissingField,
            format!("a period needs one of: {}", names.join(", ")),
        ));
    };
    if units.next().is_some() {
        // Exactly one key: the second unit the text gives is another key,
        // `unknown_field` there.
        let given = v.entries()?.unwrap_or_default();
        let mut given = given
            .iter()
            .filter_map(|(k, _)| PeriodUnit::ALL.into_iter().find(|u| u.as_str() == k));
        let first = given.next().unwrap_or(unit);
        let second = given.next().unwrap_or(unit);
        return Err(o.error(
            second.as_str(),
            ErrorCode::UnknownField,
            format!(
                "a period has exactly one unit: {} is given, so {} is not a field here",
                first.as_str(),
                second.as_str()
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
pub(crate) fn check(o: &Obj<'_, '_>, out: &mut Out) -> Result<(), Error> {
    let day = o.date("date")?;
    let calendar = from_request(o)?;
    out.uses(&calendar);
    let info = calendar.day_kind_raw(day).map_err(|c| {
        Error::new(c, format!("{} is outside 1900–2199", format_date(day))).at("date")
    })?;
    #[derive(Serialize)]
    struct Check<'a> {
        working_day: bool,
        kind: &'static str,
        name: Option<&'a str>,
        provisional: bool,
    }
    out.json(&Check {
        working_day: info.working_day,
        kind: info.kind.as_str(),
        name: info.name,
        provisional: info.provisional,
    });
    Ok(())
}

/// `calendar.deadline` `{"start", "period", "calendar"?}` → `{"deadline",
/// "provisional"}`.
pub(crate) fn deadline(o: &Obj<'_, '_>, out: &mut Out) -> Result<(), Error> {
    let start = o.timestamp("start")?;
    let period = read_period(o, "period")?;
    let calendar = from_request(o)?;
    out.uses(&calendar);
    // Start and period are checked above: only the index's guard is left.
    let d = calendar.deadline_raw(start, period).map_err(Error::from)?;
    #[derive(Serialize)]
    struct Deadline {
        deadline: String,
        provisional: bool,
    }
    out.json(&Deadline {
        deadline: format_timestamp(d.deadline),
        provisional: d.provisional,
    });
    Ok(())
}
