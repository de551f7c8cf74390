//! Python module of wangshi, imported as `wangshi` (the native part is the
//! private `wangshi._wangshi`; `python/python/wangshi/__init__.py` re-exports
//! it with `__all__`).
//!
//! Layout: [`errors`] turns the core's one `Error` into the Python exception
//! of its category, [`convert`] writes Python values as JSON text (for
//! `evaluate`) and moves dates across the boundary, [`policy`],
//! [`catalog`], [`grid`], [`triage`], [`calendar`] and [`handling`] hold
//! the typed classes ([`stamp`] their audit stamps), and the columnar
//! batches are [`batch`], [`calendar`], [`handling`] and [`completion`]
//! (each batch a declaration of its columns)
//! on [`input`] (Arrow PyCapsule / numpy columns into the core's buffers and
//! sentinels) and [`output`] (arrow, polars, pandas, numpy results built
//! from the core's buffers). The GIL is released while the core runs.
mod alloc;
mod batch;
mod calendar;
mod catalog;
mod completion;
mod convert;
mod errors;
mod grid;
mod handle;
mod handling;
mod input;
mod output;
mod par;
mod policy;
mod stamp;
mod triage;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// `wangshi.evaluate(request: dict) -> dict`: the JSON entry point on Python
/// values; returns the `result` and raises a `WangshiError` subclass.
///
/// The request is written as JSON text in Rust (with the conversions of
/// [`convert::to_json`]: a missing value is null, a date-like value a
/// `YYYY-MM-DD` string), evaluated by `wangshi::evaluate_json`, and the
/// envelope text is read back into Python objects in Rust.
#[pyfunction]
fn evaluate<'py>(py: Python<'py>, request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    errors::guard(py, || {
        let text = convert::to_json(request)?;
        let envelope = py.detach(move || wangshi::evaluate_json(&text));
        convert::from_envelope(py, &envelope)
    })
}

/// `wangshi.evaluate_json(request: str | bytes) -> str`: the JSON entry point
/// on text; returns the response envelope and never raises for a bad request
/// (text that is not valid Unicode or UTF-8 included: `invalid_json`).
#[pyfunction]
fn evaluate_json(py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = request.cast::<PyString>() {
        if let Ok(text) = s.to_str() {
            return Ok(py.detach(|| wangshi::evaluate_json(text)));
        }
        // A str that is not valid Unicode (a lone surrogate such as
        // "\ud800"): its UTF-8 bytes with the surrogates kept, which the
        // UTF-8 check below reports as an `invalid_json` envelope.
        let raw = s.call_method1("encode", ("utf-8", "surrogatepass"))?;
        return Ok(evaluate_bytes(py, raw.cast::<PyBytes>()?.as_bytes()));
    }
    if let Ok(b) = request.cast::<PyBytes>() {
        return Ok(evaluate_bytes(py, b.as_bytes()));
    }
    Err(pyo3::exceptions::PyTypeError::new_err(format!(
        "evaluate_json expects str or bytes, got {}",
        request.get_type().name()?
    )))
}

/// `evaluate_json` on bytes: the envelope, `invalid_json` when they are not
/// UTF-8.
fn evaluate_bytes(py: Python<'_>, bytes: &[u8]) -> String {
    py.detach(|| match std::str::from_utf8(bytes) {
        Ok(text) => wangshi::evaluate_json(text),
        Err(e) => {
            wangshi::Response::from_error(wangshi::Error::new(
                wangshi::ErrorCode::InvalidJson,
                format!("the request is not valid UTF-8: {e}"),
            ))
            .text
        }
    })
}

/// The names of every op `evaluate` understands.
#[pyfunction]
fn ops() -> Vec<&'static str> {
    wangshi::ops()
}

#[pymodule]
fn _wangshi(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate_json, m)?)?;
    m.add_function(wrap_pyfunction!(ops, m)?)?;
    policy::register(m)?;
    batch::register(m)?;
    catalog::register(m)?;
    triage::register(m)?;
    grid::register(m)?;
    calendar::register(m)?;
    handling::register(m)?;
    completion::register(m)?;
    Ok(())
}
