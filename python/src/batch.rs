//! The columnar visit batch over numpy buffers.
//!
//! The Python half (`wangshi/_batch.py`) turns numpy, pyarrow, pandas and
//! polars columns into three contiguous numpy arrays without per-row Python
//! objects: tier indices (`uint8`, 255 = not in the policy), and two day
//! columns (`int32` days with `NO_DATE` for missing, or `int64` straight from
//! `datetime64[D]` with NaT for missing). This half borrows them zero-copy
//! (rust-numpy), releases the GIL, runs `wangshi::visit::visit_status_batch`
//! and hands the output `Vec`s to numpy without copying.

use crate::convert;
use crate::errors;
use crate::policy::PyVisitPolicy;
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use std::borrow::Cow;
use std::time::Instant;
use wangshi::ErrorCode;
use wangshi::date::NO_DATE;
use wangshi::visit::{VisitColumns, visit_status_batch};

/// A column of day numbers as numpy gives it.
#[derive(FromPyObject)]
enum Days<'py> {
    /// `int32` days since 1970-01-01, `NO_DATE` (i32::MIN) for missing.
    I32(PyReadonlyArray1<'py, i32>),
    /// `int64` days (a `datetime64[D]` viewed as integers), NaT (i64::MIN)
    /// for missing.
    I64(PyReadonlyArray1<'py, i64>),
}

/// A borrowed view of a day column that can cross into `py.detach`.
enum DaysView<'a> {
    I32(Cow<'a, [i32]>),
    I64(Cow<'a, [i64]>),
}

impl Days<'_> {
    fn len(&self) -> usize {
        match self {
            Days::I32(a) => a.as_array().len(),
            Days::I64(a) => a.as_array().len(),
        }
    }

    fn view(&self) -> DaysView<'_> {
        match self {
            Days::I32(a) => DaysView::I32(slice_of(a)),
            Days::I64(a) => DaysView::I64(slice_of(a)),
        }
    }
}

fn slice_of<'a, T: numpy::Element + Copy>(a: &'a PyReadonlyArray1<'_, T>) -> Cow<'a, [T]> {
    match a.as_slice() {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(a.as_array().iter().copied().collect()),
    }
}

impl DaysView<'_> {
    /// The column as `i32` day numbers with `NO_DATE` for missing: borrowed
    /// when it already is one, else converted (NaT → `NO_DATE`; a day number
    /// beyond `i32` becomes one just inside it, which the core reports as
    /// `invalid_date` rather than as missing).
    fn as_i32(&self) -> Cow<'_, [i32]> {
        match self {
            DaysView::I32(s) => Cow::Borrowed(s.as_ref()),
            DaysView::I64(s) => Cow::Owned(
                s.iter()
                    .map(|&d| {
                        if d == i64::MIN {
                            NO_DATE
                        } else {
                            d.clamp(i64::from(NO_DATE) + 1, i64::from(i32::MAX)) as i32
                        }
                    })
                    .collect(),
            ),
        }
    }
}

/// The output columns, owned, ready to be handed to numpy.
struct Out {
    state: Vec<u8>,
    period_start: Vec<i32>,
    period_end: Vec<i32>,
    due: Vec<i32>,
    days_left: Vec<i32>,
    missed_periods: Vec<u32>,
    alert: Vec<u8>,
    error: Vec<u8>,
}

impl Out {
    fn new(n: usize) -> Out {
        Out {
            state: vec![0; n],
            period_start: vec![0; n],
            period_end: vec![0; n],
            due: vec![0; n],
            days_left: vec![0; n],
            missed_periods: vec![0; n],
            alert: vec![0; n],
            error: vec![0; n],
        }
    }

    fn columns(&mut self) -> VisitColumns<'_> {
        VisitColumns {
            state: &mut self.state,
            period_start: &mut self.period_start,
            period_end: &mut self.period_end,
            due: &mut self.due,
            days_left: &mut self.days_left,
            missed_periods: &mut self.missed_periods,
            alert: &mut self.alert,
            error: &mut self.error,
        }
    }
}

fn check_lengths(py: Python<'_>, lens: &[(&str, usize)]) -> PyResult<usize> {
    let n = lens[0].1;
    if lens.iter().any(|&(_, l)| l != n) {
        let detail: Vec<String> = lens.iter().map(|(k, l)| format!("{k} {l}")).collect();
        return Err(errors::raise(
            py,
            ErrorCode::InvalidValue,
            format!("batch columns differ in length: {}", detail.join(", ")),
            "",
        ));
    }
    Ok(n)
}

/// `_visit_status_batch(policy, as_of, tier, tier_since, last_visit,
/// tier_missing=None) -> (state, period_start, period_end, due, days_left,
/// missed_periods, alert, error)`: the raw columnar batch (see
/// `wangshi/_batch.py` for the public `visit_status_batch`).
///
/// Rows whose tier is missing (`tier_missing`) or whose `tier_since` is
/// missing get `missing_field` in `error`; all other rows are computed or
/// carry their own error code.
#[pyfunction]
#[pyo3(signature = (policy, as_of, tier, tier_since, last_visit, tier_missing=None))]
fn _visit_status_batch<'py>(
    py: Python<'py>,
    policy: &PyVisitPolicy,
    as_of: &Bound<'py, PyAny>,
    tier: PyReadonlyArray1<'py, u8>,
    tier_since: Days<'py>,
    last_visit: Days<'py>,
    tier_missing: Option<PyReadonlyArray1<'py, bool>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let as_of = convert::day_arg(as_of, "as_of")?;
    let mut lens = vec![
        ("tier", tier.as_array().len()),
        ("tier_since", tier_since.len()),
        ("last_visit", last_visit.len()),
    ];
    if let Some(m) = &tier_missing {
        lens.push(("tier_missing", m.as_array().len()));
    }
    let n = check_lengths(py, &lens)?;
    let tier = slice_of(&tier);
    let tier_missing = tier_missing.as_ref().map(slice_of);
    let (since, last) = (tier_since.view(), last_visit.view());
    let policy = policy.inner.clone();
    let out = py.detach(|| -> Result<Out, wangshi::Error> {
        let (since, last) = (since.as_i32(), last.as_i32());
        let mut out = Out::new(n);
        visit_status_batch(&policy, as_of, &tier, &since, &last, out.columns())?;
        let missing = ErrorCode::MissingField as u8;
        for i in 0..n {
            if since[i] == NO_DATE || tier_missing.as_ref().is_some_and(|m| m[i]) {
                out.error[i] = missing;
            }
        }
        Ok(out)
    });
    let out = out.map_err(|e| errors::to_py_err(py, &e))?;
    PyTuple::new(
        py,
        [
            PyArray1::from_vec(py, out.state).into_any(),
            PyArray1::from_vec(py, out.period_start).into_any(),
            PyArray1::from_vec(py, out.period_end).into_any(),
            PyArray1::from_vec(py, out.due).into_any(),
            PyArray1::from_vec(py, out.days_left).into_any(),
            PyArray1::from_vec(py, out.missed_periods).into_any(),
            PyArray1::from_vec(py, out.alert).into_any(),
            PyArray1::from_vec(py, out.error).into_any(),
        ],
    )
}

/// `_time_core_visit_batch(policy, as_of, tier, tier_since, last_visit,
/// repeats) -> list[float]`: seconds taken by the Rust core's
/// `visit_status_batch` alone, per repeat, on already-converted contiguous
/// columns with preallocated outputs — the baseline of the Python
/// benchmark's "ratio to the Rust core". Runs with the GIL released.
#[pyfunction]
fn _time_core_visit_batch<'py>(
    py: Python<'py>,
    policy: &PyVisitPolicy,
    as_of: &Bound<'py, PyAny>,
    tier: PyReadonlyArray1<'py, u8>,
    tier_since: PyReadonlyArray1<'py, i32>,
    last_visit: PyReadonlyArray1<'py, i32>,
    repeats: usize,
) -> PyResult<Vec<f64>> {
    let as_of = convert::day_arg(as_of, "as_of")?;
    let n = check_lengths(
        py,
        &[
            ("tier", tier.as_array().len()),
            ("tier_since", tier_since.as_array().len()),
            ("last_visit", last_visit.as_array().len()),
        ],
    )?;
    let (tier, since, last) = (
        slice_of(&tier),
        slice_of(&tier_since),
        slice_of(&last_visit),
    );
    let policy = policy.inner.clone();
    let times = py.detach(|| -> Result<Vec<f64>, wangshi::Error> {
        let mut out = Out::new(n);
        let mut times = Vec::with_capacity(repeats);
        for _ in 0..repeats {
            let t = Instant::now();
            let bad = visit_status_batch(&policy, as_of, &tier, &since, &last, out.columns())?;
            std::hint::black_box(bad);
            times.push(t.elapsed().as_secs_f64());
        }
        std::hint::black_box(&out.error);
        Ok(times)
    });
    times.map_err(|e| errors::to_py_err(py, &e))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_visit_status_batch, m)?)?;
    m.add_function(wrap_pyfunction!(_time_core_visit_batch, m)?)?;
    Ok(())
}
