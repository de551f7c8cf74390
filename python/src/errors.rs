//! The core's one `Error` as a Python exception. The exception classes are
//! plain Python (`wangshi/_errors.py`), so that each can inherit both
//! `WangshiError` and `ValueError`; this module only builds them.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

static ERROR_FOR: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The Python exception for a core error: the `WangshiError` subclass of its
/// code's category (`ErrorCode::kind`), carrying `.code`, `.message` and
/// `.path`.
pub(crate) fn to_py_err(py: Python<'_>, e: &wangshi::Error) -> PyErr {
    let build = ERROR_FOR
        .import(py, "wangshi._errors", "_error_for")
        .and_then(|f| {
            f.call1((
                e.code().as_str(),
                e.message(),
                e.path(),
                e.code().kind().as_str(),
            ))
        });
    match build {
        Ok(exc) => PyErr::from_value(exc),
        // Only reachable when the package is broken (the native module
        // imported without its Python half): say so rather than hide it.
        Err(import_err) => import_err,
    }
}

/// A core error with this code and message, raised as its Python exception.
pub(crate) fn raise(
    py: Python<'_>,
    code: wangshi::ErrorCode,
    message: impl Into<String>,
    path: &str,
) -> PyErr {
    to_py_err(py, &wangshi::Error::new(code, message).at(path))
}

/// Runs `f`, turning a panic (a bug) into the core's `internal_error`, raised
/// as `wangshi.InternalError`: a batch or request never ends in a bare
/// `PanicException`.
pub(crate) fn guard<T>(py: Python<'_>, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".to_owned());
            Err(raise(
                py,
                wangshi::ErrorCode::InternalError,
                format!("the library failed internally ({what}); please report it with the input"),
                "",
            ))
        }
    }
}
