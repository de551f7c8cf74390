//! Python values ↔ JSON values (for `evaluate`) and `datetime.date` ↔ day
//! numbers (for the typed classes and the batch `as_of`).

use crate::errors;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyDate, PyDateAccess, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple,
    PyType,
};
use serde_json::{Map, Number, Value};
use wangshi::ErrorCode;
use wangshi::date;

/// How deep a request may nest (serde_json's own limit for text); also stops
/// a self-referencing dict from overflowing the stack.
const MAX_DEPTH: usize = 128;

/// A Python request (dicts, lists, tuples, str, int (numpy integers too),
/// float, bool, None, and `datetime.date` as `YYYY-MM-DD`) as a JSON value.
///
/// Anything else is `invalid_value` with the path of the offending item.
pub(crate) fn to_value(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    let mut path = String::new();
    walk(obj, &mut path, 0)
}

/// [`to_value`] of one argument, errors pointing at `name`.
pub(crate) fn arg_value(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Value> {
    let mut path = name.to_owned();
    walk(obj, &mut path, 0)
}

fn walk(obj: &Bound<'_, PyAny>, path: &mut String, depth: usize) -> PyResult<Value> {
    let py = obj.py();
    if depth > MAX_DEPTH {
        return Err(errors::raise(
            py,
            ErrorCode::InvalidValue,
            format!("the request nests deeper than {MAX_DEPTH} levels"),
            path,
        ));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(text(s, path)?.to_owned()));
    }
    if obj.is_instance_of::<PyInt>() {
        return integer(obj, path);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return match Number::from_f64(f.value()) {
            Some(n) => Ok(Value::Number(n)),
            None => Err(errors::raise(
                py,
                ErrorCode::InvalidValue,
                format!("{} is not a JSON number", f.value()),
                path,
            )),
        };
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let Ok(key) = k.cast::<PyString>() else {
                return Err(errors::raise(
                    py,
                    ErrorCode::InvalidValue,
                    format!("object keys must be str, found {}", k.get_type().name()?),
                    path,
                ));
            };
            let key = text(key, path)?;
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
            let value = walk(&v, path, depth + 1)?;
            path.truncate(len);
            map.insert(key.to_owned(), value);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::with_capacity(obj.len()?);
        for (i, item) in obj.try_iter()?.enumerate() {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            items.push(walk(&item?, path, depth + 1)?);
            path.truncate(len);
        }
        return Ok(Value::Array(items));
    }
    if is_numpy_integer(obj)? {
        return integer(obj, path);
    }
    if obj.is_instance_of::<PyDate>() && !obj.is_instance_of::<PyDateTime>() {
        let d = obj.cast::<PyDate>()?;
        return Ok(Value::String(format!(
            "{:04}-{:02}-{:02}",
            d.get_year(),
            d.get_month(),
            d.get_day()
        )));
    }
    Err(errors::raise(
        py,
        ErrorCode::InvalidValue,
        format!(
            "a {} cannot be part of a request (use dict, list, str, int, float, bool, None or datetime.date)",
            obj.get_type().name()?
        ),
        path,
    ))
}

/// A str's text; a str that is not valid Unicode (a lone surrogate such as
/// `"\ud800"`) is `invalid_value` at `path`.
fn text<'a>(s: &'a Bound<'_, PyString>, path: &str) -> PyResult<&'a str> {
    s.to_str().map_err(|_| {
        errors::raise(
            s.py(),
            ErrorCode::InvalidValue,
            "a str holds a lone surrogate and is not valid Unicode",
            path,
        )
    })
}

/// An integer (a Python int or a numpy integer) as a JSON number.
fn integer(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Value> {
    if let Ok(i) = obj.extract::<i64>() {
        return Ok(Value::from(i));
    }
    if let Ok(u) = obj.extract::<u64>() {
        return Ok(Value::from(u));
    }
    Err(errors::raise(
        obj.py(),
        ErrorCode::InvalidValue,
        "an integer does not fit in 64 bits",
        path,
    ))
}

static NUMPY_INTEGER: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A numpy integer scalar (`numpy.int64(400)`, ...), to be converted like a
/// Python int. (numpy's `float64` already is a `float`.)
fn is_numpy_integer(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    let ty = obj.get_type();
    if !ty.module()?.to_str()?.starts_with("numpy") {
        return Ok(false);
    }
    let integer = NUMPY_INTEGER.import(obj.py(), "numpy", "integer")?;
    obj.is_instance(integer)
}

/// A JSON value as Python objects (objects keep their key order).
pub(crate) fn from_value<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(from_value(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, item) in map {
                dict.set_item(k, from_value(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// A date argument: a `datetime.date` (not a `datetime.datetime`, whose time
/// and zone would be silently dropped) or a `YYYY-MM-DD` string, as days since
/// 1970-01-01 within 1900–2199.
///
/// `name` is the argument's name, used as the error's path.
pub(crate) fn day_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<i32> {
    let py = obj.py();
    if obj.is_instance_of::<PyDateTime>() {
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "{name} must be a datetime.date or a YYYY-MM-DD string, not a datetime \
             (dates are local civil dates; pass .date())"
        )));
    }
    if let Ok(d) = obj.cast::<PyDate>() {
        let days = date::days_from_civil(d.get_year(), d.get_month().into(), d.get_day().into());
        if !date::in_range(days) {
            return Err(errors::raise(
                py,
                ErrorCode::InvalidDate,
                format!(
                    "{:04}-{:02}-{:02} is outside 1900-01-01..2199-12-31",
                    d.get_year(),
                    d.get_month(),
                    d.get_day()
                ),
                name,
            ));
        }
        return Ok(days);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return date::parse_date(s.to_str()?).map_err(|e| errors::to_py_err(py, &e.at(name)));
    }
    Err(pyo3::exceptions::PyTypeError::new_err(format!(
        "{name} must be a datetime.date or a YYYY-MM-DD string, got {}",
        obj.get_type().name()?
    )))
}

/// An optional date argument (`None` → `None`).
pub(crate) fn opt_day_arg(obj: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<i32>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => day_arg(o, name).map(Some),
    }
}

/// A day number (1900–2199) as a `datetime.date`.
pub(crate) fn py_date(py: Python<'_>, days: i32) -> PyResult<Bound<'_, PyDate>> {
    let (y, m, d) = date::civil_from_days(days);
    PyDate::new(py, y, m as u8, d as u8)
}

/// An optional day number ([`date::NO_DATE`] → `None`) as a `datetime.date`.
pub(crate) fn opt_py_date(py: Python<'_>, days: i32) -> PyResult<Option<Bound<'_, PyDate>>> {
    if days == date::NO_DATE {
        Ok(None)
    } else {
        py_date(py, days).map(Some)
    }
}
