//! Case triage (事件分流): `TriageRules`, `CaseRouter`, `Decision`, and the
//! columnar classification batch.

use crate::batch::{Days, validity};
use crate::catalog::PyCatalog;
use crate::convert;
use crate::errors;
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::borrow::Cow;
use std::sync::Arc;
use wangshi::ErrorCode;
use wangshi::date::NO_DATE;
use wangshi::triage::{Case, CaseColumns, CaseRouter, DecisionColumns, Flag, TriageRules};

/// Validated triage rules (thresholds, flag lists, centres, whistle and
/// mediation rules). Immutable.
#[pyclass(module = "wangshi", name = "TriageRules", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PyTriageRules {
    inner: Arc<TriageRules>,
}

fn wrap_rules(r: TriageRules) -> PyTriageRules {
    PyTriageRules { inner: Arc::new(r) }
}

#[pymethods]
impl PyTriageRules {
    #[new]
    fn new() -> PyTriageRules {
        wrap_rules(wangshi::triage::default_rules().clone())
    }

    #[staticmethod]
    fn default() -> PyTriageRules {
        PyTriageRules::new()
    }

    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<PyTriageRules> {
        TriageRules::from_json(text)
            .map(wrap_rules)
            .map_err(|e| errors::to_py_err(py, &e))
    }

    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<PyTriageRules> {
        let v = convert::to_value(data)?;
        TriageRules::from_value(&v)
            .map(wrap_rules)
            .map_err(|e| errors::to_py_err(py, &e))
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::from_value(py, &self.inner.to_value())
    }

    fn to_json(&self) -> String {
        self.inner.to_value().to_string()
    }

    #[getter]
    fn version(&self) -> &str {
        self.inner.version()
    }

    fn __repr__(&self) -> String {
        format!("TriageRules(version='{}')", self.inner.version())
    }
}

/// The whistle: a department must report for duty (社区吹哨、部门报到).
#[pyclass(module = "wangshi", name = "Whistle", frozen, eq, hash, get_all)]
#[derive(PartialEq, Eq, Hash, Clone)]
struct PyWhistle {
    department: String,
    report_within_minutes: u32,
}

#[pymethods]
impl PyWhistle {
    fn __repr__(&self) -> String {
        format!(
            "Whistle(department='{}', report_within_minutes={})",
            self.department, self.report_within_minutes
        )
    }
}

/// Pre-litigation mediation with judicial confirmation (诉前调解 + 司法确认).
#[pyclass(module = "wangshi", name = "Mediation", frozen, eq, hash, get_all)]
#[derive(PartialEq, Eq, Hash, Clone)]
struct PyMediation {
    pre_litigation: bool,
    judicial_confirmation_within_days: u32,
}

#[pymethods]
impl PyMediation {
    fn __repr__(&self) -> String {
        format!(
            "Mediation(pre_litigation={}, judicial_confirmation_within_days={})",
            if self.pre_litigation { "True" } else { "False" },
            self.judicial_confirmation_within_days
        )
    }
}

/// How a case is classified and routed.
#[pyclass(module = "wangshi", name = "Decision", frozen, eq, hash, get_all)]
#[derive(PartialEq, Eq, Hash)]
struct PyDecision {
    id: String,
    case_class: &'static str,
    center: &'static str,
    level: &'static str,
    whistle: Option<PyWhistle>,
    mediation: Option<PyMediation>,
    immediate_report: bool,
    matched_rules: Vec<String>,
}

#[pymethods]
impl PyDecision {
    fn __repr__(&self) -> String {
        let rules: Vec<String> = self
            .matched_rules
            .iter()
            .map(|r| format!("'{r}'"))
            .collect();
        format!(
            "Decision(id='{}', case_class='{}', center='{}', level='{}', whistle={}, mediation={}, \
             immediate_report={}, matched_rules=[{}])",
            self.id,
            self.case_class,
            self.center,
            self.level,
            self.whistle
                .as_ref()
                .map_or("None".into(), PyWhistle::__repr__),
            self.mediation
                .as_ref()
                .map_or("None".into(), PyMediation::__repr__),
            if self.immediate_report {
                "True"
            } else {
                "False"
            },
            rules.join(", ")
        )
    }
}

/// Triage rules compiled against a catalogue: classifies cases one by one
/// or in columnar batches.
#[pyclass(module = "wangshi", name = "CaseRouter", frozen)]
pub(crate) struct PyCaseRouter {
    inner: Arc<CaseRouter>,
}

fn non_negative(py: Python<'_>, v: i64, name: &str) -> PyResult<u32> {
    u32::try_from(v).map_err(|_| {
        errors::raise(
            py,
            ErrorCode::InvalidValue,
            format!("{name} must be a whole number from 0 to 4294967295, got {v}"),
            &format!("case.{name}"),
        )
    })
}

/// A count argument: a whole number; one beyond 64 bits is `invalid_value`
/// like any other out-of-range count (checked by [`non_negative`]).
fn count_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<i64> {
    match obj.extract::<i64>() {
        Err(e) if e.is_instance_of::<pyo3::exceptions::PyOverflowError>(obj.py()) => {
            Err(errors::raise(
                obj.py(),
                ErrorCode::InvalidValue,
                format!("{name} must be a whole number from 0 to 4294967295, got {obj}"),
                &format!("case.{name}"),
            ))
        }
        r => r,
    }
}

fn parties_arg(obj: &Bound<'_, PyAny>) -> PyResult<i64> {
    count_arg(obj, "parties")
}

fn repeat_count_arg(obj: &Bound<'_, PyAny>) -> PyResult<i64> {
    count_arg(obj, "repeat_count")
}

/// The amount argument: an int too large for a float is `invalid_value`
/// (as an infinite amount is), not an OverflowError.
fn amount_arg(obj: &Bound<'_, PyAny>) -> PyResult<f64> {
    match obj.extract::<f64>() {
        Err(e) if e.is_instance_of::<pyo3::exceptions::PyOverflowError>(obj.py()) => {
            Err(errors::raise(
                obj.py(),
                ErrorCode::InvalidValue,
                "amount is too large to be a number of yuan",
                "case.amount",
            ))
        }
        r => r,
    }
}

#[pymethods]
impl PyCaseRouter {
    /// A router for `rules` (default rules) over `catalog` (default catalogue).
    #[new]
    #[pyo3(signature = (rules=None, catalog=None))]
    fn new(
        py: Python<'_>,
        rules: Option<&PyTriageRules>,
        catalog: Option<&PyCatalog>,
    ) -> PyResult<PyCaseRouter> {
        if rules.is_none() && catalog.is_none() {
            return Ok(PyCaseRouter {
                inner: Arc::new(CaseRouter::default_router().clone()),
            });
        }
        let default_rules = wangshi::triage::default_rules();
        let rules = rules.map_or(default_rules, |r| &*r.inner);
        let catalog = catalog.map_or(wangshi::Catalog::default_catalog(), |c| &*c.inner);
        CaseRouter::new(rules, catalog)
            .map(|r| PyCaseRouter { inner: Arc::new(r) })
            .map_err(|e| errors::to_py_err(py, &e))
    }

    #[getter]
    fn catalog(&self) -> PyCatalog {
        PyCatalog {
            inner: Arc::new(self.inner.catalog().clone()),
        }
    }

    #[getter]
    fn rules(&self) -> PyTriageRules {
        wrap_rules(self.inner.rules().clone())
    }

    /// The department names; department code k >= 1 is `departments[k - 1]`.
    #[getter]
    fn departments(&self) -> Vec<String> {
        self.inner.departments().to_vec()
    }

    /// The ids of the rules in a matched-rules mask, in rule order. A mask
    /// that is not a whole number from 0 to 2^32 - 1 is `invalid_value`.
    fn rule_ids(&self, mask: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let mask = match mask.extract::<u32>() {
            Ok(m) => m,
            Err(e) if e.is_instance_of::<pyo3::exceptions::PyOverflowError>(mask.py()) => {
                return Err(errors::raise(
                    mask.py(),
                    ErrorCode::InvalidValue,
                    format!("mask must be a whole number from 0 to 4294967295, got {mask}"),
                    "mask",
                ));
            }
            Err(e) => return Err(e),
        };
        Ok(self.inner.rule_ids(mask).map(str::to_owned).collect())
    }

    /// `case.classify` for one case.
    #[pyo3(signature = (item, reported_on, *, parties=1, repeat_count=0, amount=0.0, flags=Vec::new(), id=String::new()))]
    #[allow(clippy::too_many_arguments)]
    fn classify(
        &self,
        py: Python<'_>,
        item: &str,
        reported_on: &Bound<'_, PyAny>,
        #[pyo3(from_py_with = parties_arg)] parties: i64,
        #[pyo3(from_py_with = repeat_count_arg)] repeat_count: i64,
        #[pyo3(from_py_with = amount_arg)] amount: f64,
        flags: Vec<String>,
        id: String,
    ) -> PyResult<PyDecision> {
        let day = convert::day_arg(reported_on, "case.reported_on")?;
        let day = wangshi::date::from_days(day).map_err(|e| errors::to_py_err(py, &e))?;
        let mut case = Case::new(id, item, day)
            .with_parties(non_negative(py, parties, "parties")?)
            .with_repeat_count(non_negative(py, repeat_count, "repeat_count")?)
            .with_amount(amount);
        for (i, f) in flags.iter().enumerate() {
            let Some(flag) = Flag::from_name(f) else {
                let known: Vec<&str> = Flag::ALL.iter().map(|f| f.as_str()).collect();
                return Err(errors::raise(
                    py,
                    ErrorCode::InvalidValue,
                    format!("unknown flag {f:?}; known flags: {}", known.join(", ")),
                    &format!("case.flags[{i}]"),
                ));
            };
            case = case.with_flag(flag);
        }
        let d = self
            .inner
            .classify(&case)
            .map_err(|e| errors::to_py_err(py, &e))?;
        Ok(PyDecision {
            id: d.id,
            case_class: d.class.as_str(),
            center: d.center.as_str(),
            level: d.level.as_str(),
            whistle: d.whistle.map(|w| PyWhistle {
                department: w.department,
                report_within_minutes: w.report_within_minutes,
            }),
            mediation: d.mediation.map(|m| PyMediation {
                pre_litigation: m.pre_litigation,
                judicial_confirmation_within_days: m.judicial_confirmation_within_days,
            }),
            immediate_report: d.immediate_report,
            matched_rules: d.matched_rules,
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "CaseRouter(rules='{}', catalog='{}')",
            self.inner.rules().version(),
            self.inner.catalog().version()
        )
    }
}

fn slice_of<'a, T: numpy::Element + Copy>(a: &'a PyReadonlyArray1<'_, T>) -> Cow<'a, [T]> {
    match a.as_slice() {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(a.as_array().iter().copied().collect()),
    }
}

/// `_classify_batch(router, item, item_lookup, reported_on, reported_valid,
/// reported_offset, flags, parties, repeat_count, amount) -> dict`: the raw
/// columnar classification (see `wangshi/_batch.py` for the public
/// `classify_batch`).
///
/// `item`: int64 codes into `item_lookup` (code -> item index, u32::MAX
/// unknown; negative = missing item, `missing_field`); dates as in the visit
/// batch (a missing date is `missing_field`).
///
/// The arrays are read with the GIL released: the caller holds them
/// read-only for the call (`wangshi._readonly.read_only`), so that no other
/// Python thread writes them meanwhile.
#[pyfunction]
#[pyo3(signature = (router, item, item_lookup, reported_on, reported_valid, reported_offset,
                    flags, parties, repeat_count, amount, reported_per_day=1))]
#[allow(clippy::too_many_arguments)]
fn _classify_batch<'py>(
    py: Python<'py>,
    router: &PyCaseRouter,
    item: PyReadonlyArray1<'py, i64>,
    item_lookup: PyReadonlyArray1<'py, u32>,
    reported_on: Days<'py>,
    reported_valid: Option<PyReadonlyArray1<'py, u8>>,
    reported_offset: usize,
    flags: PyReadonlyArray1<'py, u16>,
    parties: PyReadonlyArray1<'py, i32>,
    repeat_count: PyReadonlyArray1<'py, i32>,
    amount: PyReadonlyArray1<'py, f64>,
    reported_per_day: i64,
) -> PyResult<Bound<'py, PyDict>> {
    let n = item.as_array().len();
    let lens = [
        reported_on.len(),
        flags.as_array().len(),
        parties.as_array().len(),
        repeat_count.as_array().len(),
        amount.as_array().len(),
    ];
    if lens.iter().any(|&l| l != n) {
        return Err(errors::raise(
            py,
            ErrorCode::InvalidValue,
            format!(
                "batch columns differ in length: item {n}, reported_on/flags/parties/repeat_count/amount {lens:?}"
            ),
            "",
        ));
    }
    let codes = slice_of(&item);
    let lookup = slice_of(&item_lookup);
    let days = reported_on.view(reported_per_day);
    let valid = validity(reported_valid.as_ref(), reported_offset);
    let (flags, parties, repeats, amount) = (
        slice_of(&flags),
        slice_of(&parties),
        slice_of(&repeat_count),
        slice_of(&amount),
    );
    let router = router.inner.clone();
    let out = py.detach(|| -> Result<_, wangshi::Error> {
        let items: Vec<u32> = codes
            .iter()
            .map(|&c| {
                usize::try_from(c)
                    .ok()
                    .and_then(|c| lookup.get(c))
                    .copied()
                    .unwrap_or(u32::MAX)
            })
            .collect();
        let mut day_buf = vec![0i32; n];
        let day = days.chunk(valid.as_ref(), 0, n, &mut day_buf);
        let mut class = vec![0u8; n];
        let mut center = vec![0u8; n];
        let mut level = vec![0u8; n];
        let mut department = vec![0u16; n];
        let mut minutes = vec![0u32; n];
        let mut mediation = vec![0u8; n];
        let mut immediate = vec![0u8; n];
        let mut rules = vec![0u32; n];
        let mut error = vec![0u8; n];
        let bad = router.classify_batch(
            CaseColumns {
                item: &items,
                reported_on: day,
                flags: &flags,
                parties: &parties,
                repeat_count: &repeats,
                amount: &amount,
            },
            DecisionColumns {
                class: &mut class,
                center: &mut center,
                level: &mut level,
                department: &mut department,
                report_within_minutes: &mut minutes,
                mediation: &mut mediation,
                immediate_report: &mut immediate,
                matched_rules: &mut rules,
                error: &mut error,
            },
        )?;
        if bad > 0 {
            let missing = ErrorCode::MissingField as u8;
            for i in 0..n {
                if codes[i] < 0 || day[i] == NO_DATE {
                    error[i] = missing;
                }
            }
        }
        Ok((
            class, center, level, department, minutes, mediation, immediate, rules, error,
        ))
    });
    let (class, center, level, department, minutes, mediation, immediate, rules, error) =
        out.map_err(|e| errors::to_py_err(py, &e))?;
    let d = PyDict::new(py);
    d.set_item("case_class", PyArray1::from_vec(py, class))?;
    d.set_item("center", PyArray1::from_vec(py, center))?;
    d.set_item("level", PyArray1::from_vec(py, level))?;
    d.set_item("department", PyArray1::from_vec(py, department))?;
    d.set_item("report_within_minutes", PyArray1::from_vec(py, minutes))?;
    d.set_item("mediation", PyArray1::from_vec(py, mediation))?;
    d.set_item("immediate_report", PyArray1::from_vec(py, immediate))?;
    d.set_item("matched_rules", PyArray1::from_vec(py, rules))?;
    d.set_item("error", PyArray1::from_vec(py, error))?;
    Ok(d)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTriageRules>()?;
    m.add_class::<PyCaseRouter>()?;
    m.add_class::<PyDecision>()?;
    m.add_class::<PyWhistle>()?;
    m.add_class::<PyMediation>()?;
    m.add_function(wrap_pyfunction!(_classify_batch, m)?)?;
    let flags: Vec<&str> = Flag::ALL.iter().map(|f| f.as_str()).collect();
    m.add("_FLAG_NAMES", flags)?;
    Ok(())
}
