//! The columnar batches: each is a short declaration of its input columns
//! (converted by [`crate::input`] into the core's buffers and sentinels),
//! one call of the core's batch with the GIL released, and its output
//! columns (built by [`crate::output`] in the form asked for).
//!
//! The core decides every row's error; a binding only says, with the core's
//! sentinels, what a cell held.

use crate::convert;
use crate::errors;
use crate::input::{self, Codes, Column, Num, Table};
use crate::output::{Form, Frame, Nulls, Out, Values, vocab};
use crate::policy::PyVisitPolicy;
use crate::triage::PyCaseRouter;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString};
use std::sync::Arc;
use wangshi::ErrorCode;
use wangshi::date::NO_DATE;
use wangshi::threads::Threads;
use wangshi::triage::{
    CaseColumns, CaseRouter, DEFAULT_AMOUNT, DEFAULT_PARTIES, DEFAULT_REPEAT_COUNT, DecisionOutput,
    Flag, INVALID_COUNT, INVALID_FLAGS, NO_ITEM, UNKNOWN_ITEM,
};
use wangshi::visit::{
    NO_TIER, UNKNOWN_TIER, VisitOutput, VisitPolicy, WorklistRows,
    visit_status_batch_threads as core_visit_batch, worklist_rows,
};

/// The output columns of a visit batch, in order.
pub(crate) const VISIT_COLUMNS: [&str; 8] = [
    "state",
    "period_start",
    "period_end",
    "due",
    "days_left",
    "missed_periods",
    "alert",
    "error",
];

/// The output columns of a classification batch, in order.
pub(crate) const CASE_COLUMNS: [&str; 9] = [
    "case_class",
    "center",
    "level",
    "department",
    "report_within_minutes",
    "mediation",
    "immediate_report",
    "matched_rules",
    "error",
];

pub(crate) fn length_error(py: Python<'_>, lens: &[(&str, usize)]) -> PyResult<usize> {
    let n = lens.first().map_or(0, |l| l.1);
    if lens.iter().all(|l| l.1 == n) {
        return Ok(n);
    }
    let list: Vec<String> = lens.iter().map(|(k, l)| format!("{k} {l}")).collect();
    Err(errors::raise(
        py,
        ErrorCode::InvalidValue,
        format!("batch columns differ in length: {}", list.join(", ")),
        "",
    ))
}

static DEFAULT_POLICY: PyOnceLock<Py<PyVisitPolicy>> = PyOnceLock::new();

pub(crate) fn policy_of(
    py: Python<'_>,
    policy: Option<&Bound<'_, PyAny>>,
) -> PyResult<Arc<VisitPolicy>> {
    match policy {
        None => Ok(DEFAULT_POLICY
            .get_or_try_init(py, || Py::new(py, PyVisitPolicy::default_policy()))?
            .get()
            .inner
            .clone()),
        Some(p) if p.is_none() => policy_of(py, None),
        Some(p) => match p.cast::<PyVisitPolicy>() {
            Ok(p) => Ok(p.get().inner.clone()),
            Err(_) => Err(PyTypeError::new_err(format!(
                "policy must be a wangshi.VisitPolicy or None, got {}",
                p.get_type().name()?
            ))),
        },
    }
}

/// The `as_of` argument: a `datetime.date`, a `YYYY-MM-DD` string, a
/// `numpy.datetime64` or a day number since 1970-01-01.
fn as_of_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<i32> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Err(PyTypeError::new_err("as_of is required"));
    };
    let py = obj.py();
    let integer = match input::object_num(obj) {
        Num::Int(i)
            if !obj.is_instance_of::<pyo3::types::PyBool>()
                && !obj.is_instance_of::<pyo3::types::PyFloat>() =>
        {
            Some(i)
        }
        _ => None,
    };
    if let Some(d) = integer {
        let d = i64::try_from(d).unwrap_or(i64::MAX);
        return i32::try_from(d)
            .ok()
            .filter(|&d| wangshi::date::in_range(d))
            .ok_or_else(|| {
                errors::raise(
                    py,
                    ErrorCode::InvalidDate,
                    format!("day number {d} is outside 1900-01-01..2199-12-31"),
                    "as_of",
                )
            });
    }
    if obj.is_instance_of::<PyString>() {
        return convert::day_arg(obj, "as_of");
    }
    if !obj.is_instance_of::<pyo3::types::PyDate>() {
        if let Some(input::DateValue::DateTime { day, .. }) = input::date_value(obj)? {
            if input::is_missing(obj) {
                return Err(PyTypeError::new_err("as_of must be a date, got NaT"));
            }
            return convert::day_arg(&convert::py_date(py, day)?.into_any(), "as_of");
        }
    }
    convert::day_arg(obj, "as_of")
}

/// The `threads` argument: a count (`0` = every core, as in the C ABI) or
/// `"all"`; the core cuts the rows into ranges, one per thread, with the
/// same result for any count.
pub(crate) fn threads_arg(obj: &Bound<'_, PyAny>) -> PyResult<Threads> {
    let py = obj.py();
    if let Ok(s) = obj.cast::<PyString>() {
        return match s.to_str()? {
            "all" => Ok(Threads::All),
            other => Err(errors::raise(
                py,
                ErrorCode::InvalidValue,
                format!("threads must be a count (0 for every core) or \"all\", got {other:?}"),
                "threads",
            )),
        };
    }
    // An int, or an integer of another library (numpy.int64: `__index__`);
    // never a bool (numpy's bool has no `__index__`).
    let count = if obj.is_instance_of::<pyo3::types::PyBool>() {
        None
    } else if obj.is_instance_of::<pyo3::types::PyInt>() {
        Some(obj.clone())
    } else {
        obj.call_method0("__index__").ok()
    };
    let Some(count) = count else {
        return Err(PyTypeError::new_err(format!(
            "threads must be an int or \"all\", got {}",
            obj.get_type().name()?
        )));
    };
    match count.extract::<i64>() {
        Ok(n) if n >= 0 => Ok(Threads::new(usize::try_from(n).unwrap_or(usize::MAX))),
        _ => Err(errors::raise(
            py,
            ErrorCode::InvalidValue,
            format!("threads must be 0 (every core) or more, got {obj}"),
            "threads",
        )),
    }
}

/// The table form: the first argument holds every column by name.
pub(crate) fn table_or_columns<'py>(
    first: &Bound<'py, PyAny>,
    rest: &[Option<&Bound<'py, PyAny>>],
) -> PyResult<Option<Table<'py>>> {
    if rest.iter().any(|r| r.is_some_and(|r| !r.is_none())) {
        return Ok(None);
    }
    input::table(first)
}

/// The column `name`: the argument when given, else the table's column of
/// that name (in the table form), else none.
pub(crate) fn pick<'py>(
    table: &mut Option<Table<'py>>,
    name: &str,
    arg: Option<&Bound<'py, PyAny>>,
) -> PyResult<Option<Column<'py>>> {
    match (table, arg.filter(|a| !a.is_none())) {
        (_, Some(a)) => Column::of(a, name).map(Some),
        (Some(t), None) => t.take(name),
        (None, None) => Ok(None),
    }
}

/// The pandas index to keep: the index of the first argument when it has
/// one (a pandas Series or DataFrame).
pub(crate) fn index_of<'py>(form: Form, obj: &Bound<'py, PyAny>) -> Option<Bound<'py, PyAny>> {
    if form != Form::Pandas {
        return None;
    }
    // A Series' index (a list's `index` is a method, not an index).
    obj.getattr("index").ok().filter(|i| !i.is_callable())
}

// ------------------------------------------------------------------ visit

/// The visit batch's inputs, converted.
struct VisitInput {
    tier: Vec<u8>,
    since: Vec<i32>,
    last: Vec<i32>,
}

fn visit_input<'py>(
    py: Python<'py>,
    policy: &VisitPolicy,
    tier: &Bound<'py, PyAny>,
    tier_since: Option<&Bound<'py, PyAny>>,
    last_visit: Option<&Bound<'py, PyAny>>,
    table: &mut Option<Table<'py>>,
    threads: Threads,
) -> PyResult<VisitInput> {
    let codes: Vec<&str> = policy.tiers().iter().map(|t| t.code.as_str()).collect();
    let tiers = Codes {
        codes: &codes,
        first: 0,
        none: NO_TIER,
        unknown: UNKNOWN_TIER,
    };
    let (tier, since, last) = match table {
        Some(t) => {
            let tier = t
                .take("tier")?
                .ok_or_else(|| missing_column(py, "tier", t))?;
            let since = t
                .take("tier_since")?
                .ok_or_else(|| missing_column(py, "tier_since", t))?;
            let last = t.take("last_visit")?;
            (tier, since, last)
        }
        None => {
            let Some(since) = tier_since.filter(|s| !s.is_none()) else {
                return Err(PyTypeError::new_err(
                    "tier_since is required (or pass one table of columns)",
                ));
            };
            let last = match last_visit.filter(|l| !l.is_none()) {
                Some(l) => Some(Column::of(l, "last_visit")?),
                None => None,
            };
            (
                Column::of(tier, "tier")?,
                Column::of(since, "tier_since")?,
                last,
            )
        }
    };
    let threads = threads.for_rows(tier.len());
    let (tier, since, last) = match (&tier, &since, &last) {
        // Arrow columns are converted at once, one per thread.
        (Column::Arrow(t), Column::Arrow(s), l)
            if threads > 1 && !matches!(l, Some(Column::Numpy(_))) =>
        {
            let l = match l {
                Some(Column::Arrow(l)) => Some(l),
                _ => None,
            };
            let tiers = &tiers;
            let jobs: Vec<crate::par::Job<'_, PyResult<Converted>>> = vec![
                Box::new(move || tiers.column_arrow(t, "tier").map(Converted::Codes)),
                Box::new(move || input::days_arrow(s, "tier_since").map(Converted::Days)),
                Box::new(move || match l {
                    Some(l) => input::days_arrow(l, "last_visit").map(Converted::Days),
                    None => Ok(Converted::None),
                }),
            ];
            let mut done = crate::par::run(threads, jobs).into_iter();
            let mut next = || done.next().expect("three jobs");
            let (Converted::Codes(tier), Converted::Days(since), last) =
                (next()?, next()?, next()?)
            else {
                unreachable!("each job gives its kind")
            };
            let last = match last {
                Converted::Days(l) => l,
                _ => vec![NO_DATE; tier.len()],
            };
            (tier, since, last)
        }
        _ => {
            let tier = tiers.column(&tier, "tier")?;
            let since = input::days(&since, "tier_since")?;
            let last = match &last {
                Some(l) => input::days(l, "last_visit")?,
                None => vec![NO_DATE; tier.len()],
            };
            (tier, since, last)
        }
    };
    length_error(
        py,
        &[
            ("tier", tier.len()),
            ("tier_since", since.len()),
            ("last_visit", last.len()),
        ],
    )?;
    Ok(VisitInput { tier, since, last })
}

/// A column converted on a thread of [`visit_input`].
enum Converted {
    Codes(Vec<u8>),
    Days(Vec<i32>),
    None,
}

pub(crate) fn missing_column(py: Python<'_>, name: &str, t: &Table<'_>) -> PyErr {
    errors::raise(
        py,
        ErrorCode::MissingField,
        format!(
            "the table has no column {name:?} (its columns: {})",
            t.rest().join(", ")
        ),
        name,
    )
}

/// Runs the core's visit batch with the GIL released.
fn run_visit(
    py: Python<'_>,
    policy: &Arc<VisitPolicy>,
    as_of: i32,
    inp: &VisitInput,
    threads: Threads,
) -> PyResult<VisitOutput> {
    let policy = policy.clone();
    py.detach(|| {
        let mut out = visit_output(inp.tier.len());
        core_visit_batch(
            &policy,
            as_of,
            &inp.tier,
            &inp.since,
            &inp.last,
            out.columns(),
            threads,
        )
        .map(|_| out)
    })
    .map_err(|e| errors::to_py_err(py, &e))
}

/// Zeroed output columns for `n` residents, on huge pages where possible.
fn visit_output(n: usize) -> VisitOutput {
    use crate::alloc::zeroed;
    VisitOutput {
        state: zeroed(n),
        period_start: zeroed(n),
        period_end: zeroed(n),
        due: zeroed(n),
        days_left: zeroed(n),
        missed_periods: zeroed(n),
        alert: zeroed(n),
        error: zeroed(n),
    }
}

fn visit_frame(out: VisitOutput, messages: Option<Vec<Option<String>>>) -> Vec<Out> {
    let VisitOutput {
        state,
        period_start,
        period_end,
        due,
        days_left,
        missed_periods,
        alert,
        error,
    } = out;
    // A computed row has a state and a due date; rolling cadences have no
    // period (start and end are none together).
    let mut cols = vec![
        Out::new("state", Values::Code(state, vocab("visit_state"))).on_ok(),
        Out::new("period_start", Values::Date(period_start)),
        Out::new("period_end", Values::Date(period_end)).nulls(Nulls::Like("period_start")),
        Out::new("due", Values::Date(due)).on_ok(),
        Out::new("days_left", Values::I32(days_left)).on_ok(),
        Out::new("missed_periods", Values::U32(missed_periods)).on_ok(),
        Out::new("alert", Values::Code(alert, vocab("alert"))),
        Out::new("error", Values::Code(error, vocab("error"))).nulls(Nulls::Computed),
    ];
    if let Some(m) = messages {
        cols.push(Out::new("message", Values::Text(m)));
    }
    cols
}

/// The core's message of every error row (None for computed rows).
fn visit_messages(
    py: Python<'_>,
    policy: &VisitPolicy,
    as_of: i32,
    inp: &VisitInput,
    error: &[u8],
) -> PyResult<Vec<Option<String>>> {
    let day = policy
        .on_day(as_of)
        .map_err(|e| errors::to_py_err(py, &e))?;
    Ok((0..error.len())
        .map(|i| {
            (error[i] != 0)
                .then(|| day.explain(inp.tier[i], inp.since[i], inp.last[i]))
                .flatten()
                .map(|e| e.message().to_owned())
        })
        .collect())
}

/// `visit_status_batch(tier, tier_since, last_visit, as_of, policy=None, *,
/// output="numpy", messages=False, threads=1)`, or
/// `visit_status_batch(table, as_of=…)`.
#[pyfunction]
#[pyo3(signature = (tier, tier_since=None, last_visit=None, as_of=None, policy=None, *, output="numpy", messages=false, threads=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn visit_status_batch<'py>(
    py: Python<'py>,
    tier: &Bound<'py, PyAny>,
    tier_since: Option<&Bound<'py, PyAny>>,
    last_visit: Option<&Bound<'py, PyAny>>,
    as_of: Option<&Bound<'py, PyAny>>,
    policy: Option<&Bound<'py, PyAny>>,
    output: &str,
    messages: bool,
    threads: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    errors::guard(py, || {
        let form = Form::parse(output)?;
        let threads = threads.map_or(Ok(Threads::ONE), threads_arg)?;
        let policy = policy_of(py, policy)?;
        let mut table = table_or_columns(tier, &[tier_since, last_visit])?;
        let inp = visit_input(
            py, &policy, tier, tier_since, last_visit, &mut table, threads,
        )?;
        let as_of = as_of_arg(as_of)?;
        let out = run_visit(py, &policy, as_of, &inp, threads)?;
        let msgs = if messages {
            Some(visit_messages(py, &policy, as_of, &inp, &out.error)?)
        } else {
            None
        };
        let k = threads.for_rows(out.len());
        let frame = Frame {
            cols: visit_frame(out, msgs),
            error: Some("error"),
        };
        frame.into_py_on(py, form, index_of(form, tier), k)
    })
}

/// A text column (ids, workers, grids): strings, numbers written as text,
/// `None` for missing.
pub(crate) fn texts(col: &Column<'_>, name: &str) -> PyResult<Vec<Option<String>>> {
    use arrow_array::cast::AsArray;
    use arrow_schema::DataType;
    let mut out = Vec::with_capacity(col.len());
    match col {
        Column::Arrow(chunks) => {
            for c in chunks {
                match c.data_type() {
                    DataType::Utf8 => {
                        out.extend(c.as_string::<i32>().iter().map(|s| s.map(str::to_owned)))
                    }
                    DataType::LargeUtf8 => {
                        out.extend(c.as_string::<i64>().iter().map(|s| s.map(str::to_owned)))
                    }
                    DataType::Utf8View => {
                        out.extend(c.as_string_view().iter().map(|s| s.map(str::to_owned)))
                    }
                    DataType::Null => out.resize(out.len() + c.len(), None),
                    _ => {
                        let cast = arrow_cast_to_string(c.as_ref(), name)?;
                        out.extend(cast.as_string::<i32>().iter().map(|s| s.map(str::to_owned)));
                    }
                }
            }
        }
        Column::Numpy(a) => {
            for item in a.try_iter()? {
                let item = item?;
                out.push(if input::is_missing(&item) {
                    None
                } else if let Ok(s) = item.cast::<PyString>() {
                    Some(s.to_str()?.to_owned())
                } else {
                    Some(item.str()?.to_str()?.to_owned())
                });
            }
        }
    }
    Ok(out)
}

fn arrow_cast_to_string(a: &dyn arrow_array::Array, name: &str) -> PyResult<arrow_array::ArrayRef> {
    arrow_cast::cast(a, &arrow_schema::DataType::Utf8)
        .map_err(|e| PyTypeError::new_err(format!("{name} must hold text: {e}")))
}

/// `visit_worklist(...)`: the worklist of a batch in columns.
#[pyfunction]
#[pyo3(signature = (tier, tier_since=None, last_visit=None, as_of=None, policy=None, *, id=None, worker=None, grid=None, output="arrow", threads=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn visit_worklist<'py>(
    py: Python<'py>,
    tier: &Bound<'py, PyAny>,
    tier_since: Option<&Bound<'py, PyAny>>,
    last_visit: Option<&Bound<'py, PyAny>>,
    as_of: Option<&Bound<'py, PyAny>>,
    policy: Option<&Bound<'py, PyAny>>,
    id: Option<&Bound<'py, PyAny>>,
    worker: Option<&Bound<'py, PyAny>>,
    grid: Option<&Bound<'py, PyAny>>,
    output: &str,
    threads: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    errors::guard(py, || {
        let form = Form::parse(output)?;
        let threads = threads.map_or(Ok(Threads::ONE), threads_arg)?;
        let policy = policy_of(py, policy)?;
        let mut table = table_or_columns(tier, &[tier_since, last_visit])?;
        let inp = visit_input(
            py, &policy, tier, tier_since, last_visit, &mut table, threads,
        )?;
        let mut text_col = |name: &str,
                            arg: Option<&Bound<'py, PyAny>>,
                            required: bool|
         -> PyResult<Option<Vec<Option<String>>>> {
            match pick(&mut table, name, arg)? {
                Some(c) => texts(&c, name).map(Some),
                None if required => Err(PyTypeError::new_err(format!("{name} is required"))),
                None => Ok(None),
            }
        };
        let ids = text_col("id", id, true)?.unwrap_or_default();
        let workers = text_col("worker", worker, true)?.unwrap_or_default();
        let grids = text_col("grid", grid, false)?.unwrap_or_else(|| vec![None; inp.tier.len()]);
        length_error(
            py,
            &[
                ("tier", inp.tier.len()),
                ("id", ids.len()),
                ("worker", workers.len()),
                ("grid", grids.len()),
            ],
        )?;
        let as_of = as_of_arg(as_of)?;
        let out = run_visit(py, &policy, as_of, &inp, threads)?;
        let id_refs: Vec<Option<&str>> = ids.iter().map(|s| s.as_deref()).collect();
        let worker_refs: Vec<Option<&str>> = workers.iter().map(|s| s.as_deref()).collect();
        let w = py
            .detach(|| worklist_rows(&out, &inp.tier, &id_refs, &worker_refs))
            .map_err(|e| errors::to_py_err(py, &e))?;
        let codes: Vec<&str> = policy.tiers().iter().map(|t| t.code.as_str()).collect();
        let pick = |f: &dyn Fn(usize) -> Option<String>| -> Vec<Option<String>> {
            w.alerts.iter().map(|&i| f(i)).collect()
        };
        let day = policy
            .on_day(as_of)
            .map_err(|e| errors::to_py_err(py, &e))?;
        let alerts = Frame {
            cols: vec![
                Out::new(
                    "row",
                    Values::U64(w.alerts.iter().map(|&i| i as u64).collect()),
                ),
                Out::new("id", Values::Text(pick(&|i| ids[i].clone()))),
                Out::new(
                    "tier",
                    Values::Text(pick(&|i| {
                        codes.get(usize::from(inp.tier[i])).map(|s| (*s).to_owned())
                    })),
                ),
                Out::new("grid", Values::Text(pick(&|i| grids[i].clone()))),
                Out::new("worker", Values::Text(pick(&|i| workers[i].clone()))),
                Out::new(
                    "state",
                    Values::Code(
                        w.alerts.iter().map(|&i| out.state[i]).collect(),
                        vocab("visit_state"),
                    ),
                ),
                Out::new(
                    "period_start",
                    Values::Date(w.alerts.iter().map(|&i| out.period_start[i]).collect()),
                ),
                Out::new(
                    "period_end",
                    Values::Date(w.alerts.iter().map(|&i| out.period_end[i]).collect()),
                ),
                Out::new(
                    "due",
                    Values::Date(w.alerts.iter().map(|&i| out.due[i]).collect()),
                ),
                Out::new(
                    "days_left",
                    Values::I32(w.alerts.iter().map(|&i| out.days_left[i]).collect()),
                ),
                Out::new(
                    "missed_periods",
                    Values::U32(w.alerts.iter().map(|&i| out.missed_periods[i]).collect()),
                ),
                Out::new(
                    "alert",
                    Values::Code(
                        w.alerts.iter().map(|&i| out.alert[i]).collect(),
                        vocab("alert"),
                    ),
                ),
            ],
            error: None,
        };
        let by_worker = Frame {
            cols: vec![
                Out::new(
                    "worker",
                    Values::Text(
                        w.by_worker
                            .iter()
                            .map(|(k, _)| Some((*k).to_owned()))
                            .collect(),
                    ),
                ),
                Out::new(
                    "reminder",
                    Values::U32(w.by_worker.iter().map(|(_, c)| c.reminder).collect()),
                ),
                Out::new(
                    "warning",
                    Values::U32(w.by_worker.iter().map(|(_, c)| c.warning).collect()),
                ),
                Out::new(
                    "escalation",
                    Values::U32(w.by_worker.iter().map(|(_, c)| c.escalation).collect()),
                ),
            ],
            error: None,
        };
        let message = |i: usize, code: ErrorCode| -> String {
            WorklistRows::explain_fault(ids[i].as_deref(), out.error[i])
                .or_else(|| day.explain(inp.tier[i], inp.since[i], inp.last[i]))
                .map_or_else(|| code.as_str().to_owned(), |e| e.message().to_owned())
        };
        let errors = Frame {
            cols: vec![
                Out::new(
                    "row",
                    Values::U64(w.errors.iter().map(|&(i, _)| i as u64).collect()),
                ),
                Out::new(
                    "id",
                    Values::Text(w.errors.iter().map(|&(i, _)| ids[i].clone()).collect()),
                ),
                Out::new(
                    "error",
                    Values::Code(
                        w.errors.iter().map(|&(_, c)| c as u8).collect(),
                        vocab("error"),
                    ),
                ),
                Out::new(
                    "message",
                    Values::Text(w.errors.iter().map(|&(i, c)| Some(message(i, c))).collect()),
                ),
            ],
            error: None,
        };
        let d = PyDict::new(py);
        d.set_item("alerts", alerts.into_py(py, form, None)?)?;
        d.set_item("by_worker", by_worker.into_py(py, form, None)?)?;
        d.set_item("errors", errors.into_py(py, form, None)?)?;
        Ok(d)
    })
}

// ------------------------------------------------------------------ triage

/// A count cell as the core's `i32`: a whole number from 0 to 2³² − 1
/// (capped at `i32::MAX`: the rules compare counts with small thresholds),
/// the default for a missing cell, [`INVALID_COUNT`] for anything else.
fn count(n: Num, default: i32) -> i32 {
    match n {
        Num::Missing => default,
        Num::Bool(_) | Num::Other => INVALID_COUNT,
        n => match input::whole(n) {
            Some(v) if (0..=i128::from(u32::MAX)).contains(&v) => {
                v.min(i128::from(i32::MAX)) as i32
            }
            _ => INVALID_COUNT,
        },
    }
}

fn amount(n: Num) -> f64 {
    match n {
        Num::Missing => DEFAULT_AMOUNT,
        Num::Int(i) => i as f64,
        Num::Float(f) => f,
        Num::Bool(_) | Num::Other => f64::NAN,
    }
}

/// A flag cell: `Some(set)`, or `None` when it is neither set nor unset.
fn flag_cell(n: Num) -> Option<bool> {
    match n {
        Num::Missing => Some(false),
        Num::Bool(b) => Some(b),
        n => match input::whole(n) {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
    }
}

fn bitmask(n: Num) -> u16 {
    match n {
        Num::Missing => 0,
        Num::Bool(_) | Num::Other => INVALID_FLAGS,
        n => match input::whole(n) {
            Some(v) if (0..=i128::from(u16::MAX)).contains(&v) => v as u16,
            _ => INVALID_FLAGS,
        },
    }
}

/// Flag columns by name (a dict, or a table of boolean columns).
fn flag_columns(py: Python<'_>, cols: Vec<(String, Column<'_>)>, n: usize) -> PyResult<Vec<u16>> {
    let mut mask = vec![0u16; n];
    let mut bad = vec![false; n];
    for (name, col) in cols {
        let Some(flag) = Flag::from_name(&name) else {
            return Err(errors::raise(
                py,
                ErrorCode::InvalidValue,
                format!(
                    "unknown flag {name:?}; known flags: {}",
                    Flag::known_names()
                ),
                &format!("flags.{name}"),
            ));
        };
        let cells = input::numbers(&col, &format!("flags.{name}"))?;
        length_error(py, &[("item", n), (&format!("flags.{name}"), cells.len())])?;
        for (i, c) in cells.into_iter().enumerate() {
            match flag_cell(c) {
                Some(true) => mask[i] |= flag.mask(),
                Some(false) => {}
                None => bad[i] = true,
            }
        }
    }
    for (m, b) in mask.iter_mut().zip(bad) {
        if b {
            *m = INVALID_FLAGS;
        }
    }
    Ok(mask)
}

/// `classify_batch(item, reported_on, *, flags, parties, repeat_count,
/// amount, router, output, messages, threads)`, or `classify_batch(table, …)`.
#[pyfunction]
#[pyo3(signature = (item, reported_on=None, *, flags=None, parties=None, repeat_count=None, amount=None, router=None, output="numpy", messages=false, threads=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn classify_batch<'py>(
    py: Python<'py>,
    item: &Bound<'py, PyAny>,
    reported_on: Option<&Bound<'py, PyAny>>,
    flags: Option<&Bound<'py, PyAny>>,
    parties: Option<&Bound<'py, PyAny>>,
    repeat_count: Option<&Bound<'py, PyAny>>,
    amount: Option<&Bound<'py, PyAny>>,
    router: Option<&Bound<'py, PyAny>>,
    output: &str,
    messages: bool,
    threads: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    errors::guard(py, || {
        let form = Form::parse(output)?;
        let threads = threads.map_or(Ok(Threads::ONE), threads_arg)?;
        let router: Arc<CaseRouter> = match router.filter(|r| !r.is_none()) {
            None => crate::triage::default_router(py)?,
            Some(r) => match r.cast::<PyCaseRouter>() {
                Ok(r) => r.get().inner.clone(),
                Err(_) => {
                    return Err(PyTypeError::new_err(format!(
                        "router must be a wangshi.CaseRouter or None, got {}",
                        r.get_type().name()?
                    )));
                }
            },
        };
        let mut table = table_or_columns(item, &[reported_on])?;
        let item_col = match table {
            Some(ref mut t) => t.take("item")?,
            None => Some(Column::of(item, "item")?),
        };
        let Some(item_col) = item_col else {
            return Err(PyTypeError::new_err("item is required"));
        };
        let Some(day_col) = pick(&mut table, "reported_on", reported_on)? else {
            return Err(PyTypeError::new_err("reported_on is required"));
        };
        let codes: Vec<&str> = router
            .catalog()
            .items()
            .iter()
            .map(|i| i.code.as_str())
            .collect();
        let items = Codes {
            codes: &codes,
            first: 0,
            none: NO_ITEM,
            unknown: UNKNOWN_ITEM,
        }
        .column(&item_col, "item")?;
        let n = items.len();
        let days = input::days(&day_col, "reported_on")?;
        let mut counts = |name: &str, arg, default: i32| -> PyResult<Vec<i32>> {
            match pick(&mut table, name, arg)? {
                None => Ok(vec![default; n]),
                Some(c) => Ok(input::numbers_map(&c, name, |x| count(x, default))?),
            }
        };
        let parties = counts("parties", parties, DEFAULT_PARTIES)?;
        let repeats = counts("repeat_count", repeat_count, DEFAULT_REPEAT_COUNT)?;
        let amounts = match pick(&mut table, "amount", amount)? {
            None => vec![DEFAULT_AMOUNT; n],
            Some(c) => input::numbers_map(&c, "amount", self::amount)?,
        };
        let flag_bits = match flags.filter(|f| !f.is_none()) {
            Some(f) => match input::table(f)? {
                Some(mut t) => flag_columns(py, t.drain()?, n)?,
                None => input::numbers_map(&Column::of(f, "flags")?, "flags", bitmask)?,
            },
            None => match &mut table {
                Some(t) => {
                    let mask = t.take("flags")?;
                    // Columns named by flags; the table's other columns
                    // (ids, names …) are not the batch's and are not read.
                    let mut named = Vec::new();
                    for f in Flag::ALL {
                        if let Some(c) = t.take(f.as_str())? {
                            named.push((f.as_str().to_owned(), c));
                        }
                    }
                    let mut bits = match mask {
                        Some(m) => input::numbers_map(&m, "flags", bitmask)?,
                        None => vec![0u16; n],
                    };
                    if !named.is_empty() {
                        let more = flag_columns(py, named, n)?;
                        for (b, m) in bits.iter_mut().zip(more) {
                            *b = if *b == INVALID_FLAGS || m == INVALID_FLAGS {
                                INVALID_FLAGS
                            } else {
                                *b | m
                            };
                        }
                    }
                    bits
                }
                None => vec![0u16; n],
            },
        };
        length_error(
            py,
            &[
                ("item", n),
                ("reported_on", days.len()),
                ("flags", flag_bits.len()),
                ("parties", parties.len()),
                ("repeat_count", repeats.len()),
                ("amount", amounts.len()),
            ],
        )?;
        let r = router.clone();
        let out = py
            .detach(|| {
                use crate::alloc::zeroed;
                let mut out = DecisionOutput {
                    class: zeroed(n),
                    center: zeroed(n),
                    level: zeroed(n),
                    department: zeroed(n),
                    report_within_minutes: zeroed(n),
                    mediation: zeroed(n),
                    immediate_report: zeroed(n),
                    matched_rules: zeroed(n),
                    error: zeroed(n),
                };
                r.classify_batch_threads(
                    CaseColumns {
                        item: &items,
                        reported_on: &days,
                        flags: &flag_bits,
                        parties: &parties,
                        repeat_count: &repeats,
                        amount: &amounts,
                    },
                    out.columns(),
                    threads,
                )
                .map(|_| out)
            })
            .map_err(|e| errors::to_py_err(py, &e))?;
        let msgs = messages.then(|| {
            (0..n)
                .map(|i| {
                    (out.error[i] != 0)
                        .then(|| {
                            router.explain_row(
                                items[i],
                                days[i],
                                flag_bits[i],
                                parties[i],
                                repeats[i],
                                amounts[i],
                            )
                        })
                        .flatten()
                        .map(|e| e.message().to_owned())
                })
                .collect::<Vec<_>>()
        });
        let departments = router.departments().to_vec();
        let k = threads.for_rows(out.len());
        let DecisionOutput {
            class,
            center,
            level,
            department,
            report_within_minutes,
            mediation,
            immediate_report,
            matched_rules,
            error: err,
        } = out;
        let mut cols = vec![
            Out::new("case_class", Values::Code(class, vocab("case_class"))).on_ok(),
            Out::new("center", Values::Code(center, vocab("center"))).on_ok(),
            Out::new("level", Values::Code(level, vocab("level"))).on_ok(),
            Out::new("department", Values::Code16(department, departments)),
            Out::new("report_within_minutes", Values::U32(report_within_minutes)).on_ok(),
            Out::new("mediation", Values::Bool(mediation)).on_ok(),
            Out::new("immediate_report", Values::Bool(immediate_report)).on_ok(),
            Out::new("matched_rules", Values::U32(matched_rules)).on_ok(),
            Out::new("error", Values::Code(err, vocab("error"))).nulls(Nulls::Computed),
        ];
        if let Some(m) = msgs {
            cols.push(Out::new("message", Values::Text(m)));
        }
        Frame {
            cols,
            error: Some("error"),
        }
        .into_py_on(py, form, index_of(form, item), k)
    })
}

// ------------------------------------------------------------------ bench

/// The core's visit batch alone on already converted columns, timed inside
/// the native module: `(seconds per run, rows with an error)` of the
/// median of `rounds` runs. Only in the benchmark build (feature `bench`).
#[cfg(feature = "bench")]
#[pyfunction]
#[pyo3(signature = (tier, tier_since, last_visit, as_of, rounds, policy=None, threads=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _time_core_visit_batch<'py>(
    py: Python<'py>,
    tier: &Bound<'py, PyAny>,
    tier_since: &Bound<'py, PyAny>,
    last_visit: &Bound<'py, PyAny>,
    as_of: &Bound<'py, PyAny>,
    rounds: usize,
    policy: Option<&Bound<'py, PyAny>>,
    threads: Option<&Bound<'py, PyAny>>,
) -> PyResult<(f64, usize)> {
    let threads = threads.map_or(Ok(Threads::ONE), threads_arg)?;
    let policy = policy_of(py, policy)?;
    let mut table = None;
    let inp = visit_input(
        py,
        &policy,
        tier,
        Some(tier_since),
        Some(last_visit),
        &mut table,
        threads,
    )?;
    let as_of = as_of_arg(Some(as_of))?;
    let (times, bad) = py.detach(|| {
        let mut times = Vec::with_capacity(rounds);
        let mut bad = 0;
        for _ in 0..rounds.max(1) {
            let t = std::time::Instant::now();
            let mut out = visit_output(inp.tier.len());
            bad = core_visit_batch(
                &policy,
                as_of,
                &inp.tier,
                &inp.since,
                &inp.last,
                out.columns(),
                threads,
            )
            .unwrap_or(0);
            std::hint::black_box(&out);
            times.push(t.elapsed().as_secs_f64());
        }
        (times, bad)
    });
    let mut times = times;
    times.sort_by(f64::total_cmp);
    Ok((times[times.len() / 2], bad))
}

/// The stages of one `visit_status_batch` call, timed inside the native
/// module: `(convert, core, output)` seconds, the median of `rounds` calls
/// each: converting the inputs into the core's owned buffers (with the GIL
/// held), the core's batch (GIL released), and building the output form.
/// Only in the benchmark build (feature `bench`).
#[cfg(feature = "bench")]
#[pyfunction]
#[pyo3(signature = (tier, tier_since=None, last_visit=None, as_of=None, policy=None, *, output="arrow", rounds=3, threads=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _time_visit_stages<'py>(
    py: Python<'py>,
    tier: &Bound<'py, PyAny>,
    tier_since: Option<&Bound<'py, PyAny>>,
    last_visit: Option<&Bound<'py, PyAny>>,
    as_of: Option<&Bound<'py, PyAny>>,
    policy: Option<&Bound<'py, PyAny>>,
    output: &str,
    rounds: usize,
    threads: Option<&Bound<'py, PyAny>>,
) -> PyResult<(f64, f64, f64)> {
    use std::time::Instant;
    let form = Form::parse(output)?;
    let threads = threads.map_or(Ok(Threads::ONE), threads_arg)?;
    let policy = policy_of(py, policy)?;
    let as_of = as_of_arg(as_of)?;
    let mut stages = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..rounds.max(1) {
        let t0 = Instant::now();
        let mut table = table_or_columns(tier, &[tier_since, last_visit])?;
        let inp = visit_input(
            py, &policy, tier, tier_since, last_visit, &mut table, threads,
        )?;
        let t1 = Instant::now();
        let out = run_visit(py, &policy, as_of, &inp, threads)?;
        let t2 = Instant::now();
        let k = threads.for_rows(out.len());
        let frame = Frame {
            cols: visit_frame(out, None),
            error: Some("error"),
        };
        std::hint::black_box(frame.into_py_on(py, form, index_of(form, tier), k)?);
        let t3 = Instant::now();
        stages[0].push((t1 - t0).as_secs_f64());
        stages[1].push((t2 - t1).as_secs_f64());
        stages[2].push((t3 - t2).as_secs_f64());
    }
    let med = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    Ok((
        med(&mut stages[0]),
        med(&mut stages[1]),
        med(&mut stages[2]),
    ))
}

/// The names of the core a binding exposes: vocabularies, sentinels and
/// batch columns (the test of the Python package compares its names with
/// these).
#[pyfunction]
pub(crate) fn _core_names<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let v = PyDict::new(py);
    for voc in wangshi::vocab::all() {
        v.set_item(voc.name, (voc.first, voc.codes.clone()))?;
    }
    d.set_item("vocabularies", v)?;
    d.set_item("NO_DATE", wangshi::date::NO_DATE)?;
    d.set_item("NOT_A_DATE", wangshi::date::NOT_A_DATE)?;
    d.set_item("NO_TIER", NO_TIER)?;
    d.set_item("UNKNOWN_TIER", UNKNOWN_TIER)?;
    d.set_item("NO_ITEM", NO_ITEM)?;
    d.set_item("UNKNOWN_ITEM", UNKNOWN_ITEM)?;
    d.set_item("VISIT_COLUMNS", VISIT_COLUMNS.to_vec())?;
    d.set_item("CASE_COLUMNS", CASE_COLUMNS.to_vec())?;
    let kinds = PyDict::new(py);
    for c in ErrorCode::ALL {
        kinds.set_item(c.as_str(), c.kind().as_str())?;
    }
    d.set_item("error_kinds", kinds)?;
    crate::calendar::core_names(&d)?;
    crate::handling::core_names(&d)?;
    crate::completion::core_names(&d)?;
    Ok(d)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(visit_status_batch, m)?)?;
    m.add_function(wrap_pyfunction!(visit_worklist, m)?)?;
    m.add_function(wrap_pyfunction!(classify_batch, m)?)?;
    m.add_function(wrap_pyfunction!(_core_names, m)?)?;
    #[cfg(feature = "bench")]
    m.add_function(wrap_pyfunction!(_time_core_visit_batch, m)?)?;
    #[cfg(feature = "bench")]
    m.add_function(wrap_pyfunction!(_time_visit_stages, m)?)?;
    m.add(
        "VISIT_COLUMNS",
        pyo3::types::PyTuple::new(m.py(), VISIT_COLUMNS)?,
    )?;
    m.add(
        "CASE_COLUMNS",
        pyo3::types::PyTuple::new(m.py(), CASE_COLUMNS)?,
    )?;
    m.add("NO_DATE", wangshi::date::NO_DATE)?;
    m.add("NOT_A_DATE", wangshi::date::NOT_A_DATE)?;
    m.add("NO_TIER", NO_TIER)?;
    m.add("UNKNOWN_TIER", UNKNOWN_TIER)?;
    m.add("NO_ITEM", NO_ITEM)?;
    m.add("UNKNOWN_ITEM", UNKNOWN_ITEM)?;
    let flags: Vec<&str> = Flag::ALL.iter().map(|f| f.as_str()).collect();
    m.add("FLAGS", pyo3::types::PyTuple::new(m.py(), flags)?)?;
    Ok(())
}
