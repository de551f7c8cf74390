//! The working-day calendar (工作日与期间): `wangshi.Calendar` with its day
//! checks, deadlines and counts (`datetime` in and out), and the columnar
//! `deadline_batch` on the shared Arrow / numpy plumbing.

use crate::batch::{index_of, length_error, missing_column, pick, table_or_columns, threads_arg};
use crate::convert;
use crate::errors;
use crate::input::{self, Codes, Column, Num};
use crate::output::{Form, Frame, Nulls, Out, Values, vocab};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDate, PyDateAccess, PyDateTime, PyDict, PyString};
use std::sync::Arc;
use wangshi::calendar::{
    Calendar, DeadlineOutput, INVALID_AMOUNT, NO_AMOUNT, NO_UNIT, Period, UNKNOWN_UNIT,
};
use wangshi::date;
use wangshi::threads::Threads;
use wangshi::timestamp::{self, NO_TIMESTAMP, NOT_A_TIMESTAMP};

/// The output columns of a deadline batch, in order.
pub(crate) const DEADLINE_COLUMNS: [&str; 3] = ["deadline", "provisional", "error"];

/// A working-day calendar: the State Council's holiday arrangements for
/// the years it covers (2024–2026 embedded), the fixed-date rule for every
/// other year. Immutable and shareable across threads.
#[pyclass(module = "wangshi", name = "Calendar", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PyCalendar {
    pub(crate) inner: Arc<Calendar>,
}

/// What `Calendar.day_kind` says about a day.
#[pyclass(module = "wangshi", name = "DayInfo", frozen, eq, hash, get_all)]
#[derive(PartialEq, Eq, Hash)]
struct PyDayInfo {
    kind: &'static str,
    name: Option<String>,
    working_day: bool,
    provisional: bool,
}

#[pymethods]
impl PyDayInfo {
    fn __repr__(&self) -> String {
        format!(
            "DayInfo(kind='{}', name={}, working_day={}, provisional={})",
            self.kind,
            self.name
                .as_ref()
                .map_or("None".to_owned(), |n| format!("'{n}'")),
            py_bool(self.working_day),
            py_bool(self.provisional)
        )
    }
}

/// A deadline: the last second still on time, and whether counting it
/// asked about a year the calendar does not cover.
#[pyclass(module = "wangshi", name = "Deadline", frozen, eq, hash)]
#[derive(PartialEq, Eq, Hash)]
struct PyDeadline {
    at: i64,
    provisional: bool,
}

#[pymethods]
impl PyDeadline {
    /// The last second still on time (a naive local `datetime`).
    #[getter]
    fn at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        py_datetime(py, self.at)
    }

    #[getter]
    fn provisional(&self) -> bool {
        self.provisional
    }

    fn __repr__(&self) -> String {
        format!(
            "Deadline(at='{}', provisional={})",
            timestamp::format_timestamp(self.at),
            py_bool(self.provisional)
        )
    }
}

/// A count of working days and whether it passed a day of an uncovered
/// year.
#[pyclass(module = "wangshi", name = "WorkingDays", frozen, eq, hash, get_all)]
#[derive(PartialEq, Eq, Hash)]
struct PyWorkingDays {
    count: u32,
    provisional: bool,
}

#[pymethods]
impl PyWorkingDays {
    fn __repr__(&self) -> String {
        format!(
            "WorkingDays(count={}, provisional={})",
            self.count,
            py_bool(self.provisional)
        )
    }
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// Seconds since 1970-01-01T00:00 local as a naive `datetime`.
pub(crate) fn py_datetime(py: Python<'_>, t: i64) -> PyResult<Bound<'_, PyDateTime>> {
    let n = timestamp::to_naive(t).map_err(|e| errors::to_py_err(py, &e))?;
    use chrono::{Datelike, Timelike};
    PyDateTime::new(
        py,
        n.year(),
        n.month() as u8,
        n.day() as u8,
        n.hour() as u8,
        n.minute() as u8,
        n.second() as u8,
        0,
        None,
    )
}

/// A period argument: a dict (or JSON text) of the contract's form,
/// `{"working_days": 7}`, read by the core exactly as a request's `period`.
pub(crate) fn period_arg(obj: &Bound<'_, PyAny>) -> PyResult<Period> {
    let py = obj.py();
    let text = match obj.cast::<PyString>() {
        Ok(s) => s.to_str()?.to_owned(),
        Err(_) => convert::to_json(obj)?,
    };
    Period::from_json(&text).map_err(|e| errors::to_py_err(py, &e))
}

/// A day argument of a working-day count: a `datetime.date` (any year: the
/// core says which it counts) or `YYYY-MM-DD` text.
fn count_day(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<i32> {
    if let (Ok(d), false) = (obj.cast::<PyDate>(), obj.is_instance_of::<PyDateTime>()) {
        return Ok(date::days_from_civil(
            d.get_year(),
            d.get_month().into(),
            d.get_day().into(),
        ));
    }
    convert::day_arg(obj, name)
}

static DEFAULT_CALENDAR: PyOnceLock<Py<PyCalendar>> = PyOnceLock::new();

/// The `calendar=` argument of a batch: a `wangshi.Calendar`, or None for
/// the embedded one.
pub(crate) fn calendar_of(
    py: Python<'_>,
    calendar: Option<&Bound<'_, PyAny>>,
) -> PyResult<Arc<Calendar>> {
    match calendar.filter(|c| !c.is_none()) {
        None => Ok(DEFAULT_CALENDAR
            .get_or_try_init(py, || Py::new(py, PyCalendar::new()))?
            .get()
            .inner
            .clone()),
        Some(c) => match c.cast::<PyCalendar>() {
            Ok(c) => Ok(c.get().inner.clone()),
            Err(_) => Err(PyTypeError::new_err(format!(
                "calendar must be a wangshi.Calendar or None, got {}",
                c.get_type().name()?
            ))),
        },
    }
}

crate::handle::rule_handle! {
    impl PyCalendar for Calendar {
        default: Calendar::default();

        /// The years the calendar covers (their days are not provisional).
        #[getter]
        fn years(&self) -> Vec<i32> {
            self.inner.years().map(|(y, _)| y).collect()
        }

        /// Whether the calendar covers `year`.
        fn covers(&self, year: i32) -> bool {
            self.inner.covers(year)
        }

        /// Whether `day` is a working day.
        fn is_working_day(&self, py: Python<'_>, date: &Bound<'_, PyAny>) -> PyResult<bool> {
            let d = convert::day_arg(date, "date")?;
            let info = self
                .inner
                .day_kind_raw(d)
                .map_err(|c| errors::raise(py, c, "date is outside 1900–2199", "date"))?;
            Ok(info.working_day)
        }

        /// The kind of `day` (`calendar.check`).
        fn day_kind(&self, py: Python<'_>, date: &Bound<'_, PyAny>) -> PyResult<PyDayInfo> {
            let d = convert::day_arg(date, "date")?;
            let info = self
                .inner
                .day_kind_raw(d)
                .map_err(|c| errors::raise(py, c, "date is outside 1900–2199", "date"))?;
            Ok(PyDayInfo {
                kind: info.kind.as_str(),
                name: info.name.map(str::to_owned),
                working_day: info.working_day,
                provisional: info.provisional,
            })
        }

        /// The deadline of `period` (`{"working_days": 7}`) from `start` (a
        /// naive `datetime`, or `YYYY-MM-DDTHH:MM[:SS]` text).
        fn deadline(
            &self,
            py: Python<'_>,
            start: &Bound<'_, PyAny>,
            period: &Bound<'_, PyAny>,
        ) -> PyResult<PyDeadline> {
            let t = input::timestamp_arg(start, "start")?;
            let period = period_arg(period)?;
            let d = self
                .inner
                .deadline_raw(t, period)
                .map_err(|c| errors::to_py_err(py, &wangshi::Error::from(c)))?;
            Ok(PyDeadline {
                at: d.deadline,
                provisional: d.provisional,
            })
        }

        /// The working days `d` with `start < d <= end`, and whether any lies
        /// in a year the calendar does not cover.
        fn working_days_between(
            &self,
            py: Python<'_>,
            start: &Bound<'_, PyAny>,
            end: &Bound<'_, PyAny>,
        ) -> PyResult<PyWorkingDays> {
            // Python's dates (years 1–9999) are all chrono dates.
            let naive = |d: i32| {
                chrono::NaiveDate::from_num_days_from_ce_opt(d + 719_163)
                    .ok_or_else(|| PyValueError::new_err(format!("day {d} is not a date")))
            };
            let (from, to) = (count_day(start, "start")?, count_day(end, "end")?);
            let n = self
                .inner
                .working_days_between(naive(from)?, naive(to)?)
                .map_err(|e| errors::to_py_err(py, &e))?;
            Ok(PyWorkingDays {
                count: n.count,
                provisional: n.provisional,
            })
        }

        fn __repr__(&self) -> String {
            format!(
                "Calendar(version='{}', years={:?})",
                self.inner.version(),
                self.years()
            )
        }
    }
}

// ------------------------------------------------------------------ batch

/// An amount cell as the core's `u32`: a whole number from 1, [`NO_AMOUNT`]
/// for a missing cell, [`INVALID_AMOUNT`] for anything else (the core
/// rejects every amount above the unit's largest).
fn amount(n: Num) -> u32 {
    match n {
        Num::Missing => NO_AMOUNT,
        Num::Bool(_) | Num::Other => INVALID_AMOUNT,
        n => match input::whole(n) {
            Some(v) if v >= 1 && v < i128::from(INVALID_AMOUNT) => v as u32,
            _ => INVALID_AMOUNT,
        },
    }
}

/// The period of a batch: one for every row, or each row's own.
enum Periods {
    One(Period),
    PerRow { unit: Vec<u8>, amount: Vec<u32> },
}

/// `deadline_batch(start, period=None, *, unit=None, amount=None,
/// calendar=None, output="numpy", messages=False, threads=1)`, or
/// `deadline_batch(table, …)` with columns `start` (and `unit`, `amount`).
#[pyfunction]
#[pyo3(signature = (start, period=None, *, unit=None, amount=None, calendar=None, output="numpy", messages=false, threads=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn deadline_batch<'py>(
    py: Python<'py>,
    start: &Bound<'py, PyAny>,
    period: Option<&Bound<'py, PyAny>>,
    unit: Option<&Bound<'py, PyAny>>,
    amount: Option<&Bound<'py, PyAny>>,
    calendar: Option<&Bound<'py, PyAny>>,
    output: &str,
    messages: bool,
    threads: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    errors::guard(py, || {
        let form = Form::parse(output)?;
        let threads = threads.map_or(Ok(Threads::ONE), threads_arg)?;
        let cal = calendar_of(py, calendar)?;
        let mut table = table_or_columns(start, &[unit, amount])?;
        let start_col = match table {
            Some(ref mut t) => t
                .take("start")?
                .ok_or_else(|| missing_column(py, "start", t))?,
            None => Column::of(start, "start")?,
        };
        let starts = input::timestamps(&start_col, "start")?;
        let n = starts.len();
        let unit_col = pick(&mut table, "unit", unit)?;
        let amount_col = pick(&mut table, "amount", amount)?;
        let periods = match (period.filter(|p| !p.is_none()), unit_col, amount_col) {
            (Some(p), None, None) => Periods::One(period_arg(p)?),
            (None, Some(u), Some(a)) => {
                let unit = Codes::vocab("period_unit", NO_UNIT, UNKNOWN_UNIT).column(&u, "unit")?;
                let amount: Vec<u32> = input::numbers_map(&a, "amount", self::amount)?;
                length_error(
                    py,
                    &[("start", n), ("unit", unit.len()), ("amount", amount.len())],
                )?;
                Periods::PerRow { unit, amount }
            }
            _ => {
                return Err(PyTypeError::new_err(
                    "give either one period ({\"working_days\": 7}) or both unit and amount columns",
                ));
            }
        };
        let c = cal.clone();
        let out = py
            .detach(|| {
                use crate::alloc::zeroed;
                let mut out = DeadlineOutput {
                    deadline: zeroed(n),
                    provisional: zeroed(n),
                    error: zeroed(n),
                };
                match &periods {
                    Periods::One(p) => {
                        c.deadline_batch_threads(&starts, *p, out.columns(), threads)
                    }
                    Periods::PerRow { unit, amount } => c.deadline_batch_per_row_threads(
                        &starts,
                        unit,
                        amount,
                        out.columns(),
                        threads,
                    ),
                }
                .map(|_| out)
            })
            .map_err(|e| errors::to_py_err(py, &e))?;
        let msgs = messages.then(|| {
            (0..n)
                .map(|i| {
                    if out.error[i] == 0 {
                        return None;
                    }
                    let (u, a) = match &periods {
                        Periods::One(p) => (p.unit() as u8, p.amount()),
                        Periods::PerRow { unit, amount } => (unit[i], amount[i]),
                    };
                    cal.explain_deadline_row(starts[i], u, a)
                        .map(|e| e.message().to_owned())
                })
                .collect::<Vec<_>>()
        });
        let DeadlineOutput {
            deadline,
            provisional,
            error: err,
        } = out;
        let mut cols = vec![
            Out::new("deadline", Values::Timestamp(deadline)),
            Out::new("provisional", Values::Bool(provisional)).on_ok(),
            Out::new("error", Values::Code(err, vocab("error"))).nulls(Nulls::Computed),
        ];
        if let Some(m) = msgs {
            cols.push(Out::new("message", Values::Text(m)));
        }
        Frame {
            cols,
            error: Some("error"),
        }
        .into_py_on(py, form, index_of(form, start), threads.for_rows(n))
    })
}

/// The calendar's names for `_core_names`.
pub(crate) fn core_names(d: &Bound<'_, PyDict>) -> PyResult<()> {
    d.set_item("NO_TIMESTAMP", NO_TIMESTAMP)?;
    d.set_item("NOT_A_TIMESTAMP", NOT_A_TIMESTAMP)?;
    d.set_item("NO_UNIT", NO_UNIT)?;
    d.set_item("UNKNOWN_UNIT", UNKNOWN_UNIT)?;
    d.set_item("NO_AMOUNT", NO_AMOUNT)?;
    d.set_item("INVALID_AMOUNT", INVALID_AMOUNT)?;
    d.set_item("DEADLINE_COLUMNS", DEADLINE_COLUMNS.to_vec())?;
    Ok(())
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCalendar>()?;
    m.add_class::<PyDayInfo>()?;
    m.add_class::<PyDeadline>()?;
    m.add_class::<PyWorkingDays>()?;
    m.add_function(wrap_pyfunction!(deadline_batch, m)?)?;
    m.add(
        "DEADLINE_COLUMNS",
        pyo3::types::PyTuple::new(m.py(), DEADLINE_COLUMNS)?,
    )?;
    m.add("NO_TIMESTAMP", NO_TIMESTAMP)?;
    m.add("NOT_A_TIMESTAMP", NOT_A_TIMESTAMP)?;
    m.add("NO_UNIT", NO_UNIT)?;
    m.add("UNKNOWN_UNIT", UNKNOWN_UNIT)?;
    m.add("NO_AMOUNT", NO_AMOUNT)?;
    m.add("INVALID_AMOUNT", INVALID_AMOUNT)?;
    Ok(())
}
