//! Visit completion (每月一考核 走访完成率): the columnar `completion_batch`
//! over a residents table and a separate visits table (a visits log from
//! pandas, polars, DuckDB … goes straight in), on the shared Arrow / numpy
//! plumbing.

use crate::batch::{index_of, length_error, missing_column, policy_of, texts, threads_arg};
use crate::convert;
use crate::errors;
use crate::input::{self, Codes, Column, Num, Table};
use crate::output::{Form, Frame, Nulls, Out, Values, vocab};
use arrow_schema::DataType;
use numpy::{PyArrayDescrMethods, PyUntypedArrayMethods};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::collections::{BTreeSet, HashMap};
use wangshi::ErrorCode;
use wangshi::assessment::{
    CompletionGroup, CompletionOutput, CompletionResidents, NO_GROUP, VisitTable,
    completion_batch_threads as core_completion, group_id,
};
use wangshi::threads::Threads;
use wangshi::visit::{NO_TIER, UNKNOWN_TIER};

/// The per-resident output columns of a completion batch, in order.
pub(crate) const COMPLETION_COLUMNS: [&str; 3] = ["required", "met", "error"];

/// The visits row of a visit that names no resident of the table.
const ORPHAN: u32 = u32::MAX;

fn table_arg<'py>(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<Table<'py>> {
    input::table(obj)?.ok_or_else(|| {
        PyTypeError::new_err(format!(
            "{name} must be a table of columns (a DataFrame, a pyarrow Table, a DuckDB result or \
             a dict of columns), got {}",
            obj.get_type()
                .name()
                .map_or_else(|_| "?".to_owned(), |n| n.to_string())
        ))
    })
}

fn required<'py>(py: Python<'py>, t: &mut Table<'py>, name: &str) -> PyResult<Column<'py>> {
    t.take(name)?.ok_or_else(|| missing_column(py, name, t))
}

/// Group ids numbered in code-point order (the order `visit.completion`
/// lists its groups in): each row's index, and the ids. A missing or blank
/// id ([`group_id`]) is in no group.
fn groups(col: Option<Column<'_>>, name: &str) -> PyResult<(Vec<u32>, Vec<String>)> {
    let Some(col) = col else {
        return Ok((Vec::new(), Vec::new()));
    };
    let cells = texts(&col, name)?;
    let ids: BTreeSet<&str> = cells
        .iter()
        .filter_map(|c| c.as_deref().and_then(group_id))
        .collect();
    let names: Vec<String> = ids.iter().map(|s| (*s).to_owned()).collect();
    let index: HashMap<&str, u32> = ids.into_iter().zip(0..).collect();
    let rows = cells
        .iter()
        .map(|c| {
            c.as_deref()
                .and_then(group_id)
                .and_then(|id| index.get(id).copied())
                .unwrap_or(NO_GROUP)
        })
        .collect();
    Ok((rows, names))
}

/// Whether a column holds text (resident ids) rather than numbers (row
/// indices).
fn is_text(col: &Column<'_>) -> bool {
    match col {
        Column::Arrow(chunks) => chunks.first().is_some_and(|c| {
            matches!(
                c.data_type(),
                DataType::Utf8
                    | DataType::LargeUtf8
                    | DataType::Utf8View
                    | DataType::Dictionary(..)
            )
        }),
        Column::Numpy(a) => matches!(a.dtype().kind(), b'O' | b'U' | b'S'),
    }
}

/// A whole-number column as text keys (`2` and `2.0` are `"2"`; a cell
/// that is not a whole number is no key).
fn number_keys(col: &Column<'_>, name: &str) -> PyResult<Vec<Option<String>>> {
    Ok(input::numbers(col, name)?
        .into_iter()
        .map(|c| match c {
            Num::Bool(_) => None,
            c => input::whole(c).map(|w| w.to_string()),
        })
        .collect())
}

/// The residents' `id` column as keys: text ids as they are, numeric ids
/// as whole numbers; `true` when the ids are numbers.
fn id_keys(col: &Column<'_>) -> PyResult<(Vec<Option<String>>, bool)> {
    if is_text(col) {
        Ok((texts(col, "id")?, false))
    } else {
        Ok((number_keys(col, "id")?, true))
    }
}

/// The visits' `resident` column as rows of the residents table: resident
/// ids looked up in the residents' `id` column (text, or whole numbers when
/// the ids are numbers), or — numbers naming residents whose table has
/// text ids or none — row indices. A visit naming no resident (a missing
/// cell, an unknown id, an index outside the table) is an orphan.
fn resident_rows(
    py: Python<'_>,
    col: &Column<'_>,
    ids: Option<(&[Option<String>], bool)>,
    n: usize,
) -> PyResult<Vec<u32>> {
    let numeric_ids = ids.is_some_and(|(_, numeric)| numeric);
    if !is_text(col) && !numeric_ids {
        return Ok(input::numbers(col, "visits.resident")?
            .into_iter()
            .map(|c| match c {
                Num::Bool(_) => ORPHAN,
                c => input::whole(c)
                    .filter(|&r| r >= 0 && (r as u128) < n as u128)
                    .map_or(ORPHAN, |r| r as u32),
            })
            .collect());
    }
    let Some((ids, _)) = ids else {
        return Err(errors::raise(
            py,
            ErrorCode::MissingField,
            "the visits name residents by id: the residents table needs an \"id\" column",
            "residents.id",
        ));
    };
    let mut index: HashMap<&str, u32> = HashMap::with_capacity(ids.len());
    for (row, id) in ids.iter().enumerate() {
        let Some(id) = id.as_deref() else { continue };
        if index.insert(id, row as u32).is_some() {
            return Err(errors::raise(
                py,
                ErrorCode::InvalidValue,
                format!("resident id {id:?} is given twice: the visits cannot name it"),
                "residents.id",
            ));
        }
    }
    let keys = if is_text(col) {
        texts(col, "visits.resident")?
    } else {
        number_keys(col, "visits.resident")?
    };
    Ok(keys
        .iter()
        .map(|c| {
            c.as_deref()
                .and_then(|id| index.get(id).copied())
                .unwrap_or(ORPHAN)
        })
        .collect())
}

/// The groups of one kind as a frame: key, residents, required, met,
/// rate (NaN / null when nothing was required); groups no valid resident
/// names are left out, as `visit.completion` leaves them out.
fn group_frame(key: &'static str, names: &[String], groups: &[CompletionGroup]) -> Frame {
    let kept: Vec<usize> = (0..groups.len())
        .filter(|&i| groups[i].residents > 0)
        .collect();
    let col = |f: &dyn Fn(&CompletionGroup) -> u64| kept.iter().map(|&i| f(&groups[i])).collect();
    Frame {
        cols: vec![
            Out::new(
                key,
                Values::Text(kept.iter().map(|&i| Some(names[i].clone())).collect()),
            ),
            Out::new("residents", Values::U64(col(&|g| g.residents))),
            Out::new("required", Values::U64(col(&|g| g.required))),
            Out::new("met", Values::U64(col(&|g| g.met))),
            Out::new(
                "rate",
                Values::F64(
                    kept.iter()
                        .map(|&i| groups[i].rate().map_or(f64::NAN, |r| r.to_f64()))
                        .collect(),
                ),
            ),
        ],
        error: None,
    }
}

/// `completion_batch(residents, visits, start, end, *, policy=None,
/// output="numpy")`: visit completion over `[start, end]` of a residents
/// table (`tier`, `tier_since`, `worker`?, `grid`?, `id`?) and a visits
/// table (`resident`: row index or id, `day`).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (residents, visits, start, end, *, policy=None, output="numpy", threads=None))]
pub(crate) fn completion_batch<'py>(
    py: Python<'py>,
    residents: &Bound<'py, PyAny>,
    visits: &Bound<'py, PyAny>,
    start: &Bound<'py, PyAny>,
    end: &Bound<'py, PyAny>,
    policy: Option<&Bound<'py, PyAny>>,
    output: &str,
    threads: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    errors::guard(py, || {
        let form = Form::parse(output)?;
        let threads = threads.map_or(Ok(Threads::ONE), threads_arg)?;
        let policy = policy_of(py, policy)?;
        let from = convert::day_arg(start, "start")?;
        let to = convert::day_arg(end, "end")?;
        let mut res = table_arg(residents, "residents")?;
        let mut vis = table_arg(visits, "visits")?;
        let codes: Vec<&str> = policy.tiers().iter().map(|t| t.code.as_str()).collect();
        let tier = Codes {
            codes: &codes,
            first: 0,
            none: NO_TIER,
            unknown: UNKNOWN_TIER,
        }
        .column(&required(py, &mut res, "tier")?, "tier")?;
        let since = input::days(&required(py, &mut res, "tier_since")?, "tier_since")?;
        let n = tier.len();
        let worker_col = res.take("worker")?;
        let grid_col = res.take("grid")?;
        // A column given must have a row per resident, even an empty one.
        let (worker_len, grid_len) = (
            worker_col.as_ref().map_or(n, Column::len),
            grid_col.as_ref().map_or(n, Column::len),
        );
        let (worker, workers) = groups(worker_col, "worker")?;
        let (grid, grids) = groups(grid_col, "grid")?;
        let ids = match res.take("id")? {
            Some(c) => Some(id_keys(&c)?),
            None => None,
        };
        let visit_resident = required(py, &mut vis, "resident")?;
        let day = input::days(&required(py, &mut vis, "day")?, "day")?;
        let resident = resident_rows(
            py,
            &visit_resident,
            ids.as_ref().map(|(k, numeric)| (k.as_slice(), *numeric)),
            n,
        )?;
        length_error(
            py,
            &[
                ("tier", n),
                ("tier_since", since.len()),
                ("worker", worker_len),
                ("grid", grid_len),
                ("id", ids.as_ref().map_or(n, |(k, _)| k.len())),
            ],
        )?;
        length_error(py, &[("resident", resident.len()), ("day", day.len())])?;
        let tiers = policy.tiers().len();
        let p = policy.clone();
        let (out, summary) = py
            .detach(|| {
                use crate::alloc::zeroed;
                let mut out = CompletionOutput {
                    required: zeroed(n),
                    met: zeroed(n),
                    error: zeroed(n),
                    by_worker: vec![CompletionGroup::default(); workers.len()],
                    by_grid: vec![CompletionGroup::default(); grids.len()],
                    by_tier: vec![CompletionGroup::default(); tiers],
                };
                core_completion(
                    &p,
                    from,
                    to,
                    CompletionResidents {
                        tier: &tier,
                        tier_since: &since,
                        worker: &worker,
                        grid: &grid,
                    },
                    VisitTable {
                        resident: &resident,
                        day: &day,
                    },
                    out.columns(),
                    threads,
                )
                .map(|s| (out, s))
            })
            .map_err(|e| errors::to_py_err(py, &e))?;
        let CompletionOutput {
            required,
            met,
            error: err,
            by_worker,
            by_grid,
            by_tier,
        } = out;
        let per_resident = Frame {
            cols: vec![
                Out::new("required", Values::U32(required)).on_ok(),
                Out::new("met", Values::U32(met)).on_ok(),
                Out::new("error", Values::Code(err, vocab("error"))).nulls(Nulls::Computed),
            ],
            error: Some("error"),
        };
        let tier_names: Vec<String> = codes.iter().map(|c| (*c).to_owned()).collect();
        let d = PyDict::new(py);
        d.set_item(
            "residents",
            per_resident.into_py_on(py, form, index_of(form, residents), threads.for_rows(n))?,
        )?;
        d.set_item(
            "by_worker",
            group_frame("worker", &workers, &by_worker).into_py(py, form, None)?,
        )?;
        d.set_item(
            "by_grid",
            group_frame("grid", &grids, &by_grid).into_py(py, form, None)?,
        )?;
        d.set_item(
            "by_tier",
            group_frame("tier", &tier_names, &by_tier).into_py(py, form, None)?,
        )?;
        let total = PyDict::new(py);
        total.set_item("residents", summary.total.residents)?;
        total.set_item("required", summary.total.required)?;
        total.set_item("met", summary.total.met)?;
        total.set_item("rate", summary.total.rate().map(|r| r.to_f64()))?;
        d.set_item("total", total)?;
        d.set_item("error_rows", summary.error_rows)?;
        d.set_item("orphan_visits", summary.orphan_visits)?;
        d.set_item("first_orphan", summary.first_orphan)?;
        Ok(d)
    })
}

/// The completion batch's names for `_core_names`.
pub(crate) fn core_names(d: &Bound<'_, PyDict>) -> PyResult<()> {
    d.set_item("NO_GROUP", NO_GROUP)?;
    d.set_item("COMPLETION_COLUMNS", COMPLETION_COLUMNS.to_vec())?;
    Ok(())
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(completion_batch, m)?)?;
    m.add(
        "COMPLETION_COLUMNS",
        pyo3::types::PyTuple::new(m.py(), COMPLETION_COLUMNS)?,
    )?;
    Ok(())
}
