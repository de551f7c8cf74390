//! The steps of case handling: the obligations an event starts, each with
//! its end events and its period (the handling policy says which).

use std::fmt;

/// A step (an obligation with a deadline): the `step` code of the JSON
/// contract.
///
/// The numbers are the values of the vocabulary `step`, of the batch
/// `step` column and of the C ABI's `ws_step`; they are never renumbered.
/// Their order is the **step order** in which `open` lists a timeline's
/// open steps.
///
/// # Example
/// ```
/// use wangshi::handling::StepKind;
/// assert_eq!(StepKind::ReportIn.as_str(), "report_in");
/// assert_eq!(StepKind::from_name("court_decide"), Some(StepKind::CourtDecide));
/// assert_eq!(StepKind::from_u8(3), Some(StepKind::Resolve));
/// assert_eq!(StepKind::Resolve.name_zh(), "办结");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum StepKind {
    /// `accept` 签收: from `reported` to `accepted`.
    Accept = 1,
    /// `report_in` 部门报到: from `whistled` to `department_reported` (or
    /// `resolved`).
    ReportIn = 2,
    /// `resolve` 办结: from `accepted`, a reopening review or
    /// `mediation_failed`, to `resolved` (or `mediation_started`).
    Resolve = 3,
    /// `review` 回访: from `resolved` to `reviewed`.
    Review = 4,
    /// `mediate` 诉前调解: from `mediation_started` to `agreement_reached` or
    /// `mediation_failed`.
    Mediate = 5,
    /// `apply_confirmation` 申请司法确认: from `agreement_reached` to
    /// `confirmation_applied`.
    ApplyConfirmation = 6,
    /// `court_accept` 受理: from `confirmation_applied` to the court's
    /// acceptance decision.
    CourtAccept = 7,
    /// `court_decide` 确认: from `confirmation_accepted` to `confirmed` or
    /// `confirmation_rejected`.
    CourtDecide = 8,
}

impl StepKind {
    /// Every step, in step order (number order).
    pub const ALL: [StepKind; 8] = [
        StepKind::Accept,
        StepKind::ReportIn,
        StepKind::Resolve,
        StepKind::Review,
        StepKind::Mediate,
        StepKind::ApplyConfirmation,
        StepKind::CourtAccept,
        StepKind::CourtDecide,
    ];

    /// The contract's code.
    pub const fn as_str(self) -> &'static str {
        match self {
            StepKind::Accept => "accept",
            StepKind::ReportIn => "report_in",
            StepKind::Resolve => "resolve",
            StepKind::Review => "review",
            StepKind::Mediate => "mediate",
            StepKind::ApplyConfirmation => "apply_confirmation",
            StepKind::CourtAccept => "court_accept",
            StepKind::CourtDecide => "court_decide",
        }
    }

    /// The Chinese name.
    pub const fn name_zh(self) -> &'static str {
        match self {
            StepKind::Accept => "签收",
            StepKind::ReportIn => "部门报到",
            StepKind::Resolve => "办结",
            StepKind::Review => "回访",
            StepKind::Mediate => "诉前调解",
            StepKind::ApplyConfirmation => "申请司法确认",
            StepKind::CourtAccept => "受理",
            StepKind::CourtDecide => "确认",
        }
    }

    /// The step with this code, if any.
    pub fn from_name(name: &str) -> Option<StepKind> {
        StepKind::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The step with this number (1–8), if any.
    pub const fn from_u8(n: u8) -> Option<StepKind> {
        if n >= 1 && n as usize <= StepKind::ALL.len() {
            Some(StepKind::ALL[n as usize - 1])
        } else {
            None
        }
    }

    /// The position of the step in [`StepKind::ALL`].
    #[inline]
    pub(crate) const fn index(self) -> usize {
        self as usize - 1
    }

    /// The codes of every step, for an error message listing them.
    pub(crate) fn known_names() -> String {
        crate::error::listing(StepKind::ALL.map(StepKind::as_str))
    }
}

impl fmt::Display for StepKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

crate::request::write::serialize_as_str!(StepKind);
