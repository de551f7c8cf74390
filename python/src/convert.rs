//! Python values ↔ JSON values (for `evaluate`) and `datetime.date` ↔ day
//! numbers (for the typed classes and the batch `as_of`).

use crate::errors;
use crate::input;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyDate, PyDateAccess, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple,
    PyType,
};
use serde_json::{Number, Value};
use wangshi::ErrorCode;
use wangshi::date;

/// How deep a request may nest (serde_json's own limit for text); also stops
/// a self-referencing dict from overflowing the stack.
const MAX_DEPTH: usize = 128;

/// A Python request as a JSON value (through [`to_json`]).
pub(crate) fn to_value(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    let text = to_json(obj)?;
    serde_json::from_str(&text)
        .map_err(|e| errors::raise(obj.py(), ErrorCode::InvalidValue, e.to_string(), ""))
}

/// [`to_value`] of one argument, errors pointing at `name`.
pub(crate) fn arg_value(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Value> {
    let mut out = String::new();
    let mut path = name.to_owned();
    write(obj, &mut out, &mut path, 0)?;
    serde_json::from_str(&out)
        .map_err(|e| errors::raise(obj.py(), ErrorCode::InvalidValue, e.to_string(), name))
}

/// A Python request written as JSON text, taking what a DataFrame row
/// gives: dicts (str keys), lists, tuples, str, bool, int and float (numpy
/// scalars too), None; a missing value (None, NaN, NaT, pandas' NA) is
/// `null`, which the contract reads as an absent field; a date-like value (a
/// `datetime.date`, a naive datetime or `pandas.Timestamp` at midnight, a
/// `numpy.datetime64` at midnight) is its `YYYY-MM-DD` text, and one with a
/// time of day or a time zone is its ISO text (so a date field holding it is
/// that row's `invalid_date`); an infinite float is the text `"Infinity"`
/// (an `invalid_value` where a number belongs).
///
/// Anything else is `invalid_value` with the path of the offending item.
pub(crate) fn to_json(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let mut out = String::new();
    let mut path = String::new();
    write(obj, &mut out, &mut path, 0)?;
    Ok(out)
}

fn push_str(out: &mut String, s: &str) {
    // serde_json's escaping of a string.
    out.push_str(&Value::from(s).to_string());
}

fn write(
    obj: &Bound<'_, PyAny>,
    out: &mut String,
    path: &mut String,
    depth: usize,
) -> PyResult<()> {
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
        out.push_str("null");
        return Ok(());
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        out.push_str(if b.is_true() { "true" } else { "false" });
        return Ok(());
    }
    if let Ok(s) = obj.cast::<PyString>() {
        push_str(out, text(s, path)?);
        return Ok(());
    }
    if obj.is_instance_of::<PyInt>() {
        return integer(obj, out, path);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        float(f.value(), out);
        return Ok(());
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        out.push('{');
        for (i, (k, v)) in d.iter().enumerate() {
            let Ok(key) = k.cast::<PyString>() else {
                return Err(errors::raise(
                    py,
                    ErrorCode::InvalidValue,
                    format!("object keys must be str, found {}", k.get_type().name()?),
                    path,
                ));
            };
            let key = text(key, path)?;
            if i > 0 {
                out.push(',');
            }
            push_str(out, key);
            out.push(':');
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
            write(&v, out, path, depth + 1)?;
            path.truncate(len);
        }
        out.push('}');
        return Ok(());
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        out.push('[');
        for (i, item) in obj.try_iter()?.enumerate() {
            if i > 0 {
                out.push(',');
            }
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            write(&item?, out, path, depth + 1)?;
            path.truncate(len);
        }
        out.push(']');
        return Ok(());
    }
    if input::is_missing(obj) {
        out.push_str("null");
        return Ok(());
    }
    match input::date_value(obj)? {
        Some(input::DateValue::Day(d)) => {
            push_str(out, &date_text(d));
            return Ok(());
        }
        Some(input::DateValue::DateTime {
            day,
            midnight: true,
            aware: false,
        }) => {
            push_str(out, &date_text(day));
            return Ok(());
        }
        Some(input::DateValue::DateTime { .. }) => {
            let iso = obj
                .call_method0("isoformat")
                .or_else(|_| obj.str().map(|s| s.into_any()))?;
            push_str(out, &iso.str()?.to_string_lossy());
            return Ok(());
        }
        None => {}
    }
    if is_numpy_scalar(obj)? {
        match input::object_num(obj) {
            input::Num::Bool(b) => out.push_str(if b { "true" } else { "false" }),
            input::Num::Int(i) => {
                if let Ok(i) = i64::try_from(i) {
                    out.push_str(&i.to_string());
                } else if let Ok(u) = u64::try_from(i) {
                    out.push_str(&u.to_string());
                } else {
                    return Err(too_big(py, path));
                }
            }
            input::Num::Float(f) => float(f, out),
            _ => return Err(not_json(obj, path)?),
        }
        return Ok(());
    }
    Err(not_json(obj, path)?)
}

fn not_json(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<PyErr> {
    Ok(errors::raise(
        obj.py(),
        ErrorCode::InvalidValue,
        format!(
            "a {} cannot be part of a request (use dict, list, str, int, float, bool, None or datetime.date)",
            obj.get_type().name()?
        ),
        path,
    ))
}

/// A day number as `YYYY-MM-DD` (outside 1900–2199 too: the core then says
/// `invalid_date`).
fn date_text(d: i32) -> String {
    date::format_date(d)
}

fn float(f: f64, out: &mut String) {
    match Number::from_f64(f) {
        Some(n) => out.push_str(&n.to_string()),
        None if f.is_nan() => out.push_str("null"),
        None if f > 0.0 => out.push_str("\"Infinity\""),
        None => out.push_str("\"-Infinity\""),
    }
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

fn too_big(py: Python<'_>, path: &str) -> PyErr {
    errors::raise(
        py,
        ErrorCode::InvalidValue,
        "an integer does not fit in 64 bits",
        path,
    )
}

/// A Python int as a JSON number.
fn integer(obj: &Bound<'_, PyAny>, out: &mut String, path: &str) -> PyResult<()> {
    if let Ok(i) = obj.extract::<i64>() {
        out.push_str(&i.to_string());
        return Ok(());
    }
    if let Ok(u) = obj.extract::<u64>() {
        out.push_str(&u.to_string());
        return Ok(());
    }
    Err(too_big(obj.py(), path))
}

/// A numpy scalar (`numpy.int64(400)`, `numpy.float32(2.0)`, `numpy.bool_`),
/// converted like the Python number it stands for.
fn is_numpy_scalar(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    let ty = obj.get_type();
    if !ty.module()?.to_str()?.starts_with("numpy") {
        return Ok(false);
    }
    let generic = NUMPY_GENERIC.import(obj.py(), "numpy", "generic")?;
    obj.is_instance(generic)
}

static NUMPY_GENERIC: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The response envelope text of `evaluate_json` as the Python result, or
/// its error raised as the `WangshiError` subclass of its code.
///
/// The text is read straight into Python objects in one pass, so objects
/// keep the key order of the response (`by_tier` in policy order, groups
/// in the order the op lists them), as `json.loads` of the text would.
pub(crate) fn from_envelope<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    use serde::de::DeserializeSeed;
    let not_json = |e: String| {
        errors::to_py_err(
            py,
            &wangshi::Error::new(
                ErrorCode::InternalError,
                format!("the response is not JSON: {e}"),
            ),
        )
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let cell = std::cell::RefCell::new(None);
    let envelope = PySeed { py, err: &cell }
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|_| v));
    if let Some(e) = cell.into_inner() {
        return Err(e);
    }
    let envelope = envelope.map_err(|e| not_json(e.to_string()))?;
    let envelope = envelope
        .cast_into::<PyDict>()
        .map_err(|_| not_json("not an object".to_owned()))?;
    let get = |d: &Bound<'py, PyDict>, k: &str| d.get_item(k).ok().flatten();
    if get(&envelope, "ok").is_some_and(|ok| ok.is_truthy().unwrap_or(false)) {
        return Ok(get(&envelope, "result").unwrap_or_else(|| py.None().into_bound(py)));
    }
    let e = get(&envelope, "error").and_then(|e| e.cast_into::<PyDict>().ok());
    let text_of = |k: &str| -> Option<String> {
        e.as_ref()
            .and_then(|e| get(e, k))
            .and_then(|v| v.extract::<String>().ok())
    };
    let code = text_of("code")
        .as_deref()
        .and_then(ErrorCode::from_name)
        .unwrap_or(ErrorCode::InternalError);
    let err = wangshi::Error::new(code, text_of("message").unwrap_or_default());
    let err = match text_of("path") {
        Some(p) => err.at(p),
        None => err,
    };
    Err(errors::to_py_err(py, &err))
}

/// Reads JSON text into Python objects (dicts in document order); a Python
/// error while building them is kept in `err`.
struct PySeed<'a, 'py> {
    py: Python<'py>,
    err: &'a std::cell::RefCell<Option<PyErr>>,
}

impl<'a, 'py> PySeed<'a, 'py> {
    fn keep<E: serde::de::Error>(
        &self,
        r: PyResult<Bound<'py, PyAny>>,
    ) -> Result<Bound<'py, PyAny>, E> {
        r.map_err(|e| {
            *self.err.borrow_mut() = Some(e);
            E::custom("a Python object could not be built")
        })
    }
}

impl<'de, 'a, 'py> serde::de::DeserializeSeed<'de> for PySeed<'a, 'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, 'a, 'py> serde::de::Visitor<'de> for PySeed<'a, 'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.py.None().into_bound(self.py))
    }

    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Self::Value, E> {
        Ok(PyBool::new(self.py, b).to_owned().into_any())
    }

    fn visit_i64<E: serde::de::Error>(self, i: i64) -> Result<Self::Value, E> {
        let Ok(v) = i.into_pyobject(self.py);
        Ok(v.into_any())
    }

    fn visit_u64<E: serde::de::Error>(self, u: u64) -> Result<Self::Value, E> {
        let Ok(v) = u.into_pyobject(self.py);
        Ok(v.into_any())
    }

    fn visit_f64<E: serde::de::Error>(self, f: f64) -> Result<Self::Value, E> {
        let Ok(v) = f.into_pyobject(self.py);
        Ok(v.into_any())
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(PyString::new(self.py, s).into_any())
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let list = PyList::empty(self.py);
        let (py, err) = (self.py, self.err);
        while let Some(item) = seq.next_element_seed(PySeed { py, err })? {
            let r = list.append(item).map(|_| py.None().into_bound(py));
            self.keep::<A::Error>(r)?;
        }
        Ok(list.into_any())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let dict = PyDict::new(self.py);
        let (py, err) = (self.py, self.err);
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let value = map.next_value_seed(PySeed { py, err })?;
            let r = dict
                .set_item(key.as_ref(), value)
                .map(|_| py.None().into_bound(py));
            self.keep::<A::Error>(r)?;
        }
        Ok(dict.into_any())
    }
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
