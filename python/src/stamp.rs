//! Audit stamps on the rule handles: `.stamp` of `VisitPolicy`, `Catalog`,
//! `TriageRules`, `Calendar` and `HandlingPolicy` is
//! `{"version", "sha256"}`, exactly the `stamp.data.<field>` a response
//! carries when that data set decided it (the core's
//! `wangshi::stamp::RuleData::stamp`).

use pyo3::prelude::*;
use pyo3::types::PyDict;
use wangshi::stamp::RuleData;

/// The stamp of a rule data set as a dict `{"version", "sha256"}`.
pub(crate) fn stamp<'py>(py: Python<'py>, data: &impl RuleData) -> PyResult<Bound<'py, PyDict>> {
    let s = data.stamp();
    let d = PyDict::new(py);
    d.set_item("version", s.version)?;
    d.set_item("sha256", s.sha256)?;
    Ok(d)
}
