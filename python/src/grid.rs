//! Grids (网格): the size norm and community validation, typed.

use crate::convert;
use crate::errors;
use pyo3::prelude::*;
use serde_json::{Value, json};
use wangshi::grid::{Community, SizeNorm, default_size_norm};

/// One finding of a grid validation.
#[pyclass(module = "wangshi", name = "GridIssue", frozen, eq, hash, get_all)]
#[derive(PartialEq, Eq, Hash)]
struct PyGridIssue {
    code: &'static str,
    severity: &'static str,
    grid: Option<String>,
    subject: String,
    message: String,
}

#[pymethods]
impl PyGridIssue {
    fn __repr__(&self) -> String {
        format!(
            "GridIssue(code='{}', severity='{}', grid={}, subject='{}')",
            self.code,
            self.severity,
            self.grid
                .as_ref()
                .map_or("None".to_owned(), |g| format!("'{g}'")),
            self.subject
        )
    }
}

/// The report of `validate_community`: valid iff no issue is an error.
#[pyclass(module = "wangshi", name = "GridReport", frozen)]
struct PyGridReport {
    #[pyo3(get)]
    valid: bool,
    #[pyo3(get)]
    issues: Vec<Py<PyGridIssue>>,
    summary: Value,
}

#[pymethods]
impl PyGridReport {
    /// grids by kind, full-time workers, households and population of
    /// standard grids, households listed and covered.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::from_value(py, &self.summary)
    }

    fn __repr__(&self) -> String {
        format!(
            "GridReport(valid={}, issues={})",
            if self.valid { "True" } else { "False" },
            self.issues.len()
        )
    }
}

fn norm_arg(py: Python<'_>, norm: Option<&Bound<'_, PyAny>>) -> PyResult<Option<SizeNorm>> {
    match norm {
        None => Ok(None),
        Some(n) if n.is_none() => Ok(None),
        Some(n) => SizeNorm::from_value(&convert::to_value(n)?)
            .map(Some)
            .map_err(|e| errors::to_py_err(py, &e.within("norm"))),
    }
}

/// `grid.validate`: every check of 网格 sizing and staffing on a community given
/// in its JSON shape.
#[pyfunction]
#[pyo3(signature = (community, norm=None))]
fn validate_community(
    py: Python<'_>,
    community: &Bound<'_, PyAny>,
    norm: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyGridReport> {
    let v = convert::to_value(community)?;
    let norm = norm_arg(py, norm)?;
    let c = Community::from_value(&v).map_err(|e| errors::to_py_err(py, &e.within("community")))?;
    let report = py.detach(|| c.validate(norm.as_ref().unwrap_or(default_size_norm())));
    let issues = report
        .issues
        .iter()
        .map(|i| {
            Py::new(
                py,
                PyGridIssue {
                    code: i.code.as_str(),
                    severity: i.severity.as_str(),
                    grid: i.grid.clone(),
                    subject: i.subject.clone(),
                    message: i.message.clone(),
                },
            )
        })
        .collect::<PyResult<_>>()?;
    Ok(PyGridReport {
        valid: report.valid,
        issues,
        summary: report.to_value()["summary"].clone(),
    })
}

/// `grid.size`: the size-norm verdict and advice of one grid. A count that
/// is not a whole number from 0 to 2^64 - 1 is `invalid_value`.
#[pyfunction]
#[pyo3(signature = (kind, households, population, *, subtype=None, norm=None))]
fn grid_size(
    py: Python<'_>,
    kind: &str,
    households: &Bound<'_, PyAny>,
    population: &Bound<'_, PyAny>,
    subtype: Option<&str>,
    norm: Option<&Bound<'_, PyAny>>,
) -> PyResult<(String, Option<String>)> {
    // The counts go through the request reader like `evaluate`'s, so that a
    // negative or too large count is `invalid_value` at its name, not a bare
    // OverflowError.
    let mut req = json!({
        "op": "grid.size",
        "kind": kind,
        "households": convert::arg_value(households, "households")?,
        "population": convert::arg_value(population, "population")?,
    });
    if let Some(s) = subtype {
        req["subtype"] = s.into();
    }
    if let Some(n) = norm.filter(|n| !n.is_none()) {
        req["norm"] = convert::to_value(n)?;
    }
    let r = wangshi::evaluate(req).map_err(|e| errors::to_py_err(py, &e))?;
    Ok((
        r["verdict"].as_str().unwrap_or_default().to_owned(),
        r["advice"].as_str().map(str::to_owned),
    ))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyGridIssue>()?;
    m.add_class::<PyGridReport>()?;
    m.add_function(wrap_pyfunction!(validate_community, m)?)?;
    m.add_function(wrap_pyfunction!(grid_size, m)?)?;
    Ok(())
}
