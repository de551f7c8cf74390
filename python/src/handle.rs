//! The methods every rule handle has (`VisitPolicy`, `Catalog`,
//! `TriageRules`, `Calendar`, `HandlingPolicy`): the embedded default,
//! `from_json` / `from_dict` (parsed and validated by the core),
//! `to_dict` / `to_json` (the data-file shape), `version` and `stamp`
//! (the core's `RuleData`). Each handle is `struct PyX { inner: Arc<X> }`.

/// `#[pymethods] impl` of a rule handle: the common methods, then the
/// handle's own (`$($own)*`).
macro_rules! rule_handle {
    (impl $py:ident for $core:ty { default: $default:expr; $($own:tt)* }) => {
        #[pyo3::pymethods]
        impl $py {
            /// The embedded default data set.
            #[new]
            fn new() -> $py {
                $py {
                    inner: std::sync::Arc::new($default),
                }
            }

            /// The embedded default data set.
            #[staticmethod]
            fn default() -> $py {
                <$py>::new()
            }

            /// Parses and validates a data set from JSON text.
            #[staticmethod]
            fn from_json(py: pyo3::Python<'_>, text: &str) -> pyo3::PyResult<$py> {
                <$core>::from_json(text)
                    .map(|inner| $py {
                        inner: std::sync::Arc::new(inner),
                    })
                    .map_err(|e| crate::errors::to_py_err(py, &e))
            }

            /// Validates a data set given as a dict (the JSON shape).
            #[staticmethod]
            fn from_dict(
                py: pyo3::Python<'_>,
                data: &pyo3::Bound<'_, pyo3::PyAny>,
            ) -> pyo3::PyResult<$py> {
                let v = crate::convert::to_value(data)?;
                <$core>::from_value(&v)
                    .map(|inner| $py {
                        inner: std::sync::Arc::new(inner),
                    })
                    .map_err(|e| crate::errors::to_py_err(py, &e))
            }

            /// The data set as a dict (the shape `from_dict` reads).
            fn to_dict<'py>(
                &self,
                py: pyo3::Python<'py>,
            ) -> pyo3::PyResult<pyo3::Bound<'py, pyo3::PyAny>> {
                crate::convert::from_value(py, &wangshi::stamp::RuleData::to_data(&*self.inner))
            }

            /// The data set as JSON text.
            fn to_json(&self) -> String {
                wangshi::stamp::RuleData::to_data(&*self.inner).to_string()
            }

            /// The version label.
            #[getter]
            fn version(&self) -> &str {
                wangshi::stamp::RuleData::data_version(&*self.inner)
            }

            /// The audit stamp `{"version", "sha256"}`: what a response
            /// decided by this data set carries in `stamp.data.<field>`.
            #[getter]
            fn stamp<'py>(
                &self,
                py: pyo3::Python<'py>,
            ) -> pyo3::PyResult<pyo3::Bound<'py, pyo3::types::PyDict>> {
                crate::stamp::stamp(py, &*self.inner)
            }

            $($own)*
        }
    };
}
pub(crate) use rule_handle;
