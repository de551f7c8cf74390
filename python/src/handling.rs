//! Case handling and supervision (事件处置闭环、监督问效):
//! `wangshi.HandlingPolicy` with its one-case `timeline`, and the columnar
//! morning sweep `supervise_batch` on the shared Arrow / numpy plumbing.

use crate::batch::{index_of, length_error, missing_column, pick, table_or_columns, threads_arg};
use crate::calendar::calendar_of;
use crate::convert;
use crate::errors;
use crate::input::{self, Codes, Column, Num, Table};
use crate::output::{Form, Frame, Nulls, Out, Values, vocab};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;
use std::sync::Arc;
use wangshi::handling::{
    HandlingPolicy, INVALID_EXTENSION, INVALID_IMMEDIATE_REPORT, INVALID_REPORT_MINUTES, NO_CLASS,
    NO_EXTENSION, NO_IMMEDIATE_REPORT, NO_LEVEL, NO_REPORT_MINUTES, NO_STEP, OpenStepColumns,
    SupervisionOutput, UNKNOWN_CLASS, UNKNOWN_LEVEL, UNKNOWN_STEP,
};
use wangshi::threads::Threads;

/// The output columns of a supervise batch, in order.
pub(crate) const SUPERVISE_COLUMNS: [&str; 5] = [
    "deadline",
    "seconds_left",
    "supervision",
    "provisional",
    "error",
];

/// The input columns of a supervise batch's table, in order: the first
/// five are required, `report_within_minutes` and `extended` optional.
pub(crate) const SUPERVISE_INPUTS: [&str; 7] = [
    "step",
    "started",
    "class",
    "level",
    "immediate_report",
    "report_within_minutes",
    "extended",
];

/// A validated handling policy: the steps, their periods, extensions and
/// the supervision thresholds. Immutable and shareable across threads.
#[pyclass(module = "wangshi", name = "HandlingPolicy", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PyHandlingPolicy {
    pub(crate) inner: Arc<HandlingPolicy>,
}

static DEFAULT_HANDLING: PyOnceLock<Py<PyHandlingPolicy>> = PyOnceLock::new();

/// The `policy=` argument of the sweep: a `wangshi.HandlingPolicy`, or
/// None for the embedded one.
fn handling_of(py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Arc<HandlingPolicy>> {
    match policy.filter(|p| !p.is_none()) {
        None => Ok(DEFAULT_HANDLING
            .get_or_try_init(py, || Py::new(py, PyHandlingPolicy::new()))?
            .get()
            .inner
            .clone()),
        Some(p) => match p.cast::<PyHandlingPolicy>() {
            Ok(p) => Ok(p.get().inner.clone()),
            Err(_) => Err(PyTypeError::new_err(format!(
                "policy must be a wangshi.HandlingPolicy or None, got {}",
                p.get_type().name()?
            ))),
        },
    }
}

/// A rule handle given to `timeline` (`TriageRules`, `Catalog`) or a dict
/// of its JSON shape, as a request field's value.
fn data_arg(obj: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<serde_json::Value>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    if obj.hasattr("to_json")? && !obj.is_instance_of::<PyDict>() {
        let text: String = obj.call_method0("to_json")?.extract()?;
        return serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| PyTypeError::new_err(format!("{name}: {e}")));
    }
    convert::arg_value(obj, name).map(Some)
}

crate::handle::rule_handle! {
    impl PyHandlingPolicy for HandlingPolicy {
        default: HandlingPolicy::default();

        /// How often a resolve step may be extended.
        #[getter]
        fn max_extensions(&self) -> u32 {
            self.inner.max_extensions()
        }

        /// One case's timeline (`case.timeline`) on this policy and a calendar:
        /// `case` and `events` in the JSON shape (`datetime` values are
        /// timestamps), `as_of` a naive `datetime` or timestamp text; `rules`
        /// and `catalog` (handles or dicts) classify the case. Returns the
        /// op's result.
        #[pyo3(signature = (case, events, as_of, *, calendar=None, rules=None, catalog=None))]
        #[allow(clippy::too_many_arguments)]
        fn timeline<'py>(
            &self,
            py: Python<'py>,
            case: &Bound<'py, PyAny>,
            events: &Bound<'py, PyAny>,
            as_of: &Bound<'py, PyAny>,
            calendar: Option<&Bound<'py, PyAny>>,
            rules: Option<&Bound<'py, PyAny>>,
            catalog: Option<&Bound<'py, PyAny>>,
        ) -> PyResult<Bound<'py, PyAny>> {
            errors::guard(py, || {
                let cal = calendar_of(py, calendar)?;
                let as_of = wangshi::timestamp::format_timestamp(input::timestamp_arg(as_of, "as_of")?);
                let mut request = serde_json::Map::new();
                request.insert("case".into(), convert::arg_value(case, "case")?);
                request.insert("events".into(), convert::arg_value(events, "events")?);
                request.insert("as_of".into(), as_of.into());
                if let Some(r) = data_arg(rules, "rules")? {
                    request.insert("rules".into(), r);
                }
                if let Some(c) = data_arg(catalog, "catalog")? {
                    request.insert("catalog".into(), c);
                }
                let text = serde_json::Value::Object(request).to_string();
                let policy = self.inner.clone();
                let response =
                    py.detach(move || wangshi::handling::respond_timeline(&policy, &cal, &text));
                convert::from_envelope(py, &response.text)
            })
        }

        fn __repr__(&self) -> String {
            format!("HandlingPolicy(version='{}')", self.inner.version())
        }
    }
}

// ------------------------------------------------------------------ batch

/// An `immediate_report` cell: 0 or 1, [`NO_IMMEDIATE_REPORT`] when
/// missing, [`INVALID_IMMEDIATE_REPORT`] for anything but a boolean (or 0
/// and 1).
fn immediate(n: Num) -> u8 {
    match n {
        Num::Missing => NO_IMMEDIATE_REPORT,
        Num::Bool(b) => u8::from(b),
        n => match input::whole(n) {
            Some(0) => 0,
            Some(1) => 1,
            _ => INVALID_IMMEDIATE_REPORT,
        },
    }
}

/// A `report_within_minutes` cell: a whole number from 1,
/// [`NO_REPORT_MINUTES`] when missing, [`INVALID_REPORT_MINUTES`] for
/// anything else (the core rejects what is above its largest).
fn minutes(n: Num) -> u32 {
    match n {
        Num::Missing => NO_REPORT_MINUTES,
        Num::Bool(_) | Num::Other => INVALID_REPORT_MINUTES,
        n => match input::whole(n) {
            Some(v) if v >= 1 && v < i128::from(INVALID_REPORT_MINUTES) => v as u32,
            _ => INVALID_REPORT_MINUTES,
        },
    }
}

/// An `extended` cell: a whole number from 0, [`NO_EXTENSION`] when
/// missing, [`INVALID_EXTENSION`] for anything else.
fn extension(n: Num) -> u32 {
    match n {
        Num::Missing => NO_EXTENSION,
        Num::Bool(_) | Num::Other => INVALID_EXTENSION,
        n => match input::whole(n) {
            Some(v) if (0..=i128::from(u32::MAX)).contains(&v) => v as u32,
            _ => INVALID_EXTENSION,
        },
    }
}

/// A numeric column through `f`, or `none` for every row when absent.
fn counts(
    c: Option<Column<'_>>,
    name: &str,
    f: fn(Num) -> u32,
    none: u32,
    n: usize,
) -> PyResult<Vec<u32>> {
    match c {
        Some(c) => Ok(input::numbers_map(&c, name, f)?),
        None => Ok(vec![none; n]),
    }
}

/// The sweep's input columns, converted.
struct SweepInput {
    step: Vec<u8>,
    started: Vec<i64>,
    class: Vec<u8>,
    level: Vec<u8>,
    immediate: Vec<u8>,
    minutes: Vec<u32>,
    extended: Vec<u32>,
}

/// A required column: the argument, or the table's column (`class` also
/// under the name `classify_batch` gives it, `case_class`).
fn required<'py>(
    py: Python<'py>,
    table: &mut Option<Table<'py>>,
    names: &[&str],
    arg: Option<&Bound<'py, PyAny>>,
) -> PyResult<Column<'py>> {
    for (k, name) in names.iter().enumerate() {
        if let Some(c) = pick(table, name, if k == 0 { arg } else { None })? {
            return Ok(c);
        }
    }
    match table {
        Some(t) => Err(missing_column(py, names[0], t)),
        None => Err(PyTypeError::new_err(format!(
            "{} is required (or pass one table of columns)",
            names[0]
        ))),
    }
}

/// `supervise_batch(step, started, as_of, *, case_class, level,
/// immediate_report, report_within_minutes=None, extended=None,
/// policy=None, calendar=None, output="numpy", messages=False, threads=1)`, or
/// `supervise_batch(table, as_of=…)`.
#[pyfunction]
#[pyo3(signature = (step, started=None, as_of=None, *, case_class=None, level=None, immediate_report=None, report_within_minutes=None, extended=None, policy=None, calendar=None, output="numpy", messages=false, threads=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn supervise_batch<'py>(
    py: Python<'py>,
    step: &Bound<'py, PyAny>,
    started: Option<&Bound<'py, PyAny>>,
    as_of: Option<&Bound<'py, PyAny>>,
    case_class: Option<&Bound<'py, PyAny>>,
    level: Option<&Bound<'py, PyAny>>,
    immediate_report: Option<&Bound<'py, PyAny>>,
    report_within_minutes: Option<&Bound<'py, PyAny>>,
    extended: Option<&Bound<'py, PyAny>>,
    policy: Option<&Bound<'py, PyAny>>,
    calendar: Option<&Bound<'py, PyAny>>,
    output: &str,
    messages: bool,
    threads: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let first = step;
    errors::guard(py, || {
        let form = Form::parse(output)?;
        let threads = threads.map_or(Ok(Threads::ONE), threads_arg)?;
        let policy = handling_of(py, policy)?;
        let cal = calendar_of(py, calendar)?;
        let Some(as_of) = as_of.filter(|a| !a.is_none()) else {
            return Err(PyTypeError::new_err("as_of is required"));
        };
        let as_of = input::timestamp_arg(as_of, "as_of")?;
        let mut table = table_or_columns(
            step,
            &[
                started,
                case_class,
                level,
                immediate_report,
                report_within_minutes,
                extended,
            ],
        )?;
        let step_col = match table {
            Some(ref mut t) => t
                .take("step")?
                .ok_or_else(|| missing_column(py, "step", t))?,
            None => Column::of(step, "step")?,
        };
        let started = required(py, &mut table, &["started"], started)?;
        let class = required(py, &mut table, &["class", "case_class"], case_class)?;
        let level = required(py, &mut table, &["level"], level)?;
        let immediate_col = required(py, &mut table, &["immediate_report"], immediate_report)?;
        let step = Codes::vocab("step", NO_STEP, UNKNOWN_STEP).column(&step_col, "step")?;
        let n = step.len();
        let minutes_col = pick(&mut table, "report_within_minutes", report_within_minutes)?;
        let extended_col = pick(&mut table, "extended", extended)?;
        let inp = SweepInput {
            started: input::timestamps(&started, "started")?,
            class: Codes::vocab("case_class", NO_CLASS, UNKNOWN_CLASS).column(&class, "class")?,
            level: Codes::vocab("level", NO_LEVEL, UNKNOWN_LEVEL).column(&level, "level")?,
            immediate: input::numbers_map(&immediate_col, "immediate_report", self::immediate)?,
            minutes: counts(
                minutes_col,
                "report_within_minutes",
                self::minutes,
                NO_REPORT_MINUTES,
                n,
            )?,
            extended: counts(extended_col, "extended", extension, NO_EXTENSION, n)?,
            step,
        };
        length_error(
            py,
            &[
                ("step", n),
                ("started", inp.started.len()),
                ("class", inp.class.len()),
                ("level", inp.level.len()),
                ("immediate_report", inp.immediate.len()),
                ("report_within_minutes", inp.minutes.len()),
                ("extended", inp.extended.len()),
            ],
        )?;
        let (p, c) = (policy.clone(), cal.clone());
        let out = py
            .detach(|| {
                use crate::alloc::zeroed;
                let mut out = SupervisionOutput {
                    deadline: zeroed(n),
                    seconds_left: zeroed(n),
                    supervision: zeroed(n),
                    provisional: zeroed(n),
                    error: zeroed(n),
                };
                p.supervise_batch_threads(
                    &c,
                    as_of,
                    OpenStepColumns {
                        step: &inp.step,
                        started: &inp.started,
                        class: &inp.class,
                        level: &inp.level,
                        immediate_report: &inp.immediate,
                        report_within_minutes: &inp.minutes,
                        extended: &inp.extended,
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
                            policy.explain_supervise_row(
                                &cal,
                                as_of,
                                inp.step[i],
                                inp.started[i],
                                inp.class[i],
                                inp.level[i],
                                inp.immediate[i],
                                inp.minutes[i],
                                inp.extended[i],
                            )
                        })
                        .flatten()
                        .map(|e| e.message().to_owned())
                })
                .collect::<Vec<_>>()
        });
        let SupervisionOutput {
            deadline,
            mut seconds_left,
            supervision,
            provisional,
            error: err,
        } = out;
        // An error row's count is 0 in the numpy and pandas forms, as every
        // other batch's numbers are (null in the Arrow forms), not the C
        // ABI's sentinel, which would read as a step very late.
        for (left, &e) in seconds_left.iter_mut().zip(&err) {
            if e != 0 {
                *left = 0;
            }
        }
        let mut cols = vec![
            Out::new("deadline", Values::Timestamp(deadline)),
            Out::new("seconds_left", Values::I64(seconds_left)).on_ok(),
            Out::new(
                "supervision",
                Values::Code(supervision, vocab("supervision")),
            )
            .on_ok(),
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
        .into_py_on(py, form, index_of(form, first), threads.for_rows(n))
    })
}

/// The handling sweep's names for `_core_names`.
pub(crate) fn core_names(d: &Bound<'_, PyDict>) -> PyResult<()> {
    d.set_item("NO_STEP", NO_STEP)?;
    d.set_item("UNKNOWN_STEP", UNKNOWN_STEP)?;
    d.set_item("NO_CLASS", NO_CLASS)?;
    d.set_item("UNKNOWN_CLASS", UNKNOWN_CLASS)?;
    d.set_item("NO_LEVEL", NO_LEVEL)?;
    d.set_item("UNKNOWN_LEVEL", UNKNOWN_LEVEL)?;
    d.set_item("NO_IMMEDIATE_REPORT", NO_IMMEDIATE_REPORT)?;
    d.set_item("INVALID_IMMEDIATE_REPORT", INVALID_IMMEDIATE_REPORT)?;
    d.set_item("NO_REPORT_MINUTES", NO_REPORT_MINUTES)?;
    d.set_item("INVALID_REPORT_MINUTES", INVALID_REPORT_MINUTES)?;
    d.set_item("NO_EXTENSION", NO_EXTENSION)?;
    d.set_item("INVALID_EXTENSION", INVALID_EXTENSION)?;
    d.set_item("SUPERVISE_COLUMNS", SUPERVISE_COLUMNS.to_vec())?;
    Ok(())
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyHandlingPolicy>()?;
    m.add_function(wrap_pyfunction!(supervise_batch, m)?)?;
    m.add(
        "SUPERVISE_COLUMNS",
        pyo3::types::PyTuple::new(m.py(), SUPERVISE_COLUMNS)?,
    )?;
    m.add(
        "SUPERVISE_INPUTS",
        pyo3::types::PyTuple::new(m.py(), SUPERVISE_INPUTS)?,
    )?;
    Ok(())
}
