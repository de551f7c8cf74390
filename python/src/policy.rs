//! The typed classes: `VisitPolicy` (with its `Tier`s) and `VisitStatus`.
//! Dates are `datetime.date` in and out; enums are their contract strings.

use crate::convert;
use crate::errors;
use pyo3::prelude::*;
use pyo3::types::PyDate;
use std::sync::Arc;
use wangshi::visit::{Cadence, Resident, VisitPolicy};

/// A validated visit policy (分色管理). Immutable and shareable across threads.
#[pyclass(module = "wangshi", name = "VisitPolicy", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PyVisitPolicy {
    pub(crate) inner: Arc<VisitPolicy>,
}

impl PyVisitPolicy {
    fn wrap(p: VisitPolicy) -> PyVisitPolicy {
        PyVisitPolicy { inner: Arc::new(p) }
    }

    /// The embedded default policy.
    pub(crate) fn default_policy() -> PyVisitPolicy {
        PyVisitPolicy::wrap(VisitPolicy::default())
    }
}

/// One colour tier of a policy.
#[pyclass(module = "wangshi", name = "Tier", frozen, eq, hash, get_all)]
#[derive(PartialEq, Eq, Hash)]
struct PyTier {
    code: String,
    name_zh: String,
    name_en: String,
    cadence: &'static str,
    every_days: Option<u32>,
    reminder_days: u32,
    escalate_after_missed: u32,
}

#[pymethods]
impl PyTier {
    fn __repr__(&self) -> String {
        let cadence = match self.every_days {
            Some(n) => format!("every_days={n}"),
            None => format!("cadence='{}'", self.cadence),
        };
        format!(
            "Tier(code='{}', {cadence}, reminder_days={}, escalate_after_missed={})",
            self.code, self.reminder_days, self.escalate_after_missed
        )
    }
}

/// A resident's visit status as of one day.
#[pyclass(module = "wangshi", name = "VisitStatus", frozen, eq, hash)]
#[derive(PartialEq, Eq, Hash)]
struct PyVisitStatus {
    state: &'static str,
    period_start: i32,
    period_end: i32,
    due: i32,
    days_left: i32,
    missed_periods: u32,
    alert: Option<&'static str>,
}

#[pymethods]
impl PyVisitStatus {
    #[getter]
    fn state(&self) -> &'static str {
        self.state
    }
    #[getter]
    fn period_start<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> {
        convert::opt_py_date(py, self.period_start)
    }
    #[getter]
    fn period_end<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> {
        convert::opt_py_date(py, self.period_end)
    }
    #[getter]
    fn due<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> {
        convert::py_date(py, self.due)
    }
    #[getter]
    fn days_left(&self) -> i32 {
        self.days_left
    }
    #[getter]
    fn missed_periods(&self) -> u32 {
        self.missed_periods
    }
    #[getter]
    fn alert(&self) -> Option<&'static str> {
        self.alert
    }

    fn __repr__(&self) -> String {
        let d = |x: i32| {
            if x == wangshi::date::NO_DATE {
                "None".to_owned()
            } else {
                format!("'{}'", wangshi::date::format_date(x))
            }
        };
        format!(
            "VisitStatus(state='{}', period_start={}, period_end={}, due={}, days_left={}, \
             missed_periods={}, alert={})",
            self.state,
            d(self.period_start),
            d(self.period_end),
            d(self.due),
            self.days_left,
            self.missed_periods,
            self.alert.map_or("None".to_owned(), |a| format!("'{a}'")),
        )
    }
}

crate::handle::rule_handle! {
    impl PyVisitPolicy for VisitPolicy {
        default: VisitPolicy::default();

        /// The tiers, least to most severe.
        #[getter]
        fn tiers(&self) -> Vec<PyTier> {
            self.inner
                .tiers()
                .iter()
                .map(|t| PyTier {
                    code: t.code.clone(),
                    name_zh: t.name_zh.clone(),
                    name_en: t.name_en.clone(),
                    cadence: t.cadence.name(),
                    every_days: match t.cadence {
                        Cadence::EveryDays(n) => Some(n),
                        _ => None,
                    },
                    reminder_days: t.reminder_days,
                    escalate_after_missed: t.escalate_after_missed,
                })
                .collect()
        }

        /// The index (severity rank) of a tier code, or None.
        fn tier_index(&self, code: &str) -> Option<u8> {
            self.inner.tier_index(code)
        }

        /// The visit status of one resident as of `as_of`.
        #[pyo3(signature = (tier, tier_since, as_of, last_visit=None))]
        fn status(
            &self,
            py: Python<'_>,
            tier: &str,
            tier_since: &Bound<'_, PyAny>,
            as_of: &Bound<'_, PyAny>,
            last_visit: Option<&Bound<'_, PyAny>>,
        ) -> PyResult<PyVisitStatus> {
            let since = convert::day_arg(tier_since, "tier_since")?;
            let as_of = convert::day_arg(as_of, "as_of")?;
            let last = convert::opt_day_arg(last_visit, "last_visit")?;
            let err = |e: wangshi::Error| errors::to_py_err(py, &e);
            // In range: checked by day_arg.
            let mut r = Resident::new("", tier, wangshi::date::from_days(since).map_err(err)?);
            if let Some(l) = last {
                r = r.with_last_visit(wangshi::date::from_days(l).map_err(err)?);
            }
            let s = self
                .inner
                .status(&r, wangshi::date::from_days(as_of).map_err(err)?)
                .map_err(err)?;
            let days =
                |d: Option<chrono::NaiveDate>| d.map_or(wangshi::date::NO_DATE, wangshi::date::to_days);
            Ok(PyVisitStatus {
                state: s.state.as_str(),
                period_start: days(s.period_start),
                period_end: days(s.period_end),
                due: wangshi::date::to_days(s.due),
                days_left: s.days_left,
                missed_periods: s.missed_periods,
                alert: s.alert.map(|a| a.as_str()),
            })
        }

        /// `tier.suggest`: the most severe tier any tag maps to, with the tags
        /// that chose it.
        fn suggest_tier(&self, py: Python<'_>, tags: Vec<String>) -> PyResult<(String, Vec<String>)> {
            let (tier, because) = self
                .inner
                .suggest_tier(&tags)
                .map_err(|e| errors::to_py_err(py, &e))?;
            Ok((
                tier.code.clone(),
                because.into_iter().map(str::to_owned).collect(),
            ))
        }

        fn __repr__(&self) -> String {
            let codes: Vec<String> = self
                .inner
                .tiers()
                .iter()
                .map(|t| format!("'{}'", t.code))
                .collect();
            format!(
                "VisitPolicy(version='{}', tiers=[{}])",
                self.inner.version(),
                codes.join(", ")
            )
        }
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyVisitPolicy>()?;
    m.add_class::<PyTier>()?;
    m.add_class::<PyVisitStatus>()?;
    Ok(())
}
