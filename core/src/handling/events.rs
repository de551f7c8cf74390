//! The events of a case (`{"event", "at", ...}`): what the host records as
//! the case moves through the loop, in the order they happened.

use crate::calendar::Period;
use chrono::NaiveDateTime;
use std::fmt;

/// The kind of an event: the `event` code of the JSON contract.
///
/// The numbers are the values of the vocabulary `event` (shared with the C
/// ABI's `ws_code_str`) and are never renumbered.
///
/// # Example
/// ```
/// use wangshi::handling::EventKind;
/// assert_eq!(EventKind::MediationStarted.as_str(), "mediation_started");
/// assert_eq!(EventKind::from_name("reviewed"), Some(EventKind::Reviewed));
/// assert_eq!(EventKind::from_u8(1), Some(EventKind::Reported));
/// assert_eq!(EventKind::Reviewed.name_zh(), "回访评价");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum EventKind {
    /// `reported` 网格员上报: the grid worker reports the case.
    Reported = 1,
    /// `accepted` 签收: the case is signed for.
    Accepted = 2,
    /// `whistled` 社区吹哨: the community calls a department in.
    Whistled = 3,
    /// `department_reported` 部门报到: the department reports for duty.
    DepartmentReported = 4,
    /// `extended` 延期: the resolve step's period is extended (one more
    /// key, the step's period unit).
    Extended = 5,
    /// `resolved` 办结: the case is dealt with.
    Resolved = 6,
    /// `reviewed` 回访评价: the reporter is called back (`satisfied`).
    Reviewed = 7,
    /// `closed` 结案: the case is closed.
    Closed = 8,
    /// `cancelled` 注销: the case is withdrawn before it is resolved.
    Cancelled = 9,
    /// `mediation_started` 诉前调解登记: pre-litigation mediation is
    /// registered.
    MediationStarted = 10,
    /// `mediation_extended`: the parties agree to extend the mediation (one
    /// more key, the mediate step's period unit: `"days": n`).
    MediationExtended = 11,
    /// `agreement_reached` 调解协议生效: the mediation agreement takes effect.
    AgreementReached = 12,
    /// `mediation_failed` 调解不成: the mediation fails.
    MediationFailed = 13,
    /// `confirmation_applied` 申请司法确认: the parties apply jointly for
    /// judicial confirmation.
    ConfirmationApplied = 14,
    /// `confirmation_accepted` 法院受理: the court accepts the application.
    ConfirmationAccepted = 15,
    /// `confirmation_refused` 不予受理: the court refuses it.
    ConfirmationRefused = 16,
    /// `court_extended` 延长审查期限: the court president extends the review.
    CourtExtended = 17,
    /// `confirmed` 裁定确认有效: the agreement is confirmed.
    Confirmed = 18,
    /// `confirmation_rejected` 裁定驳回: the application is rejected.
    ConfirmationRejected = 19,
}

impl EventKind {
    /// Every kind, in number order (the order of the specification).
    pub const ALL: [EventKind; 19] = [
        EventKind::Reported,
        EventKind::Accepted,
        EventKind::Whistled,
        EventKind::DepartmentReported,
        EventKind::Extended,
        EventKind::Resolved,
        EventKind::Reviewed,
        EventKind::Closed,
        EventKind::Cancelled,
        EventKind::MediationStarted,
        EventKind::MediationExtended,
        EventKind::AgreementReached,
        EventKind::MediationFailed,
        EventKind::ConfirmationApplied,
        EventKind::ConfirmationAccepted,
        EventKind::ConfirmationRefused,
        EventKind::CourtExtended,
        EventKind::Confirmed,
        EventKind::ConfirmationRejected,
    ];

    /// The contract's code.
    pub const fn as_str(self) -> &'static str {
        match self {
            EventKind::Reported => "reported",
            EventKind::Accepted => "accepted",
            EventKind::Whistled => "whistled",
            EventKind::DepartmentReported => "department_reported",
            EventKind::Extended => "extended",
            EventKind::Resolved => "resolved",
            EventKind::Reviewed => "reviewed",
            EventKind::Closed => "closed",
            EventKind::Cancelled => "cancelled",
            EventKind::MediationStarted => "mediation_started",
            EventKind::MediationExtended => "mediation_extended",
            EventKind::AgreementReached => "agreement_reached",
            EventKind::MediationFailed => "mediation_failed",
            EventKind::ConfirmationApplied => "confirmation_applied",
            EventKind::ConfirmationAccepted => "confirmation_accepted",
            EventKind::ConfirmationRefused => "confirmation_refused",
            EventKind::CourtExtended => "court_extended",
            EventKind::Confirmed => "confirmed",
            EventKind::ConfirmationRejected => "confirmation_rejected",
        }
    }

    /// The Chinese name.
    pub const fn name_zh(self) -> &'static str {
        match self {
            EventKind::Reported => "网格员上报",
            EventKind::Accepted => "签收",
            EventKind::Whistled => "社区吹哨",
            EventKind::DepartmentReported => "部门报到",
            EventKind::Extended => "延期",
            EventKind::Resolved => "办结",
            EventKind::Reviewed => "回访评价",
            EventKind::Closed => "结案",
            EventKind::Cancelled => "注销",
            EventKind::MediationStarted => "诉前调解登记",
            EventKind::MediationExtended => "调解延期",
            EventKind::AgreementReached => "调解协议生效",
            EventKind::MediationFailed => "调解不成",
            EventKind::ConfirmationApplied => "申请司法确认",
            EventKind::ConfirmationAccepted => "法院受理",
            EventKind::ConfirmationRefused => "不予受理",
            EventKind::CourtExtended => "延长审查期限",
            EventKind::Confirmed => "确认有效",
            EventKind::ConfirmationRejected => "驳回申请",
        }
    }

    /// The kind with this code, if any.
    pub fn from_name(name: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|e| e.as_str() == name)
    }

    /// The kind with this number (1–19), if any.
    pub const fn from_u8(n: u8) -> Option<EventKind> {
        if n >= 1 && n as usize <= EventKind::ALL.len() {
            Some(EventKind::ALL[n as usize - 1])
        } else {
            None
        }
    }

    /// The codes of every kind, for an error message listing them.
    pub(crate) fn known_names() -> String {
        crate::error::listing(EventKind::ALL.map(EventKind::as_str))
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

crate::request::write::serialize_as_str!(EventKind);

/// One event of a case (typed API): its kind, when it happened, and the
/// extra value some kinds carry.
///
/// # Example
/// ```
/// use wangshi::handling::{Event, EventKind};
/// use wangshi::calendar::Period;
/// let at = "2026-11-16T09:00:00".parse().unwrap();
/// let e = Event::new(EventKind::Reported, at);
/// assert_eq!((e.kind, e.satisfied, e.extension), (EventKind::Reported, None, None));
/// let x = Event::extended(at, Period::WorkingDays(5));
/// assert_eq!(x.extension, Some(Period::WorkingDays(5)));
/// assert_eq!(Event::reviewed(at, false).satisfied, Some(false));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// When (local civil time, 1900–2199).
    pub at: NaiveDateTime,
    /// For `reviewed`: whether the reporter was satisfied (required there,
    /// absent for every other kind).
    pub satisfied: Option<bool>,
    /// For `extended` and `mediation_extended`: the amount added to the
    /// step's period, in the step's unit (required there, absent for every
    /// other kind).
    pub extension: Option<Period>,
}

impl Event {
    /// An event without an extra value.
    pub fn new(kind: EventKind, at: NaiveDateTime) -> Event {
        Event {
            kind,
            at,
            satisfied: None,
            extension: None,
        }
    }

    /// A `reviewed` event.
    pub fn reviewed(at: NaiveDateTime, satisfied: bool) -> Event {
        Event {
            satisfied: Some(satisfied),
            ..Event::new(EventKind::Reviewed, at)
        }
    }

    /// An `extended` event adding `amount` to the resolve step's period.
    pub fn extended(at: NaiveDateTime, amount: Period) -> Event {
        Event {
            extension: Some(amount),
            ..Event::new(EventKind::Extended, at)
        }
    }

    /// A `mediation_extended` event adding `amount` (`Period::Days(n)`
    /// with the default policy) to the mediate step's period.
    pub fn mediation_extended(at: NaiveDateTime, amount: Period) -> Event {
        Event {
            extension: Some(amount),
            ..Event::new(EventKind::MediationExtended, at)
        }
    }
}
