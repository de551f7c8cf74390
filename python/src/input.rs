//! Batch input columns: anything that speaks the Arrow PyCapsule interface
//! (`__arrow_c_array__` / `__arrow_c_stream__`: pyarrow, polars, pandas,
//! DuckDB, nanoarrow …, chunked or not) through `pyo3-arrow`, numpy arrays
//! through rust-numpy, and anything else through `numpy.asarray`.
//!
//! Every column is converted, with the GIL held, into an owned buffer of
//! exactly what the core's batch takes, with the core's sentinels for what a
//! cell held (none, or present but not a date / not a known code). The core
//! then runs on those owned buffers with the GIL released: no other thread
//! can write what it reads (the Python objects given are never read again).
//!
//! The conversion rules are the JSON contract's: a text date is read with
//! `wangshi::date::parse_date` (a bad or empty cell is `NOT_A_DATE`, the
//! row's `invalid_date`); a code is matched against the policy's or
//! catalogue's codes; a missing value is the field's absence.

use arrow_array::cast::AsArray;
use arrow_array::types::*;
use arrow_array::{Array, ArrayRef, ArrowPrimitiveType, OffsetSizeTrait};
use arrow_buffer::{ArrowNativeType, NullBuffer};
use arrow_schema::{DataType, TimeUnit};
use numpy::{PyArrayDescrMethods, PyReadonlyArray1, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyDate, PyDateAccess, PyDateTime, PyFloat, PyInt, PyString, PyTimeAccess,
    PyTzInfoAccess,
};
use pyo3_arrow::input::AnyArray;
use std::collections::HashMap;
use wangshi::date::{self, NO_DATE, NOT_A_DATE};
use wangshi::timestamp::{self, NO_TIMESTAMP, NOT_A_TIMESTAMP};

/// A column as given: Arrow chunks, or a one-dimensional numpy array.
pub(crate) enum Column<'py> {
    /// Arrow chunks (at least one: an empty column is one empty array) of
    /// one type.
    Arrow(Vec<ArrayRef>),
    /// A numpy array.
    Numpy(Bound<'py, PyUntypedArray>),
}

static NUMPY_ASARRAY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn speaks_arrow(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    let py = obj.py();
    Ok(obj.hasattr(pyo3::intern!(py, "__arrow_c_stream__"))?
        || obj.hasattr(pyo3::intern!(py, "__arrow_c_array__"))?)
}

/// The Arrow chunks and type of an object speaking the PyCapsule interface.
fn arrow_of(obj: &Bound<'_, PyAny>) -> PyResult<(Vec<ArrayRef>, DataType)> {
    let any: AnyArray = obj.extract()?;
    let chunked = any.into_chunked_array()?;
    let (mut chunks, field) = chunked.into_inner();
    if chunks.is_empty() {
        chunks.push(arrow_array::new_empty_array(field.data_type()));
    }
    Ok((chunks, field.data_type().clone()))
}

impl<'py> Column<'py> {
    /// The column of `obj`, named `name` in errors.
    pub(crate) fn of(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<Column<'py>> {
        if speaks_arrow(obj)? {
            let (chunks, t) = arrow_of(obj)?;
            // A one-column table (a projection) is its column.
            if let DataType::Struct(fields) = &t {
                if fields.len() == 1 {
                    let parts = chunks
                        .iter()
                        .map(|c| c.as_struct().column(0).clone())
                        .collect();
                    return Ok(Column::Arrow(parts));
                }
            }
            return Ok(Column::Arrow(chunks));
        }
        let py = obj.py();
        let arr = match obj.cast::<PyUntypedArray>() {
            Ok(a) => a.clone(),
            Err(_) => NUMPY_ASARRAY
                .import(py, "numpy", "asarray")?
                .call1((obj,))?
                .cast_into::<PyUntypedArray>()?,
        };
        if arr.ndim() != 1 {
            return Err(PyTypeError::new_err(format!(
                "{name} must be one-dimensional, got {} dimensions",
                arr.ndim()
            )));
        }
        Ok(Column::Numpy(arr))
    }

    /// The number of rows.
    pub(crate) fn len(&self) -> usize {
        match self {
            Column::Arrow(chunks) => chunks.iter().map(|c| c.len()).sum(),
            Column::Numpy(a) => a.len(),
        }
    }
}

/// A table's columns by name: an object speaking the PyCapsule interface
/// whose arrays are structs (a pyarrow Table or RecordBatch, a pandas or
/// polars DataFrame, a DuckDB result), or a dict of columns. `None` when
/// `obj` is neither (a single column).
pub(crate) fn table<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Option<Table<'py>>> {
    if let Ok(d) = obj.cast::<pyo3::types::PyDict>() {
        let mut cols = Vec::new();
        for (k, v) in d.iter() {
            let name: String = k.extract()?;
            cols.push((name, TableCol::Obj(v)));
        }
        return Ok(Some(Table { cols }));
    }
    // A frame that names its columns (`column_names`, or `columns` of
    // strings: pyarrow, pandas, polars) is read column by column, so that
    // columns the batch does not use are never converted.
    if let Some(names) = column_names(obj)? {
        let mut cols = Vec::with_capacity(names.len());
        for name in names {
            let col = obj.get_item(&name)?;
            cols.push((name, TableCol::Obj(col)));
        }
        return Ok(Some(Table { cols }));
    }
    if !speaks_arrow(obj)? {
        return Ok(None);
    }
    let (chunks, t) = arrow_of(obj)?;
    let DataType::Struct(fields) = &t else {
        return Ok(None);
    };
    let cols = fields
        .iter()
        .enumerate()
        .map(|(k, f)| {
            let parts: Vec<ArrayRef> = chunks
                .iter()
                .map(|c| c.as_struct().column(k).clone())
                .collect();
            (f.name().clone(), TableCol::Arrow(Column::Arrow(parts)))
        })
        .collect();
    Ok(Some(Table { cols }))
}

/// The column names of a frame that names them, if `obj` is one.
fn column_names(obj: &Bound<'_, PyAny>) -> PyResult<Option<Vec<String>>> {
    let py = obj.py();
    for attr in [
        pyo3::intern!(py, "column_names"),
        pyo3::intern!(py, "columns"),
    ] {
        let Ok(names) = obj.getattr(attr) else {
            continue;
        };
        if names.is_callable() {
            continue;
        }
        let Ok(iter) = names.try_iter() else {
            continue;
        };
        let mut out = Vec::new();
        for n in iter {
            match n?.extract::<String>() {
                Ok(s) => out.push(s),
                Err(_) => return Ok(None),
            }
        }
        return Ok(Some(out));
    }
    Ok(None)
}

/// A column of a [`Table`].
pub(crate) enum TableCol<'py> {
    Arrow(Column<'py>),
    Obj(Bound<'py, PyAny>),
}

/// Named columns.
pub(crate) struct Table<'py> {
    cols: Vec<(String, TableCol<'py>)>,
}

impl<'py> Table<'py> {
    /// Takes the column `name` out of the table, if it has one.
    pub(crate) fn take(&mut self, name: &str) -> PyResult<Option<Column<'py>>> {
        let Some(i) = self.cols.iter().position(|(n, _)| n == name) else {
            return Ok(None);
        };
        match self.cols.remove(i).1 {
            TableCol::Arrow(c) => Ok(Some(c)),
            TableCol::Obj(o) => Column::of(&o, name).map(Some),
        }
    }

    /// The names of the columns not taken.
    pub(crate) fn rest(&self) -> Vec<&str> {
        self.cols.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// Takes every remaining column.
    pub(crate) fn drain(&mut self) -> PyResult<Vec<(String, Column<'py>)>> {
        std::mem::take(&mut self.cols)
            .into_iter()
            .map(|(n, c)| {
                let col = match c {
                    TableCol::Arrow(c) => c,
                    TableCol::Obj(o) => Column::of(&o, &n)?,
                };
                Ok((n, col))
            })
            .collect()
    }
}

fn type_error(name: &str, want: &str, got: impl std::fmt::Display) -> PyErr {
    PyTypeError::new_err(format!("{name} must hold {want}, got {got}"))
}

/// Writes `fill` into `out[i]` for every null row `i` of `nulls`.
fn apply_nulls<T: Copy>(out: &mut [T], nulls: Option<&NullBuffer>, fill: T) {
    let Some(nulls) = nulls else { return };
    if nulls.null_count() == 0 {
        return;
    }
    let chunks = nulls.inner().bit_chunks();
    let mut base = 0;
    for word in chunks.iter() {
        if word != u64::MAX {
            for (k, o) in out[base..base + 64].iter_mut().enumerate() {
                if word >> k & 1 == 0 {
                    *o = fill;
                }
            }
        }
        base += 64;
    }
    let rest = chunks.remainder_bits();
    for (k, o) in out[base..].iter_mut().enumerate() {
        if rest >> k & 1 == 0 {
            *o = fill;
        }
    }
}

// ------------------------------------------------------------------ dates

/// A day number of any width as the core's `i32`: out of `i32` range is
/// out of 1900–2199 too (`invalid_date`), never wrapped and never "none".
#[inline(always)]
fn clamp_day(d: i64) -> i32 {
    if d == i64::from(NO_DATE) {
        NO_DATE
    } else {
        d.clamp(i64::from(NOT_A_DATE), i64::from(i32::MAX)) as i32
    }
}

/// A date in `PER_DAY` units per day, floored to the day.
fn floor_days<const PER_DAY: i64>(src: &[i64], out: &mut Vec<i32>) {
    out.extend(src.iter().map(|&v| {
        if v == i64::MIN {
            NO_DATE // numpy's NaT
        } else {
            v.div_euclid(PER_DAY)
                .clamp(i64::from(NOT_A_DATE), i64::from(i32::MAX)) as i32
        }
    }));
}

fn floor_any(src: &[i64], per_day: i64, out: &mut Vec<i32>) {
    match per_day {
        1 => floor_days::<1>(src, out),
        86_400 => floor_days::<86_400>(src, out),
        86_400_000 => floor_days::<86_400_000>(src, out),
        86_400_000_000 => floor_days::<86_400_000_000>(src, out),
        86_400_000_000_000 => floor_days::<86_400_000_000_000>(src, out),
        p => out.extend(src.iter().map(|&v| {
            if v == i64::MIN {
                NO_DATE
            } else {
                v.div_euclid(p)
                    .clamp(i64::from(NOT_A_DATE), i64::from(i32::MAX)) as i32
            }
        })),
    }
}

fn per_day(unit: &TimeUnit) -> i64 {
    match unit {
        TimeUnit::Second => 86_400,
        TimeUnit::Millisecond => 86_400_000,
        TimeUnit::Microsecond => 86_400_000_000,
        TimeUnit::Nanosecond => 86_400_000_000_000,
    }
}

fn text_days<O: OffsetSizeTrait>(a: &dyn Array, out: &mut Vec<i32>) {
    let s = a.as_string::<O>();
    out.extend(
        s.iter()
            .map(|v| v.map_or(NO_DATE, |t| date::parse_date(t).unwrap_or(NOT_A_DATE))),
    );
}

fn int_days<T: ArrowPrimitiveType>(a: &dyn Array, out: &mut Vec<i32>)
where
    T::Native: Into<i128>,
{
    let p = a.as_primitive::<T>();
    let start = out.len();
    out.extend(p.values().iter().map(|&v| {
        let v: i128 = v.into();
        clamp_day(v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
    }));
    apply_nulls(&mut out[start..], p.nulls(), NO_DATE);
}

fn dict_days<K: ArrowDictionaryKeyType>(
    a: &dyn Array,
    name: &str,
    out: &mut Vec<i32>,
) -> PyResult<()> {
    let d = a.as_dictionary::<K>();
    let mut values = Vec::new();
    arrow_days(d.values().as_ref(), name, &mut values)?;
    let start = out.len();
    out.extend(
        d.keys()
            .values()
            .iter()
            .map(|k| values.get(k.as_usize()).copied().unwrap_or(NOT_A_DATE)),
    );
    apply_nulls(&mut out[start..], d.keys().nulls(), NO_DATE);
    Ok(())
}

fn arrow_days(a: &dyn Array, name: &str, out: &mut Vec<i32>) -> PyResult<()> {
    let start = out.len();
    match a.data_type() {
        DataType::Null => out.resize(start + a.len(), NO_DATE),
        DataType::Date32 => {
            out.extend_from_slice(a.as_primitive::<Date32Type>().values());
            apply_nulls(&mut out[start..], a.nulls(), NO_DATE);
        }
        DataType::Date64 => {
            floor_any(a.as_primitive::<Date64Type>().values(), 86_400_000, out);
            apply_nulls(&mut out[start..], a.nulls(), NO_DATE);
        }
        DataType::Timestamp(_, Some(_)) => {
            return Err(PyTypeError::new_err(format!(
                "{name} holds time-zone-aware timestamps; pass local civil dates"
            )));
        }
        DataType::Timestamp(unit, None) => {
            let v: &[i64] = match unit {
                TimeUnit::Second => a.as_primitive::<TimestampSecondType>().values(),
                TimeUnit::Millisecond => a.as_primitive::<TimestampMillisecondType>().values(),
                TimeUnit::Microsecond => a.as_primitive::<TimestampMicrosecondType>().values(),
                TimeUnit::Nanosecond => a.as_primitive::<TimestampNanosecondType>().values(),
            };
            floor_any(v, per_day(unit), out);
            apply_nulls(&mut out[start..], a.nulls(), NO_DATE);
        }
        DataType::Int8 => int_days::<Int8Type>(a, out),
        DataType::Int16 => int_days::<Int16Type>(a, out),
        DataType::Int32 => int_days::<Int32Type>(a, out),
        DataType::Int64 => int_days::<Int64Type>(a, out),
        DataType::UInt8 => int_days::<UInt8Type>(a, out),
        DataType::UInt16 => int_days::<UInt16Type>(a, out),
        DataType::UInt32 => int_days::<UInt32Type>(a, out),
        DataType::UInt64 => int_days::<UInt64Type>(a, out),
        DataType::Utf8 => text_days::<i32>(a, out),
        DataType::LargeUtf8 => text_days::<i64>(a, out),
        DataType::Utf8View => out.extend(
            a.as_string_view()
                .iter()
                .map(|v| v.map_or(NO_DATE, |t| date::parse_date(t).unwrap_or(NOT_A_DATE))),
        ),
        DataType::Dictionary(k, _) => match k.as_ref() {
            DataType::Int8 => dict_days::<Int8Type>(a, name, out)?,
            DataType::Int16 => dict_days::<Int16Type>(a, name, out)?,
            DataType::Int32 => dict_days::<Int32Type>(a, name, out)?,
            DataType::Int64 => dict_days::<Int64Type>(a, name, out)?,
            DataType::UInt8 => dict_days::<UInt8Type>(a, name, out)?,
            DataType::UInt16 => dict_days::<UInt16Type>(a, name, out)?,
            DataType::UInt32 => dict_days::<UInt32Type>(a, name, out)?,
            DataType::UInt64 => dict_days::<UInt64Type>(a, name, out)?,
            t => return Err(type_error(name, "dates", t)),
        },
        t => {
            return Err(type_error(
                name,
                "dates (date32, date64, timestamps, YYYY-MM-DD text) or day numbers (integers)",
                t,
            ));
        }
    }
    Ok(())
}

/// A numpy array in the machine's byte order (a big-endian column is
/// converted first: its bytes read as they are would be other numbers).
fn native<'py>(a: &Bound<'py, PyUntypedArray>) -> PyResult<Bound<'py, PyUntypedArray>> {
    if a.dtype().is_native_byteorder() != Some(false) {
        return Ok(a.clone());
    }
    let dt = a.dtype().call_method1("newbyteorder", ("=",))?;
    Ok(a.call_method1("astype", (dt,))?
        .cast_into::<PyUntypedArray>()?)
}

/// The values of a numeric numpy array: whole numbers, floats or booleans.
enum Numbers {
    Int(Vec<i128>),
    Float(Vec<f64>),
    Bool(Vec<bool>),
}

fn numpy_numbers(a: &Bound<'_, PyUntypedArray>) -> PyResult<Option<Numbers>> {
    let a = native(a)?;
    macro_rules! ints {
        ($($t:ty),*) => {$(
            if let Ok(r) = a.extract::<PyReadonlyArray1<'_, $t>>() {
                return Ok(Some(Numbers::Int(r.as_array().iter().map(|&v| i128::from(v)).collect())));
            }
        )*};
    }
    ints!(i64, i32, i16, i8, u64, u32, u16, u8);
    if let Ok(r) = a.extract::<PyReadonlyArray1<'_, f64>>() {
        return Ok(Some(Numbers::Float(r.as_array().to_vec())));
    }
    if let Ok(r) = a.extract::<PyReadonlyArray1<'_, f32>>() {
        return Ok(Some(Numbers::Float(
            r.as_array().iter().map(|&v| f64::from(v)).collect(),
        )));
    }
    if let Ok(r) = a.extract::<PyReadonlyArray1<'_, bool>>() {
        return Ok(Some(Numbers::Bool(r.as_array().to_vec())));
    }
    Ok(None)
}

static NUMPY_DATETIME_DATA: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A numpy `datetime64` value `v` in units of `count` × `unit`, exactly:
/// `(seconds since 1970-01-01T00:00 floored, whether it is a midnight)`,
/// `None` for NaT. Computed in 128 bits, never by numpy's `astype`, which
/// wraps silently outside 1678–2262 for `ns` and overflows for large
/// coarse values; a value beyond every date gives seconds beyond every
/// date, which the core reads as out of range.
fn dt64_seconds(unit: &str, count: i64, v: i64) -> Option<(i128, bool)> {
    if v == i64::MIN {
        return None;
    }
    const DAY: i128 = 86_400;
    let n = i128::from(v) * i128::from(count);
    let month_start = |months: i128| -> i128 {
        let year = 1970 + months.div_euclid(12);
        match i32::try_from(year) {
            Ok(y) if (-1_000_000..=1_000_000).contains(&y) => {
                let m = (months.rem_euclid(12) + 1) as u32;
                i128::from(date::days_from_civil(y, m, 1)) * DAY
            }
            _ if year < 0 => i128::MIN / 4,
            _ => i128::MAX / 4,
        }
    };
    let fixed = |per_second: i128, n: i128| {
        (
            n.div_euclid(per_second),
            n.rem_euclid(per_second * DAY) == 0,
        )
    };
    Some(match unit {
        "Y" => (month_start(n.saturating_mul(12)), true),
        "M" => (month_start(n), true),
        "W" => (n * 7 * DAY, true),
        "D" => (n * DAY, true),
        "h" => (n * 3_600, (n * 3_600).rem_euclid(DAY) == 0),
        "m" => (n * 60, (n * 60).rem_euclid(DAY) == 0),
        "s" => (n, n.rem_euclid(DAY) == 0),
        "ms" => fixed(1_000, n),
        "us" => fixed(1_000_000, n),
        "ns" => fixed(1_000_000_000, n),
        "ps" => fixed(1_000_000_000_000, n),
        "fs" => fixed(1_000_000_000_000_000, n),
        "as" => fixed(1_000_000_000_000_000_000, n),
        // A generic datetime64 (no unit) holds only NaT.
        _ => return None,
    })
}

/// The unit and count of a numpy datetime64 dtype.
fn dt64_unit(py: Python<'_>, dtype: &Bound<'_, PyAny>) -> PyResult<(String, i64)> {
    NUMPY_DATETIME_DATA
        .import(py, "numpy", "datetime_data")?
        .call1((dtype,))?
        .extract()
}

/// The unit, count and raw values of a numpy datetime64 array, lent to
/// `f` as one contiguous slice (copied only when the array is strided).
fn with_dt64<R>(
    a: &Bound<'_, PyUntypedArray>,
    f: impl FnOnce(&str, i64, &[i64]) -> R,
) -> PyResult<R> {
    let (unit, count) = dt64_unit(a.py(), &a.dtype().into_any())?;
    let ints = native(a)?.call_method1("view", ("int64",))?;
    let r: PyReadonlyArray1<'_, i64> = ints.extract()?;
    Ok(match r.as_slice() {
        Ok(raw) => f(&unit, count, raw),
        Err(_) => f(&unit, count, &r.as_array().to_vec()),
    })
}

/// A day number from seconds, with the core's sentinels.
fn day_of_seconds(s: i128) -> i32 {
    s.div_euclid(86_400)
        .clamp(i128::from(NOT_A_DATE), i128::from(i32::MAX)) as i32
}

fn numpy_days(a: &Bound<'_, PyUntypedArray>, name: &str, out: &mut Vec<i32>) -> PyResult<()> {
    let kind = a.dtype().kind();
    match kind {
        b'M' => with_dt64(a, |unit, count, raw| {
            let per_day = match (unit, count) {
                ("D", 1) => Some(1),
                ("s", 1) => Some(86_400),
                ("ms", 1) => Some(86_400_000),
                ("us", 1) => Some(86_400_000_000),
                ("ns", 1) => Some(86_400_000_000_000),
                _ => None,
            };
            match per_day {
                Some(p) => floor_any(raw, p, out),
                // Other units (weeks, months, hours …) exactly, in Rust.
                None => out.extend(raw.iter().map(|&x| {
                    dt64_seconds(unit, count, x).map_or(NO_DATE, |(s, _)| day_of_seconds(s))
                })),
            }
        })?,
        b'i' | b'u' => {
            let Some(Numbers::Int(v)) = numpy_numbers(a)? else {
                return Err(type_error(name, "day numbers", a.dtype()));
            };
            out.extend(
                v.iter().map(|&d| {
                    clamp_day(d.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
                }),
            );
        }
        b'O' => {
            for item in a.try_iter()? {
                out.push(object_day(&item?, name)?);
            }
        }
        b'U' | b'S' => {
            let objects = a.call_method1("astype", ("object",))?;
            for item in objects.try_iter()? {
                let item = item?;
                let day = match item.extract::<&[u8]>() {
                    Ok(b) => std::str::from_utf8(b)
                        .ok()
                        .and_then(|t| date::parse_date(t).ok())
                        .unwrap_or(NOT_A_DATE),
                    Err(_) => object_day(&item, name)?,
                };
                out.push(day);
            }
        }
        // numpy gives [] a float dtype: an empty column of anything.
        _ if a.len() == 0 => {}
        _ => {
            return Err(type_error(
                name,
                "dates (datetime64, date32, datetime.date, YYYY-MM-DD text) or day numbers (integers)",
                a.dtype(),
            ));
        }
    }
    Ok(())
}

/// Whether a Python value is a missing value: None, or a value not equal to
/// itself (NaN, NaT), or one whose comparison has no truth value (pandas'
/// NA).
pub(crate) fn is_missing(obj: &Bound<'_, PyAny>) -> bool {
    if obj.is_none() {
        return true;
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return f.value().is_nan();
    }
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyInt>() {
        return false;
    }
    match obj.ne(obj) {
        Ok(true) => true,
        Ok(false) => false,
        Err(_) => true,
    }
}

/// A Python value that can be a date, as the JSON contract reads it: a
/// `datetime.date`; a naive `datetime.datetime` (a `pandas.Timestamp`
/// included) at `floor` — its day; a `numpy.datetime64`.
pub(crate) enum DateValue {
    /// Days since 1970-01-01.
    Day(i32),
    /// A datetime: its day and whether it is at midnight, naive.
    DateTime {
        day: i32,
        midnight: bool,
        aware: bool,
    },
}

static NUMPY_DATETIME64: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The date of a Python date-like value, `None` when it is not one.
pub(crate) fn date_value(obj: &Bound<'_, PyAny>) -> PyResult<Option<DateValue>> {
    if let Ok(dt) = obj.cast::<PyDateTime>() {
        let day = date::days_from_civil(dt.get_year(), dt.get_month().into(), dt.get_day().into());
        let midnight = dt.get_hour() == 0
            && dt.get_minute() == 0
            && dt.get_second() == 0
            && dt.get_microsecond() == 0
            && obj
                .getattr(pyo3::intern!(obj.py(), "nanosecond"))
                .ok()
                .and_then(|n| n.extract::<i64>().ok())
                .unwrap_or(0)
                == 0;
        return Ok(Some(DateValue::DateTime {
            day,
            midnight,
            aware: dt.get_tzinfo().is_some(),
        }));
    }
    if let Ok(d) = obj.cast::<PyDate>() {
        return Ok(Some(DateValue::Day(date::days_from_civil(
            d.get_year(),
            d.get_month().into(),
            d.get_day().into(),
        ))));
    }
    let py = obj.py();
    let dt64 = NUMPY_DATETIME64.import(py, "numpy", "datetime64")?;
    if obj.is_instance(dt64)? {
        let (unit, count) = dt64_unit(py, &obj.getattr("dtype")?)?;
        let raw: i64 = obj.call_method1("astype", ("int64",))?.extract()?;
        return Ok(Some(match dt64_seconds(&unit, count, raw) {
            None => DateValue::DateTime {
                day: NO_DATE,
                midnight: true,
                aware: false,
            },
            Some((s, midnight)) => DateValue::DateTime {
                day: day_of_seconds(s),
                midnight,
                aware: false,
            },
        }));
    }
    Ok(None)
}

/// One cell of an object date column as a day number with the core's
/// sentinels.
fn object_day(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<i32> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(s
            .to_str()
            .ok()
            .and_then(|t| date::parse_date(t).ok())
            .unwrap_or(NOT_A_DATE));
    }
    if obj.is_instance_of::<PyInt>() && !obj.is_instance_of::<PyBool>() {
        let d: i128 = obj.extract().unwrap_or(i128::MAX);
        return Ok(clamp_day(
            d.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64,
        ));
    }
    if is_missing(obj) {
        return Ok(NO_DATE);
    }
    Ok(match date_value(obj)? {
        Some(DateValue::Day(d)) => d,
        Some(DateValue::DateTime { aware: true, .. }) => {
            return Err(PyTypeError::new_err(format!(
                "{name} holds time-zone-aware timestamps; pass local civil dates"
            )));
        }
        Some(DateValue::DateTime { day, .. }) => day,
        None => NOT_A_DATE,
    })
}

/// A date column as the core's day numbers: [`NO_DATE`] for a missing cell,
/// [`NOT_A_DATE`] for one present but not a date.
pub(crate) fn days(col: &Column<'_>, name: &str) -> PyResult<Vec<i32>> {
    match col {
        Column::Arrow(chunks) => days_arrow(chunks, name),
        Column::Numpy(a) => {
            let mut out = crate::alloc::with_capacity(col.len());
            numpy_days(a, name, &mut out)?;
            Ok(out)
        }
    }
}

/// [`days`] of Arrow chunks (no Python object is touched: this may run
/// on any thread).
pub(crate) fn days_arrow(chunks: &[ArrayRef], name: &str) -> PyResult<Vec<i32>> {
    let mut out = crate::alloc::with_capacity(chunks.iter().map(|c| c.len()).sum());
    for c in chunks {
        arrow_days(c.as_ref(), name, &mut out)?;
    }
    Ok(out)
}

// ------------------------------------------------------------------ timestamps

/// A whole number of seconds of any width as the core's `i64`: beyond
/// `i64` is beyond 1900–2199 too (`invalid_date`), never wrapped and never
/// "none" (only `i64::MIN` itself, [`NO_TIMESTAMP`], is none).
#[inline(always)]
fn clamp_seconds(v: i128) -> i64 {
    if v == i128::from(NO_TIMESTAMP) {
        NO_TIMESTAMP
    } else {
        v.clamp(i128::from(NOT_A_TIMESTAMP), i128::from(i64::MAX)) as i64
    }
}

/// A time in `per_second` units per second, floored to its second
/// (`i64::MIN`, numpy's NaT, is none).
fn floor_seconds(src: &[i64], per_second: i64, out: &mut Vec<i64>) {
    if per_second == 1 {
        out.extend_from_slice(src);
        return;
    }
    out.extend(src.iter().map(|&v| {
        if v == i64::MIN {
            NO_TIMESTAMP
        } else {
            v.div_euclid(per_second)
        }
    }));
}

fn per_second(unit: &TimeUnit) -> i64 {
    match unit {
        TimeUnit::Second => 1,
        TimeUnit::Millisecond => 1_000,
        TimeUnit::Microsecond => 1_000_000,
        TimeUnit::Nanosecond => 1_000_000_000,
    }
}

/// A text cell read with the core's timestamp rule: its seconds, or
/// [`NOT_A_TIMESTAMP`].
#[inline]
fn text_seconds(t: &str) -> i64 {
    timestamp::parse_timestamp(t).unwrap_or(NOT_A_TIMESTAMP)
}

fn int_seconds<T: ArrowPrimitiveType>(a: &dyn Array, out: &mut Vec<i64>)
where
    T::Native: Into<i128>,
{
    let p = a.as_primitive::<T>();
    let start = out.len();
    out.extend(p.values().iter().map(|&v| clamp_seconds(v.into())));
    apply_nulls(&mut out[start..], p.nulls(), NO_TIMESTAMP);
}

fn arrow_seconds(a: &dyn Array, name: &str, out: &mut Vec<i64>) -> PyResult<()> {
    let start = out.len();
    match a.data_type() {
        DataType::Null => out.resize(start + a.len(), NO_TIMESTAMP),
        DataType::Timestamp(_, Some(_)) => {
            return Err(PyTypeError::new_err(format!(
                "{name} holds time-zone-aware timestamps; pass local civil times"
            )));
        }
        DataType::Timestamp(unit, None) => {
            let v: &[i64] = match unit {
                TimeUnit::Second => a.as_primitive::<TimestampSecondType>().values(),
                TimeUnit::Millisecond => a.as_primitive::<TimestampMillisecondType>().values(),
                TimeUnit::Microsecond => a.as_primitive::<TimestampMicrosecondType>().values(),
                TimeUnit::Nanosecond => a.as_primitive::<TimestampNanosecondType>().values(),
            };
            floor_seconds(v, per_second(unit), out);
            apply_nulls(&mut out[start..], a.nulls(), NO_TIMESTAMP);
        }
        // A date is its first second.
        DataType::Date32 => {
            out.extend(
                a.as_primitive::<Date32Type>()
                    .values()
                    .iter()
                    .map(|&d| timestamp::start_of_day(d)),
            );
            apply_nulls(&mut out[start..], a.nulls(), NO_TIMESTAMP);
        }
        DataType::Date64 => {
            floor_seconds(a.as_primitive::<Date64Type>().values(), 1_000, out);
            apply_nulls(&mut out[start..], a.nulls(), NO_TIMESTAMP);
        }
        DataType::Int8 => int_seconds::<Int8Type>(a, out),
        DataType::Int16 => int_seconds::<Int16Type>(a, out),
        DataType::Int32 => int_seconds::<Int32Type>(a, out),
        DataType::Int64 => int_seconds::<Int64Type>(a, out),
        DataType::UInt8 => int_seconds::<UInt8Type>(a, out),
        DataType::UInt16 => int_seconds::<UInt16Type>(a, out),
        DataType::UInt32 => int_seconds::<UInt32Type>(a, out),
        DataType::UInt64 => int_seconds::<UInt64Type>(a, out),
        DataType::Utf8 => out.extend(
            a.as_string::<i32>()
                .iter()
                .map(|v| v.map_or(NO_TIMESTAMP, text_seconds)),
        ),
        DataType::LargeUtf8 => out.extend(
            a.as_string::<i64>()
                .iter()
                .map(|v| v.map_or(NO_TIMESTAMP, text_seconds)),
        ),
        DataType::Utf8View => out.extend(
            a.as_string_view()
                .iter()
                .map(|v| v.map_or(NO_TIMESTAMP, text_seconds)),
        ),
        DataType::Dictionary(k, _) => {
            macro_rules! dict {
                ($k:ty) => {{
                    let d = a.as_dictionary::<$k>();
                    let mut values = Vec::new();
                    arrow_seconds(d.values().as_ref(), name, &mut values)?;
                    out.extend(
                        d.keys()
                            .values()
                            .iter()
                            .map(|k| values.get(k.as_usize()).copied().unwrap_or(NOT_A_TIMESTAMP)),
                    );
                    apply_nulls(&mut out[start..], d.keys().nulls(), NO_TIMESTAMP);
                }};
            }
            match k.as_ref() {
                DataType::Int8 => dict!(Int8Type),
                DataType::Int16 => dict!(Int16Type),
                DataType::Int32 => dict!(Int32Type),
                DataType::Int64 => dict!(Int64Type),
                DataType::UInt8 => dict!(UInt8Type),
                DataType::UInt16 => dict!(UInt16Type),
                DataType::UInt32 => dict!(UInt32Type),
                DataType::UInt64 => dict!(UInt64Type),
                t => return Err(type_error(name, "timestamps", t)),
            }
        }
        t => {
            return Err(type_error(
                name,
                "timestamps (timestamp without a time zone, date32, date64, \
                 YYYY-MM-DDTHH:MM[:SS] text) or seconds since 1970-01-01T00:00 (integers)",
                t,
            ));
        }
    }
    Ok(())
}

/// The seconds since 1970-01-01T00:00 of a naive `datetime.datetime`
/// (a `pandas.Timestamp` included), floored to its second; `None` when
/// `obj` is not one. A time-zone-aware one is a `TypeError`.
fn datetime_seconds(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Option<i64>> {
    let Ok(dt) = obj.cast::<PyDateTime>() else {
        return Ok(None);
    };
    if dt.get_tzinfo().is_some() {
        return Err(PyTypeError::new_err(format!(
            "{name} holds a time-zone-aware datetime; pass local civil times"
        )));
    }
    let day = date::days_from_civil(dt.get_year(), dt.get_month().into(), dt.get_day().into());
    Ok(Some(
        timestamp::start_of_day(day)
            + i64::from(dt.get_hour()) * 3600
            + i64::from(dt.get_minute()) * 60
            + i64::from(dt.get_second()),
    ))
}

/// A Python value as the seconds of a timestamp, with the core's
/// sentinels: [`NO_TIMESTAMP`] for a missing value, [`NOT_A_TIMESTAMP`]
/// for one that is not a timestamp.
fn object_seconds(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<i64> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(s.to_str().map_or(NOT_A_TIMESTAMP, text_seconds));
    }
    if obj.is_instance_of::<PyInt>() && !obj.is_instance_of::<PyBool>() {
        let v: i128 = obj.extract().unwrap_or(i128::MAX);
        return Ok(clamp_seconds(v));
    }
    if is_missing(obj) {
        return Ok(NO_TIMESTAMP);
    }
    if let Some(t) = datetime_seconds(obj, name)? {
        return Ok(t);
    }
    if let Ok(d) = obj.cast::<PyDate>() {
        let day = date::days_from_civil(d.get_year(), d.get_month().into(), d.get_day().into());
        return Ok(timestamp::start_of_day(day));
    }
    let py = obj.py();
    let dt64 = NUMPY_DATETIME64.import(py, "numpy", "datetime64")?;
    if obj.is_instance(dt64)? {
        let (unit, count) = dt64_unit(py, &obj.getattr("dtype")?)?;
        let raw: i64 = obj.call_method1("astype", ("int64",))?.extract()?;
        return Ok(dt64_seconds(&unit, count, raw).map_or(NO_TIMESTAMP, |(s, _)| clamp_seconds(s)));
    }
    Ok(NOT_A_TIMESTAMP)
}

fn numpy_seconds(a: &Bound<'_, PyUntypedArray>, name: &str, out: &mut Vec<i64>) -> PyResult<()> {
    match a.dtype().kind() {
        b'M' => with_dt64(a, |unit, count, raw| {
            let per = match (unit, count) {
                ("s", 1) => Some(1),
                ("ms", 1) => Some(1_000),
                ("us", 1) => Some(1_000_000),
                ("ns", 1) => Some(1_000_000_000),
                _ => None,
            };
            match per {
                Some(p) => floor_seconds(raw, p, out),
                // Coarser units (days, hours …) exactly, in Rust.
                None => out.extend(raw.iter().map(|&x| {
                    dt64_seconds(unit, count, x).map_or(NO_TIMESTAMP, |(s, _)| clamp_seconds(s))
                })),
            }
        })?,
        b'i' | b'u' => {
            let Some(Numbers::Int(v)) = numpy_numbers(a)? else {
                return Err(type_error(name, "seconds", a.dtype()));
            };
            out.extend(v.into_iter().map(clamp_seconds));
        }
        b'O' => {
            for item in a.try_iter()? {
                out.push(object_seconds(&item?, name)?);
            }
        }
        b'U' | b'S' => {
            let objects = a.call_method1("astype", ("object",))?;
            for item in objects.try_iter()? {
                let item = item?;
                let t = match item.extract::<&[u8]>() {
                    Ok(b) => std::str::from_utf8(b).map_or(NOT_A_TIMESTAMP, text_seconds),
                    Err(_) => object_seconds(&item, name)?,
                };
                out.push(t);
            }
        }
        _ if a.len() == 0 => {}
        _ => {
            return Err(type_error(
                name,
                "timestamps (datetime64, datetime.datetime, YYYY-MM-DDTHH:MM[:SS] text) or \
                 seconds since 1970-01-01T00:00 (integers)",
                a.dtype(),
            ));
        }
    }
    Ok(())
}

/// A timestamp column as the core's seconds since 1970-01-01T00:00 local:
/// [`NO_TIMESTAMP`] for a missing cell, [`NOT_A_TIMESTAMP`] for one
/// present but not a timestamp (text of another form than the JSON
/// contract's `YYYY-MM-DDTHH:MM[:SS]`). Finer units are floored to the
/// second; a date is its first second.
pub(crate) fn timestamps(col: &Column<'_>, name: &str) -> PyResult<Vec<i64>> {
    let mut out = crate::alloc::with_capacity(col.len());
    match col {
        Column::Arrow(chunks) => {
            for c in chunks {
                arrow_seconds(c.as_ref(), name, &mut out)?;
            }
        }
        Column::Numpy(a) => numpy_seconds(a, name, &mut out)?,
    }
    Ok(out)
}

/// A timestamp argument (`as_of`): a naive `datetime.datetime` (or
/// `pandas.Timestamp`, `numpy.datetime64`), a `datetime.date` (its first
/// second) or `YYYY-MM-DDTHH:MM[:SS]` text, as seconds within 1900–2199.
///
/// # Errors
/// `invalid_date` at `name` (a `DateError`) for text of another form or a
/// time outside 1900–2199; `TypeError` for anything else or a missing
/// value.
pub(crate) fn timestamp_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<i64> {
    let py = obj.py();
    if let Ok(s) = obj.cast::<PyString>() {
        return timestamp::parse_timestamp(s.to_str()?)
            .map_err(|e| crate::errors::to_py_err(py, &e.at(name)));
    }
    let is_time = obj.is_instance_of::<PyDate>()
        || obj.is_instance(NUMPY_DATETIME64.import(py, "numpy", "datetime64")?)?;
    if !is_time || is_missing(obj) {
        return Err(PyTypeError::new_err(format!(
            "{name} must be a datetime.datetime or a YYYY-MM-DDTHH:MM[:SS] string, got {}",
            if is_missing(obj) {
                "a missing value".to_owned()
            } else {
                obj.get_type().name()?.to_string()
            }
        )));
    }
    let t = object_seconds(obj, name)?;
    if timestamp::in_range(t) {
        return Ok(t);
    }
    Err(crate::errors::raise(
        py,
        wangshi::ErrorCode::InvalidDate,
        format!("{name} is outside 1900-01-01T00:00..2199-12-31T23:59:59"),
        name,
    ))
}

// ------------------------------------------------------------------ codes

/// A code vocabulary (tier or item codes, or a vocabulary of the core) and
/// the sentinels of its column.
pub(crate) struct Codes<'a, T> {
    /// The codes; a code's index plus `first` is its value in the column.
    pub codes: &'a [&'a str],
    /// The value of the first code: 0 for indices (tiers, items), a core
    /// vocabulary's `first` for its numbers (steps, period units …). An
    /// integer column holds the values themselves.
    pub first: usize,
    /// The value of a missing cell.
    pub none: T,
    /// The value of a cell present but not a known code.
    pub unknown: T,
}

/// How the codes of one vocabulary are matched: small vocabularies of short
/// codes (colour tiers) by packed 8-byte words scanned in order, larger ones
/// of short codes (catalogue items) by packed words in a hash map, others by
/// their bytes in a hash map.
enum Matcher {
    Packed(Vec<(u64, usize)>),
    Words(HashMap<u64, (usize, usize), foldhash::fast::FixedState>),
    Map(HashMap<Vec<u8>, usize, foldhash::fast::FixedState>),
}

#[inline(always)]
fn pack(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w[..b.len()].copy_from_slice(b);
    u64::from_le_bytes(w)
}

impl Matcher {
    fn new(codes: &[&str]) -> Matcher {
        let short = codes.iter().all(|c| c.len() <= 8);
        if short && codes.len() <= 16 {
            Matcher::Packed(
                codes
                    .iter()
                    .map(|c| (pack(c.as_bytes()), c.len()))
                    .collect(),
            )
        } else if short {
            // (length, index) of each packed word; the first of a repeat.
            let mut m = HashMap::with_capacity_and_hasher(codes.len(), Default::default());
            for (i, c) in codes.iter().enumerate() {
                m.entry(pack(c.as_bytes())).or_insert((c.len(), i));
            }
            Matcher::Words(m)
        } else {
            let mut m = HashMap::with_capacity_and_hasher(codes.len(), Default::default());
            for (i, c) in codes.iter().enumerate() {
                m.entry(c.as_bytes().to_vec()).or_insert(i);
            }
            Matcher::Map(m)
        }
    }

    #[inline(always)]
    fn find(&self, s: &[u8]) -> Option<usize> {
        match self {
            Matcher::Packed(keys) => {
                if s.len() > 8 {
                    return None;
                }
                let k = pack(s);
                keys.iter().position(|&(w, l)| w == k && l == s.len())
            }
            Matcher::Words(m) => {
                if s.len() > 8 {
                    return None;
                }
                m.get(&pack(s))
                    .and_then(|&(l, i)| (l == s.len()).then_some(i))
            }
            Matcher::Map(m) => m.get(s).copied(),
        }
    }

    /// The index of the code packed as `word` of `len` bytes (≤ 8).
    #[inline(always)]
    fn find_word(&self, word: u64, len: usize) -> Option<usize> {
        match self {
            Matcher::Packed(keys) => keys.iter().position(|&(k, l)| k == word && l == len),
            Matcher::Words(m) => m.get(&word).and_then(|&(l, i)| (l == len).then_some(i)),
            Matcher::Map(_) => None,
        }
    }
}

impl<T: Copy + TryFrom<usize>> Codes<'_, T> {
    fn of_index(&self, i: i128) -> T {
        let first = self.first as i128;
        if i < first || i >= first + self.codes.len() as i128 {
            self.unknown
        } else {
            T::try_from(i as usize).unwrap_or(self.unknown)
        }
    }

    fn of_found(&self, i: Option<usize>) -> T {
        i.and_then(|i| T::try_from(i + self.first).ok())
            .unwrap_or(self.unknown)
    }

    /// The codes of the core's vocabulary `name`, numbered as its batch
    /// columns number them.
    pub(crate) fn vocab(name: &str, none: T, unknown: T) -> Codes<'static, T> {
        let v = wangshi::vocab::get(name).expect("a vocabulary of the core");
        Codes {
            codes: &v.codes,
            first: v.first as usize,
            none,
            unknown,
        }
    }

    fn text<O: OffsetSizeTrait>(&self, m: &Matcher, a: &dyn Array, out: &mut Vec<T>) {
        let s = a.as_string::<O>();
        let offsets = s.value_offsets();
        let data = s.value_data();
        let start = out.len();
        match m {
            Matcher::Packed(_) | Matcher::Words(_) => out.extend(offsets.windows(2).map(|w| {
                let (lo, hi) = (w[0].as_usize(), w[1].as_usize());
                let len = hi - lo;
                if len > 8 {
                    return self.unknown;
                }
                // One unaligned 8-byte load where the data allows it.
                let word = match data.get(lo..lo + 8) {
                    Some(b) => {
                        let w = u64::from_le_bytes(b.try_into().expect("8 bytes"));
                        if len == 8 {
                            w
                        } else {
                            w & ((1u64 << (8 * len)) - 1)
                        }
                    }
                    None => pack(&data[lo..hi]),
                };
                self.of_found(m.find_word(word, len))
            })),
            Matcher::Map(_) => out.extend(offsets.windows(2).map(|w| {
                let (lo, hi) = (w[0].as_usize(), w[1].as_usize());
                self.of_found(m.find(&data[lo..hi]))
            })),
        }
        apply_nulls(&mut out[start..], s.nulls(), self.none);
    }

    fn ints<P: ArrowPrimitiveType>(&self, a: &dyn Array, out: &mut Vec<T>)
    where
        P::Native: Into<i128>,
    {
        let p = a.as_primitive::<P>();
        let start = out.len();
        out.extend(p.values().iter().map(|&v| self.of_index(v.into())));
        apply_nulls(&mut out[start..], p.nulls(), self.none);
    }

    fn dict<K: ArrowDictionaryKeyType>(
        &self,
        m: &Matcher,
        a: &dyn Array,
        name: &str,
        out: &mut Vec<T>,
    ) -> PyResult<()> {
        let d = a.as_dictionary::<K>();
        let mut values = Vec::new();
        self.arrow(m, d.values().as_ref(), name, &mut values)?;
        let start = out.len();
        out.extend(
            d.keys()
                .values()
                .iter()
                .map(|k| values.get(k.as_usize()).copied().unwrap_or(self.unknown)),
        );
        apply_nulls(&mut out[start..], d.keys().nulls(), self.none);
        Ok(())
    }

    fn arrow(&self, m: &Matcher, a: &dyn Array, name: &str, out: &mut Vec<T>) -> PyResult<()> {
        match a.data_type() {
            DataType::Null => out.resize(out.len() + a.len(), self.none),
            DataType::Utf8 => self.text::<i32>(m, a, out),
            DataType::LargeUtf8 => self.text::<i64>(m, a, out),
            DataType::Utf8View => out.extend(a.as_string_view().iter().map(|v| match v {
                None => self.none,
                Some(s) => self.of_found(m.find(s.as_bytes())),
            })),
            DataType::Int8 => self.ints::<Int8Type>(a, out),
            DataType::Int16 => self.ints::<Int16Type>(a, out),
            DataType::Int32 => self.ints::<Int32Type>(a, out),
            DataType::Int64 => self.ints::<Int64Type>(a, out),
            DataType::UInt8 => self.ints::<UInt8Type>(a, out),
            DataType::UInt16 => self.ints::<UInt16Type>(a, out),
            DataType::UInt32 => self.ints::<UInt32Type>(a, out),
            DataType::UInt64 => self.ints::<UInt64Type>(a, out),
            DataType::Dictionary(k, _) => match k.as_ref() {
                DataType::Int8 => self.dict::<Int8Type>(m, a, name, out)?,
                DataType::Int16 => self.dict::<Int16Type>(m, a, name, out)?,
                DataType::Int32 => self.dict::<Int32Type>(m, a, name, out)?,
                DataType::Int64 => self.dict::<Int64Type>(m, a, name, out)?,
                DataType::UInt8 => self.dict::<UInt8Type>(m, a, name, out)?,
                DataType::UInt16 => self.dict::<UInt16Type>(m, a, name, out)?,
                DataType::UInt32 => self.dict::<UInt32Type>(m, a, name, out)?,
                DataType::UInt64 => self.dict::<UInt64Type>(m, a, name, out)?,
                t => return Err(type_error(name, "codes (strings) or indices (integers)", t)),
            },
            t => return Err(type_error(name, "codes (strings) or indices (integers)", t)),
        }
        Ok(())
    }

    /// A code column as the core's indices: the code's index, `none` for a
    /// missing cell, `unknown` for a code not in the vocabulary (an integer
    /// column holds indices; one outside the vocabulary is unknown).
    pub(crate) fn column(&self, col: &Column<'_>, name: &str) -> PyResult<Vec<T>> {
        let a = match col {
            Column::Arrow(chunks) => return self.column_arrow(chunks, name),
            Column::Numpy(a) => a,
        };
        let m = Matcher::new(self.codes);
        let mut out = crate::alloc::with_capacity(col.len());
        match a.dtype().kind() {
            b'i' | b'u' => match numpy_numbers(a)? {
                Some(Numbers::Int(v)) => out.extend(v.iter().map(|&i| self.of_index(i))),
                _ => return Err(type_error(name, "codes or indices", a.dtype())),
            },
            b'O' | b'U' | b'S' => {
                let objects = if a.dtype().kind() == b'O' {
                    a.clone().into_any()
                } else {
                    a.call_method1("astype", ("object",))?
                };
                for item in objects.try_iter()? {
                    let item = item?;
                    out.push(if let Ok(s) = item.cast::<PyString>() {
                        self.of_found(s.to_str().ok().and_then(|t| m.find(t.as_bytes())))
                    } else if let Ok(b) = item.extract::<&[u8]>() {
                        self.of_found(m.find(b))
                    } else if item.is_instance_of::<PyInt>() && !item.is_instance_of::<PyBool>() {
                        self.of_index(item.extract().unwrap_or(-1))
                    } else if is_missing(&item) {
                        self.none
                    } else {
                        self.unknown
                    });
                }
            }
            // numpy gives [] a float dtype: an empty column of anything.
            _ if a.len() == 0 => {}
            _ => {
                return Err(type_error(
                    name,
                    "codes (strings) or indices (integers)",
                    a.dtype(),
                ));
            }
        }
        Ok(out)
    }
}

impl<T: Copy + TryFrom<usize>> Codes<'_, T> {
    /// [`Codes::column`] of Arrow chunks (no Python object is touched:
    /// this may run on any thread).
    pub(crate) fn column_arrow(&self, chunks: &[ArrayRef], name: &str) -> PyResult<Vec<T>> {
        let m = Matcher::new(self.codes);
        let mut out = crate::alloc::with_capacity(chunks.iter().map(|c| c.len()).sum());
        for c in chunks {
            self.arrow(&m, c.as_ref(), name, &mut out)?;
        }
        Ok(out)
    }
}

// ------------------------------------------------------------------ numbers

/// One numeric cell: missing, a whole number, any other number, a boolean,
/// or something that is not a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Num {
    Missing,
    Int(i128),
    Float(f64),
    Bool(bool),
    Other,
}

/// Each cell of an Arrow numeric array, in order, to `push`.
fn arrow_nums(a: &dyn Array, name: &str, mut push: impl FnMut(Num)) -> PyResult<()> {
    macro_rules! prim {
        ($t:ty, $f:expr) => {{
            let p = a.as_primitive::<$t>();
            match p.nulls() {
                None => p.values().iter().for_each(|&v| push($f(v))),
                Some(nulls) => {
                    for (&v, ok) in p.values().iter().zip(nulls.iter()) {
                        push(if ok { $f(v) } else { Num::Missing });
                    }
                }
            }
        }};
    }
    match a.data_type() {
        DataType::Null => (0..a.len()).for_each(|_| push(Num::Missing)),
        DataType::Boolean => a
            .as_boolean()
            .iter()
            .for_each(|v| push(v.map_or(Num::Missing, Num::Bool))),
        DataType::Int8 => prim!(Int8Type, |v: i8| Num::Int(v.into())),
        DataType::Int16 => prim!(Int16Type, |v: i16| Num::Int(v.into())),
        DataType::Int32 => prim!(Int32Type, |v: i32| Num::Int(v.into())),
        DataType::Int64 => prim!(Int64Type, |v: i64| Num::Int(v.into())),
        DataType::UInt8 => prim!(UInt8Type, |v: u8| Num::Int(v.into())),
        DataType::UInt16 => prim!(UInt16Type, |v: u16| Num::Int(v.into())),
        DataType::UInt32 => prim!(UInt32Type, |v: u32| Num::Int(v.into())),
        DataType::UInt64 => prim!(UInt64Type, |v: u64| Num::Int(v.into())),
        DataType::Float32 => prim!(Float32Type, |v: f32| Num::Float(v.into())),
        DataType::Float64 => prim!(Float64Type, Num::Float),
        // Decimals (Spark's DecimalType, SQL literals such as 3.0, money):
        // exact, a whole value is a whole number.
        &DataType::Decimal128(_, scale) => prim!(Decimal128Type, |v: i128| decimal(v, scale)),
        // A decimal beyond 128 bits is beyond every count and amount.
        &DataType::Decimal256(_, scale) => prim!(Decimal256Type, |v: arrow_buffer::i256| v
            .to_i128()
            .map_or(Num::Other, |v| decimal(v, scale))),
        t => return Err(type_error(name, "numbers", t)),
    }
    Ok(())
}

/// A decimal's unscaled value `v` at `scale` as a [`Num`]: a whole number
/// when it is one (`3.00` is 3), else the nearest float.
fn decimal(v: i128, scale: i8) -> Num {
    if scale <= 0 {
        return 10i128
            .checked_pow(u32::from(scale.unsigned_abs()))
            .and_then(|m| v.checked_mul(m))
            .map_or(
                Num::Float(v as f64 * 10f64.powi(-i32::from(scale))),
                Num::Int,
            );
    }
    match 10i128.checked_pow(u32::from(scale.unsigned_abs())) {
        Some(m) if v % m == 0 => Num::Int(v / m),
        _ => Num::Float(v as f64 / 10f64.powi(scale.into())),
    }
}

/// A Python scalar as a [`Num`].
pub(crate) fn object_num(obj: &Bound<'_, PyAny>) -> Num {
    if let Ok(b) = obj.cast::<PyBool>() {
        return Num::Bool(b.is_true());
    }
    if obj.is_instance_of::<PyInt>() {
        return obj.extract::<i128>().map_or(Num::Other, Num::Int);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Num::Float(f.value());
    }
    if is_missing(obj) {
        return Num::Missing;
    }
    // numpy scalars and other numbers.
    if let Ok(i) = obj
        .call_method0("__index__")
        .and_then(|i| i.extract::<i128>())
    {
        return Num::Int(i);
    }
    if let Ok(f) = obj
        .call_method0("__float__")
        .and_then(|f| f.extract::<f64>())
    {
        return Num::Float(f);
    }
    Num::Other
}

/// A numeric column as [`Num`] cells (a numpy NaN is a value: numpy has no
/// missing marker; an Arrow null, None or pandas NA is missing).
pub(crate) fn numbers(col: &Column<'_>, name: &str) -> PyResult<Vec<Num>> {
    numbers_map(col, name, |n| n)
}

/// [`numbers`] with `f` applied to each cell as it is read (no column of
/// [`Num`] in between).
pub(crate) fn numbers_map<T>(
    col: &Column<'_>,
    name: &str,
    f: impl Fn(Num) -> T,
) -> PyResult<Vec<T>> {
    let mut out = crate::alloc::with_capacity(col.len());
    match col {
        Column::Arrow(chunks) => {
            for c in chunks {
                arrow_nums(c.as_ref(), name, |n| out.push(f(n)))?;
            }
        }
        Column::Numpy(a) => match a.dtype().kind() {
            b'O' => {
                for item in a.try_iter()? {
                    out.push(f(object_num(&item?)));
                }
            }
            _ if a.len() == 0 => {}
            _ => match numpy_numbers(a)? {
                Some(Numbers::Int(v)) => out.extend(v.into_iter().map(|x| f(Num::Int(x)))),
                Some(Numbers::Float(v)) => out.extend(v.into_iter().map(|x| f(Num::Float(x)))),
                Some(Numbers::Bool(v)) => out.extend(v.into_iter().map(|x| f(Num::Bool(x)))),
                None => return Err(type_error(name, "numbers", a.dtype())),
            },
        },
    }
    Ok(out)
}

/// A whole number from a cell (`2.0` is 2, `2.5` is not; a boolean is not).
pub(crate) fn whole(n: Num) -> Option<i128> {
    match n {
        Num::Int(i) => Some(i),
        Num::Float(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e38 => Some(f as i128),
        _ => None,
    }
}
