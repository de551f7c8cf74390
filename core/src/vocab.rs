//! The vocabularies of the contract: every code list a binary interface
//! carries as a number (visit states, alerts, case classes, centres, levels,
//! flags, in-force reasons, day kinds, period units, case-handling steps,
//! supervision levels, case events, error codes), with the number of each
//! code.
//!
//! The C ABI (`ws_code_str`) and the Python module read their names from
//! here, so no binding restates a code list or its order. A column value
//! `v` names `codes[v - first]`; values below `first` mean "none" (no alert)
//! or an error row (state 0).
//!
//! # Example
//! ```
//! use wangshi::vocab;
//! let states = vocab::get("visit_state").unwrap();
//! assert_eq!(states.code(4), Some("overdue"));
//! assert_eq!(states.value("done"), Some(1));
//! assert_eq!(vocab::get("flag").unwrap().code(0), Some("emergency")); // bit 0
//! assert_eq!(vocab::get("error").unwrap().code(7), Some("unknown_tier"));
//! ```

use crate::calendar::{DayKind, PeriodUnit};
use crate::catalog::{CaseClass, InForce};
use crate::error::ErrorCode;
use crate::handling::{EventKind, StepKind, Supervision};
use crate::triage::{Center, Flag, Level};
use crate::visit::{Alert, VisitState};
use std::sync::OnceLock;

/// One code list and the numbers of its codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    /// The list's name: `visit_state`, `alert`, `case_class`, `center`,
    /// `level`, `flag` (bit numbers), `in_force`, `day_kind`, `period_unit`,
    /// `step`, `supervision`, `event`, `error`.
    pub name: &'static str,
    /// The number of the first code (1 for most lists, 0 for bit numbers).
    pub first: u32,
    /// The codes, in number order.
    pub codes: Vec<&'static str>,
}

impl Vocabulary {
    /// The code with number `value`, if any.
    pub fn code(&self, value: u32) -> Option<&'static str> {
        let i = value.checked_sub(self.first)?;
        self.codes.get(i as usize).copied()
    }

    /// The number of `code`, if it is in the list.
    pub fn value(&self, code: &str) -> Option<u32> {
        let i = self.codes.iter().position(|c| *c == code)?;
        Some(self.first + i as u32)
    }
}

fn list<T: Copy>(
    name: &'static str,
    first: u32,
    all: &[T],
    f: fn(T) -> &'static str,
) -> Vocabulary {
    Vocabulary {
        name,
        first,
        codes: all.iter().map(|&x| f(x)).collect(),
    }
}

/// Every vocabulary, in a fixed order.
pub fn all() -> &'static [Vocabulary] {
    static ALL: OnceLock<Vec<Vocabulary>> = OnceLock::new();
    ALL.get_or_init(|| {
        vec![
            list("visit_state", 1, &VisitState::ALL, VisitState::as_str),
            list("alert", 1, &Alert::ALL, Alert::as_str),
            list("case_class", 1, &CaseClass::ALL, CaseClass::as_str),
            list("center", 1, &Center::ALL, Center::as_str),
            list("level", 1, &Level::ALL, Level::as_str),
            list("flag", 0, &Flag::ALL, Flag::as_str),
            list("in_force", 1, &InForce::ALL, InForce::as_str),
            list("day_kind", 1, &DayKind::ALL, DayKind::as_str),
            list("period_unit", 1, &PeriodUnit::ALL, PeriodUnit::as_str),
            list("step", 1, &StepKind::ALL, StepKind::as_str),
            list("supervision", 1, &Supervision::ALL, Supervision::as_str),
            list("event", 1, &EventKind::ALL, EventKind::as_str),
            list("error", 1, &ErrorCode::ALL, ErrorCode::as_str),
        ]
    })
}

/// The vocabulary with this name.
pub fn get(name: &str) -> Option<&'static Vocabulary> {
    all().iter().find(|v| v.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_match_the_enums() {
        for s in VisitState::ALL {
            assert_eq!(get("visit_state").unwrap().code(s as u32), Some(s.as_str()));
        }
        for a in Alert::ALL {
            assert_eq!(get("alert").unwrap().code(a as u32), Some(a.as_str()));
        }
        for c in CaseClass::ALL {
            assert_eq!(get("case_class").unwrap().code(c as u32), Some(c.as_str()));
        }
        for c in Center::ALL {
            assert_eq!(get("center").unwrap().code(c as u32), Some(c.as_str()));
        }
        for l in Level::ALL {
            assert_eq!(get("level").unwrap().code(l as u32), Some(l.as_str()));
        }
        for f in Flag::ALL {
            assert_eq!(get("flag").unwrap().code(f as u32), Some(f.as_str()));
        }
        for (i, r) in InForce::ALL.into_iter().enumerate() {
            assert_eq!(
                get("in_force").unwrap().code(i as u32 + 1),
                Some(r.as_str())
            );
        }
        for k in DayKind::ALL {
            assert_eq!(get("day_kind").unwrap().code(k as u32), Some(k.as_str()));
        }
        for u in PeriodUnit::ALL {
            assert_eq!(get("period_unit").unwrap().code(u as u32), Some(u.as_str()));
            assert_eq!(PeriodUnit::from_u8(u as u8), Some(u));
        }
        for s in StepKind::ALL {
            assert_eq!(get("step").unwrap().code(s as u32), Some(s.as_str()));
        }
        for s in Supervision::ALL {
            assert_eq!(get("supervision").unwrap().code(s as u32), Some(s.as_str()));
        }
        for e in EventKind::ALL {
            assert_eq!(get("event").unwrap().code(e as u32), Some(e.as_str()));
        }
        assert_eq!(get("supervision").unwrap().code(0), None);
        assert_eq!(get("day_kind").unwrap().code(0), None);
        for e in ErrorCode::ALL {
            assert_eq!(get("error").unwrap().code(e as u32), Some(e.as_str()));
        }
        assert_eq!(get("alert").unwrap().code(0), None);
        assert!(get("nope").is_none());
    }
}
