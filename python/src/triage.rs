//! Case triage (事件分流): `TriageRules`, `CaseRouter`, `Decision`, and the
//! single-case `classify` (the batch is in `batch.rs`).

use crate::catalog::PyCatalog;
use crate::convert;
use crate::errors;
use crate::input::{self, Num};
use pyo3::prelude::*;
use std::sync::Arc;
use wangshi::ErrorCode;
use wangshi::triage::{Case, CaseRouter, Flag, TriageRules};

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

crate::handle::rule_handle! {
    impl PyTriageRules for TriageRules {
        default: wangshi::triage::default_rules().clone();

        fn __repr__(&self) -> String {
            format!("TriageRules(version='{}')", self.inner.version())
        }
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
    pub(crate) inner: Arc<CaseRouter>,
}

/// A count argument as the JSON op reads one: a whole number from 0 to
/// 2³² − 1 (`2.0` is 2); `2.5`, a negative number, NaN or a value of another
/// type is `invalid_value` at `case.<name>`; None is the default.
fn count_arg(
    py: Python<'_>,
    obj: Option<&Bound<'_, PyAny>>,
    name: &str,
    default: u32,
) -> PyResult<u32> {
    let Some(obj) = obj else { return Ok(default) };
    let n = input::object_num(obj);
    if n == Num::Missing {
        return Ok(default);
    }
    let v = match n {
        Num::Bool(_) | Num::Other => None,
        n => input::whole(n),
    };
    v.and_then(|v| u32::try_from(v).ok()).ok_or_else(|| {
        errors::raise(
            py,
            ErrorCode::InvalidValue,
            format!("{name} must be a whole number from 0 to 4294967295, got {obj}"),
            &format!("case.{name}"),
        )
    })
}

/// The amount argument: a number (None is 0); a value of another type, or
/// an int too large for a float, is `invalid_value` (the core rejects
/// negative, NaN and infinite amounts).
fn amount_arg(py: Python<'_>, obj: Option<&Bound<'_, PyAny>>) -> PyResult<f64> {
    let Some(obj) = obj else { return Ok(0.0) };
    match input::object_num(obj) {
        Num::Missing => Ok(0.0),
        Num::Int(i) if (i as f64).is_finite() && i.unsigned_abs() < (1u128 << 100) => Ok(i as f64),
        Num::Float(f) => Ok(f),
        _ => Err(errors::raise(
            py,
            ErrorCode::InvalidValue,
            format!("amount must be a finite, non-negative number of yuan, got {obj}"),
            "case.amount",
        )),
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
    #[pyo3(name = "classify", signature = (item, reported_on, *, parties=None, repeat_count=None, amount=None, flags=Vec::new(), id=String::new()))]
    #[allow(clippy::too_many_arguments)]
    fn py_classify(
        &self,
        py: Python<'_>,
        item: &str,
        reported_on: &Bound<'_, PyAny>,
        parties: Option<&Bound<'_, PyAny>>,
        repeat_count: Option<&Bound<'_, PyAny>>,
        amount: Option<&Bound<'_, PyAny>>,
        flags: Vec<String>,
        id: String,
    ) -> PyResult<PyDecision> {
        self.classify_case(
            py,
            item,
            reported_on,
            parties,
            repeat_count,
            amount,
            flags,
            id,
        )
    }

    fn __repr__(&self) -> String {
        format!(
            "CaseRouter(rules='{}', catalog='{}')",
            self.inner.rules().version(),
            self.inner.catalog().version()
        )
    }
}

impl PyCaseRouter {
    /// One case, its fields read in the JSON op's order (date, counts,
    /// amount, flags; then the core looks the item up).
    #[allow(clippy::too_many_arguments)]
    fn classify_case(
        &self,
        py: Python<'_>,
        item: &str,
        reported_on: &Bound<'_, PyAny>,
        parties: Option<&Bound<'_, PyAny>>,
        repeat_count: Option<&Bound<'_, PyAny>>,
        amount: Option<&Bound<'_, PyAny>>,
        flags: Vec<String>,
        id: String,
    ) -> PyResult<PyDecision> {
        let day = convert::day_arg(reported_on, "case.reported_on")?;
        let day = wangshi::date::from_days(day).map_err(|e| errors::to_py_err(py, &e))?;
        let mut case = Case::new(id, item, day)
            .with_parties(count_arg(py, parties, "parties", 1)?)
            .with_repeat_count(count_arg(py, repeat_count, "repeat_count", 0)?)
            .with_amount(amount_arg(py, amount)?);
        for (i, f) in flags.iter().enumerate() {
            let Some(flag) = Flag::from_name(f) else {
                return Err(errors::raise(
                    py,
                    ErrorCode::InvalidValue,
                    format!("unknown flag {f:?}; known flags: {}", Flag::known_names()),
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
}

static DEFAULT_ROUTER: pyo3::sync::PyOnceLock<Arc<CaseRouter>> = pyo3::sync::PyOnceLock::new();

/// The router of the default rules and catalogue.
pub(crate) fn default_router(py: Python<'_>) -> PyResult<Arc<CaseRouter>> {
    Ok(DEFAULT_ROUTER
        .get_or_init(py, || Arc::new(CaseRouter::default_router().clone()))
        .clone())
}

/// `wangshi.classify(item, reported_on, *, ...)`: `case.classify` for one
/// case with the default rules and catalogue, or `router`.
#[pyfunction]
#[pyo3(signature = (item, reported_on, *, parties=None, repeat_count=None, amount=None, flags=None, id=String::new(), router=None))]
#[allow(clippy::too_many_arguments)]
fn classify(
    py: Python<'_>,
    item: &str,
    reported_on: &Bound<'_, PyAny>,
    parties: Option<&Bound<'_, PyAny>>,
    repeat_count: Option<&Bound<'_, PyAny>>,
    amount: Option<&Bound<'_, PyAny>>,
    flags: Option<&Bound<'_, PyAny>>,
    id: String,
    router: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyDecision> {
    let r = match router.filter(|r| !r.is_none()) {
        None => PyCaseRouter {
            inner: default_router(py)?,
        },
        Some(r) => match r.cast::<PyCaseRouter>() {
            Ok(r) => PyCaseRouter {
                inner: r.get().inner.clone(),
            },
            Err(_) => {
                return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                    "router must be a wangshi.CaseRouter or None, got {}",
                    r.get_type().name()?
                )));
            }
        },
    };
    let flags: Vec<String> = match flags.filter(|f| !f.is_none()) {
        None => Vec::new(),
        Some(f) => f
            .try_iter()?
            .map(|x| x.and_then(|x| x.extract::<String>()))
            .collect::<PyResult<_>>()?,
    };
    r.classify_case(
        py,
        item,
        reported_on,
        parties,
        repeat_count,
        amount,
        flags,
        id,
    )
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTriageRules>()?;
    m.add_class::<PyCaseRouter>()?;
    m.add_class::<PyDecision>()?;
    m.add_class::<PyWhistle>()?;
    m.add_class::<PyMediation>()?;
    m.add_function(wrap_pyfunction!(classify, m)?)?;
    Ok(())
}
