//! The typed task catalogue (网格事项清单): `Catalog`, `Category`, `Item`.

use crate::convert;
use crate::errors;
use pyo3::prelude::*;
use pyo3::types::PyDate;
use std::sync::Arc;
use wangshi::Catalog;
use wangshi::date::{self, NO_DATE};

/// A validated task catalogue. Immutable.
#[pyclass(module = "wangshi", name = "Catalog", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PyCatalog {
    pub(crate) inner: Arc<Catalog>,
}

/// One category (大类) of a catalogue.
#[pyclass(module = "wangshi", name = "Category", frozen, eq, hash, get_all)]
#[derive(PartialEq, Eq, Hash)]
struct PyCategory {
    code: String,
    name_zh: String,
    name_en: String,
    case_class: &'static str,
    department: String,
}

/// One item (小类) of a catalogue.
#[pyclass(module = "wangshi", name = "Item", frozen, eq, hash)]
#[derive(PartialEq, Eq, Hash)]
pub(crate) struct PyItem {
    code: String,
    category: String,
    name_zh: String,
    name_en: String,
    case_class: &'static str,
    department: String,
    admitted_on: i32,
    ends_on: i32,
    exited_on: i32,
}

impl PyItem {
    fn new(i: &wangshi::catalog::Item) -> PyItem {
        let day = |d: Option<chrono::NaiveDate>| d.map_or(NO_DATE, date::to_days);
        PyItem {
            code: i.code.clone(),
            category: i.category.clone(),
            name_zh: i.name_zh.clone(),
            name_en: i.name_en.clone(),
            case_class: i.class.as_str(),
            department: i.department.clone(),
            admitted_on: date::to_days(i.admitted_on),
            ends_on: day(i.ends_on),
            exited_on: day(i.exited_on),
        }
    }
}

#[pymethods]
impl PyItem {
    #[getter]
    fn code(&self) -> &str {
        &self.code
    }
    #[getter]
    fn category(&self) -> &str {
        &self.category
    }
    #[getter]
    fn name_zh(&self) -> &str {
        &self.name_zh
    }
    #[getter]
    fn name_en(&self) -> &str {
        &self.name_en
    }
    #[getter]
    fn case_class(&self) -> &'static str {
        self.case_class
    }
    #[getter]
    fn department(&self) -> &str {
        &self.department
    }
    #[getter]
    fn admitted_on<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> {
        convert::py_date(py, self.admitted_on)
    }
    #[getter]
    fn ends_on<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> {
        convert::opt_py_date(py, self.ends_on)
    }
    #[getter]
    fn exited_on<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> {
        convert::opt_py_date(py, self.exited_on)
    }

    fn __repr__(&self) -> String {
        format!(
            "Item(code='{}', category='{}', name_en='{}', case_class='{}', department='{}')",
            self.code, self.category, self.name_en, self.case_class, self.department
        )
    }
}

crate::handle::rule_handle! {
    impl PyCatalog for Catalog {
        default: Catalog::default();

        #[getter]
        fn categories(&self) -> Vec<PyCategory> {
            self.inner
                .categories()
                .iter()
                .map(|c| PyCategory {
                    code: c.code.clone(),
                    name_zh: c.name_zh.clone(),
                    name_en: c.name_en.clone(),
                    case_class: c.class.as_str(),
                    department: c.department.clone(),
                })
                .collect()
        }

        #[getter]
        fn items(&self) -> Vec<PyItem> {
            self.inner.items().iter().map(PyItem::new).collect()
        }

        fn item(&self, code: &str) -> Option<PyItem> {
            self.inner.item(code).map(PyItem::new)
        }

        fn item_index(&self, code: &str) -> Option<usize> {
            self.inner.item_index(code)
        }

        fn items_in_force(&self, on: &Bound<'_, PyAny>) -> PyResult<Vec<PyItem>> {
            let py = on.py();
            let on =
                date::from_days(convert::day_arg(on, "on")?).map_err(|e| errors::to_py_err(py, &e))?;
            let items = self
                .inner
                .items_in_force(on)
                .map_err(|e| errors::to_py_err(py, &e))?;
            Ok(items.map(PyItem::new).collect())
        }

        fn check(&self, code: &str, on: &Bound<'_, PyAny>) -> PyResult<(bool, &'static str)> {
            let py = on.py();
            let on =
                date::from_days(convert::day_arg(on, "on")?).map_err(|e| errors::to_py_err(py, &e))?;
            let r = self
                .inner
                .check(code, on)
                .map_err(|e| errors::to_py_err(py, &e))?;
            Ok((r.in_force(), r.reason.as_str()))
        }

        fn __len__(&self) -> usize {
            self.inner.items().len()
        }

        fn __repr__(&self) -> String {
            format!(
                "Catalog(version='{}', categories={}, items={})",
                self.inner.version(),
                self.inner.categories().len(),
                self.inner.items().len()
            )
        }
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCatalog>()?;
    m.add_class::<PyCategory>()?;
    m.add_class::<PyItem>()?;
    Ok(())
}
